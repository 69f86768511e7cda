#include "BenchSample.h"

#include <algorithm>
#include <tuple>
#include <vector>

#include "io/ImageIO.h"
#include "io/LabelMapLoader.h"
#include "sample/SamplePhantom.h"

namespace slicewise::cli {

namespace {

// Nearest-neighbour resampling onto a grid of `size` voxels covering the same field of view.
template <class T>
std::vector<T> resampled(const std::vector<T>& in, const ImageGeometry& from, const Index3& size) {
  std::vector<T> out(size_t(size[0] * size[1] * size[2]));
  size_t o = 0;
  for (int64_t k = 0; k < size[2]; ++k)
    for (int64_t j = 0; j < size[1]; ++j)
      for (int64_t i = 0; i < size[0]; ++i) {
        const auto at = [&](int64_t x, int d) { return std::min(from.size[d] - 1, (2 * x + 1) * from.size[d] / (2 * size[d])); };
        out[o++] = in[from.linearIndex(at(i, 0), at(j, 1), at(k, 2))];
      }
  return out;
}

}  // namespace

std::pair<Volume, LabelVolume> benchSampleCase() {
  const SampleCase c = SamplePhantom::generate();
  const ImageGeometry& from = c.image.geometry();
  ImageGeometry g = from;
  g.size = {128, 128, 64};
  for (int d = 0; d < 3; ++d) g.spacing[size_t(d)] = from.spacing[size_t(d)] * double(from.size[size_t(d)]) / double(g.size[size_t(d)]);
  Volume image(g, resampled(std::get<std::vector<int16_t>>(c.image.storage()), from, g.size));
  return {std::move(image), LabelVolume(g, resampled(c.labels.data(), from, g.size))};
}

BenchCase loadBenchCase(const std::string& imagePath, const std::string& labelsPath) {
  BenchCase c;
  if (imagePath.empty()) {
    std::tie(c.image, c.labels) = benchSampleCase();
    c.name = "built-in sample CT, 128x128x64";
    return c;
  }
  c.image = readImage(imagePath);
  std::vector<std::string> warnings;
  c.labels = loadLabelMapFor(c.image.geometry(), labelsPath, false, &warnings);
  const Index3& s = c.image.geometry().size;
  c.name = imagePath + ", " + std::to_string(s[0]) + "x" + std::to_string(s[1]) + "x" + std::to_string(s[2]);
  return c;
}

}  // namespace slicewise::cli
