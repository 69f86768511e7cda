#include "io/LabelMapExport.h"

#include "io/ImageIO.h"
#include "io/LabelDescriptionIO.h"

namespace slicewise {

std::string exportLabelMap(const LabelVolume& labels, LabelTable table, const std::string& path) {
  writeLabelMap(labels, path);
  std::vector<Label> present;
  for (const auto& [id, count] : labels.labelCounts()) present.push_back(id);
  table.addMissing(present);
  const std::string sidecar = sidecarPathFor(path);
  writeLabelSidecar(table, sidecar);
  return sidecar;
}

}  // namespace slicewise
