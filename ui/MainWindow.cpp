#include "ui/MainWindow.h"

#include <optional>
#include <set>

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QDockWidget>
#include <QDragEnterEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QSettings>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QScreen>
#include <QStatusBar>

#include "model/CtWindowPresets.h"
#include "study/Study.h"
#include "ui/DocumentController.h"
#include "ui/DocumentLoader.h"
#include "ui/MorningSummaryDialog.h"
#include "ui/RecoveryStore.h"
#include "ui/Shortcuts.h"
#include "ui/ShortcutsDialog.h"
#include "ui/StudyDocument.h"
#include "ui/ToolSettings.h"
#include "ui/ViewGrid.h"
#include "ui/panels/BrushToolPanel.h"
#include "ui/panels/FillToolPanel.h"
#include "ui/panels/LabelsPanel.h"
#include "cohort/Cohort.h"
#include "ui/panels/CohortPanel.h"
#include "ui/panels/QueuePanel.h"
#include "ui/panels/ReviewPanel.h"
#include "ui/panels/ToolHintPanel.h"
#include "ui/panels/ToolPanel.h"
#include "ui/panels/WorklistPanel.h"
#include "ui/tools/BrushTool.h"
#include "ui/tools/FillTool.h"
#include "ui/tools/PickerTool.h"
#include "ui/tools/PolygonTool.h"
#include "viewers/SliceCursor.h"
#include "viewers/SliceView.h"
#include "viewers/SurfaceView.h"

namespace slicewise {

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent) {
  setAcceptDrops(true);
  cursor_ = new SliceCursor(this);
  settings_ = new ToolSettings(this);
  controller_ = new DocumentController(this);
  grid_ = new ViewGrid(this);
  setCentralWidget(grid_);
  hoverInfo_ = new QLabel(this);
  saveState_ = new QLabel(this);
  statusBar()->addWidget(hoverInfo_, 1);
  statusBar()->addPermanentWidget(saveState_);

  for (SliceAxis axis : kAllAxes) {
    SliceView* view = grid_->slice(axis);
    connect(view, &SliceView::hovered, this, &MainWindow::showHover);
    connect(view, &SliceView::hoverLeft, hoverInfo_, &QLabel::clear);
    // One window/level for all three planes, as a radiologist expects.
    connect(view, &SliceView::windowLevelEdited, this, &MainWindow::applyWindow);
  }
  connect(controller_, &DocumentController::loaded, this, [this](std::shared_ptr<LoadedDocument> d) { adopt(*d); });
  connect(controller_, &DocumentController::message, this, [this](const QString& m) { statusBar()->showMessage(m, 8000); });
  surfaceTimer_.setSingleShot(true);
  surfaceTimer_.setInterval(400);
  connect(&surfaceTimer_, &QTimer::timeout, this, &MainWindow::rebuildSurfaces);

  buildTools();
  buildPanels();
  buildMenus();
  refreshTitle();
}

MainWindow::~MainWindow() {
  for (AnnotationTool* tool : tools_)
    if (tool) tool->setDocument(nullptr);
  for (SliceAxis axis : kAllAxes) sliceView(axis)->setTool(nullptr);
  if (document_) RecoveryStore::noteClosed(document_->folder());
}

SliceView* MainWindow::sliceView(SliceAxis axis) const { return grid_->slice(axis); }
SurfaceView* MainWindow::surfaceView() const { return grid_->surface(); }

QAction* MainWindow::action(const QString& id) const {
  auto it = actions_.find(id);
  return it == actions_.end() ? nullptr : it->second;
}

QAction* MainWindow::makeAction(const QString& id, std::function<void()> slot) {
  const ShortcutEntry& e = shortcut(id);
  auto* a = new QAction(e.text, this);
  a->setShortcuts(e.keys);
  a->setShortcutContext(Qt::WindowShortcut);
  if (slot) connect(a, &QAction::triggered, this, std::move(slot));
  actions_[id] = a;
  return a;
}

