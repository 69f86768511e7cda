#include "viewers/SliceComposer.h"

#include <algorithm>
#include <cmath>
#include <vector>

namespace slicewise {

namespace {

// One lookup per label id instead of a map search per pixel.
std::vector<QRgb> labelColours(const LabelTable* table, const std::vector<Label>& slice,
                               bool* anyVisible) {
  Label maxId = 0;
  for (Label l : slice) maxId = std::max(maxId, l);
  std::vector<QRgb> lut(size_t(maxId) + 1, 0);
  std::vector<bool> present(size_t(maxId) + 1, false);
  for (Label l : slice) present[l] = true;
  *anyVisible = false;
  LabelTable none;
  const LabelTable& t = table ? *table : none;
  for (size_t id = 1; id < present.size(); ++id) {
    if (!present[id]) continue;
    const LabelInfo info = t.infoOrDefault(Label(id));
    if (!info.visible) continue;
    lut[id] = qRgba(info.color.r, info.color.g, info.color.b, 255);
    *anyVisible = true;
  }
  return lut;
}

}  // namespace

QImage SliceComposer::compose(const SliceLayers& layers, const SliceOrientation& o,
                              int64_t slice) {
  if (!layers.image || layers.image->empty() || slice < 0 || slice >= o.plane.count) return {};
  const int64_t w = o.screenWidth(), h = o.screenHeight();
  const std::vector<float> values = layers.image->sliceAsFloat(o.plane, slice);

  std::vector<Label> labels;
  bool anyVisible = false;
  std::vector<QRgb> lut;
  const bool withLabels = layers.labels && !layers.labels->empty() && layers.labelOpacity > 0 &&
                          layers.labels->geometry().size == layers.image->geometry().size;
  if (withLabels) {
    labels = layers.labels->slice(o.plane, slice);
    lut = labelColours(layers.table, labels, &anyVisible);
  }
  const double a = std::clamp(layers.labelOpacity, 0.0, 1.0);

  QImage out(int(w), int(h), QImage::Format_RGB32);
  for (int64_t y = 0; y < h; ++y) {
    QRgb* row = reinterpret_cast<QRgb*>(out.scanLine(int(y)));
    for (int64_t x = 0; x < w; ++x) {
      const auto [u, v] = o.planeFromScreen(x, y);
      const size_t i = size_t(v) * size_t(o.plane.width) + size_t(u);
      const int g = layers.window.grey(values[i]);
      QRgb px = qRgb(g, g, g);
      if (anyVisible && labels[i] != 0) {
        const QRgb c = lut[labels[i]];
        if (qAlpha(c) != 0) {
          auto mix = [&](int colour) { return int(std::lround(g * (1.0 - a) + colour * a)); };
          px = qRgb(mix(qRed(c)), mix(qGreen(c)), mix(qBlue(c)));
        }
      }
      row[x] = px;
    }
  }
  return out;
}

}  // namespace slicewise
