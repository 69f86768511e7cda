#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "model/ImageGeometry.h"

namespace slicewise {

// A slicing axis named by the patient axis it runs along (DESIGN §2): axial slices are stacked
// along S-I, coronal along A-P, sagittal along L-R.
enum class SliceAxis : uint8_t { Axial = 0, Coronal = 1, Sagittal = 2 };

inline constexpr std::array<SliceAxis, 3> kAllAxes{SliceAxis::Axial, SliceAxis::Coronal,
                                                  SliceAxis::Sagittal};

std::string_view axisName(SliceAxis axis);
std::optional<SliceAxis> parseAxis(std::string_view name);

// How the voxel axes of one image relate to the patient axes.
struct AxisLayout {
  // voxelDim[axis] = the voxel dimension (0..2) whose direction is closest to that patient axis.
  std::array<int, 3> voxelDim{2, 1, 0};
  // toward[d] = letter of the patient direction voxel dimension d increases towards (L/R, P/A, S/I).
  std::array<char, 3> toward{'L', 'P', 'S'};

  int dimOf(SliceAxis axis) const { return voxelDim[size_t(axis)]; }
  SliceAxis axisOfDim(int dim) const;
  std::string orientationCode() const { return std::string(toward.begin(), toward.end()); }
};

// Assigns patient axes to voxel axes by largest direction cosine, resolving oblique ties so that
// the result is always a permutation.
AxisLayout axisLayout(const ImageGeometry& geometry);

// A slice plane: the voxel dimension it is stacked along and its two in-plane dimensions (in
// ascending voxel order, u the faster one in the slice buffers the engine hands out).
struct SlicePlane {
  int normalDim = 2;
  int uDim = 0;
  int vDim = 1;
  int64_t width = 0;   // size along uDim
  int64_t height = 0;  // size along vDim
  int64_t count = 0;   // number of slices along normalDim
  double spacingU = 1, spacingV = 1, spacingNormal = 1;

  size_t pixelCount() const { return size_t(width) * size_t(height); }
  // Voxel index of pixel (u, v) of slice `slice`.
  Index3 voxel(int64_t slice, int64_t u, int64_t v) const {
    Index3 idx{};
    idx[size_t(normalDim)] = slice;
    idx[size_t(uDim)] = u;
    idx[size_t(vDim)] = v;
    return idx;
  }
};

SlicePlane slicePlaneForDim(const ImageGeometry& geometry, int normalDim);
SlicePlane slicePlane(const ImageGeometry& geometry, SliceAxis axis);

}  // namespace slicewise