QSize MainWindow::fittingSize(const QSize& wanted, const QWidget* onScreen) {
  const QScreen* screen = onScreen && onScreen->screen() ? onScreen->screen() : QGuiApplication::primaryScreen();
  if (!screen) return wanted;
  const QSize room = screen->availableGeometry().size() * 0.92;
  return wanted.boundedTo(room);
}

void MainWindow::buildTools() {
  toolGroup_ = new QActionGroup(this);
  toolGroup_->setExclusive(true);
  tools_ = {nullptr,  // navigate: the views' own crosshair handling
            new BrushTool(BrushTool::Mode::Paint, nullptr, settings_, this),
            new BrushTool(BrushTool::Mode::Erase, nullptr, settings_, this),
            new BrushTool(BrushTool::Mode::Threshold, nullptr, settings_, this),
            new FillTool(nullptr, settings_, this),
            new PolygonTool(nullptr, settings_, this),
            new PickerTool(nullptr, settings_, this)};
  toolOptions_ = {new ToolHintPanel(tr("Click or drag to move the crosshair; the other views follow."), settings_, false),
                  new BrushToolPanel(settings_, false), new BrushToolPanel(settings_, false),
                  new BrushToolPanel(settings_, true), new FillToolPanel(settings_),
                  new ToolHintPanel(tr("Click to place vertices; Enter or a click on the first vertex fills, "
                                       "Backspace drops the last vertex, Escape cancels."), settings_, true),
                  new ToolHintPanel(tr("Click a label to make it the active label."), settings_, false)};
  const QStringList ids{"tools.navigate", "tools.brush", "tools.eraser", "tools.threshold",
                        "tools.fill", "tools.polygon", "tools.picker"};
  for (size_t i = 0; i < tools_.size(); ++i) {
    AnnotationTool* tool = tools_[i];
    QAction* a = makeAction(ids[int(i)], [this, tool] { selectTool(tool); });
    a->setCheckable(true);
    toolGroup_->addAction(a);
    if (tool) connect(tool, &AnnotationTool::message, this, [this](const QString& m) { statusBar()->showMessage(m, 6000); });
  }
  action("tools.navigate")->setChecked(true);
}

