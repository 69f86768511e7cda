#include "viewers/SliceOrientation.h"

namespace slicewise {

char oppositeDirection(char letter) {
  switch (letter) {
    case 'L': return 'R';
    case 'R': return 'L';
    case 'A': return 'P';
    case 'P': return 'A';
    case 'S': return 'I';
    case 'I': return 'S';
  }
  return '?';
}

namespace {

bool sameLine(char a, char b) { return a == b || a == oppositeDirection(b); }

}  // namespace

SliceOrientation SliceOrientation::forAxis(const ImageGeometry& geometry, SliceAxis axis) {
  SliceOrientation o;
  o.axis = axis;
  const AxisLayout layout = axisLayout(geometry);
  o.plane = slicePlaneForDim(geometry, layout.dimOf(axis));
  char wantRight = 'L', wantDown = 'P';
  switch (axis) {
    case SliceAxis::Axial: wantRight = 'L'; wantDown = 'P'; break;
    case SliceAxis::Coronal: wantRight = 'L'; wantDown = 'I'; break;
    case SliceAxis::Sagittal: wantRight = 'P'; wantDown = 'I'; break;
  }
  const char towardU = layout.toward[size_t(o.plane.uDim)];
  const char towardV = layout.toward[size_t(o.plane.vDim)];
  o.xIsU = sameLine(towardU, wantRight) || !sameLine(towardV, wantRight);
  const char towardX = o.xIsU ? towardU : towardV;
  const char towardY = o.xIsU ? towardV : towardU;
  o.flipX = towardX != wantRight;
  o.flipY = towardY != wantDown;
  o.right = wantRight;
  o.left = oppositeDirection(wantRight);
  o.bottom = wantDown;
  o.top = oppositeDirection(wantDown);
  const char towardN = layout.toward[size_t(o.plane.normalDim)];
  o.forwardStep = (towardN == 'S' || towardN == 'A' || towardN == 'L') ? 1 : -1;
  return o;
}

}  // namespace slicewise
