#pragma once

#include <QWidget>
#include <array>

#include "model/SliceAxis.h"

class QGridLayout;

namespace slicewise {

class SliceView;
class SurfaceView;

// The four views in a 2 x 2 grid (axial, coronal / sagittal, 3D); the view the person works in
// can fill the grid and come back (View > Maximise).
class ViewGrid : public QWidget {
  Q_OBJECT

 public:
  explicit ViewGrid(QWidget* parent = nullptr);

  SliceView* slice(SliceAxis axis) const { return slices_[size_t(axis)]; }
  SurfaceView* surface() const { return surface_; }
  // The view last worked in (a slice view or the 3D view).
  QWidget* activeView() const { return active_; }
  // The active slice view, or the axial one while the 3D view is active.
  SliceView* activeSliceView() const;
  void setActive(QWidget* view);
  void toggleMaximised();
  bool maximised() const { return maximised_; }

 Q_SIGNALS:
  void activeChanged(QWidget* view);

 private:
  void arrange();

  QGridLayout* grid_;
  std::array<SliceView*, 3> slices_{};
  SurfaceView* surface_;
  QWidget* active_;
  bool maximised_ = false;
};

}  // namespace slicewise
