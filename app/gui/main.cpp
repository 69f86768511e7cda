// slicewise [IMAGE] [--labels LABELS] [--resample-labels] [--colors FILE] [--slice AXIS:INDEX]... [--screenshot OUT.png]
#include <QApplication>
#include <QCommandLineParser>
#include <QSize>
#include <QTimer>
#include <cstdio>
#include <exception>
#include <stdexcept>
#include <optional>
#include <vector>

#include "files/OutputSet.h"
#include "io/DicomScanner.h"
#include "ui/CaseLoader.h"
#include "ui/DicomSeriesDialog.h"
#include "ui/MainWindow.h"
#include "viewers/OpenGLSetup.h"
#include "viewers/SliceView.h"

namespace {

struct SliceRequest {
  slicewise::SliceAxis axis;
  int64_t index;
};

std::optional<SliceRequest> parseSliceRequest(const QString& text) {
  const QStringList parts = text.split(':');
  if (parts.size() != 2) return std::nullopt;
  const auto axis = slicewise::parseAxis(parts[0].toStdString());
  bool ok = false;
  const qlonglong index = parts[1].toLongLong(&ok);
  if (!axis || !ok || index < 0) return std::nullopt;
  return SliceRequest{*axis, index};
}

int fail(int code, const QString& message) {
  std::fprintf(stderr, "slicewise: %s\n", qPrintable(message));
  return code;
}

struct Launch {
  slicewise::OpenedCase opened;
  // A DICOM folder with several series and no --series: the picker runs once the GUI is up.
  std::optional<slicewise::DicomScanReport> pendingDicom;
  QString labels, colors;
  bool resampleLabels = false;
  std::vector<SliceRequest> slices;
  QSize size;
  QString screenshot;
};

// Parses the arguments and loads the volume before any window system is touched, so --help,
// usage errors and unreadable files answer without a display. Returns the exit code, or -1 to go
// on and open the window.
int prepare(int argc, char** argv, Launch& launch) {
  QCoreApplication core(argc, argv);
  QCoreApplication::setApplicationName(QStringLiteral("slicewise"));
  QCoreApplication::setApplicationVersion(QStringLiteral(SLICEWISE_VERSION));

  QCommandLineParser parser;
  parser.setApplicationDescription(
      QStringLiteral("Slicewise: segment a volume by annotating a few slices. Without IMAGE the "
                     "built-in sample opens."));
  const QCommandLineOption helpOpt = parser.addHelpOption();
  const QCommandLineOption versionOpt = parser.addVersionOption();
  parser.addPositionalArgument(
      QStringLiteral("IMAGE"),
      QStringLiteral("NIfTI, NRRD, MetaImage or GIPL image, or a DICOM folder, DICOMDIR or .dcm file"),
      QStringLiteral("[IMAGE]"));
  const QCommandLineOption seriesOpt(QStringLiteral("series"),
                                     QStringLiteral("DICOM SeriesInstanceUID to open (else a picker)"),
                                     QStringLiteral("UID"));
  const QCommandLineOption labelsOpt(QStringLiteral("labels"),
                                     QStringLiteral("label map on the image grid"),
                                     QStringLiteral("LABELS"));
  const QCommandLineOption colorsOpt(
      QStringLiteral("colors"),
      QStringLiteral("label names and colours (ITK-SNAP .label or JSON sidecar)"),
      QStringLiteral("FILE"));
  const QCommandLineOption sliceOpt(
      QStringLiteral("slice"),
      QStringLiteral("show slice INDEX (0-based) on AXIS (axial, coronal, sagittal); repeatable"),
      QStringLiteral("AXIS:INDEX"));
  const QCommandLineOption shotOpt(QStringLiteral("screenshot"),
                                   QStringLiteral("render the window to OUT.png and exit"),
                                   QStringLiteral("OUT.png"));
  const QCommandLineOption sizeOpt(QStringLiteral("size"),
                                   QStringLiteral("window size, default 1400x900"),
                                   QStringLiteral("WxH"), QStringLiteral("1400x900"));
  const QCommandLineOption resampleOpt(
      QStringLiteral("resample-labels"),
      QStringLiteral("resample a label map on another grid onto the image (nearest neighbour)"));
  parser.addOptions({labelsOpt, colorsOpt, resampleOpt, seriesOpt, sliceOpt, shotOpt, sizeOpt});
  if (!parser.parse(QCoreApplication::arguments())) return fail(2, parser.errorText());
  if (parser.isSet(helpOpt)) {
    std::fputs(qPrintable(parser.helpText()), stdout);
    return 0;
  }
  if (parser.isSet(versionOpt)) {
    std::printf("slicewise %s\n", SLICEWISE_VERSION);
    return 0;
  }

  const QStringList positional = parser.positionalArguments();
  if (positional.size() > 1) return fail(2, QStringLiteral("expected at most one IMAGE"));
  if (positional.isEmpty() && parser.isSet(labelsOpt))
    return fail(2, QStringLiteral("--labels needs an IMAGE"));
  for (const QString& s : parser.values(sliceOpt)) {
    const auto request = parseSliceRequest(s);
    if (!request) return fail(2, QStringLiteral("--slice expects AXIS:INDEX, got '%1'").arg(s));
    launch.slices.push_back(*request);
  }
  const QStringList size = parser.value(sizeOpt).split('x');
  if (size.size() != 2 || size[0].toInt() < 200 || size[1].toInt() < 200)
    return fail(2, QStringLiteral("--size expects WxH, e.g. 1400x900"));
  launch.size = QSize(size[0].toInt(), size[1].toInt());
  launch.screenshot = parser.value(shotOpt);

  try {
    QStringList warnings;
    if (positional.isEmpty()) {
      launch.opened = slicewise::CaseLoader::sample();
    } else if (slicewise::CaseLoader::isDicomPath(positional[0])) {
      const std::string path = positional[0].toStdString();
      slicewise::DicomScanReport report = slicewise::scanDicom(path);
      const bool pick = report.series.size() > 1 && !parser.isSet(seriesOpt) && launch.screenshot.isEmpty();
      if (pick) {
        launch.pendingDicom = std::move(report);
        launch.labels = parser.value(labelsOpt);
        launch.colors = parser.value(colorsOpt);
        launch.resampleLabels = parser.isSet(resampleOpt);
        return -1;
      }
      launch.opened = slicewise::CaseLoader::openDicom(
          slicewise::chooseDicomSeries(report, path, parser.value(seriesOpt).toStdString()),
          parser.value(labelsOpt), parser.value(colorsOpt), &warnings, parser.isSet(resampleOpt));
    } else {
      launch.opened = slicewise::CaseLoader::open(positional[0], parser.value(labelsOpt),
                                                  parser.value(colorsOpt), &warnings,
                                                  parser.isSet(resampleOpt));
    }
    for (const QString& w : warnings) std::fprintf(stderr, "warning: %s\n", qPrintable(w));
  } catch (const std::exception& e) {
    return fail(1, QString::fromUtf8(e.what()));
  }
  for (const SliceRequest& r : launch.slices) {
    const int64_t count = slicewise::slicePlane(launch.opened.image.geometry(), r.axis).count;
    if (r.index >= count)
      return fail(2, QStringLiteral("--slice %1:%2 is outside 0..%3")
                         .arg(QString::fromStdString(std::string(slicewise::axisName(r.axis))))
                         .arg(r.index)
                         .arg(count - 1));
  }
  return -1;
}

}  // namespace

