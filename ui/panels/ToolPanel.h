#pragma once

#include <QWidget>

class QAction;
class QGridLayout;
class QStackedWidget;

namespace slicewise {

// The tool chooser: one button per tool (its action, with the shortcut in the tooltip) and
// below it the options panel of the chosen tool.
class ToolPanel : public QWidget {
  Q_OBJECT

 public:
  explicit ToolPanel(QWidget* parent = nullptr);
  // The action must be checkable and in an exclusive group; `options` is shown when it is checked.
  void addTool(QAction* action, QWidget* options);
  QWidget* currentOptions() const;

 private:
  QGridLayout* buttons_;
  QStackedWidget* options_;
  int count_ = 0;
};

}  // namespace slicewise
