// The OpenGL check the app runs before creating its windows: usable under Xvfb; on a display
// platform without OpenGL widgets (offscreen), or with too old an OpenGL, a one-line reason.
// Platforms are fixed per process, so those cases run this binary again as a child.
#include <QApplication>
#include <QProcess>
#include <QProcessEnvironment>
#include <QtTest>
#include <cstdio>

#include "viewers/OpenGLSetup.h"

using namespace slicewise;

namespace {

const char* const kChildVariable = "SLICEWISE_OPENGL_CHECK_CHILD";

struct ChildResult {
  int exitCode = -1;
  QString output;
};

ChildResult runChild(const QProcessEnvironment& environment) {
  QProcessEnvironment env = environment;
  env.insert(QString::fromLatin1(kChildVariable), QStringLiteral("1"));
  QProcess child;
  child.setProcessEnvironment(env);
  child.setProcessChannelMode(QProcess::MergedChannels);
  child.start(QCoreApplication::applicationFilePath(), {});
  ChildResult r;
  if (!child.waitForFinished(60000) || child.exitStatus() != QProcess::NormalExit) return r;
  r.exitCode = child.exitCode();
  r.output = QString::fromLocal8Bit(child.readAll()).trimmed();
  return r;
}

// The reason line, without Qt's own warnings around it.
QString reasonLine(const QString& output) {
  for (const QString& line : output.split('\n'))
    if (line.startsWith(QStringLiteral("reason: "))) return line.mid(8);
  return {};
}

}  // namespace

class OpenGLSetupTest : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void usableUnderXvfb() {
    if (QGuiApplication::platformName() == QStringLiteral("offscreen"))
      QSKIP("needs a display (run under xvfb-run), not the offscreen platform");
    QString why = QStringLiteral("not cleared");
    QVERIFY2(openGLUsable(&why), qPrintable(why));
    QVERIFY(why.isEmpty());
  }

  void offscreenPlatformGivesOneLine() {
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    const ChildResult r = runChild(env);
    QCOMPARE(r.exitCode, 1);
    const QString reason = reasonLine(r.output);
    qInfo("%s", qPrintable(reason));
    QVERIFY2(reason.contains(QStringLiteral("'offscreen'")), qPrintable(r.output));
    QVERIFY(reason.contains(QStringLiteral("3D view needs OpenGL 3.2")));
    QVERIFY(!reason.contains('\n'));
  }

  // Mesa can be told to offer an older OpenGL; the check must refuse it by version.
  void tooOldOpenGLIsRefused() {
    if (QGuiApplication::platformName() == QStringLiteral("offscreen"))
      QSKIP("needs a display (run under xvfb-run), not the offscreen platform");
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("MESA_GL_VERSION_OVERRIDE"), QStringLiteral("3.0"));
    const ChildResult r = runChild(env);
    if (r.exitCode == 0) QSKIP("the OpenGL driver ignores MESA_GL_VERSION_OVERRIDE (not Mesa)");
    QCOMPARE(r.exitCode, 1);
    const QString reason = reasonLine(r.output);
    qInfo("%s", qPrintable(reason));
    QVERIFY2(reason.startsWith(QStringLiteral("OpenGL 3.0 ")), qPrintable(r.output));
    QVERIFY(reason.contains(QStringLiteral("too old")));
  }
};

int main(int argc, char** argv) {
  configureOpenGLBeforeApplication();
  QApplication app(argc, argv);
  if (qEnvironmentVariableIsSet(kChildVariable)) {
    QString why;
    const bool usable = openGLUsable(&why);
    std::printf("reason: %s\n", qPrintable(why));
    return usable ? 0 : 1;
  }
  OpenGLSetupTest tc;
  QTEST_SET_MAIN_SOURCE_PATH
  return QTest::qExec(&tc, argc, argv);
}

#include "OpenGLSetupTest.moc"
