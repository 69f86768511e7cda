#pragma once

#include <string>

#include "model/LabelTable.h"
#include "model/LabelVolume.h"

namespace slicewise {

// Writes a label map and its JSON sidecar (names and colours of every label present; ids the
// table lacks get defaults), as a study or the app exports them. Returns the sidecar's path.
// Throws IoError.
std::string exportLabelMap(const LabelVolume& labels, LabelTable table, const std::string& path);

}  // namespace slicewise
