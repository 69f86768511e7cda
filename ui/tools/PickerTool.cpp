#include "ui/tools/PickerTool.h"

#include "tools/LabelPicker.h"
#include "ui/StudyDocument.h"
#include "ui/ToolSettings.h"

namespace slicewise {

PickerTool::PickerTool(StudyDocument* document, ToolSettings* settings, QObject* parent)
    : AnnotationTool(tr("Picker"), document, settings, parent) {}

bool PickerTool::mousePress(const SliceViewEvent& e) {
  if (!document_ || !e.insideImage) return false;
  const auto label = LabelPicker::pick(document_->annotation().labels, e.slice, e.point);
  if (!label) return false;
  if (*label == 0) {
    Q_EMIT message(tr("No label here"));
  } else {
    settings_->setActiveLabel(*label);
    Q_EMIT message(tr("Active label: %1").arg(QString::fromStdString(
        document_->annotation().table.infoOrDefault(*label).name)));
  }
  return true;
}

}  // namespace slicewise
