#include "viewers/SlicePlanes.h"

#include <vtkActor.h>
#include <vtkImageData.h>
#include <vtkNew.h>
#include <vtkPlaneSource.h>
#include <vtkPointData.h>
#include <vtkPolyDataMapper.h>
#include <vtkProperty.h>
#include <vtkRenderer.h>
#include <vtkSmartPointer.h>
#include <vtkTexture.h>
#include <vtkUnsignedCharArray.h>

#include <algorithm>
#include <array>

namespace slicewise {

namespace {

struct Plane {
  vtkSmartPointer<vtkPlaneSource> quad;
  vtkSmartPointer<vtkImageData> pixels;
  vtkSmartPointer<vtkTexture> texture;
  vtkSmartPointer<vtkActor> actor;
};

}  // namespace

struct SlicePlanes::Impl {
  vtkRenderer* renderer = nullptr;
  const Volume* image = nullptr;
  WindowLevel window;
  Index3 cursor{0, 0, 0};
  bool visible = false;
  std::array<Plane, 3> planes;  // by the voxel dimension they are stacked along
};

SlicePlanes::SlicePlanes(vtkRenderer* renderer) : p_(new Impl) {
  p_->renderer = renderer;
  for (Plane& plane : p_->planes) {
    plane.quad = vtkSmartPointer<vtkPlaneSource>::New();
    plane.pixels = vtkSmartPointer<vtkImageData>::New();
    plane.texture = vtkSmartPointer<vtkTexture>::New();
    plane.texture->SetInputData(plane.pixels);
    plane.texture->InterpolateOn();
    plane.texture->EdgeClampOn();
    plane.texture->RepeatOff();
    plane.texture->SetColorModeToDirectScalars();
    vtkNew<vtkPolyDataMapper> mapper;
    mapper->SetInputConnection(plane.quad->GetOutputPort());
    plane.actor = vtkSmartPointer<vtkActor>::New();
    plane.actor->SetMapper(mapper);
    plane.actor->SetTexture(plane.texture);
    plane.actor->GetProperty()->LightingOff();
    plane.actor->VisibilityOff();
    renderer->AddActor(plane.actor);
  }
}

SlicePlanes::~SlicePlanes() {
  for (Plane& plane : p_->planes) p_->renderer->RemoveActor(plane.actor);
}

bool SlicePlanes::hasImage() const { return p_->image && !p_->image->empty(); }
const Index3& SlicePlanes::cursor() const { return p_->cursor; }

void SlicePlanes::setImage(const Volume* image, const WindowLevel& window) {
  p_->image = image;
  p_->window = window;
  if (hasImage()) {
    const Index3& size = image->geometry().size;
    p_->cursor = {size[0] / 2, size[1] / 2, size[2] / 2};
    for (int d = 0; d < 3; ++d) updatePlane(d);
  }
  setVisible(p_->visible);
}

void SlicePlanes::setCursor(const Index3& voxel) {
  if (!hasImage()) return;
  const Index3& size = p_->image->geometry().size;
  for (int d = 0; d < 3; ++d) {
    const int64_t index = std::clamp<int64_t>(voxel[size_t(d)], 0, size[size_t(d)] - 1);
    if (index == p_->cursor[size_t(d)]) continue;
    p_->cursor[size_t(d)] = index;
    updatePlane(d);
  }
}

void SlicePlanes::setWindowLevel(const WindowLevel& window) {
  p_->window = window;
  if (hasImage())
    for (int d = 0; d < 3; ++d) updatePlane(d);
}

void SlicePlanes::setVisible(bool visible) {
  p_->visible = visible;
  for (Plane& plane : p_->planes) plane.actor->SetVisibility(visible && hasImage());
}

void SlicePlanes::updatePlane(int normalDim) {
  const ImageGeometry& g = p_->image->geometry();
  const SlicePlane plane = slicePlaneForDim(g, normalDim);
  const int64_t slice = p_->cursor[size_t(normalDim)];
  Plane& out = p_->planes[size_t(normalDim)];

  const std::vector<float> values = p_->image->sliceAsFloat(plane, slice);
  vtkNew<vtkUnsignedCharArray> greys;
  greys->SetNumberOfValues(vtkIdType(values.size()));
  for (size_t n = 0; n < values.size(); ++n) greys->SetValue(vtkIdType(n), p_->window.grey(values[n]));
  out.pixels->SetDimensions(int(plane.width), int(plane.height), 1);
  out.pixels->GetPointData()->SetScalars(greys);
  out.pixels->Modified();

  // The quad spans the outer edges of the slice's pixels, so texel centres (texture
  // coordinates (n + 0.5) / width) fall on voxel centres.
  auto corner = [&](double u, double v) {
    Vec3 index{};
    index[size_t(normalDim)] = double(slice);
    index[size_t(plane.uDim)] = u;
    index[size_t(plane.vDim)] = v;
    return g.indexToPhysical(index);
  };
  const Vec3 origin = corner(-0.5, -0.5);
  const Vec3 alongU = corner(double(plane.width) - 0.5, -0.5);
  const Vec3 alongV = corner(-0.5, double(plane.height) - 0.5);
  out.quad->SetOrigin(origin[0], origin[1], origin[2]);
  out.quad->SetPoint1(alongU[0], alongU[1], alongU[2]);
  out.quad->SetPoint2(alongV[0], alongV[1], alongV[2]);
  out.quad->Modified();
}

}  // namespace slicewise
