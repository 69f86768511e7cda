#include "ui/ShortcutsDialog.h"

#include <QDialogButtonBox>
#include <QHeaderView>
#include <QTableWidget>
#include <QVBoxLayout>

#include "ui/Shortcuts.h"

namespace slicewise {

ShortcutsDialog::ShortcutsDialog(QWidget* parent) : QDialog(parent) {
  setWindowTitle(tr("Keyboard Shortcuts"));
  auto* layout = new QVBoxLayout(this);
  table_ = new QTableWidget(0, 3, this);
  table_->setHorizontalHeaderLabels({tr("Menu"), tr("Command"), tr("Keys")});
  table_->verticalHeader()->setVisible(false);
  table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
  const auto add = [this](const QString& a, const QString& b, const QString& c) {
    const int row = table_->rowCount();
    table_->insertRow(row);
    table_->setItem(row, 0, new QTableWidgetItem(a));
    table_->setItem(row, 1, new QTableWidgetItem(b));
    table_->setItem(row, 2, new QTableWidgetItem(c));
  };
  for (const ShortcutEntry& e : shortcutTable()) {
    QStringList keys;
    for (const QKeySequence& k : e.keys) keys << k.toString(QKeySequence::NativeText);
    add(e.group, QString(e.text).remove(QLatin1Char('&')), keys.join(QStringLiteral(", ")));
  }
  for (const auto& [gesture, what] : mouseGestures()) add(tr("Slice views"), what, gesture);
  table_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
  table_->horizontalHeader()->setStretchLastSection(true);
  layout->addWidget(table_);
  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
  layout->addWidget(buttons);
  resize(720, 640);
}

}  // namespace slicewise