void MainWindow::buildPanels() {
  toolPanel_ = new ToolPanel(this);
  const QStringList ids{"tools.navigate", "tools.brush", "tools.eraser", "tools.threshold",
                        "tools.fill", "tools.polygon", "tools.picker"};
  for (size_t i = 0; i < toolOptions_.size(); ++i) toolPanel_->addTool(action(ids[int(i)]), toolOptions_[i]);
  labels_ = new LabelsPanel(settings_, this);
  worklist_ = new WorklistPanel(this);
  review_ = new ReviewPanel(this);
  const auto dock = [this](QWidget* w, const QString& title, Qt::DockWidgetArea area) {
    auto* d = new QDockWidget(title, this);
    d->setObjectName(title);
    d->setWidget(w);
    d->setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetFloatable);
    d->setMinimumWidth(area == Qt::RightDockWidgetArea ? 260 : 180);
    addDockWidget(area, d);
    return d;
  };
  QDockWidget* tools = dock(toolPanel_, tr("Tools"), Qt::LeftDockWidgetArea);
  QDockWidget* labelsDock = dock(labels_, tr("Labels"), Qt::RightDockWidgetArea);
  // Room for label names on the right; the tool buttons need little.
  resizeDocks({tools, labelsDock}, {200, 340}, Qt::Horizontal);
  dock(worklist_, tr("Worklist"), Qt::RightDockWidgetArea);
  QDockWidget* review = dock(review_, tr("Review"), Qt::RightDockWidgetArea);
  tabifyDockWidget(findChild<QDockWidget*>(tr("Worklist")), review);
  queue_ = new QueuePanel(this);
  tabifyDockWidget(review, dock(queue_, tr("Queue"), Qt::RightDockWidgetArea));
  cohort_ = new CohortPanel(this);
  tabifyDockWidget(review, dock(cohort_, tr("Cohort"), Qt::RightDockWidgetArea));
  connect(cohort_, &CohortPanel::openStudy, this, [this](const QString& folder) { controller_->open(folder); });
  connect(cohort_, &CohortPanel::message, this, [this](const QString& m) { statusBar()->showMessage(m, 10000); });
  connect(cohort_, &CohortPanel::queued, queue_, &QueuePanel::refresh);
  findChild<QDockWidget*>(tr("Worklist"))->raise();
  connect(worklist_, &WorklistPanel::queued, queue_, &QueuePanel::refresh);
  connect(queue_, &QueuePanel::message, this, [this](const QString& m) { statusBar()->showMessage(m, 8000); });
  connect(queue_, &QueuePanel::summaryRequested, this, [this] { showQueueSummary(); });
  // Told a job finished: its study imports the proposal now if it is the one open.
  connect(queue_, &QueuePanel::jobFinished, this, [this](const QString& studyFolder) {
    if (!document_ || QFileInfo(document_->folder()) != QFileInfo(studyFolder)) return;
    if (const int n = document_->importFinishedJobs(); n > 0) {
      statusBar()->showMessage(tr("The network's proposal arrived: review it, least certain slices first"), 15000);
      if (auto* d = findChild<QDockWidget*>(tr("Review"))) d->raise();
    }
  });
  connect(review_, &ReviewPanel::goToSlice, this, &MainWindow::goToSlice);
  connect(review_, &ReviewPanel::message, this, [this](const QString& m) { statusBar()->showMessage(m, 8000); });
  connect(labels_, &LabelsPanel::opacityChanged, this, [this](double o) {
    for (SliceAxis a : kAllAxes) sliceView(a)->setLabelOpacity(o);
  });
  connect(labels_, &LabelsPanel::message, this, [this](const QString& m) { statusBar()->showMessage(m, 6000); });
  connect(worklist_, &WorklistPanel::goToSlice, this, &MainWindow::goToSlice);
  connect(worklist_, &WorklistPanel::message, this, [this](const QString& m) { statusBar()->showMessage(m, 8000); });
  connect(worklist_, &WorklistPanel::proposalVisibilityChanged, this, [this](bool on) {
    action("view.proposal")->setChecked(on);
    for (SliceAxis a : kAllAxes) sliceView(a)->setProposalVisible(on);
  });
}

