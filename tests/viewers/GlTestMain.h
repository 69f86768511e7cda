#pragma once

#include <QApplication>
#include <QTest>

#include "viewers/OpenGLSetup.h"

// QTEST_MAIN, but with the OpenGL surface format set before the QApplication exists, as the
// app does (VTK's views need it).
#define SLICEWISE_GL_TEST_MAIN(TestClass)                  \
  int main(int argc, char** argv) {                        \
    slicewise::configureOpenGLBeforeApplication();         \
    QApplication app(argc, argv);                          \
    TestClass tc;                                          \
    QTEST_SET_MAIN_SOURCE_PATH                             \
    return QTest::qExec(&tc, argc, argv);                  \
  }
