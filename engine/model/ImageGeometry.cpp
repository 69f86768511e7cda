#include "model/ImageGeometry.h"

#include <Eigen/Dense>
#include <cmath>
#include <limits>
#include <sstream>

#include "model/SliceAxis.h"

namespace slicewise {

namespace {
Eigen::Matrix3d indexToPhysicalMatrix(const ImageGeometry& g) {
  Eigen::Matrix3d d;
  for (int r = 0; r < 3; ++r)
    for (int c = 0; c < 3; ++c) d(r, c) = g.direction[size_t(r * 3 + c)] * g.spacing[size_t(c)];
  return d;
}

std::string formatNumber(double v) {
  std::ostringstream s;
  s.precision(6);
  s << v;
  return s.str();
}
}  // namespace

Vec3 ImageGeometry::indexToPhysical(const Vec3& index) const {
  const Eigen::Vector3d p = Eigen::Vector3d(origin[0], origin[1], origin[2]) +
                            indexToPhysicalMatrix(*this) *
                                Eigen::Vector3d(index[0], index[1], index[2]);
  return {p[0], p[1], p[2]};
}

Vec3 ImageGeometry::physicalToIndex(const Vec3& point) const {
  const Eigen::Vector3d rel(point[0] - origin[0], point[1] - origin[1], point[2] - origin[2]);
  const Eigen::Vector3d idx = indexToPhysicalMatrix(*this).inverse() * rel;
  return {idx[0], idx[1], idx[2]};
}

double ImageGeometry::maxCornerDistance(const ImageGeometry& other) const {
  if (size != other.size) return std::numeric_limits<double>::infinity();
  double worst = 0;
  for (int corner = 0; corner < 8; ++corner) {
    Vec3 idx{};
    for (size_t d = 0; d < 3; ++d)
      idx[d] = (corner >> d) & 1 ? double(std::max<int64_t>(size[d] - 1, 0)) : 0.0;
    const Vec3 a = indexToPhysical(idx), b = other.indexToPhysical(idx);
    worst = std::max(worst, std::hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]));
  }
  return worst;
}

bool ImageGeometry::sameGrid(const ImageGeometry& other, double toleranceMm) const {
  return maxCornerDistance(other) <= toleranceMm;
}

bool ImageGeometry::valid() const {
  for (size_t d = 0; d < 3; ++d)
    if (size[d] <= 0 || !(spacing[d] > 0) || !std::isfinite(spacing[d]) || !std::isfinite(origin[d]))
      return false;
  return std::abs(indexToPhysicalMatrix(*this).determinant()) > 1e-12;
}

std::string ImageGeometry::describe() const {
  std::ostringstream s;
  s << size[0] << "x" << size[1] << "x" << size[2] << " voxels, spacing " << formatNumber(spacing[0])
    << "x" << formatNumber(spacing[1]) << "x" << formatNumber(spacing[2]) << " mm, origin ("
    << formatNumber(origin[0]) << ", " << formatNumber(origin[1]) << ", " << formatNumber(origin[2])
    << ") mm, orientation " << axisLayout(*this).orientationCode();
  return s.str();
}

}  // namespace slicewise