void MainWindow::buildMenus() {
  QMenu* file = menuBar()->addMenu(tr("&File"));
  file->addAction(makeAction("file.open-image", [this] { controller_->openImageDialog(); }));
  file->addAction(makeAction("file.open-dicom", [this] { controller_->openDicomDialog(); }));
  file->addAction(makeAction("file.open-study", [this] { controller_->openStudyDialog(); }));
  file->addAction(makeAction("file.open-cohort", [this] {
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Open Cohort"), cohort_->folder());
    if (!dir.isEmpty()) openCohort(dir);
  }));
  file->addAction(makeAction("cohort.next", [this] {
    if (auto* d = findChild<QDockWidget*>(tr("Cohort"))) d->raise();
    cohort_->openNextStudy();
  }));
  file->addAction(makeAction("file.query-pacs", [this] { controller_->queryPacsDialog(); }));
  file->addMenu(controller_->recentMenu());
  file->addSeparator();
  file->addAction(makeAction("file.save", [this] { controller_->save(); }));
  file->addAction(makeAction("file.save-as", [this] { controller_->saveAs(); }));
  file->addAction(makeAction("file.export-labels", [this] { controller_->exportLabels(); }));
  file->addAction(makeAction("file.export-seg", [this] { controller_->exportDicomSeg(); }));
  file->addSeparator();
  file->addAction(makeAction("file.quit", [this] { close(); }));

  QMenu* edit = menuBar()->addMenu(tr("&Edit"));
  edit->addAction(makeAction("edit.undo", [this] {
    if (document_ && document_->undoStack()) document_->undoStack()->undo();
  }));
  edit->addAction(makeAction("edit.redo", [this] {
    if (document_ && document_->undoStack()) document_->undoStack()->redo();
  }));

  QMenu* view = menuBar()->addMenu(tr("&View"));
  view->addAction(makeAction("view.maximise", [this] { grid_->toggleMaximised(); }));
  QAction* panels = makeAction("view.panels", [this] {
    for (QDockWidget* d : findChildren<QDockWidget*>()) d->setVisible(action("view.panels")->isChecked());
  });
  panels->setCheckable(true);
  panels->setChecked(true);
  view->addAction(panels);
  view->addAction(makeAction("view.zoom-in", [this] { grid_->activeSliceView()->zoomBy(1.25); }));
  view->addAction(makeAction("view.zoom-out", [this] { grid_->activeSliceView()->zoomBy(0.8); }));
  view->addAction(makeAction("view.zoom-fit", [this] {
    for (SliceAxis a : kAllAxes) sliceView(a)->resetZoom();
  }));
  view->addSeparator();
  for (const auto& [id, preset] : {std::pair{"view.window-soft", "soft tissue"}, std::pair{"view.window-lung", "lung"},
                                    std::pair{"view.window-bone", "bone"}, std::pair{"view.window-brain", "brain"}}) {
    const CtWindowPreset& window = ctWindowPreset(preset);
    view->addAction(makeAction(id, [this, window] { applyWindow({window.level, window.width}); }));
  }
  view->addAction(makeAction("view.window-auto", [this] {
    if (document_) applyWindow(WindowLevel::suggest(document_->image()));
  }));
  view->addSeparator();
  QAction* crosshair = makeAction("view.crosshair", [this] {
    crosshair_ = action("view.crosshair")->isChecked();
    for (SliceAxis a : kAllAxes) sliceView(a)->setCrosshairVisible(crosshair_);
  });
  crosshair->setCheckable(true);
  crosshair->setChecked(true);
  view->addAction(crosshair);
  QAction* proposal = makeAction("view.proposal", [this] { worklist_->setProposalVisible(action("view.proposal")->isChecked()); });
  proposal->setCheckable(true);
  proposal->setChecked(true);
  view->addAction(proposal);
  view->addAction(makeAction("view.reset-3d", [this] { surfaceView()->resetCamera(); }));
  QAction* proposal3d = makeAction("view.proposal-3d", [this] {
    proposalIn3d_ = action("view.proposal-3d")->isChecked();
    rebuildAllSurfaces();
  });
  proposal3d->setCheckable(true);
  view->addAction(proposal3d);

  QMenu* tools = menuBar()->addMenu(tr("&Tools"));
  for (QAction* a : toolGroup_->actions()) tools->addAction(a);
  tools->addSeparator();
  tools->addAction(makeAction("tools.brush-bigger", [this] { settings_->setBrushDiameterMm(settings_->brushDiameterMm() * 1.25); }));
  tools->addAction(makeAction("tools.brush-smaller", [this] { settings_->setBrushDiameterMm(settings_->brushDiameterMm() / 1.25); }));
  tools->addAction(makeAction("tools.overwrite", [this] {
    const OverwriteRule r = settings_->overwrite();
    settings_->setOverwrite(r.mode == OverwriteRule::Mode::All ? OverwriteRule::unlabelled() : OverwriteRule::all());
    statusBar()->showMessage(settings_->overwrite().mode == OverwriteRule::Mode::All ? tr("Paint over everything")
                                                                                    : tr("Paint unlabelled voxels only"), 4000);
  }));

  QMenu* labels = menuBar()->addMenu(tr("&Labels"));
  labels->addAction(makeAction("labels.next", [this] { labels_->cycleActive(1); }));
  labels->addAction(makeAction("labels.previous", [this] { labels_->cycleActive(-1); }));
  labels->addAction(makeAction("labels.add", [this] { labels_->addLabel(); }));
  labels->addAction(makeAction("labels.lock", [this] { labels_->toggleActiveLocked(); }));
  labels->addAction(makeAction("labels.hide", [this] { labels_->toggleActiveVisible(); }));

  QMenu* work = menuBar()->addMenu(tr("&Worklist"));
  work->addAction(makeAction("worklist.next", [this] { nextSlice(); }));
  work->addAction(makeAction("worklist.done", [this] { markCurrentSlice(AnnotationState::Done); }));
  work->addAction(makeAction("worklist.empty", [this] { markCurrentSlice(AnnotationState::EmptyHere); }));
  work->addAction(makeAction("worklist.build", [this] { worklist_->buildWorklist(); }));
  work->addAction(makeAction("worklist.predict", [this] { worklist_->predict(); }));
  work->addAction(makeAction("worklist.queue-now", [this] { worklist_->queueNetwork(QueueWhen::Now); }));
  work->addAction(makeAction("worklist.queue-tonight", [this] { worklist_->queueNetwork(QueueWhen::Tonight); }));
  work->addAction(makeAction("worklist.finished", [this] { showQueueSummary(); }));

  QMenu* review = menuBar()->addMenu(tr("&Review"));
  const auto showReview = [this] {
    if (auto* d = findChild<QDockWidget*>(tr("Review"))) d->raise();
  };
  review->addAction(makeAction("review.accept", [this, showReview] { showReview(); review_->accept(); }));
  review->addAction(makeAction("review.correct", [this, showReview] { showReview(); review_->markCorrected(); }));
  review->addAction(makeAction("review.reject", [this, showReview] { showReview(); review_->reject(); }));
  review->addAction(makeAction("review.next", [this, showReview] { showReview(); review_->next(); }));
  review->addAction(makeAction("review.previous", [this, showReview] { showReview(); review_->previous(); }));
  review->addAction(makeAction("review.accept-above", [this] { review_->acceptAbove(); }));
  review->addAction(makeAction("review.suggest", [this] { review_->suggest(); }));
  review->addAction(makeAction("review.report", [this] { controller_->exportReviewReport(); }));

  QMenu* help = menuBar()->addMenu(tr("&Help"));
  help->addAction(makeAction("help.shortcuts", [this] { showShortcuts(); }));
  help->addAction(makeAction("help.about", [this] {
    QMessageBox::about(this, tr("About Slicewise"),
                       tr("<b>Slicewise %1</b><p>Segment a CT or MRI volume by annotating a few slices: the "
                          "worklist picks them, predictors fill in the rest, you review.</p><p>After Payer et "
                          "al., J. Med. Imaging 10(4) 044007, 2023.</p>").arg(QApplication::applicationVersion()));
  }));
}

