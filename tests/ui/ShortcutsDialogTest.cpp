// Help > Keyboard Shortcuts lists every command of the shortcut table and every mouse gesture,
// and the README carries the same table, word for word, as `slicewise --shortcuts` prints it.
#include <QFile>
#include <QTableWidget>
#include <QTest>

#include "ui/Shortcuts.h"
#include "ui/ShortcutsDialog.h"

using namespace slicewise;

class ShortcutsDialogTest : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void dialogListsEveryCommandAndGesture() {
    ShortcutsDialog dialog;
    QTableWidget* table = dialog.table();
    QCOMPARE(table->rowCount(), int(shortcutTable().size() + mouseGestures().size()));
    // Spot checks against the keys a radiologist learns first (DESIGN: Ctrl+O/S/Z/Y/Q).
    QStringList cells;
    for (int r = 0; r < table->rowCount(); ++r)
      for (int c = 0; c < table->columnCount(); ++c)
        if (table->item(r, c)) cells << table->item(r, c)->text();
    for (const char* key : {"Ctrl+O", "Ctrl+S", "Ctrl+Z", "Ctrl+Y", "Ctrl+Q", "Space"})
      QVERIFY2(cells.join('\n').contains(QLatin1String(key)), key);
  }

  void readmeHoldsTheSameTable() {
    QFile readme(QStringLiteral(SLICEWISE_README));
    QVERIFY(readme.open(QIODevice::ReadOnly));
    const QString text = QString::fromUtf8(readme.readAll());
    QVERIFY2(text.contains(shortcutMarkdown()),
             "README.md's shortcut table differs from `slicewise --shortcuts`: paste its output there");
  }
};

QTEST_MAIN(ShortcutsDialogTest)
#include "ShortcutsDialogTest.moc"
