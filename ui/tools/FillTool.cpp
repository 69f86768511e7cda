#include "ui/tools/FillTool.h"

#include <cmath>

#include "tools/FloodFill.h"
#include "ui/StudyDocument.h"
#include "ui/ToolSettings.h"

namespace slicewise {

FillTool::FillTool(StudyDocument* document, ToolSettings* settings, QObject* parent)
    : AnnotationTool(tr("Fill"), document, settings, parent) {}

bool FillTool::mousePress(const SliceViewEvent& e) {
  if (!editable() || !e.insideImage) return false;
  const int64_t u = int64_t(std::lround(e.point.u)), v = int64_t(std::lround(e.point.v));
  const SlicePlane plane = slicePlane(document_->geometry(), e.slice.axis);
  const Index3 voxel = plane.voxel(e.slice.index, u, v);
  const double seed = document_->image().valueAt(voxel[0], voxel[1], voxel[2]);
  const double tol = settings_->fillTolerance();
  const VoxelList region = FloodFill::fill(document_->image(), e.slice, u, v, {seed - tol, seed + tol});
  try {
    document_->record(document_->editor().paint(region, settings_->activeLabel(), settings_->overwrite(), "fill"));
    Q_EMIT message(tr("Filled %1 pixels (%2 \u00b1 %3)").arg(region.size()).arg(seed).arg(tol));
  } catch (const EditError& error) {
    Q_EMIT message(QString::fromStdString(error.what()));
  }
  return true;
}

}  // namespace slicewise