void MainWindow::selectTool(AnnotationTool* tool) {
  if (activeTool_) activeTool_->cancel();
  activeTool_ = tool;
  for (SliceAxis a : kAllAxes) sliceView(a)->setTool(tool);
  statusBar()->showMessage(tool ? tool->name() : tr("Navigate"), 2000);
}

void MainWindow::adopt(LoadedDocument& loaded) {
  for (const QString& w : loaded.warnings) statusBar()->showMessage(w, 10000);
  setDocument(std::make_unique<StudyDocument>(std::move(loaded.study), std::move(loaded.image), loaded.origin));
}

void MainWindow::setDocument(std::unique_ptr<StudyDocument> document) {
  // Everything that points into the old document lets go before it closes.
  worklist_->setDocument(nullptr);
  labels_->setDocument(nullptr);
  review_->setDocument(nullptr);
  for (AnnotationTool* tool : tools_)
    if (tool) tool->setDocument(nullptr);
  if (document_) {
    RecoveryStore::noteClosed(document_->folder());
    document_.reset();
    refreshLayers();
  }
  document_ = std::move(document);
  for (AnnotationTool* tool : tools_)
    if (tool) tool->setDocument(document_.get());
  controller_->setDocument(document_.get());
  StudyDocument* doc = document_.get();
  cohort_->setOpenStudy(doc ? doc->folder() : QString());
  if (doc) {
    cursor_->setGeometry(doc->geometry());
    window_ = WindowLevel::suggest(doc->image());
    RecoveryStore::noteOpen(doc->folder(), doc->title());
    connect(doc, &StudyDocument::changed, this, &MainWindow::onChanged);
    connect(doc, &StudyDocument::labelTableChanged, this, [this] {
      for (SliceAxis a : kAllAxes) sliceView(a)->labelsChanged();
      surfaceView()->setLabelTable(document_->annotation().table);
    });
    connect(doc, &StudyDocument::proposalChanged, this, [this] {
      refreshLayers();
      if (proposalIn3d_) {
        surfacesWhole_ = true;
        surfaceTimer_.start();
      }
    });
    connect(doc, &StudyDocument::saveStateChanged, this, &MainWindow::refreshTitle);
    connect(doc, &StudyDocument::autosaveFailed, this, [this](const QString& m) {
      statusBar()->showMessage(tr("Autosave failed: %1 (your edits are kept; they are saved again)").arg(m), 15000);
    });
    if (UndoStack* undo = doc->undoStack())
      connect(undo, &UndoStack::changed, this, [this] {
        UndoStack* s = document_->undoStack();
        action("edit.undo")->setEnabled(s->canUndo());
        action("edit.redo")->setEnabled(s->canRedo());
        action("edit.undo")->setText(s->canUndo() ? tr("&Undo %1").arg(s->undoText()) : tr("&Undo"));
        action("edit.redo")->setText(s->canRedo() ? tr("&Redo %1").arg(s->redoText()) : tr("&Redo"));
      });
  }
  for (QAction* a : {action("edit.undo"), action("edit.redo")}) a->setEnabled(false);
  refreshLayers();
  labels_->setDocument(doc);
  worklist_->setDocument(doc);
  review_->setDocument(doc);
  for (QWidget* options : toolOptions_) {
    if (auto* b = qobject_cast<BrushToolPanel*>(options)) b->setDocument(doc);
    if (auto* f = qobject_cast<FillToolPanel*>(options)) f->setDocument(doc);
    if (auto* h = qobject_cast<ToolHintPanel*>(options)) h->setDocument(doc);
  }
  for (SliceAxis a : kAllAxes) sliceView(a)->setLabelOpacity(labels_->opacity());
  rebuildAllSurfaces();
  refreshTitle();
  grid_->slice(SliceAxis::Axial)->setFocus();
}

