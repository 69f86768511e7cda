#pragma once

#include <QImage>
#include <cstdint>

#include "model/LabelTable.h"
#include "model/LabelVolume.h"
#include "model/Volume.h"
#include "viewers/SliceOrientation.h"
#include "viewers/WindowLevel.h"

namespace slicewise {

// What one slice view shows: the image windowed to grey, labels blended over it in their
// table colours. Pointers are borrowed; labels and table may be null.
struct SliceLayers {
  const Volume* image = nullptr;
  const LabelVolume* labels = nullptr;
  const LabelTable* table = nullptr;
  WindowLevel window;
  double labelOpacity = 0.5;  // 0 hides labels, 1 paints them opaque
};

// Builds the screen image of one slice at one pixel per voxel, already in screen orientation
// (the view only scales it by the pixel spacing). Per pixel:
//   grey = window.grey(value); out = grey * (1 - a) + colour * a where a label is visible.
class SliceComposer {
 public:
  static QImage compose(const SliceLayers& layers, const SliceOrientation& orientation,
                        int64_t slice);
};

}  // namespace slicewise
