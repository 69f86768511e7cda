#include "model/ImageGeometry.h"

#include <array>
#include <cmath>
#include <limits>
#include <sstream>

#include "model/SliceAxis.h"

namespace slicewise {

namespace {
// Plain 3x3 arithmetic rather than a linear algebra library: the data model must build wherever
// the trainer does, with nothing but a compiler (packaging/gpu-check.sh).
using Matrix3 = std::array<double, 9>;  // row-major

Matrix3 indexToPhysicalMatrix(const ImageGeometry& g) {
  Matrix3 d{};
  for (size_t r = 0; r < 3; ++r)
    for (size_t c = 0; c < 3; ++c) d[r * 3 + c] = g.direction[r * 3 + c] * g.spacing[c];
  return d;
}

double determinant(const Matrix3& m) {
  return m[0] * (m[4] * m[8] - m[5] * m[7]) - m[1] * (m[3] * m[8] - m[5] * m[6]) +
         m[2] * (m[3] * m[7] - m[4] * m[6]);
}

// Inverse by cofactors (adjugate over determinant).
Matrix3 inverse(const Matrix3& m) {
  const double invDet = 1.0 / determinant(m);
  return {(m[4] * m[8] - m[5] * m[7]) * invDet, (m[2] * m[7] - m[1] * m[8]) * invDet,
          (m[1] * m[5] - m[2] * m[4]) * invDet, (m[5] * m[6] - m[3] * m[8]) * invDet,
          (m[0] * m[8] - m[2] * m[6]) * invDet, (m[2] * m[3] - m[0] * m[5]) * invDet,
          (m[3] * m[7] - m[4] * m[6]) * invDet, (m[1] * m[6] - m[0] * m[7]) * invDet,
          (m[0] * m[4] - m[1] * m[3]) * invDet};
}

Vec3 multiply(const Matrix3& m, const Vec3& v) {
  return {m[0] * v[0] + m[1] * v[1] + m[2] * v[2], m[3] * v[0] + m[4] * v[1] + m[5] * v[2],
          m[6] * v[0] + m[7] * v[1] + m[8] * v[2]};
}

std::string formatNumber(double v) {
  std::ostringstream s;
  s.precision(6);
  s << v;
  return s.str();
}
}  // namespace

Vec3 ImageGeometry::indexToPhysical(const Vec3& index) const {
  const Vec3 p = multiply(indexToPhysicalMatrix(*this), index);
  return {origin[0] + p[0], origin[1] + p[1], origin[2] + p[2]};
}

Vec3 ImageGeometry::physicalToIndex(const Vec3& point) const {
  return multiply(inverse(indexToPhysicalMatrix(*this)),
                  {point[0] - origin[0], point[1] - origin[1], point[2] - origin[2]});
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
  return std::abs(determinant(indexToPhysicalMatrix(*this))) > 1e-12;
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
