#pragma once

#include <vector>

#include "ui/tools/AnnotationTool.h"

namespace slicewise {

// Polygon fill: clicks place vertices on one slice; Enter or a double click on the first vertex
// fills the outline with the active label (one undo step); Backspace drops the last vertex,
// Escape the polygon.
class PolygonTool : public AnnotationTool {
  Q_OBJECT

 public:
  PolygonTool(StudyDocument* document, ToolSettings* settings, QObject* parent = nullptr);

  bool mousePress(const SliceViewEvent& e) override;
  void hover(const SliceViewEvent& e) override;
  bool key(SliceView& view, QKeyEvent* event) override;
  void paintOverlay(QPainter& painter, const SliceView& view) const override;
  void cancel() override;
  // Fills the polygon placed so far; false when it has fewer than three vertices.
  bool close();
  size_t vertexCount() const { return vertices_.size(); }

 private:
  std::vector<SlicePoint> vertices_;
  SliceLocation slice_;
  const SliceView* view_ = nullptr;
  SlicePoint hover_;
};

}  // namespace slicewise
