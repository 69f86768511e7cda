#include "ui/panels/ToolPanel.h"

#include <QAction>
#include <QGridLayout>
#include <QStackedWidget>
#include <QToolButton>
#include <QVBoxLayout>

namespace slicewise {

ToolPanel::ToolPanel(QWidget* parent) : QWidget(parent) {
  auto* layout = new QVBoxLayout(this);
  buttons_ = new QGridLayout;
  buttons_->setSpacing(2);
  layout->addLayout(buttons_);
  options_ = new QStackedWidget(this);
  layout->addWidget(options_);
  layout->addStretch(1);
}

void ToolPanel::addTool(QAction* action, QWidget* options) {
  auto* button = new QToolButton(this);
  button->setDefaultAction(action);
  button->setToolButtonStyle(Qt::ToolButtonTextOnly);
  button->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
  button->setToolTip(action->text().remove(QLatin1Char('&')) + QStringLiteral(" (") +
                     action->shortcut().toString(QKeySequence::NativeText) + QStringLiteral(")"));
  buttons_->addWidget(button, count_ / 2, count_ % 2);
  const int page = options_->addWidget(options);
  connect(action, &QAction::toggled, this, [this, page](bool on) {
    if (on) options_->setCurrentIndex(page);
  });
  if (action->isChecked()) options_->setCurrentIndex(page);
  ++count_;
}

QWidget* ToolPanel::currentOptions() const { return options_->currentWidget(); }

}  // namespace slicewise
