#pragma once

#include <cstdint>
#include <memory>

#include "model/LabelTable.h"
#include "model/LabelVolume.h"
#include "viewers/VtkOpenGLWidget.h"

namespace slicewise {

// The labels as 3D surfaces in patient space, each in its table colour. Surfaces come from
// VTK's discrete flying edges (all labels in one pass), lightly smoothed, placed through the
// image's origin, spacing and direction, and seen from the front with the patient's head up
// (patient's right on the screen's left, as in the slice views).
class SurfaceView : public VtkOpenGLWidget {
  Q_OBJECT

 public:
  explicit SurfaceView(QWidget* parent = nullptr);
  ~SurfaceView() override;

  // Rebuilds the surfaces of the visible labels (the label volume is only read during the
  // call); a change of visibility needs this call again.
  void setLabels(const LabelVolume& labels, const LabelTable& table);
  // Recolours the surfaces already built.
  void setLabelTable(const LabelTable& table);
  int64_t triangleCount() const;
  // Front view (from anterior, superior up), fitted to the surfaces.
  void resetCamera();
  // Smoothing iterations of the windowed-sinc filter (0 = raw voxel-faced surfaces).
  void setSmoothingIterations(int iterations);

 private:
  struct Impl;
  std::unique_ptr<Impl> p_;
};

}  // namespace slicewise
