#include "io/LabelMapExport.h"

#include "files/OutputSet.h"
#include "io/ImageIO.h"
#include "io/LabelDescriptionIO.h"

namespace slicewise {

std::string exportLabelMap(const LabelVolume& labels, LabelTable table, const std::string& path, OutputSet& outputs) {
  writeLabelMap(labels, path, outputs);
  std::vector<Label> present;
  for (const auto& [id, count] : labels.labelCounts()) present.push_back(id);
  table.addMissing(present);
  const std::string sidecar = sidecarPathFor(path);
  writeLabelSidecar(table, sidecar, outputs);
  return sidecar;
}

std::string exportLabelMap(const LabelVolume& labels, LabelTable table, const std::string& path) {
  OutputSet outputs;
  const std::string sidecar = exportLabelMap(labels, std::move(table), path, outputs);
  outputs.commit();
  return sidecar;
}

}  // namespace slicewise
