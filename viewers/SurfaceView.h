#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "model/LabelTable.h"
#include "model/LabelVolume.h"
#include "model/Volume.h"
#include "viewers/LabelMask.h"
#include "viewers/VtkOpenGLWidget.h"
#include "viewers/WindowLevel.h"

class vtkPolyData;

namespace slicewise {

// The 3D view: each label as a closed surface in its table colour (discrete flying edges on
// the label's own mask, lightly smoothed, pulled a little into the label so touching labels
// never share a surface), and the three orthogonal slice planes through the cursor textured
// with the windowed image. Everything sits in patient space and is seen from the front with the
// head up (patient's right on the screen's left, as in the coronal view).
//
// Label volumes are read only during the calls that take them; the image given to setImage()
// is borrowed and must outlive the view or be replaced.
class SurfaceView : public VtkOpenGLWidget {
  Q_OBJECT

 public:
  // The side of the patient the camera looks from.
  enum class Side { Anterior, Posterior, Left, Right, Superior, Inferior };

  explicit SurfaceView(QWidget* parent = nullptr);
  ~SurfaceView() override;

  // Replaces every surface and builds them all before returning (opening a case, screenshots);
  // resets the camera. Hidden labels are built too, so showing them later is instant.
  void setLabels(const LabelVolume& labels, const LabelTable& table);
  // After an edit: rebuilds only `changedLabels`, in the background, and returns at once (it
  // copies the changed labels' masks first, so `labels` may change right after). `region`, the
  // box of the changed voxels when known (ChangeSet::first/last), bounds the copy; empty means
  // "anywhere". A newer request for a label supersedes an older one still building.
  // surfacesUpdated() follows when nothing is left to build. A label volume on another grid
  // than the last one (or the first one a view gets) rebuilds every label, whatever the list:
  // that loads a label map without holding the GUI thread. Surfaces built into an empty scene
  // are framed when the last one arrives; otherwise edits never move the camera.
  void updateLabels(const LabelVolume& labels, const LabelTable& table,
                    const std::vector<Label>& changedLabels, const VoxelBox& region = {});
  // Colours and visibility of the surfaces (no rebuild).
  void setLabelTable(const LabelTable& table);
  // Whether background builds are still running or queued.
  bool surfacesPending() const;
  int64_t triangleCount() const;  // of the visible surfaces
  // Smoothing iterations of the windowed-sinc filter for later builds (0 = voxel faces).
  void setSmoothingIterations(int iterations);
  // Triangles above which a label is built from a coarser grid, for later builds.
  void setMaxTrianglesPerLabel(int64_t triangles);

  // The image behind the slice planes (cursor at its centre voxel).
  void setImage(const Volume& image, const WindowLevel& window);
  void setCursor(const Index3& voxel);
  void setWindowLevel(const WindowLevel& window);
  // Shows the slice planes together with the surfaces. Without any visible surface the planes
  // show regardless, so an image without labels still shows something.
  void setPlanesVisible(bool visible);
  bool planesVisible() const { return planesWanted_; }
  bool planesShown() const;

  // Looks from one side of the patient, fitted to what is shown: superior up from the sides,
  // anterior up from above or below (from inferior as the axial slices are shown).
  void viewFrom(Side side);
  // Turns the camera about what it looks at, as a left drag does (degrees).
  void rotateCamera(double azimuth, double elevation);

 public Q_SLOTS:
  // The front view (from anterior, superior up), fitted to what is shown.
  void resetCamera();

 Q_SIGNALS:
  void surfacesUpdated();

 private:
  void applyBuilt(Label id, uint64_t serial, const std::shared_ptr<vtkPolyData>& mesh);
  void submit(const LabelVolume& labels, Label id);
  void refreshVisibility();

  struct Impl;
  std::unique_ptr<Impl> p_;
  bool planesWanted_ = false;
};

}  // namespace slicewise
