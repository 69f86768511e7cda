#include "ui/ToolSettings.h"

#include <algorithm>

namespace slicewise {

void ToolSettings::setActiveLabel(Label label) {
  if (label == activeLabel_) return;
  activeLabel_ = label;
  Q_EMIT activeLabelChanged(label);
  Q_EMIT changed();
}

void ToolSettings::setOverwrite(OverwriteRule rule) {
  overwrite_ = rule;
  Q_EMIT changed();
}

void ToolSettings::setBrushDiameterMm(double mm) {
  brushDiameterMm_ = std::clamp(mm, kMinBrushMm, kMaxBrushMm);
  Q_EMIT changed();
}

void ToolSettings::setBrushShape(RoundBrush::Shape shape) {
  brushShape_ = shape;
  Q_EMIT changed();
}

void ToolSettings::setThreshold(IntensityWindow window) {
  threshold_ = window;
  Q_EMIT changed();
}

void ToolSettings::setFillTolerance(double tolerance) {
  fillTolerance_ = std::max(0.0, tolerance);
  Q_EMIT changed();
}

}  // namespace slicewise