void MainWindow::refreshLayers() {
  SliceLayers layers;
  if (document_) {
    layers.image = &document_->image();
    layers.labels = &document_->annotation().labels;
    layers.table = &document_->annotation().table;
    layers.marks = &document_->annotation().marks;
    layers.proposal = document_->proposal() ? &document_->proposal()->labels : nullptr;
    layers.window = window_;
    layers.labelOpacity = labels_ ? labels_->opacity() : 0.5;
    layers.showProposal = worklist_ ? worklist_->proposalVisible() : true;
  }
  for (SliceAxis a : kAllAxes) {
    const Index3 keep = cursor_->position();
    sliceView(a)->setLayers(layers, cursor_);
    cursor_->setPosition(keep);
  }
}

void MainWindow::onChanged(const ChangeSet& change) {
  for (SliceAxis a : kAllAxes) sliceView(a)->labelsChanged(change);
  if (change.hasVoxels()) {
    pendingSurfaces_.merge(change);
    surfaceTimer_.start();  // a moment after the stroke, not per stamp
  }
}

void MainWindow::rebuildSurfaces() {
  if (!document_) return;
  // Not while a stroke is still being painted: after it.
  if (QApplication::mouseButtons() & Qt::LeftButton) return surfaceTimer_.start();
  const Annotation& a = document_->annotation();
  const bool withProposal = proposalIn3d_ && document_->proposal();
  // Everything: what a person drew or accepted, and the proposal where nobody labelled yet.
  std::optional<LabelVolume> merged;
  if (withProposal) {
    merged = a.labels;
    const std::vector<Label>& p = document_->proposal()->labels.data();
    for (size_t i = 0; i < p.size(); ++i)
      if (merged->data()[i] == 0) merged->data()[i] = p[i];
  }
  const LabelVolume& shown = merged ? *merged : a.labels;
  // Only the labels an edit touched, inside its box, are rebuilt (in the background); a new
  // document or proposal rebuilds every label shown before or present now.
  std::set<Label> changed;
  VoxelBox region;
  if (surfacesWhole_ || withProposal) {
    changed = surfaceLabels_;
    for (const auto& [id, count] : shown.labelCounts()) changed.insert(id);
  } else {
    changed.insert(pendingSurfaces_.labels.begin(), pendingSurfaces_.labels.end());
    region = {pendingSurfaces_.first, pendingSurfaces_.last};
  }
  changed.erase(0);
  for (Label l : changed) surfaceLabels_.insert(l);
  pendingSurfaces_ = {};
  surfacesWhole_ = false;
  if (!changed.empty())
    surfaceView()->updateLabels(shown, a.table, std::vector<Label>(changed.begin(), changed.end()), region);
}

