#include "ui/panels/BrushToolPanel.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QLabel>
#include <QSignalBlocker>
#include <limits>

#include "ui/ToolSettings.h"
#include "ui/panels/OverwriteModeBox.h"

namespace slicewise {

BrushToolPanel::BrushToolPanel(ToolSettings* settings, bool threshold, QWidget* parent)
    : QWidget(parent), settings_(settings) {
  auto* form = new QFormLayout(this);
  size_ = new QDoubleSpinBox(this);
  size_->setRange(ToolSettings::kMinBrushMm, ToolSettings::kMaxBrushMm);
  size_->setDecimals(1);
  size_->setSuffix(tr(" mm"));
  size_->setToolTip(tr("Brush diameter ([ and ] or Shift+wheel)"));
  form->addRow(tr("Diameter"), size_);
  shape_ = new QComboBox(this);
  shape_->addItem(tr("Disc (this slice)"));
  shape_->addItem(tr("Sphere (neighbouring slices too)"));
  form->addRow(tr("Shape"), shape_);
  overwrite_ = new OverwriteModeBox(settings_, this);
  form->addRow(tr("Overwrite"), overwrite_);
  if (threshold) {
    const double big = std::numeric_limits<float>::max();
    low_ = new QDoubleSpinBox(this);
    high_ = new QDoubleSpinBox(this);
    for (QDoubleSpinBox* b : {low_, high_}) {
      b->setRange(-big, big);
      b->setDecimals(1);
    }
    form->addRow(tr("From"), low_);
    form->addRow(tr("To"), high_);
    form->addRow(new QLabel(tr("Paints only voxels whose intensity lies in the range."), this));
    const auto apply = [this] { settings_->setThreshold({low_->value(), high_->value()}); };
    connect(low_, &QDoubleSpinBox::valueChanged, this, apply);
    connect(high_, &QDoubleSpinBox::valueChanged, this, apply);
  }
  connect(size_, &QDoubleSpinBox::valueChanged, settings_, &ToolSettings::setBrushDiameterMm);
  connect(shape_, &QComboBox::currentIndexChanged, this, [this](int i) {
    settings_->setBrushShape(i == 1 ? RoundBrush::Shape::Sphere : RoundBrush::Shape::Disc);
  });
  connect(settings_, &ToolSettings::changed, this, &BrushToolPanel::sync);
  sync();
}

void BrushToolPanel::setDocument(const StudyDocument* document) { overwrite_->setDocument(document); }

void BrushToolPanel::sync() {
  const QSignalBlocker a(size_), b(shape_);
  size_->setValue(settings_->brushDiameterMm());
  shape_->setCurrentIndex(settings_->brushShape() == RoundBrush::Shape::Sphere ? 1 : 0);
  if (low_) {
    const QSignalBlocker c(low_), d(high_);
    low_->setValue(settings_->threshold().low);
    high_->setValue(settings_->threshold().high);
  }
}

}  // namespace slicewise
