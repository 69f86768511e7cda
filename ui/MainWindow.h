#pragma once

#include <QMainWindow>
#include <QTimer>
#include <functional>
#include <map>
#include <set>
#include <memory>
#include <vector>

#include "model/ChangeSet.h"
#include "model/SliceMarks.h"
#include "viewers/WindowLevel.h"

class QAction;
class QActionGroup;
class QDockWidget;
class QLabel;

namespace slicewise {

class AnnotationTool;
class DocumentController;
class LabelsPanel;
class ReviewPanel;
class SliceCursor;
class SliceView;
class StudyDocument;
class SurfaceView;
class ToolPanel;
class ToolSettings;
class ViewGrid;
class WorklistPanel;
class QueuePanel;
class CohortPanel;
struct LoadedDocument;

// The annotation workstation: the four views, the Tools, Labels and Worklist panels, menus in
// which every command has a key (Help > Keyboard Shortcuts), and the status bar with the value,
// label and position under the mouse. It shows one document at a time and wires it to the views
// and panels; the document does the editing, the views draw, the tools handle the mouse.
class MainWindow : public QMainWindow {
  Q_OBJECT

 public:
  explicit MainWindow(QWidget* parent = nullptr);
  ~MainWindow() override;

  // Shows a loaded document (the previous one closes without asking: ask first with
  // controller()->confirmClose()).
  void setDocument(std::unique_ptr<StudyDocument> document);
  void adopt(LoadedDocument& loaded);
  StudyDocument* document() const { return document_.get(); }

  SliceView* sliceView(SliceAxis axis) const;
  SurfaceView* surfaceView() const;
  ViewGrid* views() const { return grid_; }
  SliceCursor* cursor() const { return cursor_; }
  ToolSettings* toolSettings() const { return settings_; }
  LabelsPanel* labelsPanel() const { return labels_; }
  WorklistPanel* worklistPanel() const { return worklist_; }
  ReviewPanel* reviewPanel() const { return review_; }
  QueuePanel* queuePanel() const { return queue_; }
  CohortPanel* cohortPanel() const { return cohort_; }
  // Opens a cohort folder in the cohort panel (and remembers it for the next start).
  bool openCohort(const QString& folder);
  // The queue's jobs finished since the user last looked, per study; opening one opens its study
  // for review. `onlyIfAny`: stay quiet when nothing finished (at start).
  void showQueueSummary(bool onlyIfAny = false);
  DocumentController* controller() const { return controller_; }
  QAction* action(const QString& id) const;
  AnnotationTool* activeTool() const { return activeTool_; }
  QString statusText() const;
  // A window size that fits the screen's available area at any display scale.
  static QSize fittingSize(const QSize& wanted, const QWidget* onScreen);

 protected:
  void closeEvent(QCloseEvent* event) override;
  void dragEnterEvent(QDragEnterEvent* event) override;
  void dropEvent(QDropEvent* event) override;

 private:
  QAction* makeAction(const QString& id, std::function<void()> slot);
  void buildMenus();
  void buildTools();
  void buildPanels();
  void selectTool(AnnotationTool* tool);
  void onChanged(const ChangeSet& change);
  void refreshLayers();
  void refreshTitle();
  void showHover(const Index3& voxel);
  void applyWindow(const WindowLevel& window);
  void goToSlice(SliceAxis axis, int64_t index);
  void markCurrentSlice(AnnotationState state);
  void nextSlice();
  void rebuildSurfaces();
  void rebuildAllSurfaces();
  void showShortcuts();

  std::unique_ptr<StudyDocument> document_;
  ViewGrid* grid_;
  SliceCursor* cursor_;
  ToolSettings* settings_;
  DocumentController* controller_;
  ToolPanel* toolPanel_ = nullptr;
  LabelsPanel* labels_ = nullptr;
  WorklistPanel* worklist_ = nullptr;
  ReviewPanel* review_ = nullptr;
  QueuePanel* queue_ = nullptr;
  CohortPanel* cohort_ = nullptr;
  QLabel* hoverInfo_;
  QLabel* saveState_;
  std::map<QString, QAction*> actions_;
  std::vector<AnnotationTool*> tools_;
  std::vector<QWidget*> toolOptions_;
  QActionGroup* toolGroup_ = nullptr;
  AnnotationTool* activeTool_ = nullptr;
  QTimer surfaceTimer_;
  ChangeSet pendingSurfaces_;       // edits since the 3D view last rebuilt
  bool surfacesWhole_ = true;       // a new document or proposal: every label
  std::set<Label> surfaceLabels_;   // labels the 3D view was given, so erased ones are rebuilt empty
  WindowLevel window_;
  bool crosshair_ = true;
  bool proposalIn3d_ = false;
};

}  // namespace slicewise
