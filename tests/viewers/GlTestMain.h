#pragma once

#include <QApplication>
#include <QTemporaryDir>
#include <QTest>

#include "viewers/OpenGLSetup.h"

// QTEST_MAIN, but with the OpenGL surface format set before the QApplication exists, as the
// app does (VTK's views need it), and settings and unsaved work kept in a folder of the test's
// own, never the user's.
#define SLICEWISE_GL_TEST_MAIN(TestClass)                  \
  int main(int argc, char** argv) {                        \
    QTemporaryDir home_;                                   \
    qputenv("XDG_DATA_HOME", home_.filePath("data").toUtf8());     \
    qputenv("XDG_CONFIG_HOME", home_.filePath("config").toUtf8()); \
    slicewise::configureOpenGLBeforeApplication();         \
    QApplication app(argc, argv);                          \
    TestClass tc;                                          \
    QTEST_SET_MAIN_SOURCE_PATH                             \
    return QTest::qExec(&tc, argc, argv);                  \
  }
