#pragma once

#include <QMainWindow>
#include <array>

#include "ui/OpenedCase.h"

namespace slicewise {

class SliceCursor;
class SliceView;
class SurfaceView;

// Axial, coronal and sagittal slices plus the 3D label surfaces in a 2x2 grid, sharing one
// cursor. It owns the opened case; the views only borrow it.
class MainWindow : public QMainWindow {
  Q_OBJECT

 public:
  explicit MainWindow(OpenedCase opened, QWidget* parent = nullptr);
  ~MainWindow() override;

  SliceView* sliceView(SliceAxis axis) const { return slices_[size_t(axis)]; }
  SurfaceView* surfaceView() const { return surface_; }
  SliceCursor* cursor() const { return cursor_; }
  const OpenedCase& openedCase() const { return case_; }

 private:
  void showCursorInfo();

  OpenedCase case_;
  SliceCursor* cursor_ = nullptr;
  std::array<SliceView*, 3> slices_{};
  SurfaceView* surface_ = nullptr;
};

}  // namespace slicewise
