#include "io/DicomSliceArrangement.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <sstream>
#include <tuple>

#include "io/IoError.h"

namespace slicewise {

namespace {

Vec3 cross(const Vec3& a, const Vec3& b) {
  return {a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]};
}
double dot(const Vec3& a, const Vec3& b) { return a[0] * b[0] + a[1] * b[1] + a[2] * b[2]; }
double norm(const Vec3& a) { return std::sqrt(dot(a, a)); }
Vec3 normalized(const Vec3& a) {
  const double n = norm(a);
  return n > 0 ? Vec3{a[0] / n, a[1] / n, a[2] / n} : Vec3{0, 0, 0};
}

std::string mm(double v) {
  std::ostringstream s;
  s.precision(4);
  s << v;
  return s.str();
}

// Images belong together when they agree on everything that shapes the grid. Rounding keeps
// scanner float noise in the last digits from splitting a series.
using GridKey = std::tuple<int, int, long, long, long, long, long, long, long, long>;
GridKey gridKey(const DicomSliceHeader& s) {
  auto r = [](double v, double scale) { return long(std::lround(v * scale)); };
  const auto& o = s.orientation;
  return {s.rows,          s.columns,     r(o[0], 1e3), r(o[1], 1e3), r(o[2], 1e3),
          r(o[3], 1e3),    r(o[4], 1e3),  r(o[5], 1e3), r(s.rowSpacing, 1e3), r(s.columnSpacing, 1e3)};
}

}  // namespace

