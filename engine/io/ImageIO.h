#pragma once

#include <string>
#include <vector>

#include "model/LabelVolume.h"
#include "model/Volume.h"

namespace slicewise {

// NIfTI (.nii, .nii.gz), NRRD (.nrrd, .nhdr), MetaImage (.mha, .mhd) and GIPL through ITK.
// Everything throws IoError with a one-line message.

// Images keep uint8/int16/uint16/float; int8 widens to int16, other types convert to float.
Volume readImage(const std::string& path);
// The grid alone, from the header: for checking a label map against an image without reading it.
ImageGeometry readImageGeometry(const std::string& path);
// Label maps: integer types kept when they fit uint16; float maps are rounded and a warning
// appended; negative or too large values are refused.
LabelVolume readLabelMap(const std::string& path, std::vector<std::string>* warnings = nullptr);

// Writes go to a temporary file beside the target and are renamed into place, so an
// interrupted write never leaves a half-written file under the final name.
void writeImage(const Volume& volume, const std::string& path);
void writeLabelMap(const LabelVolume& labels, const std::string& path);

bool hasImageExtension(const std::string& path);

}  // namespace slicewise
