#pragma once

#include <QObject>

#include "model/EditTypes.h"
#include "tools/IntensityWindow.h"
#include "tools/RoundBrush.h"

namespace slicewise {

// What the tools paint with, shared by the tools and their option panels: the active label, the
// overwrite mode, the brush, the threshold window and the fill tolerance.
class ToolSettings : public QObject {
  Q_OBJECT

 public:
  explicit ToolSettings(QObject* parent = nullptr) : QObject(parent) {}

  Label activeLabel() const { return activeLabel_; }
  OverwriteRule overwrite() const { return overwrite_; }
  double brushDiameterMm() const { return brushDiameterMm_; }
  RoundBrush::Shape brushShape() const { return brushShape_; }
  RoundBrush brush() const { return RoundBrush(brushDiameterMm_, brushShape_); }
  IntensityWindow threshold() const { return threshold_; }
  double fillTolerance() const { return fillTolerance_; }

  void setActiveLabel(Label label);
  void setOverwrite(OverwriteRule rule);
  // Clamped to [0.1, 200] mm.
  void setBrushDiameterMm(double mm);
  void setBrushShape(RoundBrush::Shape shape);
  void setThreshold(IntensityWindow window);
  void setFillTolerance(double tolerance);

  static constexpr double kMinBrushMm = 0.1, kMaxBrushMm = 200.0;

 Q_SIGNALS:
  void changed();
  void activeLabelChanged(slicewise::Label label);

 private:
  Label activeLabel_ = 1;
  OverwriteRule overwrite_;
  double brushDiameterMm_ = 5.0;
  RoundBrush::Shape brushShape_ = RoundBrush::Shape::Disc;
  IntensityWindow threshold_{-100, 300};
  double fillTolerance_ = 50.0;
};

}  // namespace slicewise
