#include "viewers/SliceViewport.h"

#include <algorithm>
#include <cmath>

namespace slicewise {

QRectF SliceViewport::fittedRect() const {
  const double wmm = double(orientation_.screenWidth()) * orientation_.spacingX();
  const double hmm = double(orientation_.screenHeight()) * orientation_.spacingY();
  if (wmm <= 0 || hmm <= 0 || size_.isEmpty()) return {};
  const double scale = std::min(size_.width() / wmm, size_.height() / hmm);
  const double w = wmm * scale, h = hmm * scale;
  // Whole pixels keep nearest-neighbour voxel edges crisp and positions predictable.
  return QRectF(std::floor((size_.width() - w) / 2), std::floor((size_.height() - h) / 2), std::round(w),
                std::round(h));
}

QRectF SliceViewport::imageRect() const {
  const QRectF fit = fittedRect();
  if (fit.isEmpty()) return fit;
  const QPointF centre = fit.center() + pan_;
  const QSizeF s = fit.size() * zoom_;
  return QRectF(centre.x() - s.width() / 2, centre.y() - s.height() / 2, s.width(), s.height());
}

void SliceViewport::zoomBy(double factor, const QPointF& anchor) {
  const double next = std::clamp(zoom_ * factor, kMinZoom, kMaxZoom);
  if (next == zoom_) return;
  // The point under the anchor stays put: the image centre moves away from it by the ratio.
  const QRectF before = imageRect();
  const double ratio = next / zoom_;
  const QPointF centre = anchor + (before.center() - anchor) * ratio;
  zoom_ = next;
  pan_ += centre - imageRect().center();
}

void SliceViewport::reset() {
  zoom_ = 1.0;
  pan_ = QPointF();
}

double SliceViewport::pixelsPerVoxelX() const {
  return imageRect().width() / double(std::max<int64_t>(1, orientation_.screenWidth()));
}

double SliceViewport::pixelsPerVoxelY() const {
  return imageRect().height() / double(std::max<int64_t>(1, orientation_.screenHeight()));
}

SlicePoint SliceViewport::planePoint(const QPointF& w) const {
  const QRectF r = imageRect();
  const double x = (w.x() - r.left()) / pixelsPerVoxelX() - 0.5;
  const double y = (w.y() - r.top()) / pixelsPerVoxelY() - 0.5;
  const auto [u, v] = orientation_.planeFromScreen(x, y);
  return {u, v};
}

QPointF SliceViewport::widgetPoint(const SlicePoint& p) const {
  const QRectF r = imageRect();
  const auto [x, y] = orientation_.screenFromPlane(p.u, p.v);
  return {r.left() + (x + 0.5) * pixelsPerVoxelX(), r.top() + (y + 0.5) * pixelsPerVoxelY()};
}

std::optional<std::pair<int64_t, int64_t>> SliceViewport::pixelAt(const QPointF& w) const {
  const SlicePoint p = planePoint(w);
  const int64_t u = int64_t(std::lround(p.u)), v = int64_t(std::lround(p.v));
  if (u < 0 || v < 0 || u >= orientation_.plane.width || v >= orientation_.plane.height) return std::nullopt;
  return std::pair{u, v};
}

}  // namespace slicewise
