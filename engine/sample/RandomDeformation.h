#pragma once

#include <cstdint>
#include <vector>

#include "model/ImageGeometry.h"
#include "model/LabelVolume.h"
#include "model/Volume.h"

namespace slicewise {

// How far a random deformation strays from the volume it is applied to. All zero: the identity.
struct DeformationAmplitude {
  double displacementMm = 3;      // standard deviation of each component of the smooth field
  double controlSpacingMm = 40;   // the field's cubic B-spline control grid: its smoothness
  double rotationDegrees = 4;     // each of three rotations drawn from [-r, r], about the centre
  double scale = 0.05;            // one isotropic scale drawn from [1 - s, 1 + s]
  double gain = 0.1;              // intensities: a gain drawn from [1 - g, 1 + g] ...
  double gamma = 0.15;            // ... after a gamma exp(U[-g, g]) over the volume's range
};

// A seeded random deformation of one grid, for making a cohort of one kind from a single labelled
// volume: another patient's anatomy (a smooth displacement field, a small rotation and scale
// about the centre) seen by another scanner (intensity gain and gamma). The same seed gives the
// same deformation on every platform; image and labels share the geometric part, labels
// resampled by nearest neighbour so that they stay a subset of the input's labels.
class RandomDeformation {
 public:
  RandomDeformation(const ImageGeometry& geometry, const DeformationAmplitude& amplitude, uint64_t seed);

  // Trilinear resampling (border voxels repeat beyond the edge), then the intensity change;
  // integer pixel types are rounded and clamped to their range. Throws std::invalid_argument when
  // the volume's size is not the geometry's.
  Volume apply(const Volume& image) const;
  LabelVolume apply(const LabelVolume& labels) const;

 private:
  // Continuous voxel index in the input that output voxel (i, j, k) takes its value from.
  std::array<double, 3> source(int64_t i, int64_t j, int64_t k) const;
  std::array<double, 3> displacement(const std::array<double, 3>& mm) const;

  ImageGeometry geometry_;
  DeformationAmplitude amplitude_;
  std::array<double, 9> matrix_{1, 0, 0, 0, 1, 0, 0, 0, 1};  // rotation x scale, voxel frame in mm
  std::array<int64_t, 3> nodes_{0, 0, 0};                     // control points per axis
  std::vector<double> field_;                                 // nodes x 3, mm
  double gain_ = 1, gamma_ = 1;
};

}  // namespace slicewise
