#include "viewers/SurfaceView.h"

#include <QTimer>
#include <vtkActor.h>
#include <vtkAnnotatedCubeActor.h>
#include <vtkCamera.h>
#include <vtkNew.h>
#include <vtkOrientationMarkerWidget.h>
#include <vtkPolyData.h>
#include <vtkPolyDataMapper.h>
#include <vtkProperty.h>
#include <vtkRenderer.h>
#include <vtkSmartPointer.h>

#include <algorithm>
#include <map>
#include <utility>

#include "viewers/LabelSurfaceBuilder.h"
#include "viewers/SlicePlanes.h"
#include "viewers/SurfaceBuildWorker.h"

namespace slicewise {

namespace {

struct LabelSurface {
  vtkSmartPointer<vtkActor> actor;
  vtkSmartPointer<vtkPolyDataMapper> mapper;
};

}  // namespace

struct SurfaceView::Impl {
  std::map<Label, LabelSurface> surfaces;
  std::map<Label, VoxelBox> boxes;  // bounding box of every label present
  ImageGeometry geometry;
  bool haveGeometry = false;
  LabelTable table;
  std::map<Label, uint64_t> requested;  // serial of the newest build asked for, while pending
  uint64_t nextSerial = 1;
  SurfaceOptions options;
  std::unique_ptr<SurfaceBuildWorker> worker;
  std::unique_ptr<SlicePlanes> planes;
  bool planesOn = false;
  bool fitWhenBuilt = false;  // the builds under way started from an empty scene
  QTimer repaintLater;
  vtkSmartPointer<vtkOrientationMarkerWidget> marker;
};

SurfaceView::SurfaceView(QWidget* parent) : VtkOpenGLWidget(parent), p_(new Impl) {
  renderer()->SetBackground(0.08, 0.09, 0.12);
  renderer()->SetBackground2(0.22, 0.24, 0.3);
  renderer()->GradientBackgroundOn();
  p_->planes = std::make_unique<SlicePlanes>(renderer());
  p_->repaintLater.setSingleShot(true);
  p_->repaintLater.setInterval(300);
  connect(&p_->repaintLater, &QTimer::timeout, this, [this] { update(); });
  p_->worker = std::make_unique<SurfaceBuildWorker>(
      this, [this](const SurfaceBuildWorker::Result& r) { applyBuilt(r.id, r.serial, r.mesh); });

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
  p_->worker.reset();  // joins the build thread before anything it reports to goes
  releaseGraphics();
  p_->marker->SetEnabled(0);
}

void SurfaceView::setSmoothingIterations(int iterations) {
  p_->options.smoothingIterations = iterations;
}

void SurfaceView::setMaxTrianglesPerLabel(int64_t triangles) {
  p_->options.maxTriangles = triangles;
}

bool SurfaceView::surfacesPending() const { return !p_->requested.empty(); }

int64_t SurfaceView::triangleCount() const {
  int64_t n = 0;
  for (const auto& [id, s] : p_->surfaces)
    if (s.actor->GetVisibility()) n += int64_t(s.mapper->GetInput()->GetNumberOfPolys());
  return n;
}

void SurfaceView::setLabels(const LabelVolume& labels, const LabelTable& table) {
  p_->worker->cancelAll();
  p_->fitWhenBuilt = false;
  p_->requested.clear();  // results still on their way are stale now
  for (auto& [id, s] : p_->surfaces) renderer()->RemoveActor(s.actor);
  p_->surfaces.clear();
  p_->boxes.clear();
  p_->table = table;
  p_->geometry = labels.geometry();
  p_->haveGeometry = !labels.empty();
  if (p_->haveGeometry) {
    const std::vector<VoxelBox> boxes = LabelBoxes::scan(labels);
    for (size_t id = 1; id < boxes.size(); ++id)
      if (!boxes[id].empty()) p_->boxes[Label(id)] = boxes[id];
  }
  for (const auto& [id, box] : p_->boxes) {
    const LabelMask mask = LabelBoxes::copyMask(labels, id, box);
    applyBuilt(id, 0, LabelSurfaceBuilder::build(mask, p_->geometry, p_->options));
  }
  refreshVisibility();
  resetCamera();
}

void SurfaceView::updateLabels(const LabelVolume& labels, const LabelTable& table,
                               const std::vector<Label>& changedLabels, const VoxelBox& region) {
  const bool sameGrid = p_->haveGeometry && labels.geometry().size == p_->geometry.size &&
                        labels.geometry().sameGrid(p_->geometry);
  p_->table = table;
  std::vector<Label> changed;
  VoxelBox scanRegion = region;
  if (!sameGrid) {
    // Another volume: every label present and every surface shown is out of date.
    for (const auto& [id, s] : p_->surfaces) changed.push_back(id);
    p_->boxes.clear();
    p_->geometry = labels.geometry();
    p_->haveGeometry = !labels.empty();
    scanRegion = {};
  } else {
    for (Label id : changedLabels)
      if (id != 0) changed.push_back(id);
    // A changed label's new box lies within its old box and the changed region.
    if (!region.empty())
      for (Label id : changed)
        if (auto it = p_->boxes.find(id); it != p_->boxes.end()) scanRegion.unite(it->second);
  }
  if (p_->haveGeometry && (!sameGrid || !changed.empty())) {
    const std::vector<VoxelBox> boxes = LabelBoxes::scan(labels, scanRegion);
    if (!sameGrid) {
      for (size_t id = 1; id < boxes.size(); ++id)
        if (!boxes[id].empty()) {
          p_->boxes[Label(id)] = boxes[id];
          changed.push_back(Label(id));
        }
    } else {
      for (Label id : changed) {
        if (boxes[id].empty()) p_->boxes.erase(id);
        else p_->boxes[id] = boxes[id];
      }
    }
  }
  std::sort(changed.begin(), changed.end());
  changed.erase(std::unique(changed.begin(), changed.end()), changed.end());
  if (p_->surfaces.empty()) p_->fitWhenBuilt = true;
  for (Label id : changed) submit(labels, id);
  refreshVisibility();
  if (p_->requested.empty()) {
    p_->fitWhenBuilt = false;
    Q_EMIT surfacesUpdated();
  }
}

void SurfaceView::submit(const LabelVolume& labels, Label id) {
  const auto box = p_->boxes.find(id);
  if (box == p_->boxes.end()) {
    // The label is gone: drop its surface now, and any build still on its way.
    p_->requested.erase(id);
    applyBuilt(id, 0, nullptr);
    return;
  }
  const uint64_t serial = p_->nextSerial++;
  p_->requested[id] = serial;
  p_->worker->submit(LabelBoxes::copyMask(labels, id, box->second), p_->geometry, p_->options,
                     serial);
}

void SurfaceView::applyBuilt(Label id, uint64_t serial, const std::shared_ptr<vtkPolyData>& mesh) {
  if (serial != 0) {
    const auto it = p_->requested.find(id);
    if (it == p_->requested.end() || it->second != serial) return;  // superseded
    p_->requested.erase(it);
  }
  auto it = p_->surfaces.find(id);
  if (!mesh) {
    if (it != p_->surfaces.end()) {
      renderer()->RemoveActor(it->second.actor);
      p_->surfaces.erase(it);
      update();
    }
  } else {
    if (it == p_->surfaces.end()) {
      LabelSurface s;
      s.mapper = vtkSmartPointer<vtkPolyDataMapper>::New();
      s.mapper->ScalarVisibilityOff();
      s.actor = vtkSmartPointer<vtkActor>::New();
      s.actor->SetMapper(s.mapper);
      vtkProperty* look = s.actor->GetProperty();
      look->SetAmbient(0.15);
      look->SetDiffuse(0.8);
      look->SetSpecular(0.15);
      look->SetSpecularPower(20);
      renderer()->AddActor(s.actor);
      it = p_->surfaces.emplace(id, s).first;
    }
    // The mesh is shared with the build result; VTK holds its own reference from here on.
    vtkSmartPointer<vtkPolyData> data = mesh.get();
    it->second.mapper->SetInputData(data);
  }
  if (serial == 0) return;  // setLabels finishes the scene itself
  refreshVisibility();
  renderer()->ResetCameraClippingRange();
  // Several labels of one edit arrive one by one: one repaint for them all, since each repaint
  // of large surfaces holds the GUI thread; while edits keep coming, at least every 300 ms.
  if (p_->requested.empty()) {
    p_->repaintLater.stop();
    // Surfaces built into an empty scene (a label map loaded in the background, a first
    // stroke) are framed once all have come; later edits never move the camera.
    if (std::exchange(p_->fitWhenBuilt, false) && !p_->surfaces.empty()) resetCamera();
    update();
    Q_EMIT surfacesUpdated();
  } else if (!p_->repaintLater.isActive()) {
    p_->repaintLater.start();
  }
}

void SurfaceView::setLabelTable(const LabelTable& table) {
  p_->table = table;
  refreshVisibility();
}

void SurfaceView::refreshVisibility() {
  // Only a visible change repaints: a repaint of large surfaces under software OpenGL holds the
  // GUI thread for a noticeable time.
  bool changed = false, anyVisible = false;
  for (auto& [id, s] : p_->surfaces) {
    const LabelInfo info = p_->table.infoOrDefault(id);
    double rgb[3];
    s.actor->GetProperty()->GetColor(rgb);
    const double want[3] = {info.color.r / 255.0, info.color.g / 255.0, info.color.b / 255.0};
    if (rgb[0] != want[0] || rgb[1] != want[1] || rgb[2] != want[2]) {
      s.actor->GetProperty()->SetColor(want[0], want[1], want[2]);
      changed = true;
    }
    if (bool(s.actor->GetVisibility()) != info.visible) {
      s.actor->SetVisibility(info.visible);
      changed = true;
    }
    anyVisible = anyVisible || info.visible;
  }
  const bool planes = planesWanted_ || !anyVisible;
  if (planes != p_->planesOn) {
    p_->planesOn = planes;
    p_->planes->setVisible(planes);
    changed = true;
  }
  if (changed) update();
}

void SurfaceView::setImage(const Volume& image, const WindowLevel& window) {
  p_->planes->setImage(&image, window);
  refreshVisibility();
  if (p_->surfaces.empty()) resetCamera();
  update();
}

void SurfaceView::setCursor(const Index3& voxel) {
  p_->planes->setCursor(voxel);
  update();
}

void SurfaceView::setWindowLevel(const WindowLevel& window) {
  p_->planes->setWindowLevel(window);
  update();
}

void SurfaceView::setPlanesVisible(bool visible) {
  planesWanted_ = visible;
  refreshVisibility();
}

bool SurfaceView::planesShown() const {
  if (!p_->planes->hasImage()) return false;
  if (planesWanted_) return true;
  for (const auto& [id, s] : p_->surfaces)
    if (s.actor->GetVisibility()) return false;
  return true;
}

void SurfaceView::resetCamera() { viewFrom(Side::Anterior); }

void SurfaceView::viewFrom(Side side) {
  // Patient space is LPS: x toward the patient's left, y toward posterior, z toward superior.
  struct Look {
    double from[3], up[3];
  };
  static constexpr Look looks[] = {
      {{0, -1, 0}, {0, 0, 1}},  // anterior: the patient's left on the screen's right
      {{0, 1, 0}, {0, 0, 1}},   // posterior
      {{1, 0, 0}, {0, 0, 1}},   // left
      {{-1, 0, 0}, {0, 0, 1}},  // right
      {{0, 0, 1}, {0, -1, 0}},  // superior
      {{0, 0, -1}, {0, -1, 0}}, // inferior: as the axial slices, the patient's right on the left
  };
  const Look& look = looks[int(side)];
  vtkCamera* camera = renderer()->GetActiveCamera();
  camera->SetFocalPoint(0, 0, 0);
  camera->SetPosition(look.from[0], look.from[1], look.from[2]);
  camera->SetViewUp(look.up[0], look.up[1], look.up[2]);
  renderer()->ResetCamera();
  camera->Zoom(1.35);  // ResetCamera fits the bounding sphere, which leaves wide margins
  update();
}

void SurfaceView::rotateCamera(double azimuth, double elevation) {
  vtkCamera* camera = renderer()->GetActiveCamera();
  camera->Azimuth(azimuth);
  camera->Elevation(elevation);
  camera->OrthogonalizeViewUp();
  renderer()->ResetCameraClippingRange();
  update();
}

}  // namespace slicewise
