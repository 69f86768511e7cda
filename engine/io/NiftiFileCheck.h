#pragma once

#include <cstdint>
#include <string>

namespace slicewise {

// True for .nii and .nii.gz names (any letter case).
bool isNiftiFileName(const std::string& path);

// ITK's NIfTI reader accepts a header of the wrong size and fills whatever a truncated file
// lacks (an interrupted copy or download) with zeros, so both are refused here first: the header
// must be NIfTI-1 or -2, and the file must hold vox_offset + imageBytes bytes. Throws IoError.
void checkNiftiFile(const std::string& path, uint64_t imageBytes);

}  // namespace slicewise
