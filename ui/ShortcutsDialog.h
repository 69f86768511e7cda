#pragma once

#include <QDialog>

class QTableWidget;

namespace slicewise {

// Help > Keyboard Shortcuts: every command with its keys and the mouse gestures of the views,
// from the one shortcut table the menus are made from.
class ShortcutsDialog : public QDialog {
  Q_OBJECT

 public:
  explicit ShortcutsDialog(QWidget* parent = nullptr);
  QTableWidget* table() const { return table_; }

 private:
  QTableWidget* table_;
};

}  // namespace slicewise