int main(int argc, char** argv) {
  slicewise::configureOpenGLBeforeApplication();
  Launch launch;
  if (const int rc = prepare(argc, argv, launch); rc >= 0) return rc;

  QApplication app(argc, argv);
  QApplication::setApplicationName(QStringLiteral("slicewise"));
  QApplication::setApplicationVersion(QStringLiteral(SLICEWISE_VERSION));

  if (launch.pendingDicom) {
    slicewise::DicomSeriesDialog picker(*launch.pendingDicom);
    if (picker.exec() != QDialog::Accepted || picker.selectedSeries() < 0) return 0;
    try {
      QStringList warnings;
      launch.opened = slicewise::CaseLoader::openDicom(
          launch.pendingDicom->series[size_t(picker.selectedSeries())], launch.labels, launch.colors,
          &warnings, launch.resampleLabels);
      for (const QString& w : warnings) std::fprintf(stderr, "warning: %s\n", qPrintable(w));
    } catch (const std::exception& e) {
      return fail(1, QString::fromUtf8(e.what()));
    }
  }

  slicewise::MainWindow window(std::move(launch.opened));
  for (const SliceRequest& r : launch.slices) window.sliceView(r.axis)->setSliceIndex(r.index);
  window.resize(launch.size);
  window.show();

  if (!launch.screenshot.isEmpty()) {
    const QString out = launch.screenshot;
    // Deferred until the event loop has shown the window and the GL views have a context;
    // grab() then repaints every view, the VTK one included.
    QTimer::singleShot(200, &window, [&window, &app, out] {
      QApplication::processEvents();
      const QImage shot = window.grab().toImage();
      // Whole or not at all, as every output (files/OutputSet.h).
      try {
        slicewise::OutputSet outputs;
        const QString staged = QString::fromStdString(outputs.stage(out.toStdString()));
        if (shot.isNull() || !shot.save(staged, "PNG"))
          throw std::runtime_error("cannot write '" + out.toStdString() + "'");
        outputs.commit();
      } catch (const std::exception& e) {
        std::fprintf(stderr, "slicewise: %s\n", e.what());
        app.exit(1);
        return;
      }
      app.exit(0);
    });
  }
  return app.exec();
}
