#pragma once

#include <string>
#include <vector>

#include "model/LabelVolume.h"
#include "model/Volume.h"

namespace slicewise {

class OutputSet;

// NIfTI (.nii, .nii.gz), NRRD (.nrrd, .nhdr), MetaImage (.mha, .mhd) and GIPL through ITK.
// Everything throws IoError with a one-line message.

// Images keep uint8/int16/uint16/float; int8 widens to int16, other types convert to float.
Volume readImage(const std::string& path);
// The grid alone, from the header: for checking a label map against an image without reading it.
ImageGeometry readImageGeometry(const std::string& path);
// Label maps: integer types kept when they fit uint16; float maps are rounded and a warning
// appended; negative or too large values are refused.
LabelVolume readLabelMap(const std::string& path, std::vector<std::string>* warnings = nullptr);

// Reading checks the header against the file first: a file shorter than its header says (an
// interrupted copy) or a header claiming more than the file can hold or the machine can
// allocate is refused with one line naming the sizes, before anything is allocated. FIFOs and
// devices are refused without being opened. NIfTI spacings must be positive numbers.

// Writes go through `outputs` (files/OutputSet.h): ITK writes the file under its own name into a
// staging folder beside the target, every voxel byte is checked to be on disk (ITK's NIfTI
// writer only prints a full disk to stderr), and the file appears when the set commits,
// together with the set's other files (an .nhdr's data file, a sidecar).
void writeImage(const Volume& volume, const std::string& path, OutputSet& outputs);
void writeLabelMap(const LabelVolume& labels, const std::string& path, OutputSet& outputs);
// One file on its own: written and committed at once.
void writeImage(const Volume& volume, const std::string& path);
void writeLabelMap(const LabelVolume& labels, const std::string& path);

bool hasImageExtension(const std::string& path);

}  // namespace slicewise
