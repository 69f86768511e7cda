#include "viewers/SliceView.h"

#include <QFontMetricsF>
#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QWheelEvent>
#include <algorithm>
#include <cmath>

#include "viewers/SliceCursor.h"

namespace slicewise {

namespace {

const QColor kLetterColour(255, 200, 80);
const QColor kCrosshairColour(80, 200, 255, 170);

QString axisTitle(SliceAxis axis) {
  switch (axis) {
    case SliceAxis::Axial: return QStringLiteral("Axial");
    case SliceAxis::Coronal: return QStringLiteral("Coronal");
    case SliceAxis::Sagittal: return QStringLiteral("Sagittal");
  }
  return {};
}

}  // namespace

SliceView::SliceView(SliceAxis axis, QWidget* parent) : QWidget(parent), axis_(axis) {
  setFocusPolicy(Qt::StrongFocus);
  setMinimumSize(96, 96);
  setAttribute(Qt::WA_OpaquePaintEvent);
}

void SliceView::setLayers(const SliceLayers& layers, SliceCursor* cursor) {
  layers_ = layers;
  if (cursor_) disconnect(cursor_, nullptr, this, nullptr);
  cursor_ = cursor;
  if (layers_.image) orientation_ = SliceOrientation::forAxis(layers_.image->geometry(), axis_);
  if (cursor_) connect(cursor_, &SliceCursor::positionChanged, this, &SliceView::onCursorMoved);
  cachedSlice_ = -1;
  shownSlice_ = sliceIndex();
  update();
}

void SliceView::setWindowLevel(const WindowLevel& window) {
  layers_.window = window;
  cachedSlice_ = -1;
  update();
}

void SliceView::setLabelOpacity(double opacity) {
  layers_.labelOpacity = opacity;
  cachedSlice_ = -1;
  update();
}

void SliceView::setCrosshairVisible(bool visible) {
  crosshair_ = visible;
  update();
}

void SliceView::labelsChanged() {
  cachedSlice_ = -1;
  update();
}

int64_t SliceView::sliceIndex() const {
  return cursor_ ? (*cursor_)[orientation_.plane.normalDim] : 0;
}

void SliceView::setSliceIndex(int64_t index) {
  if (cursor_) cursor_->setIndex(orientation_.plane.normalDim, index);
}

void SliceView::stepSlices(int steps) {
  setSliceIndex(sliceIndex() + int64_t(steps) * orientation_.forwardStep);
}

void SliceView::onCursorMoved() {
  const int64_t s = sliceIndex();
  if (s != shownSlice_) {
    shownSlice_ = s;
    Q_EMIT sliceChanged(s);
  }
  update();
}

QRectF SliceView::imageRect() const {
  if (!layers_.image) return {};
  const double wmm = double(orientation_.screenWidth()) * orientation_.spacingX();
  const double hmm = double(orientation_.screenHeight()) * orientation_.spacingY();
  if (wmm <= 0 || hmm <= 0) return {};
  const double scale = std::min(width() / wmm, height() / hmm);
  const double w = wmm * scale, h = hmm * scale;
  // Whole pixels keep nearest-neighbour voxel edges crisp and positions predictable.
  const double x = std::floor((width() - w) / 2), y = std::floor((height() - h) / 2);
  return QRectF(x, y, std::round(w), std::round(h));
}

void SliceView::paintEvent(QPaintEvent*) {
  QPainter p(this);
  p.fillRect(rect(), Qt::black);
  if (!layers_.image || layers_.image->empty()) return;
  const int64_t slice = sliceIndex();
  if (slice != cachedSlice_ || cache_.isNull()) {
    cache_ = SliceComposer::compose(layers_, orientation_, slice);
    cachedSlice_ = slice;
  }
  const QRectF target = imageRect();
  p.setRenderHint(QPainter::SmoothPixmapTransform, false);
  p.drawImage(target, cache_);

  if (crosshair_ && cursor_) {
    const auto [x, y] = orientation_.screenFromPlane((*cursor_)[orientation_.plane.uDim],
                                                     (*cursor_)[orientation_.plane.vDim]);
    const double sx = target.width() / double(orientation_.screenWidth());
    const double sy = target.height() / double(orientation_.screenHeight());
    const double cx = target.left() + (double(x) + 0.5) * sx;
    const double cy = target.top() + (double(y) + 0.5) * sy;
    QPen pen(kCrosshairColour, 1, Qt::DashLine);
    p.setPen(pen);
    p.drawLine(QPointF(target.left(), cy), QPointF(target.right(), cy));
    p.drawLine(QPointF(cx, target.top()), QPointF(cx, target.bottom()));
  }
  drawOverlayText(p, target);
}

void SliceView::drawOverlayText(QPainter& p, const QRectF& image) {
  QFont letters = font();
  letters.setBold(true);
  letters.setPointSizeF(std::max(9.0, letters.pointSizeF() * 1.3));
  p.setFont(letters);
  const QRectF area = QRectF(rect()).adjusted(6, 4, -6, -4);
  // Direction letters hug the image, not the widget, so they read as labels of its edges; on a
  // thin slab (few slices seen from the side) they move out so that they cannot overlap.
  QRectF edges = image.intersected(area).adjusted(4, 2, -4, -2);
  const double room = 4.0 * QFontMetricsF(letters).height();
  if (edges.height() < room) edges = QRectF(edges.left(), area.top(), edges.width(), area.height());
  if (edges.width() < room) edges = QRectF(area.left(), edges.top(), area.width(), edges.height());
  auto text = [&](const QRectF& r, int align, const QString& s, const QColor& c) {
    p.setPen(QColor(0, 0, 0, 200));
    p.drawText(r.translated(1, 1), align, s);
    p.setPen(c);
    p.drawText(r, align, s);
  };
  text(edges, Qt::AlignLeft | Qt::AlignVCenter, QString(QChar(orientation_.left)), kLetterColour);
  text(edges, Qt::AlignRight | Qt::AlignVCenter, QString(QChar(orientation_.right)),
       kLetterColour);
  text(edges, Qt::AlignHCenter | Qt::AlignTop, QString(QChar(orientation_.top)), kLetterColour);
  text(edges, Qt::AlignHCenter | Qt::AlignBottom, QString(QChar(orientation_.bottom)),
       kLetterColour);

  QFont info = font();
  p.setFont(info);
  // Indices are 0-based, as in the command-line tools and label files.
  const QString title = QStringLiteral("%1  %2 (0\u2013%3)")
                            .arg(axisTitle(axis_))
                            .arg(sliceIndex())
                            .arg(orientation_.plane.count - 1);
  text(area, Qt::AlignLeft | Qt::AlignTop, title, QColor(230, 230, 230));
  const QString wl = QStringLiteral("W %1  L %2")
                         .arg(layers_.window.width, 0, 'f', 0)
                         .arg(layers_.window.center, 0, 'f', 0);
  text(area, Qt::AlignLeft | Qt::AlignBottom, wl, QColor(200, 200, 200));
}

void SliceView::wheelEvent(QWheelEvent* event) {
  // Touchpads send fractions of a notch; accumulate them so slow scrolling still moves.
  wheelRemainder_ += event->angleDelta().y() / 120.0;
  const int steps = int(wheelRemainder_);
  wheelRemainder_ -= steps;
  if (steps != 0) stepSlices(steps);
  event->accept();
}

void SliceView::keyPressEvent(QKeyEvent* event) {
  const int page = std::max<int>(1, int(orientation_.plane.count / 10));
  switch (event->key()) {
    case Qt::Key_Up:
    case Qt::Key_Right: stepSlices(1); break;
    case Qt::Key_Down:
    case Qt::Key_Left: stepSlices(-1); break;
    case Qt::Key_PageUp: stepSlices(page); break;
    case Qt::Key_PageDown: stepSlices(-page); break;
    default: QWidget::keyPressEvent(event); return;
  }
  event->accept();
}

void SliceView::moveCursorTo(const QPointF& pos) {
  if (!cursor_ || !layers_.image) return;
  const QRectF target = imageRect();
  if (!target.contains(pos)) return;
  const int64_t x = std::clamp<int64_t>(
      int64_t((pos.x() - target.left()) / target.width() * double(orientation_.screenWidth())), 0,
      orientation_.screenWidth() - 1);
  const int64_t y = std::clamp<int64_t>(
      int64_t((pos.y() - target.top()) / target.height() * double(orientation_.screenHeight())),
      0, orientation_.screenHeight() - 1);
  const auto [u, v] = orientation_.planeFromScreen(x, y);
  Index3 p = cursor_->position();
  p[size_t(orientation_.plane.uDim)] = u;
  p[size_t(orientation_.plane.vDim)] = v;
  cursor_->setPosition(p);
}

void SliceView::mousePressEvent(QMouseEvent* event) {
  setFocus(Qt::MouseFocusReason);
  if (event->button() == Qt::LeftButton) moveCursorTo(event->position());
  if (event->button() == Qt::RightButton) {
    windowing_ = true;
    windowingStart_ = event->position();
    windowAtStart_ = layers_.window;
  }
}

void SliceView::mouseMoveEvent(QMouseEvent* event) {
  if (event->buttons() & Qt::LeftButton) moveCursorTo(event->position());
  if (windowing_ && (event->buttons() & Qt::RightButton)) {
    // 100 pixels to the right double the window; 100 pixels up raise the level by half the
    // starting window. Scaling by the window keeps the feel the same for CT (HU) and MRI.
    const QPointF d = event->position() - windowingStart_;
    WindowLevel w = windowAtStart_;
    w.width = std::max(1e-3, windowAtStart_.width * std::pow(2.0, d.x() / 100.0));
    w.center = windowAtStart_.center - d.y() / 100.0 * 0.5 * windowAtStart_.width;
    setWindowLevel(w);
    Q_EMIT windowLevelEdited(w);
  }
}

void SliceView::mouseReleaseEvent(QMouseEvent* event) {
  if (event->button() == Qt::RightButton) windowing_ = false;
}

}  // namespace slicewise
