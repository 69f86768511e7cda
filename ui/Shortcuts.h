#pragma once

#include <QKeySequence>
#include <QList>
#include <QString>
#include <vector>

namespace slicewise {

// Every command of the workstation with its keys, in one table: the main window makes its
// actions from it, Help > Shortcuts shows it, and `slicewise --shortcuts` prints it for the
// README, so the three can never disagree.
struct ShortcutEntry {
  QString id;     // "file.open-image"
  QString group;  // menu: File, Edit, View, Tools, Labels, Worklist, Help
  QString text;   // menu text, with & for the mnemonic
  QList<QKeySequence> keys;
};

const std::vector<ShortcutEntry>& shortcutTable();
const ShortcutEntry& shortcut(const QString& id);
// Mouse gestures of the slice views, which are no menu commands: {gesture, what it does}.
const std::vector<std::pair<QString, QString>>& mouseGestures();
// The whole table as Markdown (keys as printed on a PC keyboard).
QString shortcutMarkdown();

}  // namespace slicewise