DicomSliceArrangement arrangeDicomSlices(const std::vector<DicomSliceHeader>& slices) {
  if (slices.empty()) throw IoError("the series has no images");
  DicomSliceArrangement out;

  std::map<GridKey, std::vector<size_t>> groups;
  for (size_t i = 0; i < slices.size(); ++i) groups[gridKey(slices[i])].push_back(i);
  auto best = std::max_element(groups.begin(), groups.end(), [](const auto& a, const auto& b) {
    return a.second.size() < b.second.size();
  });
  std::vector<size_t> kept = best->second;
  if (groups.size() > 1) {
    const DicomSliceHeader& ref = slices[kept.front()];
    std::ostringstream w;
    w << "mixed image sizes or orientations in one series: kept " << kept.size() << " images of "
      << ref.columns << "x" << ref.rows << ", left out";
    bool first = true;
    for (const auto& [key, members] : groups) {
      if (&members == &best->second) continue;
      const DicomSliceHeader& s = slices[members.front()];
      w << (first ? " " : ", ") << members.size() << " of " << s.columns << "x" << s.rows;
      if (s.rows == ref.rows && s.columns == ref.columns) w << " (other orientation or pixel spacing)";
      first = false;
    }
    out.warnings.push_back(w.str());
  }

  const DicomSliceHeader& ref = slices[kept.front()];
  const Vec3 row = normalized({ref.orientation[0], ref.orientation[1], ref.orientation[2]});
  const Vec3 col = normalized({ref.orientation[3], ref.orientation[4], ref.orientation[5]});
  Vec3 normal = normalized(cross(row, col));
  if (norm(row) == 0 || norm(col) == 0 || norm(normal) == 0)
    throw IoError("the series has no valid ImageOrientationPatient");

  std::vector<std::pair<double, size_t>> along;
  along.reserve(kept.size());
  for (size_t i : kept) along.emplace_back(dot(slices[i].position, normal), i);
  std::stable_sort(along.begin(), along.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });

  // Same position twice (repeated acquisitions, several time points): keep the first one.
  std::vector<std::pair<double, size_t>> unique;
  size_t duplicates = 0;
  for (const auto& a : along) {
    if (!unique.empty() && std::abs(a.first - unique.back().first) < 1e-3) {
      ++duplicates;
      continue;
    }
    unique.push_back(a);
  }
  if (duplicates > 0)
    out.warnings.push_back(std::to_string(duplicates) +
                           " images share a slice position with another image (repeated "
                           "acquisitions or time points): kept the first at each position");

  const size_t n = unique.size();
  double spacing = ref.sliceThickness > 0 ? ref.sliceThickness : 1.0;
  if (n > 1) {
    std::vector<double> steps;
    for (size_t k = 1; k < n; ++k) steps.push_back(unique[k].first - unique[k - 1].first);
    std::vector<double> sorted = steps;
    std::nth_element(sorted.begin(), sorted.begin() + sorted.size() / 2, sorted.end());
    spacing = sorted[sorted.size() / 2];

    // A tilted gantry shifts each slice within its plane: the positions no longer follow the normal.
    const Vec3& p0 = slices[unique.front().second].position;
    const Vec3& pn = slices[unique.back().second].position;
    const Vec3 d{pn[0] - p0[0], pn[1] - p0[1], pn[2] - p0[2]};
    const double normalPart = dot(d, normal);
    const Vec3 inPlane{d[0] - normalPart * normal[0], d[1] - normalPart * normal[1],
                       d[2] - normalPart * normal[2]};
    const double tiltDeg = std::atan2(norm(inPlane), std::abs(normalPart)) * 180.0 / M_PI;
    if (tiltDeg >= 45.0)
      throw IoError("slice positions sheared by " + mm(tiltDeg) +
                    " degrees against the slice normal: not a gantry tilt Slicewise can resample");
    if (tiltDeg > 0.05) {
      out.tiltDegrees = tiltDeg;
      for (const auto& u : unique) {
        const Vec3& p = slices[u.second].position;
        const Vec3 dp{p[0] - p0[0], p[1] - p0[1], p[2] - p0[2]};
        out.inPlaneShift.push_back({dot(dp, row) / ref.columnSpacing, dot(dp, col) / ref.rowSpacing});
      }
      out.warnings.push_back("gantry tilt of " + mm(tiltDeg) +
                             " degrees: each slice was shifted within its plane (linear interpolation) "
                             "onto an orthogonal grid; voxels shifted in from outside take the slice minimum");
    }

    std::ostringstream gaps;
    int gapCount = 0;
    double lo = steps[0], hi = steps[0];
    for (size_t k = 0; k < steps.size(); ++k) {
      lo = std::min(lo, steps[k]);
      hi = std::max(hi, steps[k]);
      if (steps[k] > 1.5 * spacing) {
        if (gapCount < 10)
          gaps << (gapCount ? "; " : "") << mm(steps[k]) << " mm between slices " << k << " and "
               << k + 1 << " (at " << mm(unique[k].first) << " and " << mm(unique[k + 1].first)
               << " mm)";
        ++gapCount;
      }
    }
    if (gapCount > 0) {
      out.warnings.push_back("missing slices: " + std::to_string(gapCount) + " gap(s) wider than the " +
                             mm(spacing) + " mm spacing: " + gaps.str() +
                             (gapCount > 10 ? "; ..." : "") +
                             "; the volume uses the regular spacing, so positions past a gap are off");
    } else if (hi - lo > 0.01 * spacing + 1e-3) {
      out.warnings.push_back("uneven slice spacing: neighbouring slices are " + mm(lo) + " to " +
                             mm(hi) + " mm apart; the volume uses the median " + mm(spacing) + " mm");
    }
  }

  for (const auto& u : unique) out.order.push_back(u.second);
  const Vec3& first = slices[unique.front().second].position;
  for (const auto& u : unique) {
    const Vec3& p = slices[u.second].position;
    if (out.inPlaneShift.empty()) {
      out.slicePositions.push_back(p);
    } else {
      const double d = u.first - unique.front().first;
      out.slicePositions.push_back({first[0] + d * normal[0], first[1] + d * normal[1], first[2] + d * normal[2]});
    }
  }
  ImageGeometry& g = out.geometry;
  g.size = {ref.columns, ref.rows, int64_t(n)};
  g.spacing = {ref.columnSpacing, ref.rowSpacing, spacing};
  g.origin = slices[unique.front().second].position;
  for (int r = 0; r < 3; ++r) {
    g.direction[3 * r + 0] = row[r];
    g.direction[3 * r + 1] = col[r];
    g.direction[3 * r + 2] = normal[r];
  }
  return out;
}

}  // namespace slicewise
