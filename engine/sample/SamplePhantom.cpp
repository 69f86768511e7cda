#include "sample/SamplePhantom.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <random>

namespace slicewise {

namespace {

struct Ellipsoid {
  double cx, cy, cz, rx, ry, rz;  // mm, patient LPS
  bool inside(double x, double y, double z) const {
    const double a = (x - cx) / rx, b = (y - cy) / ry, c = (z - cz) / rz;
    return a * a + b * b + c * c <= 1.0;
  }
};

}  // namespace

SampleCase SamplePhantom::generate() {
  ImageGeometry g;
  g.size = {192, 160, 64};
  g.spacing = {1.8, 1.8, 2.5};
  // Centred on the patient origin; identity direction = LPS (x to the left, y to posterior).
  g.origin = {-0.5 * 191 * 1.8, -0.5 * 159 * 1.8, -0.5 * 63 * 2.5};

  std::vector<int16_t> hu(g.voxelCount());
  std::vector<Label> labels(g.voxelCount(), 0);
  std::mt19937 rng(20231004u);
  std::normal_distribution<double> noise(0.0, 12.0);

  for (int64_t k = 0; k < g.size[2]; ++k) {
    const double z = g.origin[2] + double(k) * g.spacing[2];
    const double t = (z + 80.0) / 160.0;  // 0 at the caudal end, 1 at the cranial end
    // The liver tapers caudally and its left lobe reaches across the midline cranially.
    const Ellipsoid liverRight{-60, -10, 25, 70, 60, 70};
    const Ellipsoid liverLeft{10, -35, 45, 45, 28, 35};
    const Ellipsoid spleen{95, 45, 30, 28, 42, 45};
    const Ellipsoid kidneyR{-55, 55, -35, 27, 30, 52};
    const Ellipsoid kidneyL{58, 58, -25, 26, 30, 50};
    const Ellipsoid stomach{45, -30, 40, 32, 24, 38};
    const double bodyRx = 150 - 12 * t, bodyRy = 115 - 8 * t;
    for (int64_t j = 0; j < g.size[1]; ++j) {
      const double y = g.origin[1] + double(j) * g.spacing[1];
      for (int64_t i = 0; i < g.size[0]; ++i) {
        const double x = g.origin[0] + double(i) * g.spacing[0];
        const size_t idx = g.linearIndex(i, j, k);
        double v = -1000;  // air
        Label l = 0;
        const double body = (x * x) / (bodyRx * bodyRx) + (y * y) / (bodyRy * bodyRy);
        if (body <= 1.0) {
          v = body > 0.85 ? -90 : 35;  // subcutaneous fat ring around soft tissue
          // Vertebral body with a ring of cortical bone, posterior midline.
          const double vx = x, vy = y - 70, vr = std::hypot(vx, vy * 1.15);
          if (vr < 20) {
            v = vr > 16 ? 900 : 350;
            l = 6;
          } else if (std::hypot(x + 2, y - 40) < 11) {
            v = 210;  // contrast-filled aorta just anterior of the spine
            l = 5;
          } else if (liverRight.inside(x, y, z) || liverLeft.inside(x, y, z)) {
            v = 62;
            l = 1;
          } else if (spleen.inside(x, y, z)) {
            v = 48;
            l = 2;
          } else if (kidneyR.inside(x, y, z)) {
            v = std::hypot(x + 55, y - 55) < 10 ? -5 : 150;  // cortex around a darker pelvis
            l = 3;
          } else if (kidneyL.inside(x, y, z)) {
            v = std::hypot(x - 58, y - 58) < 10 ? -5 : 150;
            l = 4;
          } else if (stomach.inside(x, y, z)) {
            // Supine patient: gas rises anteriorly (negative y) above an air-fluid level.
            v = y < stomach.cy - 6 ? -850 : 18;
          }
        }
        hu[idx] = int16_t(std::lround(std::clamp(v + noise(rng), -1024.0, 3071.0)));
        labels[idx] = l;
      }
    }
  }

  SampleCase sample{Volume(g, std::move(hu)), LabelVolume(g, std::move(labels)), {}};
  sample.table.set({1, "liver", {221, 130, 101}, true, false});
  sample.table.set({2, "spleen", {157, 108, 162}, true, false});
  sample.table.set({3, "kidney right", {185, 102, 83}, true, false});
  sample.table.set({4, "kidney left", {212, 160, 70}, true, false});
  sample.table.set({5, "aorta", {216, 101, 79}, true, false});
  sample.table.set({6, "vertebra", {241, 214, 145}, true, false});
  return sample;
}

}  // namespace slicewise
