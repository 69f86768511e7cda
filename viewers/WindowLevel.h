#pragma once

#include <cstdint>

#include "model/Volume.h"

namespace slicewise {

// Grey-value mapping of a slice view: values in [center - width/2, center + width/2] spread
// linearly over 0..255, clamped outside.
struct WindowLevel {
  double center = 128;
  double width = 256;

  uint8_t grey(double value) const;

  // CT (signed data reaching air at about -1000 HU): the soft-tissue window W 400 / L 40 that
  // abdominal reading starts from. Anything else (MRI, unsigned data): from the 0.5th
  // percentile of the voxels to 20 % above the 99.5th, so a few bright outliers do not wash the
  // image out and the brightest tissue is not clipped to white.
  static WindowLevel suggest(const Volume& volume);
  static bool looksLikeCt(const Volume& volume);
};

}  // namespace slicewise
