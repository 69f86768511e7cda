#pragma once

#include <QPointF>
#include <QRectF>
#include <QSizeF>
#include <optional>

#include "tools/SlicePoint.h"
#include "viewers/SliceOrientation.h"

namespace slicewise {

// Where a slice lies in its view: fitted to the widget with voxels in their true aspect ratio,
// then zoomed about a point and panned. Maps widget positions to continuous plane coordinates and
// back, so tools land exactly under the mouse at any zoom and any display scale.
class SliceViewport {
 public:
  void setOrientation(const SliceOrientation& orientation) { orientation_ = orientation; }
  void setWidgetSize(const QSizeF& size) { size_ = size; }
  const SliceOrientation& orientation() const { return orientation_; }

  double zoom() const { return zoom_; }
  // Zooms by `factor` keeping the slice point under `anchor` (widget pixels) where it is.
  void zoomBy(double factor, const QPointF& anchor);
  void panBy(const QPointF& delta) { pan_ += delta; }
  void reset();

  // The slice image's rectangle in widget pixels.
  QRectF imageRect() const;
  // Widget pixels per voxel along screen x and y.
  double pixelsPerVoxelX() const;
  double pixelsPerVoxelY() const;
  // Continuous plane coordinates under a widget position (outside the image too).
  SlicePoint planePoint(const QPointF& widget) const;
  QPointF widgetPoint(const SlicePoint& plane) const;
  // The voxel (u, v) under a widget position, when inside the image.
  std::optional<std::pair<int64_t, int64_t>> pixelAt(const QPointF& widget) const;

  static constexpr double kMinZoom = 0.25, kMaxZoom = 64.0;

 private:
  QRectF fittedRect() const;

  SliceOrientation orientation_;
  QSizeF size_;
  double zoom_ = 1.0;
  QPointF pan_;
};

}  // namespace slicewise
