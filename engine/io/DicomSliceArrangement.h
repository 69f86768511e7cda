#pragma once

#include <array>
#include <cstddef>
#include <string>
#include <vector>

#include "model/ImageGeometry.h"
#include "io/DicomTypes.h"

namespace slicewise {

// How the 2D images of one series stack into a volume, decided from the headers alone.
struct DicomSliceArrangement {
  std::vector<size_t> order;  // indices into the input slices, first slice of the volume first
  ImageGeometry geometry;
  std::vector<std::string> warnings;  // missing slices, uneven spacing, skipped images
  // Gantry tilt: per slice of `order`, its origin's offset from the first slice's within the
  // slice plane, in voxels along dims 0 and 1; empty when the positions follow the normal.
  std::vector<std::array<double, 2>> inPlaneShift;
  double tiltDegrees = 0.0;
  // Per slice of `order`: where the volume's slice really lies, as the position of its first
  // voxel. The source image's ImagePositionPatient, or on a tilted series the position the slice
  // was shifted to. Past a missing slice these differ from geometry's regular spacing.
  std::vector<Vec3> slicePositions;
};

// Sorts slices by ImagePositionPatient projected on the slice normal (row x column cosines), so
// file names and InstanceNumber play no part. Spacing along the normal is the median distance
// between neighbouring positions (SliceThickness is not spacing); the direction columns are the
// row cosines, the column cosines and their cross product. Images whose size, orientation or
// pixel spacing differs from the majority are left out with a warning; images at the same
// position as an earlier one are left out with a warning. A gantry tilt (positions that do not
// follow the normal) is measured, warned about and described by inPlaneShift so the reader can
// resample onto an orthogonal grid. Throws IoError for an empty series and for shears of 45
// degrees or more.
DicomSliceArrangement arrangeDicomSlices(const std::vector<DicomSliceHeader>& slices);

}  // namespace slicewise