bool MainWindow::openCohort(const QString& folder) {
  if (!cohort_->openCohort(folder)) return false;
  QSettings().setValue(QStringLiteral("cohort/last"), folder);
  if (auto* d = findChild<QDockWidget*>(tr("Cohort"))) d->raise();
  return true;
}

void MainWindow::rebuildAllSurfaces() {
  surfacesWhole_ = true;
  rebuildSurfaces();
}

void MainWindow::showQueueSummary(bool onlyIfAny) {
  int64_t since = 0;
  const std::vector<QueueJob> finished = MorningSummaryDialog::unseenFinishedJobs(&since);
  if (onlyIfAny && finished.empty()) return;
  MorningSummaryDialog summary(finished, since, this);
  if (!cohort_->folder().isEmpty()) {
    cohort_->refresh(true);
    summary.addCohort(QFileInfo(cohort_->folder()).fileName(), cohort_->studies(), cohort_->summaryLine());
  }
  connect(&summary, &MorningSummaryDialog::openStudy, this, [this](const QString& folder) {
    if (Cohort::isCohort(folder.toStdString())) {  // a cohort model finished: show its cohort
      openCohort(folder);
      return;
    }
    controller_->open(folder);
    if (auto* d = findChild<QDockWidget*>(tr("Review"))) d->raise();
  });
  summary.exec();
  MorningSummaryDialog::markSeen();
}

void MainWindow::refreshTitle() {
  QString state;
  if (!document_) {
    setWindowTitle(QStringLiteral("Slicewise"));
  } else {
    setWindowTitle(QStringLiteral("Slicewise \u2014 %1[*]").arg(document_->title()));
    setWindowModified(document_->hasUnsavedChanges());
    if (document_->isReadOnly()) state = tr("Read-only");
    else if (document_->isUnnamed()) state = document_->hasUnsavedChanges() ? tr("Not saved as a study yet (autosaved)") : QString();
    else state = document_->hasUnsavedChanges() ? tr("Saving\u2026") : tr("Saved");
  }
  saveState_->setText(state);
  for (const char* id : {"file.save", "file.save-as", "file.export-labels", "file.export-seg"})
    if (QAction* a = action(id)) a->setEnabled(document_ != nullptr);
}

