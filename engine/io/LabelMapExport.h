#pragma once

#include <string>

#include "model/LabelTable.h"
#include "model/LabelVolume.h"

namespace slicewise {

class OutputSet;

// Writes a label map and its JSON sidecar (names and colours of every label present; ids the
// table lacks get defaults), as a study or the app exports them: both staged in `outputs`, which
// the caller commits. Returns the sidecar's path. Throws IoError.
std::string exportLabelMap(const LabelVolume& labels, LabelTable table, const std::string& path, OutputSet& outputs);
// The same, written together or not at all.
std::string exportLabelMap(const LabelVolume& labels, LabelTable table, const std::string& path);

}  // namespace slicewise
