#include "viewers/SurfaceView.h"

#include <vtkActor.h>
#include <vtkAnnotatedCubeActor.h>
#include <vtkCamera.h>
#include <vtkDiscreteFlyingEdges3D.h>
#include <vtkImageData.h>
#include <vtkLookupTable.h>
#include <vtkMatrix4x4.h>
#include <vtkNew.h>
#include <vtkOrientationMarkerWidget.h>
#include <vtkPointData.h>
#include <vtkPolyData.h>
#include <vtkPolyDataMapper.h>
#include <vtkPolyDataNormals.h>
#include <vtkProperty.h>
#include <vtkRenderer.h>
#include <vtkSmartPointer.h>
#include <vtkTransform.h>
#include <vtkTransformPolyDataFilter.h>
#include <vtkUnsignedShortArray.h>
#include <vtkWindowedSincPolyDataFilter.h>

#include <vector>

namespace slicewise {

struct SurfaceView::Impl {
  vtkSmartPointer<vtkActor> actor;
  vtkSmartPointer<vtkPolyDataMapper> mapper;
  vtkSmartPointer<vtkLookupTable> lut;
  vtkSmartPointer<vtkPolyData> surfaces;
  vtkSmartPointer<vtkOrientationMarkerWidget> marker;
  Label maxId = 0;
  int smoothing = 15;
};

SurfaceView::SurfaceView(QWidget* parent) : VtkOpenGLWidget(parent), p_(new Impl) {
  p_->lut = vtkSmartPointer<vtkLookupTable>::New();
  p_->mapper = vtkSmartPointer<vtkPolyDataMapper>::New();
  p_->mapper->SetLookupTable(p_->lut);
  p_->mapper->SetScalarModeToUsePointData();
  p_->mapper->SetColorModeToMapScalars();
  p_->mapper->UseLookupTableScalarRangeOn();
  p_->actor = vtkSmartPointer<vtkActor>::New();
  p_->actor->SetMapper(p_->mapper);
  p_->actor->GetProperty()->SetAmbient(0.15);
  p_->actor->GetProperty()->SetDiffuse(0.8);
  p_->actor->GetProperty()->SetSpecular(0.15);
  p_->actor->GetProperty()->SetSpecularPower(20);
  p_->actor->VisibilityOff();
  renderer()->AddActor(p_->actor);
  renderer()->SetBackground(0.08, 0.09, 0.12);
  renderer()->SetBackground2(0.22, 0.24, 0.3);
  renderer()->GradientBackgroundOn();

  // A cube lettered with the patient directions (LPS) turns with the camera, so the 3D view
  // stays readable after rotating.
  vtkNew<vtkAnnotatedCubeActor> cube;
  cube->SetXPlusFaceText("L");
  cube->SetXMinusFaceText("R");
  cube->SetYPlusFaceText("P");
  cube->SetYMinusFaceText("A");
  cube->SetZPlusFaceText("S");
  cube->SetZMinusFaceText("I");
  cube->SetFaceTextScale(0.6);
  cube->GetCubeProperty()->SetColor(0.35, 0.38, 0.45);
  cube->GetTextEdgesProperty()->SetColor(0.9, 0.9, 0.9);
  for (vtkProperty* face : {cube->GetXPlusFaceProperty(), cube->GetXMinusFaceProperty(),
                            cube->GetYPlusFaceProperty(), cube->GetYMinusFaceProperty(),
                            cube->GetZPlusFaceProperty(), cube->GetZMinusFaceProperty()})
    face->SetColor(1.0, 0.78, 0.31);
  p_->marker = vtkSmartPointer<vtkOrientationMarkerWidget>::New();
  p_->marker->SetOrientationMarker(cube);
  p_->marker->SetInteractor(interactor());
  p_->marker->SetCurrentRenderer(renderer());
  p_->marker->SetViewport(0.0, 0.0, 0.18, 0.24);
  p_->marker->SetEnabled(1);
  p_->marker->InteractiveOff();
}

SurfaceView::~SurfaceView() {
  releaseGraphics();
  p_->marker->SetEnabled(0);
}

void SurfaceView::setSmoothingIterations(int iterations) { p_->smoothing = iterations; }

int64_t SurfaceView::triangleCount() const {
  return p_->surfaces ? int64_t(p_->surfaces->GetNumberOfPolys()) : 0;
}

void SurfaceView::setLabels(const LabelVolume& labels, const LabelTable& table) {
  const ImageGeometry& g = labels.geometry();
  // Hidden labels are left out of the surfaces: hiding them through the colour table's alpha
  // would make VTK treat the whole actor as translucent and draw it see-through.
  std::vector<Label> shown;
  for (const auto& [id, count] : labels.labelCounts())
    if (table.infoOrDefault(id).visible) shown.push_back(id);
  p_->maxId = shown.empty() ? 0 : shown.back();
  // A single slice (or row) has no surface; the contour filter would fail with an error report.
  const bool flat = g.size[0] < 2 || g.size[1] < 2 || g.size[2] < 2;
  if (shown.empty() || flat) {
    p_->surfaces = nullptr;
    p_->actor->VisibilityOff();
    update();
    return;
  }

  // Surfaces are extracted in voxel index space and moved into patient space afterwards, since
  // the contour filter ignores an image's direction matrix.
  vtkNew<vtkImageData> image;
  image->SetDimensions(int(g.size[0]), int(g.size[1]), int(g.size[2]));
  vtkNew<vtkUnsignedShortArray> scalars;
  scalars->SetArray(const_cast<Label*>(labels.data().data()), vtkIdType(labels.voxelCount()),
                    1 /* borrowed, not freed */);
  image->GetPointData()->SetScalars(scalars);

  vtkNew<vtkDiscreteFlyingEdges3D> contour;
  contour->SetInputData(image);
  contour->SetNumberOfContours(int(shown.size()));
  for (size_t n = 0; n < shown.size(); ++n) contour->SetValue(int(n), double(shown[n]));
  contour->ComputeScalarsOn();
  contour->ComputeNormalsOff();
  contour->ComputeGradientsOff();

  vtkAlgorithmOutput* last = contour->GetOutputPort();
  vtkNew<vtkWindowedSincPolyDataFilter> smooth;
  if (p_->smoothing > 0) {
    smooth->SetInputConnection(last);
    smooth->SetNumberOfIterations(p_->smoothing);
    smooth->SetPassBand(0.1);
    smooth->BoundarySmoothingOff();
    smooth->FeatureEdgeSmoothingOff();
    smooth->NonManifoldSmoothingOn();
    smooth->NormalizeCoordinatesOn();
    last = smooth->GetOutputPort();
  }

  vtkNew<vtkMatrix4x4> indexToPatient;
  for (int r = 0; r < 3; ++r) {
    for (int c = 0; c < 3; ++c)
      indexToPatient->SetElement(r, c, g.direction[size_t(r * 3 + c)] * g.spacing[size_t(c)]);
    indexToPatient->SetElement(r, 3, g.origin[size_t(r)]);
  }
  vtkNew<vtkTransform> transform;
  transform->SetMatrix(indexToPatient);
  vtkNew<vtkTransformPolyDataFilter> place;
  place->SetInputConnection(last);
  place->SetTransform(transform);

  vtkNew<vtkPolyDataNormals> normals;
  normals->SetInputConnection(place->GetOutputPort());
  normals->SplittingOff();
  normals->ConsistencyOff();
  normals->ComputePointNormalsOn();
  normals->Update();

  p_->surfaces = vtkSmartPointer<vtkPolyData>::New();
  p_->surfaces->ShallowCopy(normals->GetOutput());
  p_->mapper->SetInputData(p_->surfaces);
  p_->actor->VisibilityOn();
  setLabelTable(table);
  resetCamera();
}

void SurfaceView::setLabelTable(const LabelTable& table) {
  // Index i covers [i - 0.5, i + 0.5), so every integer label value hits its own entry.
  const int entries = int(p_->maxId) + 1;
  p_->lut->SetNumberOfTableValues(entries);
  p_->lut->SetTableRange(-0.5, double(p_->maxId) + 0.5);
  for (int id = 0; id < entries; ++id) {
    const LabelInfo info = table.infoOrDefault(Label(id));
    p_->lut->SetTableValue(id, info.color.r / 255.0, info.color.g / 255.0, info.color.b / 255.0,
                           1.0);
  }
  p_->lut->Modified();
  update();
}

void SurfaceView::resetCamera() {
  vtkCamera* camera = renderer()->GetActiveCamera();
  // LPS: anterior is -y, superior +z; looking from the front puts the patient's left on the
  // screen's right.
  camera->SetFocalPoint(0, 0, 0);
  camera->SetPosition(0, -1, 0);
  camera->SetViewUp(0, 0, 1);
  renderer()->ResetCamera();
  camera->Zoom(1.35);  // ResetCamera fits the bounding sphere, which leaves wide margins
  update();
}

}  // namespace slicewise