QString MainWindow::statusText() const { return hoverInfo_->text(); }

void MainWindow::showHover(const Index3& v) {
  if (!document_) return;
  const ImageGeometry& g = document_->geometry();
  const Vec3 mm = g.indexToPhysical({double(v[0]), double(v[1]), double(v[2])});
  QString text = QStringLiteral("(%1, %2, %3) mm LPS   voxel (%4, %5, %6)   value %7")
                     .arg(mm[0], 0, 'f', 1).arg(mm[1], 0, 'f', 1).arg(mm[2], 0, 'f', 1)
                     .arg(v[0]).arg(v[1]).arg(v[2])
                     .arg(document_->image().valueAt(v[0], v[1], v[2]), 0, 'g', 6);
  const Label l = document_->annotation().labels.at(v[0], v[1], v[2]);
  if (l != 0) text += QStringLiteral("   %1").arg(QString::fromStdString(document_->annotation().table.infoOrDefault(l).name));
  if (const Proposal* p = document_->proposal(); p && l == 0) {
    const Label q = p->labels.at(v[0], v[1], v[2]);
    const SlicePlane plane = slicePlane(g, p->axis);
    const int64_t s = v[size_t(plane.normalDim)];
    if (q != 0 && size_t(s) < p->sliceConfidence.size())
      text += tr("   proposed %1 (%2, confidence %3)")
                  .arg(QString::fromStdString(document_->annotation().table.infoOrDefault(q).name),
                       QString::fromStdString(p->predictor))
                  .arg(p->sliceConfidence[size_t(s)], 0, 'f', 2);
  }
  hoverInfo_->setText(text);
}

void MainWindow::applyWindow(const WindowLevel& window) {
  window_ = window;
  for (SliceAxis a : kAllAxes) sliceView(a)->setWindowLevel(window);
}

void MainWindow::goToSlice(SliceAxis axis, int64_t index) {
  SliceView* view = sliceView(axis);
  view->setSliceIndex(index);
  grid_->setActive(view);
  view->setFocus();
}

void MainWindow::nextSlice() {
  const auto next = worklist_->nextToAnnotate();
  if (!next) {
    statusBar()->showMessage(worklist_->progressText().isEmpty() ? tr("No worklist") : tr("Every worklist slice is annotated"), 5000);
    return;
  }
  goToSlice(worklist_->axis(), *next);
  statusBar()->showMessage(tr("Slice %1: %2").arg(*next).arg(worklist_->progressText()), 4000);
}

void MainWindow::markCurrentSlice(AnnotationState state) {
  if (!document_ || document_->isReadOnly()) return;
  SliceView* view = grid_->activeSliceView();
  try {
    document_->record(document_->editor().setAnnotationState(view->axis(), view->sliceIndex(), state));
    statusBar()->showMessage(tr("%1 slice %2: %3").arg(QString::fromLatin1(axisName(view->axis()).data()))
                                 .arg(view->sliceIndex())
                                 .arg(QString::fromLatin1(annotationStateName(state).data())), 4000);
  } catch (const EditError& e) {
    statusBar()->showMessage(QString::fromStdString(e.what()), 6000);
  }
}

void MainWindow::showShortcuts() {
  ShortcutsDialog dialog(this);
  dialog.exec();
}

void MainWindow::closeEvent(QCloseEvent* event) {
  if (!controller_->confirmClose()) return event->ignore();
  setDocument(nullptr);
  event->accept();
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event) {
  if (event->mimeData()->hasUrls()) event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* event) {
  const QList<QUrl> urls = event->mimeData()->urls();
  if (urls.isEmpty() || !urls.first().isLocalFile()) return;
  controller_->open(urls.first().toLocalFile());
  event->acceptProposedAction();
}

}  // namespace slicewise
