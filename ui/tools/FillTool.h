#pragma once

#include "ui/tools/AnnotationTool.h"

namespace slicewise {

// 2D fill: a click paints the active label on the region 4-connected to the clicked pixel whose
// intensity lies within the tolerance of the clicked value (one undo step).
class FillTool : public AnnotationTool {
  Q_OBJECT

 public:
  FillTool(StudyDocument* document, ToolSettings* settings, QObject* parent = nullptr);
  bool mousePress(const SliceViewEvent& e) override;
};

}  // namespace slicewise
