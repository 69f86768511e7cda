#include "viewers/OpenGLSetup.h"

#include <QCoreApplication>
#include <QGuiApplication>
#include <QOffscreenSurface>
#include <QOpenGLContext>
#include <QOpenGLFunctions>
#include <QOpenGLWidget>
#include <QString>
#include <QSurfaceFormat>

namespace slicewise {

void configureOpenGLBeforeApplication() {
  QSurfaceFormat format;
  format.setRenderableType(QSurfaceFormat::OpenGL);
  format.setVersion(3, 2);
  format.setProfile(QSurfaceFormat::CoreProfile);
  format.setSwapBehavior(QSurfaceFormat::DoubleBuffer);
  format.setRedBufferSize(8);
  format.setGreenBufferSize(8);
  format.setBlueBufferSize(8);
  format.setAlphaBufferSize(8);
  format.setDepthBufferSize(8);
  format.setStencilBufferSize(0);
  format.setSamples(0);
  format.setStereo(false);
  QSurfaceFormat::setDefaultFormat(format);
  QCoreApplication::setAttribute(Qt::AA_ShareOpenGLContexts);
}

namespace {

QtMessageHandler previousHandler = nullptr;
QString* capturedWarnings = nullptr;

void captureWarning(QtMsgType type, const QMessageLogContext& context, const QString& message) {
  if (capturedWarnings && type == QtWarningMsg) {
    capturedWarnings->append(message).append('\n');
    return;
  }
  if (previousHandler) previousHandler(type, context, message);
}

// Qt itself decides whether QOpenGLWidget works on the platform, and says so only through a
// warning when one is constructed ("QOpenGLWidget is not supported on this platform."); a
// widget constructed there anyway crashes Qt's compositor once shown. No public call asks the
// same question, so construct one, unshown, and listen.
bool platformHostsOpenGLWidgets() {
  QString warnings;
  capturedWarnings = &warnings;
  previousHandler = qInstallMessageHandler(captureWarning);
  { QOpenGLWidget probe; }
  qInstallMessageHandler(previousHandler);
  capturedWarnings = nullptr;
  return !warnings.contains(QStringLiteral("not supported"));
}

bool fail(QString* why, const QString& text) {
  if (why) *why = text;
  return false;
}

}  // namespace

bool openGLUsable(QString* why) {
  const QString platform = QGuiApplication::platformName();
  const QString needs = QStringLiteral("the 3D view needs OpenGL 3.2 on an X11 or Wayland display");
  QOpenGLContext context;
  context.setFormat(QSurfaceFormat::defaultFormat());
  if (!context.create())
    return fail(why, QStringLiteral("no OpenGL on the '%1' display platform: %2").arg(platform, needs));
  QOffscreenSurface surface;
  surface.setFormat(context.format());
  surface.create();
  if (!surface.isValid() || !context.makeCurrent(&surface))
    return fail(why, QStringLiteral("cannot use an OpenGL context on the '%1' display platform: %2")
                         .arg(platform, needs));
  const QSurfaceFormat got = context.format();
  const QString renderer = QString::fromLatin1(
      reinterpret_cast<const char*>(context.functions()->glGetString(GL_RENDERER)));
  context.doneCurrent();
  if (got.version() < qMakePair(3, 2))
    return fail(why, QStringLiteral("OpenGL %1.%2 (%3) is too old: %4")
                         .arg(got.majorVersion())
                         .arg(got.minorVersion())
                         .arg(renderer, needs));
  if (!platformHostsOpenGLWidgets())
    return fail(why, QStringLiteral("the '%1' display platform cannot show OpenGL widgets: %2")
                         .arg(platform, needs));
  if (why) why->clear();
  return true;
}

}  // namespace slicewise
