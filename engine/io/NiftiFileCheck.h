#pragma once

#include <array>
#include <cstdint>
#include <string>

namespace slicewise {

// True for .nii and .nii.gz names (any letter case).
bool isNiftiFileName(const std::string& path);

// The fields of a NIfTI-1 or -2 header that decide where the voxels are and what the grid is.
struct NiftiHeader {
  int version = 1;                // 1 (348-byte header) or 2 (540)
  bool compressed = false;        // .nii.gz
  uint64_t dataOffset = 0;        // vox_offset, at least the header and its extension flag
  std::array<int64_t, 8> dim{};   // dim[0] = number of dimensions
  std::array<double, 8> pixdim{}; // pixdim[1..3] = voxel spacing
  int qformCode = 0, sformCode = 0;
};

// Throws IoError when `path` is not a NIfTI-1/-2 file (the header size is neither 348 nor 540,
// in either byte order) or is too short for its header.
NiftiHeader readNiftiHeader(const std::string& path);

// ITK's NIfTI reader accepts a header of the wrong size and fills whatever a truncated file
// lacks (an interrupted copy or download) with zeros, so both are refused here first: the header
// must be NIfTI-1 or -2, and the file must hold vox_offset + imageBytes bytes. Throws IoError.
void checkNiftiFile(const std::string& path, uint64_t imageBytes);

// The voxel spacing of every axis in use must be a positive number: NIfTI's library turns 0 and
// NaN into 1 mm and (without a qform or sform) a negative pixdim into a flipped axis, silently.
// Throws IoError naming the axis and the value.
void checkNiftiSpacing(const std::string& path, const NiftiHeader& header);

}  // namespace slicewise
