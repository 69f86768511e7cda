#pragma once

#include <QImage>
#include <QWidget>

#include "viewers/SliceComposer.h"
#include "viewers/SliceOrientation.h"

class QPainter;

namespace slicewise {

class SliceCursor;

// One slice of the volume along one patient axis, drawn with QPainter from engine buffers
// (chosen over a VTK image actor by measurement, see viewers/README.md). Voxels keep their
// physical aspect ratio, the patient direction letters sit at the edges, and the cursor's
// in-plane position shows as a crosshair. Wheel, Up/Down and PageUp/PageDown scroll slices;
// a click moves the shared cursor there; a right-button drag adjusts window (horizontal) and
// level (vertical).
class SliceView : public QWidget {
  Q_OBJECT

 public:
  explicit SliceView(SliceAxis axis, QWidget* parent = nullptr);

  // The layers' data and the cursor must outlive the view.
  void setLayers(const SliceLayers& layers, SliceCursor* cursor);
  const SliceLayers& layers() const { return layers_; }
  void setWindowLevel(const WindowLevel& window);
  void setLabelOpacity(double opacity);
  void setCrosshairVisible(bool visible);
  // Call after the label voxels or the label table changed.
  void labelsChanged();

  SliceAxis axis() const { return axis_; }
  const SliceOrientation& orientation() const { return orientation_; }
  int64_t sliceIndex() const;
  int64_t sliceCount() const { return orientation_.plane.count; }
  void setSliceIndex(int64_t index);
  // Moves `steps` slices toward superior / anterior / left (negative: the other way).
  void stepSlices(int steps);
  // Where the slice image is drawn, in widget pixels.
  QRectF imageRect() const;

 Q_SIGNALS:
  void sliceChanged(int64_t index);
  // Only for changes the person made in this view (so other views can follow).
  void windowLevelEdited(const slicewise::WindowLevel& window);

 protected:
  void paintEvent(QPaintEvent* event) override;
  void wheelEvent(QWheelEvent* event) override;
  void keyPressEvent(QKeyEvent* event) override;
  void mousePressEvent(QMouseEvent* event) override;
  void mouseMoveEvent(QMouseEvent* event) override;
  void mouseReleaseEvent(QMouseEvent* event) override;

 private:
  void onCursorMoved();
  void moveCursorTo(const QPointF& widgetPos);
  void drawOverlayText(QPainter& painter, const QRectF& image);

  SliceAxis axis_;
  SliceOrientation orientation_;
  SliceLayers layers_;
  SliceCursor* cursor_ = nullptr;
  bool crosshair_ = true;
  QImage cache_;
  int64_t cachedSlice_ = -1;
  int64_t shownSlice_ = -1;
  double wheelRemainder_ = 0;
  bool windowing_ = false;
  QPointF windowingStart_;
  WindowLevel windowAtStart_;
};

}  // namespace slicewise
