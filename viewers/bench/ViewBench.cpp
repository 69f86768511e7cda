// Frame times behind viewers/README.md: a 512x512 slice with a label overlay drawn with QPainter
// (SliceView) or with two VTK image actors through the Qt6 bridge, a ~500k-triangle surface
// through the bridge, surface builds, and the 3D view's update after a brush stroke on a
// 512x512x300 label map (stroke end to surface on screen). Run under Xvfb:
//   xvfb-run -a -s "-screen 0 2000x1400x24" slicewise-view-bench [LABELS]
#include <QApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFileInfo>
#include <QTimer>
#include <QWindow>
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>
#include <string>
#include <vtkActor.h>
#include <vtkCamera.h>
#include <vtkImageActor.h>
#include <vtkImageData.h>
#include <vtkImageMapToColors.h>
#include <vtkImageMapToWindowLevelColors.h>
#include <vtkImageMapper3D.h>
#include <vtkLookupTable.h>
#include <vtkNew.h>
#include <vtkPointData.h>
#include <vtkPolyDataMapper.h>
#include <vtkRenderer.h>
#include <vtkShortArray.h>
#include <vtkSphereSource.h>
#include <vtkUnsignedShortArray.h>

#include "model/LabelTable.h"
#include "model/LabelVolume.h"
#include "model/Volume.h"
#include "io/ImageIO.h"
#include "viewers/OpenGLSetup.h"
#include "viewers/SliceComposer.h"
#include "viewers/SliceCursor.h"
#include "viewers/SliceView.h"
#include "viewers/SurfaceView.h"
#include "viewers/VtkOpenGLWidget.h"

using namespace slicewise;

namespace {

constexpr int kSize = 512, kSlices = 40;

struct Case {
  Volume image;
  LabelVolume labels;
  LabelTable table;
};

Case makeCase() {
  ImageGeometry g;
  g.size = {kSize, kSize, kSlices};
  g.spacing = {0.8, 0.8, 2.0};
  std::vector<int16_t> hu(g.voxelCount());
  std::vector<Label> lab(g.voxelCount(), 0);
  for (int64_t k = 0; k < kSlices; ++k)
    for (int64_t j = 0; j < kSize; ++j)
      for (int64_t i = 0; i < kSize; ++i) {
        const double r = std::hypot(double(i - 256), double(j - 256));
        const size_t idx = g.linearIndex(i, j, k);
        hu[idx] = int16_t(r < 220 ? 40 + (i * 7 + j * 13 + k) % 60 : -1000);
        lab[idx] = r < 60 + k ? 1 : (std::hypot(double(i - 150), double(j - 300)) < 40 ? 2 : 0);
      }
  Case c{Volume(g, std::move(hu)), LabelVolume(g, std::move(lab)), {}};
  c.table.set({1, "a", {255, 0, 0}, true, false});
  c.table.set({2, "b", {0, 255, 0}, true, false});
  return c;
}

// Mean milliseconds per call over `frames` calls after two warm-up calls.
double timeFrames(int frames, const std::function<void(int)>& frame) {
  frame(0);
  frame(1);
  QElapsedTimer t;
  t.start();
  for (int f = 0; f < frames; ++f) frame(f + 2);
  return double(t.nsecsElapsed()) / 1e6 / frames;
}

// repaint() draws nothing until the window system has exposed the window.
void showExposed(QWidget& w) {
  w.show();
  QElapsedTimer t;
  t.start();
  while ((!w.windowHandle() || !w.windowHandle()->isExposed()) && t.elapsed() < 5000)
    QApplication::processEvents(QEventLoop::AllEvents, 50);
  QApplication::processEvents();
}

void row(const std::string& what, double ms) { std::printf("| %-58s | %8.2f |\n", what.c_str(), ms); }

}  // namespace

