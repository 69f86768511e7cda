#pragma once

#include <optional>

#include "model/EditTransaction.h"
#include "ui/tools/AnnotationTool.h"

namespace slicewise {

// The round brush (size in mm, disc or sphere) in three modes: paint the active label, erase,
// or paint only voxels inside the threshold window. A press starts one undo step, every mouse
// move paints the capsule swept since the last position (no gaps at speed), release commits it;
// Escape abandons the stroke. Shift+wheel sizes the brush; its outline follows the mouse.
class BrushTool : public AnnotationTool {
  Q_OBJECT

 public:
  enum class Mode { Paint, Erase, Threshold };
  BrushTool(Mode mode, StudyDocument* document, ToolSettings* settings, QObject* parent = nullptr);

  Mode mode() const { return mode_; }
  bool stroking() const { return stroke_.has_value(); }

  bool mousePress(const SliceViewEvent& e) override;
  bool mouseMove(const SliceViewEvent& e) override;
  bool mouseRelease(const SliceViewEvent& e) override;
  void hover(const SliceViewEvent& e) override;
  void leave(SliceView& view) override;
  bool wheel(const SliceViewEvent& e, double notches) override;
  bool key(SliceView& view, QKeyEvent* event) override;
  void paintOverlay(QPainter& painter, const SliceView& view) const override;
  void cancel() override;

 private:
  void paintSegment(SlicePoint from, SlicePoint to);

  Mode mode_;
  std::optional<EditTransaction> stroke_;
  SliceLocation slice_;
  SlicePoint last_;
  const SliceView* hoverView_ = nullptr;
  SlicePoint hoverPoint_;
};

}  // namespace slicewise
