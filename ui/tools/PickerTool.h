#pragma once

#include "ui/tools/AnnotationTool.h"

namespace slicewise {

// The picker: a click makes the label under the mouse the active label.
class PickerTool : public AnnotationTool {
  Q_OBJECT

 public:
  PickerTool(StudyDocument* document, ToolSettings* settings, QObject* parent = nullptr);
  bool mousePress(const SliceViewEvent& e) override;
};

}  // namespace slicewise
