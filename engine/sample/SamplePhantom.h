#pragma once

#include "model/LabelTable.h"
#include "model/LabelVolume.h"
#include "model/Volume.h"

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
