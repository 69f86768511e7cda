#include "ui/ViewGrid.h"

#include <QGridLayout>

#include "viewers/SliceView.h"
#include "viewers/SurfaceView.h"

namespace slicewise {

ViewGrid::ViewGrid(QWidget* parent) : QWidget(parent) {
  grid_ = new QGridLayout(this);
  grid_->setContentsMargins(2, 2, 2, 2);
  grid_->setSpacing(2);
  for (SliceAxis axis : kAllAxes) {
    slices_[size_t(axis)] = new SliceView(axis, this);
    connect(slices_[size_t(axis)], &SliceView::activated, this, [this, axis] { setActive(slices_[size_t(axis)]); });
  }
  surface_ = new SurfaceView(this);
  active_ = slices_[size_t(SliceAxis::Axial)];
  arrange();
}

SliceView* ViewGrid::activeSliceView() const {
  for (SliceView* v : slices_)
    if (v == active_) return v;
  return slices_[size_t(SliceAxis::Axial)];
}

void ViewGrid::setActive(QWidget* view) {
  if (view == active_) return;
  active_ = view;
  if (maximised_) arrange();
  Q_EMIT activeChanged(view);
}

void ViewGrid::toggleMaximised() {
  maximised_ = !maximised_;
  arrange();
  if (active_) active_->setFocus();
}

void ViewGrid::arrange() {
  const std::array<QWidget*, 4> views{slices_[0], slices_[1], slices_[2], surface_};
  for (QWidget* v : views) grid_->removeWidget(v);
  if (maximised_) {
    for (QWidget* v : views) v->setVisible(v == active_);
    grid_->addWidget(active_, 0, 0, 2, 2);
  } else {
    grid_->addWidget(slices_[size_t(SliceAxis::Axial)], 0, 0);
    grid_->addWidget(slices_[size_t(SliceAxis::Coronal)], 0, 1);
    grid_->addWidget(slices_[size_t(SliceAxis::Sagittal)], 1, 0);
    grid_->addWidget(surface_, 1, 1);
    for (QWidget* v : views) v->setVisible(true);
  }
  for (int i = 0; i < 2; ++i) {
    grid_->setRowStretch(i, 1);
    grid_->setColumnStretch(i, 1);
  }
}

}  // namespace slicewise
