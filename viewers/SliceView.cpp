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
  setMouseTracking(true);  // hover: brush outline and the status bar's value under the mouse
}

void SliceView::setLayers(const SliceLayers& layers, SliceCursor* cursor) {
  layers_ = layers;
  if (cursor_) disconnect(cursor_, nullptr, this, nullptr);
  cursor_ = cursor;
  if (layers_.image) viewport_.setOrientation(SliceOrientation::forAxis(layers_.image->geometry(), axis_));
  viewport_.reset();
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

void SliceView::setProposalVisible(bool visible) {
  layers_.showProposal = visible;
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

void SliceView::labelsChanged(const ChangeSet& change) {
  if (change.hasVoxels() && !change.touchesSlice(orientation().plane.normalDim, sliceIndex()) &&
      !change.labelTable)
    return update();  // marks may still show in the overlay
  labelsChanged();
}

void SliceView::setTool(SliceViewTool* tool) {
  if (tool_ && tool_ != tool) tool_->leave(*this);
  tool_ = tool;
  toolDragging_ = false;
  update();
}

int64_t SliceView::sliceIndex() const { return cursor_ ? (*cursor_)[orientation().plane.normalDim] : 0; }

void SliceView::setSliceIndex(int64_t index) {
  if (cursor_) cursor_->setIndex(orientation().plane.normalDim, index);
}

void SliceView::stepSlices(int steps) { setSliceIndex(sliceIndex() + int64_t(steps) * orientation().forwardStep); }

void SliceView::zoomBy(double factor) { zoomBy(factor, QPointF(width() / 2.0, height() / 2.0)); }

void SliceView::zoomBy(double factor, const QPointF& anchor) {
  viewport_.zoomBy(factor, anchor);
  update();
}

void SliceView::resetZoom() {
  viewport_.reset();
  update();
}

void SliceView::onCursorMoved() {
  const int64_t s = sliceIndex();
  if (s != shownSlice_) {
    shownSlice_ = s;
    Q_EMIT sliceChanged(s);
  }
  update();
}

QString SliceView::markText() const {
  if (!layers_.marks) return {};
  const SliceMark m = layers_.marks->get(axis_, sliceIndex());
  QStringList parts;
  if (m.annotation != AnnotationState::None)
    parts << QString::fromLatin1(annotationStateName(m.annotation).data());
  if (m.review != ReviewState::None) parts << QString::fromLatin1(reviewStateName(m.review).data());
  if (m.isToAnnotate() && !m.isKey()) {
    const std::vector<int64_t> list = layers_.marks->worklist(axis_);
    const auto at = std::find(list.begin(), list.end(), sliceIndex());
    parts << QStringLiteral("to annotate %1 of %2").arg(int(at - list.begin()) + 1).arg(list.size());
  }
  return parts.join(QStringLiteral(", "));
}

void SliceView::resizeEvent(QResizeEvent*) { viewport_.setWidgetSize(size()); }

void SliceView::paintEvent(QPaintEvent*) {
  viewport_.setWidgetSize(size());
  QPainter p(this);
  p.fillRect(rect(), Qt::black);
  if (!layers_.image || layers_.image->empty()) return;
  const int64_t slice = sliceIndex();
  if (slice != cachedSlice_ || cache_.isNull()) {
    cache_ = SliceComposer::compose(layers_, orientation(), slice);
    cachedSlice_ = slice;
  }
  const QRectF target = imageRect();
  p.setRenderHint(QPainter::SmoothPixmapTransform, false);
  p.drawImage(target, cache_);

  if (crosshair_ && cursor_) {
    const SlicePlane& plane = orientation().plane;
    const QPointF c = viewport_.widgetPoint({double((*cursor_)[plane.uDim]), double((*cursor_)[plane.vDim])});
    p.setPen(QPen(kCrosshairColour, 1, Qt::DashLine));
    p.drawLine(QPointF(target.left(), c.y()), QPointF(target.right(), c.y()));
    p.drawLine(QPointF(c.x(), target.top()), QPointF(c.x(), target.bottom()));
  }
  if (tool_) {
    p.save();
    tool_->paintOverlay(p, *this);
    p.restore();
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
  const SliceOrientation& o = orientation();
  text(edges, Qt::AlignLeft | Qt::AlignVCenter, QString(QChar(o.left)), kLetterColour);
  text(edges, Qt::AlignRight | Qt::AlignVCenter, QString(QChar(o.right)), kLetterColour);
  text(edges, Qt::AlignHCenter | Qt::AlignTop, QString(QChar(o.top)), kLetterColour);
  text(edges, Qt::AlignHCenter | Qt::AlignBottom, QString(QChar(o.bottom)), kLetterColour);

  p.setFont(font());
  // Indices are 0-based, as in the command-line tools and label files.
  QString title = QStringLiteral("%1  %2 (0\u2013%3)").arg(axisTitle(axis_)).arg(sliceIndex()).arg(o.plane.count - 1);
  if (viewport_.zoom() != 1.0) title += QStringLiteral("  \u00d7%1").arg(viewport_.zoom(), 0, 'g', 3);
  text(area, Qt::AlignLeft | Qt::AlignTop, title, QColor(230, 230, 230));
  const QString marks = markText();
  if (!marks.isEmpty()) text(area, Qt::AlignRight | Qt::AlignTop, marks, QColor(120, 230, 140));
  const QString wl = QStringLiteral("W %1  L %2").arg(layers_.window.width, 0, 'f', 0).arg(layers_.window.center, 0, 'f', 0);
  text(area, Qt::AlignLeft | Qt::AlignBottom, wl, QColor(200, 200, 200));
}

SliceViewEvent SliceView::toolEvent(const QPointF& pos, Qt::MouseButton button, Qt::MouseButtons buttons,
                                    Qt::KeyboardModifiers modifiers) {
  SliceViewEvent e;
  e.view = this;
  e.slice = {axis_, sliceIndex()};
  e.point = viewport_.planePoint(pos);
  e.insideImage = viewport_.pixelAt(pos).has_value();
  e.widgetPos = pos;
  e.button = button;
  e.buttons = buttons;
  e.modifiers = modifiers;
  return e;
}

void SliceView::wheelEvent(QWheelEvent* event) {
  Q_EMIT activated();
  const double notches = event->angleDelta().y() / 120.0;
  if (event->modifiers() & Qt::ControlModifier) {
    zoomBy(std::pow(1.25, notches), event->position());
  } else if (tool_ && tool_->wheel(toolEvent(event->position(), Qt::NoButton, event->buttons(), event->modifiers()),
                                   notches)) {
    update();
  } else {
    // Touchpads send fractions of a notch; accumulate them so slow scrolling still moves.
    wheelRemainder_ += notches;
    const int steps = int(wheelRemainder_);
    wheelRemainder_ -= steps;
    if (steps != 0) stepSlices(steps);
  }
  event->accept();
}

void SliceView::keyPressEvent(QKeyEvent* event) {
  Q_EMIT activated();
  if (tool_ && tool_->key(*this, event)) {
    update();
    return event->accept();
  }
  const int page = std::max<int>(1, int(orientation().plane.count / 10));
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
  const auto pixel = viewport_.pixelAt(pos);
  if (!pixel) return;
  Index3 p = cursor_->position();
  p[size_t(orientation().plane.uDim)] = pixel->first;
  p[size_t(orientation().plane.vDim)] = pixel->second;
  cursor_->setPosition(p);
}

void SliceView::reportHover(const QPointF& pos) {
  const auto pixel = viewport_.pixelAt(pos);
  if (!pixel || !cursor_) return Q_EMIT hoverLeft();
  Q_EMIT hovered(orientation().plane.voxel(sliceIndex(), pixel->first, pixel->second));
}

void SliceView::mousePressEvent(QMouseEvent* event) {
  setFocus(Qt::MouseFocusReason);
  Q_EMIT activated();
  const QPointF pos = event->position();
  if (event->button() == Qt::LeftButton) {
    if (tool_ && tool_->mousePress(toolEvent(pos, event->button(), event->buttons(), event->modifiers()))) {
      toolDragging_ = true;
      update();
    } else {
      moveCursorTo(pos);
    }
  } else if (event->button() == Qt::RightButton) {
    windowing_ = true;
    dragStart_ = pos;
    windowAtStart_ = layers_.window;
  } else if (event->button() == Qt::MiddleButton) {
    panning_ = true;
    dragStart_ = pos;
  }
}

void SliceView::mouseMoveEvent(QMouseEvent* event) {
  const QPointF pos = event->position();
  const SliceViewEvent e = toolEvent(pos, Qt::NoButton, event->buttons(), event->modifiers());
  if (toolDragging_ && (event->buttons() & Qt::LeftButton)) {
    tool_->mouseMove(e);
  } else if (event->buttons() & Qt::LeftButton) {
    moveCursorTo(pos);
  }
  if (tool_) tool_->hover(e);
  if (windowing_ && (event->buttons() & Qt::RightButton)) {
    // 100 pixels to the right double the window; 100 pixels up raise the level by half the
    // starting window. Scaling by the window keeps the feel the same for CT (HU) and MRI.
    const QPointF d = pos - dragStart_;
    WindowLevel w = windowAtStart_;
    w.width = std::max(1e-3, windowAtStart_.width * std::pow(2.0, d.x() / 100.0));
    w.center = windowAtStart_.center - d.y() / 100.0 * 0.5 * windowAtStart_.width;
    setWindowLevel(w);
    Q_EMIT windowLevelEdited(w);
  }
  if (panning_ && (event->buttons() & Qt::MiddleButton)) {
    viewport_.panBy(pos - dragStart_);
    dragStart_ = pos;
  }
  reportHover(pos);
  update();
}

void SliceView::mouseReleaseEvent(QMouseEvent* event) {
  if (event->button() == Qt::LeftButton && toolDragging_) {
    toolDragging_ = false;
    tool_->mouseRelease(toolEvent(event->position(), event->button(), event->buttons(), event->modifiers()));
    update();
  }
  if (event->button() == Qt::RightButton) windowing_ = false;
  if (event->button() == Qt::MiddleButton) panning_ = false;
}

void SliceView::leaveEvent(QEvent*) {
  if (tool_) tool_->leave(*this);
  Q_EMIT hoverLeft();
  update();
}

}  // namespace slicewise
