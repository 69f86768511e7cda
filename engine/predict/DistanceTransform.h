#pragma once

#include <array>
#include <cstdint>
#include <vector>

namespace slicewise {

// Exact Euclidean distance transforms in millimetres (Felzenszwalb & Huttenlocher 2012: lower
// envelope of parabolas, linear time per line), with a spacing per dimension so that anisotropic
// grids measure true distances. Buffers are row-major with dimension 0 fastest.
class DistanceTransform {
 public:
  // Squared distance (mm^2) from every pixel to the nearest pixel whose feature byte is non-zero;
  // +infinity everywhere when there is no feature pixel.
  static std::vector<float> squared2D(const uint8_t* feature, int64_t width, int64_t height,
                                      double spacingU, double spacingV);
  static std::vector<float> squared3D(const uint8_t* feature, const std::array<int64_t, 3>& size,
                                      const std::array<double, 3>& spacing);

  // Signed distance (mm, positive inside) of a 2D mask to its boundary, clipped to
  // [-clipMm, +clipMm]. The boundary lies half a pixel (half the smaller spacing) beyond the
  // outermost pixel centres: an inside pixel gets its distance to the nearest outside pixel minus
  // that half pixel, an outside pixel minus (its distance to the nearest inside pixel minus the
  // half pixel). A mask and its complement get opposite maps. A mask without any inside
  // (outside) pixel is -clip (+clip). Returns the mask's depth: the largest signed distance
  // before clipping (-clip for an empty mask, the clip for a mask without outside pixels).
  static float clippedSigned2D(const uint8_t* inside, int64_t width, int64_t height,
                              double spacingU, double spacingV, float clipMm, float* out);
  // The same with inside distances clipped at insideClipMm and outside ones at clipMm.
  static float clippedSigned2D(const uint8_t* inside, int64_t width, int64_t height,
                              double spacingU, double spacingV, float clipMm, float insideClipMm,
                              float* out);

  // Smooths a distance map in place with a Gaussian of half a pixel along each axis (taps 1/8,
  // 3/4, 1/8; the border repeats). The distance map of a pixel mask steps by whole pixels along
  // a slanted outline; blends of such maps outline staircases, which the smoothing rounds off.
  static void smoothHalfPixel(float* values, int64_t width, int64_t height);

  // One line: out[i] = min_j (spacing*(i-j))^2 + f[j]; f may hold +infinity. `scratch` is
  // resized as needed, so callers reuse it across lines.
  static void squaredLine(const double* f, int64_t n, double spacing, double* out,
                          std::vector<double>& scratch);
};

}  // namespace slicewise
