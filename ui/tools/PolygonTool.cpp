#include "ui/tools/PolygonTool.h"

#include <QKeyEvent>
#include <QPainter>
#include <QPolygonF>

#include "tools/PolygonFill.h"
#include "ui/StudyDocument.h"
#include "ui/ToolSettings.h"
#include "viewers/SliceView.h"

namespace slicewise {

PolygonTool::PolygonTool(StudyDocument* document, ToolSettings* settings, QObject* parent)
    : AnnotationTool(tr("Polygon"), document, settings, parent) {}

bool PolygonTool::mousePress(const SliceViewEvent& e) {
  if (!editable() || !e.insideImage) return false;
  // A click on another slice or view starts a new polygon there.
  if (!vertices_.empty() && (e.view != view_ || e.slice.axis != slice_.axis || e.slice.index != slice_.index))
    vertices_.clear();
  view_ = e.view;
  slice_ = e.slice;
  if (vertices_.size() >= 3) {
    // Clicking on the first vertex closes the outline.
    const QPointF first = e.view->viewport().widgetPoint(vertices_.front());
    if (QLineF(first, e.widgetPos).length() < 6.0) {
      close();
      return true;
    }
  }
  vertices_.push_back(e.point);
  return true;
}

void PolygonTool::hover(const SliceViewEvent& e) {
  if (e.view == view_) hover_ = e.point;
}

bool PolygonTool::key(SliceView&, QKeyEvent* event) {
  if (vertices_.empty()) return false;
  switch (event->key()) {
    case Qt::Key_Return:
    case Qt::Key_Enter: close(); return true;
    case Qt::Key_Backspace: vertices_.pop_back(); return true;
    case Qt::Key_Escape: cancel(); return true;
    default: return false;
  }
}

bool PolygonTool::close() {
  if (vertices_.size() < 3 || !editable()) return false;
  const VoxelList inside = PolygonFill::fill(document_->geometry(), slice_, vertices_);
  try {
    document_->record(document_->editor().paint(inside, settings_->activeLabel(), settings_->overwrite(), "polygon"));
  } catch (const EditError& error) {
    Q_EMIT message(QString::fromStdString(error.what()));
  }
  vertices_.clear();
  return true;
}

void PolygonTool::cancel() { vertices_.clear(); }

void PolygonTool::paintOverlay(QPainter& p, const SliceView& view) const {
  if (vertices_.empty() || &view != view_ || view.sliceIndex() != slice_.index) return;
  QPolygonF line;
  for (const SlicePoint& v : vertices_) line << view.viewport().widgetPoint(v);
  line << view.viewport().widgetPoint(hover_);
  p.setRenderHint(QPainter::Antialiasing, true);
  p.setPen(QPen(QColor(255, 230, 60), 1.5));
  p.drawPolyline(line);
  p.setBrush(QColor(255, 230, 60));
  for (const SlicePoint& v : vertices_) p.drawEllipse(view.viewport().widgetPoint(v), 2.5, 2.5);
}

}  // namespace slicewise
