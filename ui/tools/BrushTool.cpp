#include "ui/tools/BrushTool.h"

#include <QKeyEvent>
#include <QPainter>
#include <cmath>

#include "ui/StudyDocument.h"
#include "ui/ToolSettings.h"
#include "viewers/SliceView.h"

namespace slicewise {

namespace {

QString modeName(BrushTool::Mode mode) {
  switch (mode) {
    case BrushTool::Mode::Paint: return QObject::tr("Brush");
    case BrushTool::Mode::Erase: return QObject::tr("Eraser");
    case BrushTool::Mode::Threshold: return QObject::tr("Threshold brush");
  }
  return {};
}

}  // namespace

BrushTool::BrushTool(Mode mode, StudyDocument* document, ToolSettings* settings, QObject* parent)
    : AnnotationTool(modeName(mode), document, settings, parent), mode_(mode) {}

bool BrushTool::mousePress(const SliceViewEvent& e) {
  if (!editable() || !e.insideImage) return false;
  if (mode_ != Mode::Erase && document_->annotation().table.find(settings_->activeLabel()) &&
      document_->editor().isLocked(settings_->activeLabel())) {
    Q_EMIT message(tr("Label %1 is locked: unlock it in the Labels panel to paint with it").arg(settings_->activeLabel()));
    return true;  // used: a press on a locked label must not move the crosshair either
  }
  stroke_.emplace(document_->begin(name_.toLower()));
  slice_ = e.slice;
  last_ = e.point;
  paintSegment(e.point, e.point);
  return true;
}

bool BrushTool::mouseMove(const SliceViewEvent& e) {
  if (!stroke_) return false;
  paintSegment(last_, e.point);
  last_ = e.point;
  return true;
}

bool BrushTool::mouseRelease(const SliceViewEvent&) {
  if (!stroke_) return false;
  document_->commit(*stroke_);
  stroke_.reset();
  return true;
}

void BrushTool::paintSegment(SlicePoint from, SlicePoint to) {
  VoxelList voxels = settings_->brush().stroke(document_->geometry(), slice_, from, to);
  if (mode_ == Mode::Threshold) voxels = settings_->threshold().filter(voxels, document_->image());
  try {
    if (mode_ == Mode::Erase) {
      const OverwriteRule rule = settings_->overwrite();
      stroke_->erase(voxels, rule.mode == OverwriteRule::Mode::OnlyLabel ? rule : OverwriteRule::all());
    } else {
      stroke_->paint(voxels, settings_->activeLabel(), settings_->overwrite());
    }
  } catch (const EditError& error) {
    Q_EMIT message(QString::fromStdString(error.what()));
    stroke_.reset();  // rolls back
  }
}

void BrushTool::hover(const SliceViewEvent& e) {
  hoverView_ = e.insideImage ? e.view : nullptr;
  hoverPoint_ = e.point;
}

void BrushTool::leave(SliceView& view) {
  if (hoverView_ == &view) hoverView_ = nullptr;
}

bool BrushTool::wheel(const SliceViewEvent& e, double notches) {
  if (!(e.modifiers & Qt::ShiftModifier)) return false;
  settings_->setBrushDiameterMm(settings_->brushDiameterMm() * std::pow(1.15, notches));
  hover(e);
  return true;
}

bool BrushTool::key(SliceView&, QKeyEvent* event) {
  if (event->key() != Qt::Key_Escape || !stroke_) return false;
  cancel();
  return true;
}

void BrushTool::cancel() { stroke_.reset(); }

void BrushTool::paintOverlay(QPainter& p, const SliceView& view) const {
  if (hoverView_ != &view || !document_) return;
  const SliceOrientation& o = view.orientation();
  const double r = settings_->brushDiameterMm() / 2.0;
  const double rx = r / o.spacingX() * view.viewport().pixelsPerVoxelX();
  const double ry = r / o.spacingY() * view.viewport().pixelsPerVoxelY();
  const QPointF c = view.viewport().widgetPoint(hoverPoint_);
  QColor colour(255, 255, 255);
  if (mode_ != Mode::Erase) {
    const Rgb rgb = document_->annotation().table.infoOrDefault(settings_->activeLabel()).color;
    colour = QColor(rgb.r, rgb.g, rgb.b);
  }
  p.setRenderHint(QPainter::Antialiasing, true);
  p.setPen(QPen(colour, 1.5, mode_ == Mode::Threshold ? Qt::DashLine : Qt::SolidLine));
  p.setBrush(Qt::NoBrush);
  p.drawEllipse(c, std::max(rx, 1.0), std::max(ry, 1.0));
}

}  // namespace slicewise
