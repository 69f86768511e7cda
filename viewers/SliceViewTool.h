#pragma once

#include <QPointF>
#include <Qt>

#include "model/SliceAxis.h"
#include "tools/SlicePoint.h"

class QKeyEvent;
class QPainter;

namespace slicewise {

class SliceView;

// A mouse event on a slice view, in the terms tools work in: which slice, and where on it in
// continuous plane coordinates.
struct SliceViewEvent {
  SliceView* view = nullptr;
  SliceLocation slice;
  SlicePoint point;
  bool insideImage = false;
  QPointF widgetPos;
  Qt::MouseButton button = Qt::NoButton;  // the button that changed (press, release)
  Qt::MouseButtons buttons = Qt::NoButton;
  Qt::KeyboardModifiers modifiers = Qt::NoModifier;
};

// What a slice view hands its mouse to (MITK's interactors, ITK-SNAP's interaction modes): the
// view knows nothing of labels or edits. A handler returning true has used the event; otherwise
// the view does its own thing (a left click moves the crosshair).
class SliceViewTool {
 public:
  virtual ~SliceViewTool() = default;
  virtual bool mousePress(const SliceViewEvent&) { return false; }
  virtual bool mouseMove(const SliceViewEvent&) { return false; }
  virtual bool mouseRelease(const SliceViewEvent&) { return false; }
  virtual void hover(const SliceViewEvent&) {}
  virtual void leave(SliceView&) {}
  // Wheel notches over the view; true when used (e.g. Shift+wheel sizes the brush).
  virtual bool wheel(const SliceViewEvent&, double) { return false; }
  virtual bool key(SliceView&, QKeyEvent*) { return false; }
  // Drawn over the slice (brush outline, polygon in progress), in widget pixels.
  virtual void paintOverlay(QPainter&, const SliceView&) const {}
};

}  // namespace slicewise
