#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>

namespace slicewise {

using Vec3 = std::array<double, 3>;
using Index3 = std::array<int64_t, 3>;

// Voxel grid in patient LPS millimetres, as ITK and DICOM define it:
// physical = origin + direction * diag(spacing) * index.
// direction is row-major; its column c is the unit vector of voxel axis c.
struct ImageGeometry {
  Index3 size{0, 0, 0};
  Vec3 spacing{1.0, 1.0, 1.0};
  Vec3 origin{0.0, 0.0, 0.0};
  std::array<double, 9> direction{1, 0, 0, 0, 1, 0, 0, 0, 1};

  size_t voxelCount() const { return size_t(size[0]) * size_t(size[1]) * size_t(size[2]); }
  size_t linearIndex(int64_t i, int64_t j, int64_t k) const {
    return size_t(i) + size_t(size[0]) * (size_t(j) + size_t(size[1]) * size_t(k));
  }
  bool contains(int64_t i, int64_t j, int64_t k) const {
    return i >= 0 && j >= 0 && k >= 0 && i < size[0] && j < size[1] && k < size[2];
  }
  Vec3 directionColumn(int c) const { return {direction[c], direction[3 + c], direction[6 + c]}; }

  Vec3 indexToPhysical(const Vec3& index) const;
  Vec3 physicalToIndex(const Vec3& point) const;  // continuous index

  // Same size, and every corner voxel centre within toleranceMm of the other grid's.
  // Corners capture origin, spacing and direction errors in millimetres at once.
  bool sameGrid(const ImageGeometry& other, double toleranceMm = 1e-4) const;
  // Largest corner displacement in mm (infinity when sizes differ).
  double maxCornerDistance(const ImageGeometry& other) const;

  // One line: "78x110x64 voxels, spacing 1x1x1 mm, origin (0, 0, 0) mm, orientation LPS".
  std::string describe() const;
  bool valid() const;
};

}  // namespace slicewise
