#pragma once

#include <string>
#include <vector>

#include "model/LabelVolume.h"
#include "model/Volume.h"

namespace slicewise {

// Opens a label map for an image. Geometry equal within 1e-4 mm (NIfTI stores float32) is
// accepted; otherwise IoError naming both grids, unless resampleOnMismatch asks for a
// nearest-neighbour resampling onto the image grid (a warning says so).
LabelVolume loadLabelMapFor(const ImageGeometry& image, const std::string& path,
                            bool resampleOnMismatch, std::vector<std::string>* warnings);

}  // namespace slicewise
