#include "io/LabelMapLoader.h"

#include <sstream>

#include "model/LabelResampling.h"
#include "io/ImageIO.h"
#include "io/IoError.h"

namespace slicewise {

LabelVolume loadLabelMapFor(const ImageGeometry& image, const std::string& path,
                            bool resampleOnMismatch, std::vector<std::string>* warnings) {
  LabelVolume labels = readLabelMap(path, warnings);
  const double offset = labels.geometry().maxCornerDistance(image);
  if (offset <= kGridToleranceMm) return LabelVolume(image, std::move(labels.data()));
  if (!resampleOnMismatch) {
    std::ostringstream s;
    s << "label map '" << path << "' does not lie on the image grid (label map: "
      << labels.geometry().describe() << "; image: " << image.describe()
      << "); use --resample-labels to resample it with nearest neighbour";
    throw IoError(s.str());
  }
  if (warnings)
    warnings->push_back("label map '" + path + "' resampled onto the image grid with nearest neighbour");
  return resampleNearest(labels, image);
}

}  // namespace slicewise
