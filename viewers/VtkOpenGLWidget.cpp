// No GLEW here: only VTK's state wrapper touches GL, and the GL enums come from Qt's headers.
#include "viewers/VtkOpenGLWidget.h"

#include <QMouseEvent>
#include <QOpenGLContext>
#include <QWheelEvent>
#include <vtkCallbackCommand.h>
#include <vtkCommand.h>
#include <vtkGenericOpenGLRenderWindow.h>
#include <vtkGenericRenderWindowInteractor.h>
#include <vtkInteractorStyleTrackballCamera.h>
#include <vtkNew.h>
#include <vtkOpenGLFramebufferObject.h>
#include <vtkOpenGLState.h>
#include <vtkRenderer.h>
#include <vtkSmartPointer.h>

namespace slicewise {

struct VtkOpenGLWidget::Impl {
  VtkOpenGLWidget* widget = nullptr;
  vtkSmartPointer<vtkGenericOpenGLRenderWindow> window;
  vtkSmartPointer<vtkRenderer> renderer;
  vtkSmartPointer<vtkGenericRenderWindowInteractor> interactor;
  bool painting = false;
  bool initialized = false;

  // The context must be made current through QOpenGLContext, never QOpenGLWidget::makeCurrent():
  // the latter also binds Qt's framebuffer behind VTK's state cache, and VTK then attaches its
  // render targets to Qt's framebuffer and renders blank.
  void onMakeCurrent(vtkObject*, unsigned long, void*) {
    QOpenGLContext* ctx = widget->context();
    if (ctx && QOpenGLContext::currentContext() != ctx) ctx->makeCurrent(ctx->surface());
  }
  void onIsCurrent(vtkObject*, unsigned long, void* callData) {
    *static_cast<bool*>(callData) =
        widget->context() && QOpenGLContext::currentContext() == widget->context();
  }
  void onSupportsOpenGL(vtkObject*, unsigned long, void* callData) {
    *static_cast<int*>(callData) = widget->context() ? 1 : 0;
  }
  void onIsDirect(vtkObject*, unsigned long, void* callData) { *static_cast<int*>(callData) = 1; }
  // A render started outside paintGL (the interactor, a pipeline update) only reaches the screen
  // through the next paintGL blit.
  void onFrame(vtkObject*, unsigned long, void*) {
    if (!painting) widget->update();
  }
};

VtkOpenGLWidget::VtkOpenGLWidget(QWidget* parent) : QOpenGLWidget(parent), d_(new Impl) {
  d_->widget = this;
  setUpdateBehavior(QOpenGLWidget::NoPartialUpdate);
  setFocusPolicy(Qt::StrongFocus);
  setMinimumSize(64, 64);

  d_->window = vtkSmartPointer<vtkGenericOpenGLRenderWindow>::New();
  d_->window->SetReadyForRendering(false);
  d_->window->SetFrameBlitModeToNoBlit();
  d_->window->AddObserver(vtkCommand::WindowMakeCurrentEvent, d_.get(), &Impl::onMakeCurrent);
  d_->window->AddObserver(vtkCommand::WindowIsCurrentEvent, d_.get(), &Impl::onIsCurrent);
  d_->window->AddObserver(vtkCommand::WindowSupportsOpenGLEvent, d_.get(),
                          &Impl::onSupportsOpenGL);
  d_->window->AddObserver(vtkCommand::WindowIsDirectEvent, d_.get(), &Impl::onIsDirect);
  d_->window->AddObserver(vtkCommand::WindowFrameEvent, d_.get(), &Impl::onFrame);

  d_->renderer = vtkSmartPointer<vtkRenderer>::New();
  d_->window->AddRenderer(d_->renderer);

  d_->interactor = vtkSmartPointer<vtkGenericRenderWindowInteractor>::New();
  d_->interactor->SetRenderWindow(d_->window);
  d_->interactor->EnableRenderOff();  // paintGL renders; the interactor only moves the camera
  vtkNew<vtkInteractorStyleTrackballCamera> style;
  d_->interactor->SetInteractorStyle(style);
  d_->interactor->Initialize();
}

VtkOpenGLWidget::~VtkOpenGLWidget() {
  releaseGraphics();
  // QOpenGLWidget's destructor, which runs after this one, destroys the context and so emits
  // aboutToBeDestroyed; Qt would only drop the connection in ~QObject, later still, and the
  // slot would run on a half-destroyed widget.
  if (QOpenGLContext* ctx = context()) disconnect(ctx, nullptr, this, nullptr);
}

vtkGenericOpenGLRenderWindow* VtkOpenGLWidget::renderWindow() const { return d_->window; }
vtkRenderer* VtkOpenGLWidget::renderer() const { return d_->renderer; }
vtkRenderWindowInteractor* VtkOpenGLWidget::interactor() const { return d_->interactor; }

void VtkOpenGLWidget::setBackground(double r, double g, double b) {
  d_->renderer->GradientBackgroundOff();
  d_->renderer->SetBackground(r, g, b);
  update();
}

void VtkOpenGLWidget::releaseGraphics() {
  if (!d_->initialized || !context()) return;
  QOpenGLContext* ctx = context();
  ctx->makeCurrent(ctx->surface());
  d_->window->Finalize();
  d_->window->SetReadyForRendering(false);
  d_->initialized = false;
}

void VtkOpenGLWidget::initializeGL() {
  connect(context(), &QOpenGLContext::aboutToBeDestroyed, this,
          &VtkOpenGLWidget::releaseGraphics, Qt::UniqueConnection);
  vtkOpenGLState* state = d_->window->GetState();
  state->Reset();
  state->vtkglDepthFunc(GL_LEQUAL);
  d_->window->SetUseOffScreenBuffers(false);
  d_->window->SetForceMaximumHardwareLineWidth(1);
  d_->window->SetReadyForRendering(true);
  d_->window->SetOwnContext(0);
  d_->window->OpenGLInitContext();
  d_->initialized = true;
  resizeGL(width(), height());
}

void VtkOpenGLWidget::resizeGL(int w, int h) {
  const double dpr = devicePixelRatioF();
  const int pw = int(w * dpr + 0.5), ph = int(h * dpr + 0.5);
  d_->window->SetSize(pw, ph);
  d_->window->SetScreenSize(pw, ph);
  d_->window->SetDPI(int(72 * dpr));
  d_->interactor->UpdateSize(pw, ph);
}

void VtkOpenGLWidget::paintGL() {
  if (!d_->initialized) return;
  d_->painting = true;
  vtkOpenGLState* state = d_->window->GetState();
  state->Reset();
  state->Push();
  state->vtkglDepthFunc(GL_LEQUAL);
  d_->window->Render();
  // Here the widget's own makeCurrent is what we want: it binds Qt's framebuffer as the target.
  makeCurrent();
  const double dpr = devicePixelRatioF();
  const int W = int(width() * dpr + 0.5), H = int(height() * dpr + 0.5);
  const int* last = d_->window->GetRenderFramebuffer()->GetLastSize();
  state->PushFramebufferBindings();
  state->vtkglBindFramebuffer(GL_DRAW_FRAMEBUFFER, defaultFramebufferObject());
  GLenum attachment = GL_COLOR_ATTACHMENT0;
  state->vtkglDrawBuffers(1, &attachment);
  state->vtkglDisable(GL_SCISSOR_TEST);
  state->vtkglViewport(0, 0, W, H);
  d_->window->BlitDisplayFramebuffer(0, 0, 0, last[0], last[1], 0, 0, W, H, GL_COLOR_BUFFER_BIT,
                                     GL_LINEAR);
  // Mesa would otherwise blend the frame with whatever lies behind the window.
  state->vtkglColorMask(GL_FALSE, GL_FALSE, GL_FALSE, GL_TRUE);
  state->vtkglClearColor(0.0, 0.0, 0.0, 1.0);
  state->vtkglClear(GL_COLOR_BUFFER_BIT);
  state->vtkglColorMask(GL_TRUE, GL_TRUE, GL_TRUE, GL_TRUE);
  state->PopFramebufferBindings();
  state->Pop();
  d_->painting = false;
}

namespace {

void setEventPosition(vtkRenderWindowInteractor* iren, QWidget* w, const QPointF& pos,
                      Qt::KeyboardModifiers mods) {
  const double dpr = w->devicePixelRatioF();
  iren->SetEventInformationFlipY(int(pos.x() * dpr), int(pos.y() * dpr),
                                 (mods & Qt::ControlModifier) ? 1 : 0,
                                 (mods & Qt::ShiftModifier) ? 1 : 0);
}

}  // namespace

void VtkOpenGLWidget::mousePressEvent(QMouseEvent* event) {
  setEventPosition(d_->interactor, this, event->position(), event->modifiers());
  switch (event->button()) {
    case Qt::LeftButton: d_->interactor->InvokeEvent(vtkCommand::LeftButtonPressEvent); break;
    case Qt::MiddleButton: d_->interactor->InvokeEvent(vtkCommand::MiddleButtonPressEvent); break;
    case Qt::RightButton: d_->interactor->InvokeEvent(vtkCommand::RightButtonPressEvent); break;
    default: break;
  }
  update();
}

void VtkOpenGLWidget::mouseReleaseEvent(QMouseEvent* event) {
  setEventPosition(d_->interactor, this, event->position(), event->modifiers());
  switch (event->button()) {
    case Qt::LeftButton: d_->interactor->InvokeEvent(vtkCommand::LeftButtonReleaseEvent); break;
    case Qt::MiddleButton:
      d_->interactor->InvokeEvent(vtkCommand::MiddleButtonReleaseEvent);
      break;
    case Qt::RightButton: d_->interactor->InvokeEvent(vtkCommand::RightButtonReleaseEvent); break;
    default: break;
  }
  update();
}

void VtkOpenGLWidget::mouseMoveEvent(QMouseEvent* event) {
  setEventPosition(d_->interactor, this, event->position(), event->modifiers());
  d_->interactor->InvokeEvent(vtkCommand::MouseMoveEvent);
  update();
}

void VtkOpenGLWidget::wheelEvent(QWheelEvent* event) {
  setEventPosition(d_->interactor, this, event->position(), event->modifiers());
  const int delta = event->angleDelta().y();
  if (delta > 0) d_->interactor->InvokeEvent(vtkCommand::MouseWheelForwardEvent);
  if (delta < 0) d_->interactor->InvokeEvent(vtkCommand::MouseWheelBackwardEvent);
  event->accept();
  update();
}

}  // namespace slicewise
