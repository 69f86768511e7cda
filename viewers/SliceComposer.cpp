#include "viewers/SliceComposer.h"

#include <algorithm>
#include <cmath>
#include <vector>

namespace slicewise {

namespace {

// One lookup per label id instead of a map search per pixel.
std::vector<QRgb> labelColours(const LabelTable* table, const std::vector<Label>& slice,
                               const std::vector<Label>& proposal, bool* anyVisible) {
  Label maxId = 0;
  for (Label l : slice) maxId = std::max(maxId, l);
  for (Label l : proposal) maxId = std::max(maxId, l);
  std::vector<QRgb> lut(size_t(maxId) + 1, 0);
  std::vector<bool> present(size_t(maxId) + 1, false);
  for (Label l : slice) present[l] = true;
  for (Label l : proposal) present[l] = true;
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
  std::vector<Label> proposal;
  if (layers.showProposal && layers.proposal && layers.proposal->geometry().size == layers.image->geometry().size &&
      layers.labelOpacity > 0)
    proposal = layers.proposal->slice(o.plane, slice);
  if (withLabels) labels = layers.labels->slice(o.plane, slice);
  if (withLabels || !proposal.empty()) lut = labelColours(layers.table, labels, proposal, &anyVisible);
  const double a = std::clamp(layers.labelOpacity, 0.0, 1.0);
  const int64_t pw = o.plane.width, ph = o.plane.height;
  // A proposal pixel on its region's edge (a 4-neighbour differs, or the slice ends there).
  const auto proposalEdge = [&](int64_t u, int64_t v, Label l) {
    return u == 0 || v == 0 || u == pw - 1 || v == ph - 1 || proposal[size_t(v * pw + u - 1)] != l ||
           proposal[size_t(v * pw + u + 1)] != l || proposal[size_t((v - 1) * pw + u)] != l ||
           proposal[size_t((v + 1) * pw + u)] != l;
  };

  QImage out(int(w), int(h), QImage::Format_RGB32);
  for (int64_t y = 0; y < h; ++y) {
    QRgb* row = reinterpret_cast<QRgb*>(out.scanLine(int(y)));
    for (int64_t x = 0; x < w; ++x) {
      const auto [u, v] = o.planeFromScreen(x, y);
      const size_t i = size_t(v) * size_t(o.plane.width) + size_t(u);
      const int g = layers.window.grey(values[i]);
      QRgb px = qRgb(g, g, g);
      const Label drawn = labels.empty() ? 0 : labels[i];
      const Label proposed = proposal.empty() || drawn != 0 ? 0 : proposal[i];
      if (anyVisible && (drawn != 0 || proposed != 0)) {
        const QRgb c = lut[drawn != 0 ? drawn : proposed];
        if (qAlpha(c) != 0) {
          const double alpha = drawn != 0 || proposalEdge(int64_t(u), int64_t(v), proposed) ? a : a / 3.0;
          auto mix = [&](int colour) { return int(std::lround(g * (1.0 - alpha) + colour * alpha)); };
          px = qRgb(mix(qRed(c)), mix(qGreen(c)), mix(qBlue(c)));
        }
      }
      row[x] = px;
    }
  }
  return out;
}

}  // namespace slicewise
