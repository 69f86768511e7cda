#pragma once

#include <QOpenGLWidget>
#include <memory>

class vtkGenericOpenGLRenderWindow;
class vtkRenderer;
class vtkRenderWindowInteractor;

namespace slicewise {

// A Qt6 QOpenGLWidget that hosts one VTK render window and renderer (Debian's VTK Qt module is
// Qt5-only). VTK renders into its own framebuffer inside the widget's context; paintGL blits
// that into Qt's framebuffer, so grab() and grabFramebuffer() return the rendered frame.
// Mouse input drives a trackball camera: left drag rotates, middle drag pans, right drag and the
// wheel zoom.
class VtkOpenGLWidget : public QOpenGLWidget {
  Q_OBJECT

 public:
  explicit VtkOpenGLWidget(QWidget* parent = nullptr);
  ~VtkOpenGLWidget() override;

  vtkGenericOpenGLRenderWindow* renderWindow() const;
  vtkRenderer* renderer() const;
  // Receives the widget's mouse events (for VTK widgets such as orientation markers).
  vtkRenderWindowInteractor* interactor() const;
  // Solid background, components in 0..1.
  void setBackground(double r, double g, double b);

 protected:
  void initializeGL() override;
  void resizeGL(int w, int h) override;
  void paintGL() override;

  void mousePressEvent(QMouseEvent* event) override;
  void mouseReleaseEvent(QMouseEvent* event) override;
  void mouseMoveEvent(QMouseEvent* event) override;
  void wheelEvent(QWheelEvent* event) override;

  // Frees VTK's GL resources while the context still exists; subclasses that own props call it
  // from their destructor, before those props go.
  void releaseGraphics();

 private:

  struct Impl;
  std::unique_ptr<Impl> d_;
};

}  // namespace slicewise
