#include "ui/panels/FillToolPanel.h"

#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QLabel>
#include <QSignalBlocker>

#include "ui/ToolSettings.h"
#include "ui/panels/OverwriteModeBox.h"

namespace slicewise {

FillToolPanel::FillToolPanel(ToolSettings* settings, QWidget* parent) : QWidget(parent), settings_(settings) {
  auto* form = new QFormLayout(this);
  tolerance_ = new QDoubleSpinBox(this);
  tolerance_->setRange(0, 1e6);
  tolerance_->setDecimals(1);
  tolerance_->setValue(settings_->fillTolerance());
  tolerance_->setToolTip(tr("The fill spreads through connected pixels within this much of the clicked value"));
  form->addRow(tr("Tolerance \u00b1"), tolerance_);
  overwrite_ = new OverwriteModeBox(settings_, this);
  form->addRow(tr("Overwrite"), overwrite_);
  form->addRow(new QLabel(tr("Click a region to fill it on this slice."), this));
  connect(tolerance_, &QDoubleSpinBox::valueChanged, settings_, &ToolSettings::setFillTolerance);
  connect(settings_, &ToolSettings::changed, this, [this] {
    const QSignalBlocker block(tolerance_);
    tolerance_->setValue(settings_->fillTolerance());
  });
}

void FillToolPanel::setDocument(const StudyDocument* document) { overwrite_->setDocument(document); }

}  // namespace slicewise
