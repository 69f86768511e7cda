#include "ui/panels/ToolHintPanel.h"

#include <QFormLayout>
#include <QLabel>

#include "ui/panels/OverwriteModeBox.h"

namespace slicewise {

ToolHintPanel::ToolHintPanel(const QString& hint, ToolSettings* settings, bool paints, QWidget* parent)
    : QWidget(parent) {
  auto* form = new QFormLayout(this);
  if (paints) {
    overwrite_ = new OverwriteModeBox(settings, this);
    form->addRow(tr("Overwrite"), overwrite_);
  }
  auto* text = new QLabel(hint, this);
  text->setWordWrap(true);
  form->addRow(text);
}

void ToolHintPanel::setDocument(const StudyDocument* document) {
  if (overwrite_) overwrite_->setDocument(document);
}

}  // namespace slicewise
