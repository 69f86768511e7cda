#pragma once

namespace slicewise {

// Must run before the QApplication exists: the surface format VTK's OpenGL2 backend needs
// (3.2 core, no multisampling, no stencil) and shared contexts, so every VTK view in the
// process renders with one format.
void configureOpenGLBeforeApplication();

}  // namespace slicewise
