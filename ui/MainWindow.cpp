#include "ui/MainWindow.h"

#include <QGridLayout>
#include <QLabel>
#include <QStatusBar>

#include "viewers/SliceCursor.h"
#include "viewers/SliceView.h"
#include "viewers/SurfaceView.h"
#include "viewers/WindowLevel.h"

namespace slicewise {

MainWindow::MainWindow(OpenedCase opened, QWidget* parent)
    : QMainWindow(parent), case_(std::move(opened)) {
  setWindowTitle(QStringLiteral("Slicewise \u2014 %1").arg(case_.title));
  cursor_ = new SliceCursor(this);

  SliceLayers layers;
  layers.image = &case_.image;
  layers.labels = &case_.labels;
  layers.table = &case_.table;
  layers.window = WindowLevel::suggest(case_.image);

  auto* central = new QWidget(this);
  auto* grid = new QGridLayout(central);
  grid->setContentsMargins(2, 2, 2, 2);
  grid->setSpacing(2);
  for (SliceAxis axis : kAllAxes) {
    auto* view = new SliceView(axis, central);
    view->setLayers(layers, cursor_);
    slices_[size_t(axis)] = view;
  }
  surface_ = new SurfaceView(central);
  grid->addWidget(slices_[size_t(SliceAxis::Axial)], 0, 0);
  grid->addWidget(slices_[size_t(SliceAxis::Coronal)], 0, 1);
  grid->addWidget(slices_[size_t(SliceAxis::Sagittal)], 1, 0);
  grid->addWidget(surface_, 1, 1);
  grid->setRowStretch(0, 1);
  grid->setRowStretch(1, 1);
  grid->setColumnStretch(0, 1);
  grid->setColumnStretch(1, 1);
  setCentralWidget(central);

  cursor_->setGeometry(case_.image.geometry());
  surface_->setLabels(case_.labels, case_.table);

  connect(cursor_, &SliceCursor::positionChanged, this, &MainWindow::showCursorInfo);
  // One window/level for all three planes, as a radiologist expects.
  for (SliceView* source : slices_)
    connect(source, &SliceView::windowLevelEdited, this, [this, source](const WindowLevel& w) {
      for (SliceView* view : slices_)
        if (view != source) view->setWindowLevel(w);
    });
  statusBar()->showMessage(QString::fromStdString(case_.image.geometry().describe()));
  slices_[size_t(SliceAxis::Axial)]->setFocus();
}

MainWindow::~MainWindow() = default;

void MainWindow::showCursorInfo() {
  const Index3& p = cursor_->position();
  const double value = case_.image.valueAt(p[0], p[1], p[2]);
  QString text = QStringLiteral("voxel (%1, %2, %3)  value %4")
                     .arg(p[0])
                     .arg(p[1])
                     .arg(p[2])
                     .arg(value, 0, 'g', 5);
  if (!case_.labels.empty()) {
    const Label l = case_.labels.at(p[0], p[1], p[2]);
    if (l != 0)
      text += QStringLiteral("  label %1 %2").arg(l).arg(
          QString::fromStdString(case_.table.infoOrDefault(l).name));
  }
  statusBar()->showMessage(text);
}

}  // namespace slicewise