int main(int argc, char** argv) {
  configureOpenGLBeforeApplication();
  QApplication app(argc, argv);
  const Case c = makeCase();
  std::printf("| frame (512x512 slice view, 40 slices; 3D view 512x512) | ms/frame |\n");
  std::printf("| --- | --- |\n");

  // QPainter path.
  SliceCursor cursor;
  cursor.setGeometry(c.image.geometry());
  SliceLayers layers{.image = &c.image, .labels = &c.labels, .table = &c.table, .window = {40, 400}, .labelOpacity = 0.5};
  const SliceOrientation axial = SliceOrientation::forAxis(c.image.geometry(), SliceAxis::Axial);
  row("QPainter: compose slice + overlay only (SliceComposer)",
      timeFrames(100, [&](int f) { (void)SliceComposer::compose(layers, axial, f % kSlices); }));
  {
    SliceView view(SliceAxis::Axial);
    view.setLayers(layers, &cursor);
    view.resize(kSize, kSize);
    showExposed(view);
    row("QPainter: new slice, compose + repaint (SliceView)", timeFrames(100, [&](int f) {
          view.setSliceIndex(f % kSlices);
          view.repaint();
          QApplication::processEvents();
        }));
    row("QPainter: same slice, repaint only (crosshair move)", timeFrames(100, [&](int) {
          view.update();
          view.repaint();
          QApplication::processEvents();
        }));
    view.resize(1024, 1024);
    QApplication::processEvents();
    row("QPainter: new slice, compose + repaint, 1024x1024 view (2x)", timeFrames(100, [&](int f) {
          view.setSliceIndex(f % kSlices);
          view.repaint();
          QApplication::processEvents();
        }));
  }

  // VTK path: grey and label RGBA image actors over one vtkImageData each, display extent per
  // slice, rendered through the bridge.
  {
    VtkOpenGLWidget widget;
    widget.resize(kSize, kSize);
    vtkNew<vtkImageData> grey, lab;
    for (vtkImageData* im : {grey.Get(), lab.Get()}) {
      im->SetDimensions(kSize, kSize, kSlices);
      im->SetSpacing(0.8, 0.8, 2.0);
    }
    vtkNew<vtkShortArray> gs;
    gs->SetArray(const_cast<int16_t*>(std::get<std::vector<int16_t>>(c.image.storage()).data()),
                 vtkIdType(c.image.geometry().voxelCount()), 1);
    grey->GetPointData()->SetScalars(gs);
    vtkNew<vtkUnsignedShortArray> ls;
    ls->SetArray(const_cast<Label*>(c.labels.data().data()), vtkIdType(c.labels.voxelCount()), 1);
    lab->GetPointData()->SetScalars(ls);
    vtkNew<vtkImageMapToWindowLevelColors> wl;
    wl->SetInputData(grey);
    wl->SetWindow(400);
    wl->SetLevel(40);
    vtkNew<vtkLookupTable> lut;
    lut->SetNumberOfTableValues(3);
    lut->SetTableRange(-0.5, 2.5);
    lut->SetTableValue(0, 0, 0, 0, 0);
    lut->SetTableValue(1, 1, 0, 0, 0.5);
    lut->SetTableValue(2, 0, 1, 0, 0.5);
    vtkNew<vtkImageMapToColors> colours;
    colours->SetInputData(lab);
    colours->SetLookupTable(lut);
    colours->SetOutputFormatToRGBA();
    vtkNew<vtkImageActor> greyActor, labelActor;
    greyActor->GetMapper()->SetInputConnection(wl->GetOutputPort());
    labelActor->GetMapper()->SetInputConnection(colours->GetOutputPort());
    labelActor->SetOpacity(1.0);
    labelActor->ForceTranslucentOn();
    widget.renderer()->AddActor(greyActor);
    widget.renderer()->AddActor(labelActor);
    widget.renderer()->GetActiveCamera()->ParallelProjectionOn();
    auto showSlice = [&](int k) {
      greyActor->SetDisplayExtent(0, kSize - 1, 0, kSize - 1, k, k);
      labelActor->SetDisplayExtent(0, kSize - 1, 0, kSize - 1, k, k);
    };
    showSlice(0);
    widget.renderer()->ResetCamera();
    showExposed(widget);
    row("VTK image actors: new slice, render + blit", timeFrames(20, [&](int f) {
          showSlice(f % kSlices);
          widget.update();
          widget.repaint();
          QApplication::processEvents();
        }));
    row("VTK image actors: same slice, render + blit", timeFrames(20, [&](int) {
          widget.update();
          widget.repaint();
          QApplication::processEvents();
        }));
  }

  // 3D: ~500k triangles through the bridge, camera turning 2 degrees per frame.
  {
    VtkOpenGLWidget widget;
    widget.resize(kSize, kSize);
    vtkNew<vtkSphereSource> sphere;
    sphere->SetThetaResolution(501);
    sphere->SetPhiResolution(501);
    sphere->Update();
    vtkNew<vtkPolyDataMapper> mapper;
    mapper->SetInputConnection(sphere->GetOutputPort());
    vtkNew<vtkActor> actor;
    actor->SetMapper(mapper);
    widget.renderer()->AddActor(actor);
    widget.renderer()->ResetCamera();
    showExposed(widget);
    char label[96];
    std::snprintf(label, sizeof label, "VTK surface, %lld triangles, rotate + render + blit",
                  static_cast<long long>(sphere->GetOutput()->GetNumberOfPolys()));
    row(label, timeFrames(20, [&](int) {
          widget.renderer()->GetActiveCamera()->Azimuth(2);
          widget.update();
          widget.repaint();
          QApplication::processEvents();
        }));
  }

  // Surface extraction (SurfaceView::setLabels), then turning the camera around that surface.
  auto benchSurface = [&](const LabelVolume& labels, const std::string& name) {
    SurfaceView view;
    view.resize(kSize, kSize);
    QElapsedTimer t;
    t.start();
    view.setLabels(labels, LabelTable());
    const double ms = double(t.nsecsElapsed()) / 1e6;
    row("SurfaceView::setLabels " + name + " -> " + std::to_string(view.triangleCount()) + " triangles", ms);
    showExposed(view);
    row("SurfaceView: that surface, rotate + render + blit", timeFrames(20, [&](int) {
          view.renderer()->GetActiveCamera()->Azimuth(2);
          view.update();
          view.repaint();
          QApplication::processEvents();
        }));
  };

  // Surface extraction for the 3D view (SurfaceView::setLabels) on a labelled 256^3 volume.
  {
    ImageGeometry g;
    g.size = {256, 256, 256};
    LabelVolume labels(g);
    for (int64_t k = 0; k < 256; ++k)
      for (int64_t j = 0; j < 256; ++j)
        for (int64_t i = 0; i < 256; ++i) {
          const double x = i - 128.0, y = j - 128.0, z = k - 128.0;
          const double r = std::sqrt(x * x + y * y + z * z);
          const double bumps = 8 * std::sin(x / 9.0) * std::cos(y / 11.0) * std::sin(z / 7.0);
          if (r < 100 + bumps) labels.set(i, j, k, r < 50 ? 2 : 1);
        }
    benchSurface(labels, "256^3, 2 labels");
  }
  // The brush-stroke case: a 512x512x300 label map with four organs; a stroke paints into one
  // of them and the 3D view must show it within a second of the stroke's end, without freezing
  // the GUI meanwhile.
  {
    ImageGeometry g;
    g.size = {512, 512, 300};
    g.spacing = {0.8, 0.8, 1.0};
    LabelVolume labels(g);
    auto inEllipsoid = [](double x, double y, double z, const Vec3& c, const Vec3& r) {
      const double a = (x - c[0]) / r[0], b = (y - c[1]) / r[1], d = (z - c[2]) / r[2];
      return a * a + b * b + d * d < 1;
    };
    for (int64_t k = 0; k < 300; ++k)
      for (int64_t j = 0; j < 512; ++j)
        for (int64_t i = 0; i < 512; ++i) {
          const double x = double(i), y = double(j), z = double(k);
          Label l = 0;
          if (inEllipsoid(x, y, z, {180, 250, 170}, {110, 90, 80})) l = 1;       // liver
          else if (inEllipsoid(x, y, z, {350, 230, 190}, {45, 60, 50})) l = 2;   // spleen
          else if (inEllipsoid(x, y, z, {200, 360, 110}, {30, 40, 50})) l = 3;   // kidney
          else if (inEllipsoid(x, y, z, {330, 370, 110}, {30, 40, 50})) l = 4;   // kidney
          labels.set(i, j, k, l);
        }
    LabelTable table;
    SurfaceView view;
    view.resize(kSize, kSize);
    QElapsedTimer t;
    t.start();
    view.setLabels(labels, table);
    row("SurfaceView::setLabels 512x512x300, 4 labels -> " +
            std::to_string(view.triangleCount()) + " triangles",
        double(t.nsecsElapsed()) / 1e6);
    showExposed(view);
    row("SurfaceView: those surfaces, rotate + render + blit", timeFrames(10, [&](int) {
          view.rotateCamera(2, 0);
          view.repaint();
          QApplication::processEvents();
        }));

    // A stroke: a 12 mm disc swept over 20 slices, painted into `label` at `centre`.
    auto stroke = [&](Label label, int64_t ci, int64_t cj, int64_t k0) {
      VoxelBox box{{ci - 8, cj - 8, k0}, {ci + 8, cj + 8, k0 + 19}};
      for (int64_t k = box.first[2]; k <= box.last[2]; ++k)
        for (int64_t j = box.first[1]; j <= box.last[1]; ++j)
          for (int64_t i = box.first[0]; i <= box.last[0]; ++i)
            if (std::hypot(double(i - ci), double(j - cj)) < 7.5) labels.set(i, j, k, label);
      return box;
    };
    // Stroke end to surface on screen, with the GUI thread's longest stall meanwhile (a 5 ms
    // timer keeps ticking while the surfaces build in the background).
    auto update = [&](const std::string& what, const std::vector<Label>& changed, const VoxelBox& region) {
      QElapsedTimer clock, sinceTick;
      QTimer ticker;
      double longestStall = 0;
      QObject::connect(&ticker, &QTimer::timeout, [&] {
        longestStall = std::max(longestStall, double(sinceTick.nsecsElapsed()) / 1e6);
        sinceTick.restart();
      });
      QEventLoop wait;
      const auto done = QObject::connect(&view, &SurfaceView::surfacesUpdated, &wait, &QEventLoop::quit);
      clock.start();
      view.updateLabels(labels, table, changed, region);
      const double call = double(clock.nsecsElapsed()) / 1e6;
      sinceTick.start();
      ticker.start(5);
      if (view.surfacesPending()) wait.exec();
      const double built = double(clock.nsecsElapsed()) / 1e6;
      ticker.stop();
      QObject::disconnect(done);
      view.repaint();
      QApplication::processEvents();
      const double shown = double(clock.nsecsElapsed()) / 1e6;
      row(what + ": updateLabels call (GUI thread)", call);
      row(what + ": surface built (background)", built);
      row(what + ": surface on screen (built + render + blit)", shown);
      row(what + ": longest GUI stall while building", std::max(call, longestStall));
    };
    update("stroke in spleen (label 2), region given", {2}, stroke(2, 400, 230, 180));
    update("stroke in liver (label 1), region given", {1}, stroke(1, 290, 250, 160));
    stroke(3, 200, 330, 100);
    update("stroke in kidney (label 3), no region (whole-volume scan)", {3}, VoxelBox{});
    update("stroke over liver and spleen (labels 1, 2)", {1, 2}, stroke(2, 292, 250, 170));

    // What a full rebuild would cost instead, as every stroke did before.
    stroke(2, 420, 230, 200);
    t.restart();
    view.setLabels(labels, table);
    view.repaint();
    QApplication::processEvents();
    row("full rebuild instead: setLabels (all 4 labels) + render + blit", double(t.nsecsElapsed()) / 1e6);
  }

  // Optional: the same for a real label map given on the command line.
  if (argc > 1)
    benchSurface(readLabelMap(argv[1]),
                 QFileInfo(QString::fromLocal8Bit(argv[1])).fileName().toStdString());
  return 0;
}
