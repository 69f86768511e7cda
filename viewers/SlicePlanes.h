#pragma once

#include <memory>

#include "model/Volume.h"
#include "viewers/WindowLevel.h"

class vtkRenderer;

namespace slicewise {

// The three orthogonal voxel planes through the cursor voxel, as quads in patient space
// textured with their slices of the image through the window/level. They are unlit, so a
// screen pixel on a plane shows the windowed grey itself, as the slice views do.
class SlicePlanes {
 public:
  explicit SlicePlanes(vtkRenderer* renderer);
  ~SlicePlanes();
  SlicePlanes(const SlicePlanes&) = delete;
  SlicePlanes& operator=(const SlicePlanes&) = delete;

  // The image is borrowed: it must outlive the planes or be replaced (null clears them). The
  // cursor moves to the centre voxel.
  void setImage(const Volume* image, const WindowLevel& window);
  void setCursor(const Index3& voxel);  // clamped into the image
  void setWindowLevel(const WindowLevel& window);
  void setVisible(bool visible);
  bool hasImage() const;
  const Index3& cursor() const;

 private:
  void updatePlane(int normalDim);

  struct Impl;
  std::unique_ptr<Impl> p_;
};

}  // namespace slicewise
