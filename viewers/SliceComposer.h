#pragma once

#include <QImage>
#include <cstdint>

#include "model/LabelTable.h"
#include "model/LabelVolume.h"
#include "model/SliceMarks.h"
#include "model/Volume.h"
#include "viewers/SliceOrientation.h"
#include "viewers/WindowLevel.h"

namespace slicewise {

// What one slice view shows: the image windowed to grey, labels blended over it in their
// table colours, and a predictor's proposal where nobody labelled yet. Pointers are borrowed;
// all but the image may be null.
struct SliceLayers {
  const Volume* image = nullptr;
  const LabelVolume* labels = nullptr;
  const LabelTable* table = nullptr;
  const LabelVolume* proposal = nullptr;  // a predictor's layer, never the labels themselves
  const SliceMarks* marks = nullptr;      // what the overlay says about the shown slice
  WindowLevel window;
  double labelOpacity = 0.5;  // 0 hides labels, 1 paints them opaque
  bool showProposal = true;
};

// Builds the screen image of one slice at one pixel per voxel, already in screen orientation
// (the view only scales it by the pixel spacing). Per pixel:
//   grey = window.grey(value); out = grey * (1 - a) + colour * a where a label is visible.
// A proposal shows only where the labels are background, differently from labels a person
// drew or accepted: its outline in the label colour and a faint fill (a / 3).
class SliceComposer {
 public:
  static QImage compose(const SliceLayers& layers, const SliceOrientation& orientation,
                        int64_t slice);
};

}  // namespace slicewise
