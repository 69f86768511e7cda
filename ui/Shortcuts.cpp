#include "ui/Shortcuts.h"

#include <QObject>
#include <stdexcept>

namespace slicewise {

namespace {

QKeySequence k(const char* s) { return QKeySequence(QString::fromLatin1(s)); }

}  // namespace

const std::vector<ShortcutEntry>& shortcutTable() {
  static const std::vector<ShortcutEntry> table{
      {"file.open-image", "File", QObject::tr("&Open Image\u2026"), {k("Ctrl+O")}},
      {"file.open-dicom", "File", QObject::tr("Open &DICOM Folder\u2026"), {k("Ctrl+Shift+O")}},
      {"file.open-study", "File", QObject::tr("Open S&tudy\u2026"), {k("Ctrl+Alt+O")}},
      {"file.open-cohort", "File", QObject::tr("Open &Cohort\u2026"), {k("Ctrl+Alt+C")}},
      {"cohort.next", "File", QObject::tr("Ne&xt Study in the Cohort"), {k("Ctrl+Alt+N")}},
      {"file.query-pacs", "File", QObject::tr("&Query PACS\u2026"), {k("Ctrl+Shift+F")}},
      {"file.save", "File", QObject::tr("&Save"), {k("Ctrl+S")}},
      {"file.save-as", "File", QObject::tr("Save &As Study\u2026"), {k("Ctrl+Shift+S")}},
      {"file.export-labels", "File", QObject::tr("&Export Labels\u2026"), {k("Ctrl+E")}},
      {"file.export-seg", "File", QObject::tr("Export DICOM SE&G\u2026"), {k("Ctrl+Shift+E")}},
      {"file.quit", "File", QObject::tr("&Quit"), {k("Ctrl+Q")}},
      {"edit.undo", "Edit", QObject::tr("&Undo"), {k("Ctrl+Z")}},
      {"edit.redo", "Edit", QObject::tr("&Redo"), {k("Ctrl+Y"), k("Ctrl+Shift+Z")}},
      {"view.maximise", "View", QObject::tr("&Maximise or Restore the Active View"), {k("F")}},
      {"view.panels", "View", QObject::tr("Show P&anels"), {k("F11")}},
      {"view.zoom-in", "View", QObject::tr("Zoom &In"), {k("+"), k("=")}},
      {"view.zoom-out", "View", QObject::tr("Zoom &Out"), {k("-")}},
      {"view.zoom-fit", "View", QObject::tr("&Fit to View"), {k("Ctrl+0")}},
      {"view.window-soft", "View", QObject::tr("Window: CT Soft Tissue (W 400 L 40)"), {k("Ctrl+1")}},
      {"view.window-lung", "View", QObject::tr("Window: CT Lung (W 1500 L -600)"), {k("Ctrl+2")}},
      {"view.window-bone", "View", QObject::tr("Window: CT Bone (W 2000 L 400)"), {k("Ctrl+3")}},
      {"view.window-brain", "View", QObject::tr("Window: CT Brain (W 80 L 40)"), {k("Ctrl+4")}},
      {"view.window-auto", "View", QObject::tr("Window: Reset (CT soft tissue, MRI from percentiles)"), {k("Ctrl+5")}},
      {"view.crosshair", "View", QObject::tr("Show &Crosshair"), {k("C")}},
      {"view.proposal", "View", QObject::tr("Show &Proposal"), {k("Shift+P")}},
      {"view.reset-3d", "View", QObject::tr("Reset 3D &Camera"), {k("Home")}},
      {"view.proposal-3d", "View", QObject::tr("Proposal in the 3D View too"), {k("Alt+P")}},
      {"tools.navigate", "Tools", QObject::tr("&Navigate"), {k("1")}},
      {"tools.brush", "Tools", QObject::tr("&Brush"), {k("2")}},
      {"tools.eraser", "Tools", QObject::tr("&Eraser"), {k("3")}},
      {"tools.threshold", "Tools", QObject::tr("&Threshold Brush"), {k("4")}},
      {"tools.fill", "Tools", QObject::tr("&Fill"), {k("5")}},
      {"tools.polygon", "Tools", QObject::tr("&Polygon"), {k("6")}},
      {"tools.picker", "Tools", QObject::tr("P&icker"), {k("7")}},
      {"tools.brush-bigger", "Tools", QObject::tr("Brush Bigger"), {k("]")}},
      {"tools.brush-smaller", "Tools", QObject::tr("Brush Smaller"), {k("[")}},
      {"tools.overwrite", "Tools", QObject::tr("Next &Overwrite Mode"), {k("O")}},
      {"labels.next", "Labels", QObject::tr("&Next Label"), {k(".")}},
      {"labels.previous", "Labels", QObject::tr("&Previous Label"), {k(",")}},
      {"labels.add", "Labels", QObject::tr("&Add Label"), {k("Ctrl+L")}},
      {"labels.lock", "Labels", QObject::tr("&Lock or Unlock the Active Label"), {k("L")}},
      {"labels.hide", "Labels", QObject::tr("&Hide or Show the Active Label"), {k("H")}},
      {"worklist.next", "Worklist", QObject::tr("&Next Slice to Annotate"), {k("N"), k("Space")}},
      {"worklist.done", "Worklist", QObject::tr("Mark Slice &Done"), {k("D")}},
      {"worklist.empty", "Worklist", QObject::tr("Mark Slice &Empty Here"), {k("E")}},
      {"worklist.build", "Worklist", QObject::tr("&Build Worklist"), {k("Ctrl+B")}},
      {"worklist.predict", "Worklist", QObject::tr("&Predict the Other Slices"), {k("P")}},
      {"worklist.queue-now", "Worklist", QObject::tr("Predict with the Network &Now (Queue)"), {k("Ctrl+Shift+P")}},
      {"worklist.queue-tonight", "Worklist", QObject::tr("Predict with the Network &Tonight (Queue)"), {k("Ctrl+Alt+P")}},
      {"worklist.finished", "Worklist", QObject::tr("&Finished in the Queue\u2026"), {}},
      {"review.accept", "Review", QObject::tr("&Accept the Slice"), {k("A")}},
      {"review.correct", "Review", QObject::tr("Mark the Slice &Corrected"), {k("Shift+A")}},
      {"review.reject", "Review", QObject::tr("&Reject the Slice (back to the worklist)"), {k("X")}},
      {"review.next", "Review", QObject::tr("&Next Slice to Review"), {k("J")}},
      {"review.previous", "Review", QObject::tr("&Previous Slice to Review"), {k("K")}},
      {"review.accept-above", "Review", QObject::tr("Accept All Above the &Confidence"), {k("Ctrl+Shift+A")}},
      {"review.suggest", "Review", QObject::tr("&Suggest More Slices to Annotate"), {k("Ctrl+G")}},
      {"review.report", "Review", QObject::tr("Export Review &Report\u2026"), {k("Ctrl+Shift+R")}},
      {"help.shortcuts", "Help", QObject::tr("&Keyboard Shortcuts"), {k("F1")}},
      {"help.about", "Help", QObject::tr("&About Slicewise"), {}},
  };
  return table;
}

const ShortcutEntry& shortcut(const QString& id) {
  for (const ShortcutEntry& e : shortcutTable())
    if (e.id == id) return e;
  throw std::logic_error("no shortcut entry " + id.toStdString());
}

const std::vector<std::pair<QString, QString>>& mouseGestures() {
  static const std::vector<std::pair<QString, QString>> gestures{
      {QObject::tr("Wheel, Up/Down, PageUp/PageDown"), QObject::tr("Scroll slices")},
      {QObject::tr("Left click or drag (Navigate)"), QObject::tr("Move the crosshair; the other views follow")},
      {QObject::tr("Left drag (Brush, Eraser, Threshold)"), QObject::tr("Paint one stroke (one undo step); Escape abandons it")},
      {QObject::tr("Shift+wheel"), QObject::tr("Brush size")},
      {QObject::tr("Ctrl+wheel"), QObject::tr("Zoom about the mouse")},
      {QObject::tr("Middle drag"), QObject::tr("Pan")},
      {QObject::tr("Right drag"), QObject::tr("Window (left/right) and level (up/down)")},
      {QObject::tr("Enter, Backspace, Escape (Polygon)"), QObject::tr("Fill the outline, drop the last vertex, cancel")},
  };
  return gestures;
}

QString shortcutMarkdown() {
  QString out = QStringLiteral("| menu | command | keys |\n| --- | --- | --- |\n");
  for (const ShortcutEntry& e : shortcutTable()) {
    QStringList keys;
    for (const QKeySequence& s : e.keys) keys << QStringLiteral("`%1`").arg(s.toString(QKeySequence::PortableText));
    QString text = e.text;
    text.remove(QLatin1Char('&')).replace(QStringLiteral("\u2026"), QStringLiteral("..."));
    out += QStringLiteral("| %1 | %2 | %3 |\n").arg(e.group, text, keys.join(QStringLiteral(", ")));
  }
  out += QStringLiteral("\n| in a slice view | does |\n| --- | --- |\n");
  for (const auto& [gesture, what] : mouseGestures()) out += QStringLiteral("| %1 | %2 |\n").arg(gesture, what);
  return out;
}

}  // namespace slicewise
