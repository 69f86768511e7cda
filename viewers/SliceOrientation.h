#pragma once

#include <cstdint>
#include <utility>

#include "model/ImageGeometry.h"
#include "model/SliceAxis.h"

namespace slicewise {

// How one voxel plane lies on the screen in radiological convention: axial and coronal views
// put the patient's right on the screen's left, anterior (axial) and superior (coronal,
// sagittal) on top, and sagittal views put anterior on the left. Derived from the direction
// letters of axisLayout(), never from array order, so LAS- or RAS-stored volumes show the same
// anatomy in the same place as LPS ones.
struct SliceOrientation {
  SliceAxis axis = SliceAxis::Axial;
  SlicePlane plane;
  bool xIsU = true;    // screen x runs along the plane's u dimension (else along v)
  bool flipX = false;  // screen x runs against the voxel index
  bool flipY = false;
  char left = 'R', right = 'L', top = 'A', bottom = 'P';
  // +1 when the slice index grows toward superior / anterior / left (the direction one
  // "forward" step moves), else -1.
  int forwardStep = 1;

  static SliceOrientation forAxis(const ImageGeometry& geometry, SliceAxis axis);

  int64_t screenWidth() const { return xIsU ? plane.width : plane.height; }
  int64_t screenHeight() const { return xIsU ? plane.height : plane.width; }
  double spacingX() const { return xIsU ? plane.spacingU : plane.spacingV; }
  double spacingY() const { return xIsU ? plane.spacingV : plane.spacingU; }

  // Screen pixel (column x, row y) of the unscaled slice image -> plane (u, v), and back.
  // Continuous coordinates too: pixel centres lie at whole numbers on both sides.
  template <class T>
  std::pair<T, T> planeFromScreen(T x, T y) const {
    const T sx = flipX ? T(screenWidth() - 1) - x : x;
    const T sy = flipY ? T(screenHeight() - 1) - y : y;
    return xIsU ? std::pair{sx, sy} : std::pair{sy, sx};
  }
  template <class T>
  std::pair<T, T> screenFromPlane(T u, T v) const {
    T x = xIsU ? u : v;
    T y = xIsU ? v : u;
    if (flipX) x = T(screenWidth() - 1) - x;
    if (flipY) y = T(screenHeight() - 1) - y;
    return {x, y};
  }
};

// The letter of the opposite patient direction: L<->R, A<->P, S<->I.
char oppositeDirection(char letter);

}  // namespace slicewise
