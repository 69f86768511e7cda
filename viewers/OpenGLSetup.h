#pragma once

class QString;

namespace slicewise {

// Must run before the QApplication exists: the surface format VTK's OpenGL2 backend needs
// (3.2 core, no multisampling, no stencil) and shared contexts, so every VTK view in the
// process renders with one format.
void configureOpenGLBeforeApplication();

// Whether the 3D view can work here: the display platform can host OpenGL widgets and gives an
// OpenGL 3.2 (or newer) context in the configured format. Call it after the QApplication exists
// and before any OpenGL widget is created (Qt crashes when such a widget is shown on a platform
// that cannot host it, e.g. QT_QPA_PLATFORM=offscreen). On false, `why` gets one line.
bool openGLUsable(QString* why = nullptr);

}  // namespace slicewise
