#pragma once

#include <array>
#include <atomic>
#include <memory>

#include "model/ImageGeometry.h"
#include "viewers/LabelMask.h"

class vtkPolyData;

namespace slicewise {

struct SurfaceOptions {
  // Windowed-sinc smoothing iterations (0 = raw voxel-faced surfaces).
  int smoothingIterations = 15;
  // How far every surface is pulled into its label, as a fraction of the smallest voxel
  // spacing. Two touching labels would otherwise both put a surface on their shared face, and
  // the two coincident surfaces fight over the depth buffer in stripes wherever that face shows.
  double insetVoxels = 0.15;
  // Above this many triangles a label's surface is extracted from a coarser grid (blocks of
  // voxels, a block inside where any of its voxels is), so one large organ neither stalls the
  // software renderer nor the build. The surface then stands up to one block out; that is
  // compensated on average by pulling it in half a block.
  int64_t maxTriangles = 120000;
};

// Extracts one label's surface from its mask (discrete flying edges), smooths it, places it in
// patient space (origin, spacing and direction of the image) and gives it point normals. Safe to
// run on any thread: it touches no rendering state.
class LabelSurfaceBuilder {
 public:
  // Null when the mask is empty or `abort` was set while building.
  static std::shared_ptr<vtkPolyData> build(const LabelMask& mask, const ImageGeometry& geometry,
                                            const SurfaceOptions& options,
                                            const std::atomic<bool>* abort = nullptr);
  // Voxel faces between the label and the rest, by the axis they face along (about half as
  // many as the triangles of the full-resolution surface).
  static std::array<int64_t, 3> boundaryFaces(const LabelMask& mask);
};

}  // namespace slicewise
