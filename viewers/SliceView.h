#pragma once

#include <QImage>
#include <QWidget>

#include "model/ChangeSet.h"
#include "viewers/SliceComposer.h"
#include "viewers/SliceOrientation.h"
#include "viewers/SliceViewTool.h"
#include "viewers/SliceViewport.h"

class QPainter;

namespace slicewise {

class SliceCursor;
class SliceViewTool;

// One slice of the volume along one patient axis, drawn with QPainter from engine buffers
// (chosen over a VTK image actor by measurement, see viewers/README.md). Voxels keep their
// physical aspect ratio, the patient direction letters sit at the edges, and the cursor's
// in-plane position shows as a crosshair. Wheel, Up/Down and PageUp/PageDown scroll slices;
// Ctrl+wheel zooms about the mouse, a middle-button drag pans; a right-button drag adjusts window
// (horizontal) and level (vertical). The left button goes to the tool, if one is set and wants
// it, else it moves the shared cursor.
class SliceView : public QWidget {
  Q_OBJECT

 public:
  explicit SliceView(SliceAxis axis, QWidget* parent = nullptr);

  // The layers' data and the cursor must outlive the view.
  void setLayers(const SliceLayers& layers, SliceCursor* cursor);
  const SliceLayers& layers() const { return layers_; }
  void setWindowLevel(const WindowLevel& window);
  void setLabelOpacity(double opacity);
  void setProposalVisible(bool visible);
  void setCrosshairVisible(bool visible);
  // Call after labels, the proposal or the label table changed; with a change set only a slice
  // it touches is recomposed.
  void labelsChanged();
  void labelsChanged(const ChangeSet& change);
  // Not owned; nullptr for none. The tool's overlay is drawn over the slice.
  void setTool(SliceViewTool* tool);

  SliceAxis axis() const { return axis_; }
  const SliceOrientation& orientation() const { return viewport_.orientation(); }
  const SliceViewport& viewport() const { return viewport_; }
  int64_t sliceIndex() const;
  int64_t sliceCount() const { return orientation().plane.count; }
  void setSliceIndex(int64_t index);
  // Moves `steps` slices toward superior / anterior / left (negative: the other way).
  void stepSlices(int steps);
  // Zoom by a factor about the widget's centre (or about `anchor`), and back to fit.
  void zoomBy(double factor);
  void zoomBy(double factor, const QPointF& anchor);
  void resetZoom();
  // Where the slice image is drawn, in widget pixels.
  QRectF imageRect() const { return viewport_.imageRect(); }
  // What the overlay says about the shown slice's marks ("done", "to annotate 3 of 24", ...).
  QString markText() const;

 Q_SIGNALS:
  void sliceChanged(int64_t index);
  // Only for changes the person made in this view (so other views can follow).
  void windowLevelEdited(const slicewise::WindowLevel& window);
  // The voxel under the mouse (for the status bar), and the mouse leaving the image.
  void hovered(const slicewise::Index3& voxel);
  void hoverLeft();
  void activated();  // the person is working in this view (clicked, scrolled, typed)

 protected:
  void paintEvent(QPaintEvent* event) override;
  void resizeEvent(QResizeEvent* event) override;
  void wheelEvent(QWheelEvent* event) override;
  void keyPressEvent(QKeyEvent* event) override;
  void mousePressEvent(QMouseEvent* event) override;
  void mouseMoveEvent(QMouseEvent* event) override;
  void mouseReleaseEvent(QMouseEvent* event) override;
  void leaveEvent(QEvent* event) override;

 private:
  void onCursorMoved();
  void moveCursorTo(const QPointF& widgetPos);
  SliceViewEvent toolEvent(const QPointF& pos, Qt::MouseButton button, Qt::MouseButtons buttons,
                           Qt::KeyboardModifiers modifiers);
  void reportHover(const QPointF& pos);
  void drawOverlayText(QPainter& painter, const QRectF& image);

  SliceAxis axis_;
  SliceViewport viewport_;
  SliceLayers layers_;
  SliceCursor* cursor_ = nullptr;
  SliceViewTool* tool_ = nullptr;
  bool crosshair_ = true;
  QImage cache_;
  int64_t cachedSlice_ = -1;
  int64_t shownSlice_ = -1;
  double wheelRemainder_ = 0;
  bool windowing_ = false, panning_ = false, toolDragging_ = false;
  QPointF dragStart_;
  WindowLevel windowAtStart_;
};

}  // namespace slicewise
