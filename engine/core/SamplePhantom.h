#pragma once

#include "core/LabelTable.h"
#include "core/LabelVolume.h"
#include "core/Volume.h"

namespace slicewise {

struct SampleCase {
  Volume image;        // int16 Hounsfield units
  LabelVolume labels;  // 1 liver, 2 spleen, 3 right kidney, 4 left kidney, 5 aorta, 6 vertebra
  LabelTable table;
};

// The built-in sample: a synthetic abdominal CT with organ-like shapes that change from slice to
// slice, anisotropic like clinical CT (0.9 x 0.9 x 2.5 mm), deterministic noise. It needs no
// download, so the app and the tests always have a labelled volume to open.
class SamplePhantom {
 public:
  static SampleCase generate();
};

}  // namespace slicewise
