#pragma once

#include <QString>

#include "model/LabelTable.h"
#include "model/LabelVolume.h"
#include "model/Volume.h"

namespace slicewise {

// An image with its labels, as the window shows it. Labels are always on the image grid
// (all background when none were given).
struct OpenedCase {
  Volume image;
  LabelVolume labels;
  LabelTable table;
  QString title;
};

}  // namespace slicewise
