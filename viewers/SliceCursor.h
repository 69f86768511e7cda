#pragma once

#include <QObject>

#include "model/ImageGeometry.h"

namespace slicewise {

// The voxel all views point at: each slice view shows the slice through it along its own axis
// and draws the crosshair at its in-plane position, so clicking or scrolling in one view moves
// the others.
class SliceCursor : public QObject {
  Q_OBJECT

 public:
  explicit SliceCursor(QObject* parent = nullptr) : QObject(parent) {}

  const Index3& position() const { return position_; }
  int64_t operator[](int dim) const { return position_[size_t(dim)]; }

  // Clamps into the grid.
  void setGeometry(const ImageGeometry& geometry);
  void setPosition(const Index3& position);
  void setIndex(int dim, int64_t index);

 Q_SIGNALS:
  void positionChanged(const slicewise::Index3& position);

 private:
  Index3 size_{1, 1, 1};
  Index3 position_{0, 0, 0};
};

}  // namespace slicewise
