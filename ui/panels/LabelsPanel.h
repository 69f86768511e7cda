#pragma once

#include <QTimer>
#include <QWidget>
#include <map>

#include "model/LabelTable.h"

class QSlider;
class QTableWidget;
class QPushButton;

namespace slicewise {

class StudyDocument;
class ToolSettings;

// The label legend and editor: colour, name, visibility, lock, voxel count and volume (mL) of
// every label; the selected row is the active label. Renaming, recolouring, locking, adding and
// deleting are edits of the document (undoable). The slider sets how opaque labels are drawn.
class LabelsPanel : public QWidget {
  Q_OBJECT

 public:
  LabelsPanel(ToolSettings* settings, QWidget* parent = nullptr);
  void setDocument(StudyDocument* document);

  QTableWidget* table() const { return table_; }
  double opacity() const;
  // The next / previous label of the table becomes active.
  void cycleActive(int step);
  // Adds a label with the first free id; it becomes active.
  void addLabel();
  void deleteActive();
  void toggleActiveLocked();
  void toggleActiveVisible();
  // Voxel counts as shown (refreshed a moment after edits).
  std::map<Label, uint64_t> shownCounts() const { return counts_; }

 Q_SIGNALS:
  void opacityChanged(double opacity);
  void message(const QString& text);

 private:
  void rebuild();
  void recount();
  void selectActive();
  void cellChanged(int row, int column);
  void cellDoubleClicked(int row, int column);
  void apply(const LabelInfo& info);
  Label labelAt(int row) const;

  ToolSettings* settings_;
  StudyDocument* document_ = nullptr;
  QTableWidget* table_;
  QSlider* opacity_;
  QPushButton* add_;
  QPushButton* remove_;
  QTimer recountTimer_;
  std::map<Label, uint64_t> counts_;
  bool rebuilding_ = false;
};

}  // namespace slicewise
