// slicewise [PATH] [--labels LABELS] [--resample-labels] [--colors FILE] [--series UID]
//           [--slice AXIS:INDEX]... [--predict PREDICTOR] [--size WxH] [--screenshot OUT.png]
//           [--cohort DIR] [--shortcuts]
#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFileInfo>
#include <QIcon>
#include <QSettings>
#include <QSize>
#include <QThread>
#include <QTimer>
#include <cstdio>
#include <exception>
#include <stdexcept>
#include <optional>
#include <vector>

#include "cohort/Cohort.h"
#include "files/OutputSet.h"
#include "io/DicomScanner.h"
#include "ui/DicomSeriesDialog.h"
#include "ui/DocumentController.h"
#include "ui/DocumentLoader.h"
#include "ui/MainWindow.h"
#include "ui/PredictionRunner.h"
#include "ui/Shortcuts.h"
#include "ui/panels/CohortPanel.h"
#include "ui/panels/WorklistPanel.h"
#include "viewers/OpenGLSetup.h"
#include "viewers/SliceView.h"
#include "viewers/SurfaceView.h"

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
  QString path, labels, colors, series, predict, cohort;
  bool resampleLabels = false, noPanels = false;
  std::vector<SliceRequest> slices;
  QSize size;
  QString screenshot;
  std::optional<slicewise::LoadedDocument> loaded;  // loaded before the window system starts
  bool needsPicker = false;                         // a DICOM folder with several series
};

// The document named on the command line. A DICOM folder with several series and no --series
// needs the picker (`picked`: its choice, once the window system runs).
std::optional<slicewise::LoadedDocument> load(Launch& launch, int* rc, int picked = -1) {
  using slicewise::DocumentLoader;
  try {
    if (launch.path.isEmpty()) return DocumentLoader::sample();
    if (DocumentLoader::isStudyPath(launch.path)) return DocumentLoader::study(launch.path);
    if (DocumentLoader::isDicomPath(launch.path)) {
      const std::string path = launch.path.toStdString();
      const slicewise::DicomScanReport report = slicewise::scanDicom(path);
      if (report.series.size() > 1 && launch.series.isEmpty() && launch.screenshot.isEmpty() && picked < 0) {
        if (!QApplication::instance() || !qobject_cast<QApplication*>(QApplication::instance())) {
          launch.needsPicker = true;
          return std::nullopt;
        }
        slicewise::DicomSeriesDialog picker(report);
        if (picker.exec() != QDialog::Accepted || picker.selectedSeries() < 0) {
          *rc = 0;
          return std::nullopt;
        }
        picked = picker.selectedSeries();
      }
      const slicewise::DicomSeriesInfo& series =
          picked >= 0 ? report.series[size_t(picked)]
                      : slicewise::chooseDicomSeries(report, path, launch.series.toStdString());
      const QFileInfo info(launch.path);
      return DocumentLoader::dicom(series, info.isDir() ? info.absoluteFilePath() : info.absolutePath(),
                                   launch.labels, launch.colors, launch.resampleLabels);
    }
    return DocumentLoader::image(launch.path, launch.labels, launch.colors, launch.resampleLabels);
  } catch (const std::exception& e) {
    *rc = fail(1, QString::fromUtf8(e.what()).split('\n').first());
    return std::nullopt;
  }
}

// Parses the arguments before any window system is touched, so --help, --shortcuts and usage
// errors answer without a display. Returns the exit code, or -1 to go on.
int parse(int argc, char** argv, Launch& launch) {
  QCoreApplication core(argc, argv);
  QCoreApplication::setApplicationName(QStringLiteral("slicewise"));
  QCoreApplication::setApplicationVersion(QStringLiteral(SLICEWISE_VERSION));
  QCommandLineParser parser;
  parser.setApplicationDescription(
      QStringLiteral("Slicewise: segment a volume by annotating a few slices. PATH is an image, a DICOM "
                     "folder, DICOMDIR or .dcm file, or a study folder; without it, work a crash left "
                     "behind is offered, else the built-in sample opens."));
  const QCommandLineOption helpOpt = parser.addHelpOption();
  const QCommandLineOption versionOpt = parser.addVersionOption();
  parser.addPositionalArgument(QStringLiteral("PATH"), QStringLiteral("image, DICOM folder or file, or study folder"),
                               QStringLiteral("[PATH]"));
  const QCommandLineOption seriesOpt(QStringLiteral("series"), QStringLiteral("DICOM SeriesInstanceUID to open (else a picker)"),
                                     QStringLiteral("UID"));
  const QCommandLineOption labelsOpt(QStringLiteral("labels"), QStringLiteral("label map on the image grid"), QStringLiteral("LABELS"));
  const QCommandLineOption colorsOpt(QStringLiteral("colors"), QStringLiteral("label names and colours (ITK-SNAP .label or JSON sidecar)"),
                                     QStringLiteral("FILE"));
  const QCommandLineOption sliceOpt(QStringLiteral("slice"),
                                    QStringLiteral("show slice INDEX (0-based) on AXIS (axial, coronal, sagittal); repeatable"),
                                    QStringLiteral("AXIS:INDEX"));
  const QCommandLineOption shotOpt(QStringLiteral("screenshot"), QStringLiteral("render the window to OUT.png and exit"),
                                   QStringLiteral("OUT.png"));
  const QCommandLineOption sizeOpt(QStringLiteral("size"), QStringLiteral("window size, default 1600x1000 (fitted to the screen)"),
                                   QStringLiteral("WxH"), QStringLiteral("1600x1000"));
  const QCommandLineOption resampleOpt(QStringLiteral("resample-labels"),
                                       QStringLiteral("resample a label map on another grid onto the image (nearest neighbour)"));
  const QCommandLineOption shortcutsOpt(QStringLiteral("shortcuts"), QStringLiteral("print the keyboard shortcuts as Markdown and exit"));
  const QCommandLineOption predictOpt(QStringLiteral("predict"),
                                      QStringLiteral("once open, predict the other slices from the worklist axis' keys with "
                                                     "PREDICTOR (as Worklist > Predict does)"),
                                      QStringLiteral("PREDICTOR"));
  const QCommandLineOption cohortOpt(QStringLiteral("cohort"),
                                     QStringLiteral("open the cohort folder DIR in the cohort panel (default: the last one)"),
                                     QStringLiteral("DIR"));
  const QCommandLineOption noPanelsOpt(QStringLiteral("no-panels"), QStringLiteral("start with the panels hidden (View > Show Panels)"));
  parser.addOptions({labelsOpt, colorsOpt, resampleOpt, seriesOpt, sliceOpt, predictOpt, shotOpt, sizeOpt, shortcutsOpt,
                     noPanelsOpt, cohortOpt});
  if (!parser.parse(QCoreApplication::arguments())) return fail(2, parser.errorText());
  if (parser.isSet(helpOpt)) {
    std::fputs(qPrintable(parser.helpText()), stdout);
    return 0;
  }
  if (parser.isSet(versionOpt)) {
    std::printf("slicewise %s\n", SLICEWISE_VERSION);
    return 0;
  }
  if (parser.isSet(shortcutsOpt)) {
    std::fputs(qPrintable(slicewise::shortcutMarkdown()), stdout);
    return 0;
  }
  const QStringList positional = parser.positionalArguments();
  if (positional.size() > 1) return fail(2, QStringLiteral("expected at most one PATH"));
  if (positional.isEmpty() && parser.isSet(labelsOpt)) return fail(2, QStringLiteral("--labels needs an image"));
  for (const QString& s : parser.values(sliceOpt)) {
    const auto request = parseSliceRequest(s);
    if (!request) return fail(2, QStringLiteral("--slice expects AXIS:INDEX, got '%1'").arg(s));
    launch.slices.push_back(*request);
  }
  const QStringList size = parser.value(sizeOpt).split('x');
  if (size.size() != 2 || size[0].toInt() < 200 || size[1].toInt() < 200)
    return fail(2, QStringLiteral("--size expects WxH, e.g. 1600x1000"));
  launch.size = QSize(size[0].toInt(), size[1].toInt());
  launch.screenshot = parser.value(shotOpt);
  launch.path = positional.value(0);
  launch.labels = parser.value(labelsOpt);
  launch.colors = parser.value(colorsOpt);
  launch.series = parser.value(seriesOpt);
  launch.resampleLabels = parser.isSet(resampleOpt);
  launch.noPanels = parser.isSet(noPanelsOpt);
  launch.predict = parser.value(predictOpt);
  launch.cohort = parser.value(cohortOpt);
  if (!launch.cohort.isEmpty() && !slicewise::Cohort::isCohort(launch.cohort.toStdString()))
    return fail(1, QStringLiteral("'%1' is not a cohort folder (make one with `slicewise-cli cohort create`)").arg(launch.cohort));
  if (!launch.path.isEmpty() && !QFileInfo::exists(launch.path))
    return fail(1, QStringLiteral("no such file or folder: '%1'").arg(launch.path));
  if (slicewise::DocumentLoader::isStudyPath(launch.path) && !launch.labels.isEmpty())
    return fail(2, QStringLiteral("--labels goes with an image or DICOM series, not a study"));
  // Loaded now, so that an unreadable file answers with one line and no display is needed;
  // only the series picker and the offer to restore crashed work wait for the window.
  if (launch.path.isEmpty() && launch.screenshot.isEmpty()) return -1;
  int rc = -1;
  launch.loaded = load(launch, &rc);
  return launch.loaded || launch.needsPicker ? -1 : rc;
}

}  // namespace

int main(int argc, char** argv) {
  slicewise::configureOpenGLBeforeApplication();
  Launch launch;
  if (const int rc = parse(argc, argv, launch); rc >= 0) return rc;

  QApplication app(argc, argv);
  QApplication::setApplicationName(QStringLiteral("slicewise"));
  QApplication::setOrganizationName(QStringLiteral("slicewise"));
  QApplication::setApplicationVersion(QStringLiteral(SLICEWISE_VERSION));
  QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/slicewise.svg")));
  QApplication::setDesktopFileName(QStringLiteral("org.slicewise.Slicewise"));
  // Before the first OpenGL widget: on a display that cannot host one, Qt would crash.
  if (QString why; !slicewise::openGLUsable(&why)) return fail(1, QStringLiteral("cannot start the 3D view: %1").arg(why));

  slicewise::MainWindow window;
  window.resize(slicewise::MainWindow::fittingSize(launch.size, &window));
  const bool interactive = launch.screenshot.isEmpty();
  if (interactive && launch.path.isEmpty()) {
    window.show();
    window.controller()->offerRecovery();
    window.controller()->waitForLoad();
  }
  if (!window.document()) {
    int rc = -1;
    if (!launch.loaded) launch.loaded = load(launch, &rc);  // the sample, or the series picked
    if (!launch.loaded) return rc;
    for (const QString& w : launch.loaded->warnings) std::fprintf(stderr, "warning: %s\n", qPrintable(w));
    window.adopt(*launch.loaded);
    launch.loaded.reset();
  }
  if (launch.noPanels) window.action("view.panels")->trigger();
  if (!launch.cohort.isEmpty()) {
    window.openCohort(launch.cohort);
    if (!interactive) window.cohortPanel()->refresh(true);  // the screenshot shows the stages
  } else if (interactive) {
    const QString last = QSettings().value(QStringLiteral("cohort/last")).toString();
    if (!last.isEmpty() && slicewise::Cohort::isCohort(last.toStdString())) window.openCohort(last);
  }
  if (!launch.predict.isEmpty()) {
    slicewise::PredictionRunner* runner = window.worklistPanel()->predictionRunner();
    QString why, failure;
    QObject::connect(runner, &slicewise::PredictionRunner::failed, [&failure](const QString& m) { failure = m; });
    if (!runner->start(window.document(), launch.predict, window.worklistPanel()->axis(), &why))
      return fail(1, QStringLiteral("cannot predict: %1").arg(why));
    while (runner->running()) QApplication::processEvents(QEventLoop::AllEvents, 50);
    QApplication::processEvents();  // the finished proposal reaches the document
    if (!failure.isEmpty()) return fail(1, QStringLiteral("prediction failed: %1").arg(failure));
  }
  for (const SliceRequest& r : launch.slices) {
    const int64_t count = window.sliceView(r.axis)->sliceCount();
    if (r.index >= count)
      return fail(2, QStringLiteral("--slice %1:%2 is outside 0..%3")
                         .arg(QString::fromLatin1(slicewise::axisName(r.axis).data()))
                         .arg(r.index)
                         .arg(count - 1));
    window.sliceView(r.axis)->setSliceIndex(r.index);
  }
  window.show();
  // The morning after: what the queue finished overnight, if anything.
  if (interactive) QTimer::singleShot(0, &window, [&window] { window.showQueueSummary(true); });

  if (!launch.screenshot.isEmpty()) {
    const QString out = launch.screenshot;
    // Deferred until the event loop has shown the window and the GL views have a context;
    // grab() then repaints every view, the VTK one included.
    QTimer::singleShot(300, &window, [&window, &app, out] {
      // The 3D view builds its surfaces in the background; the picture shows them finished.
      QElapsedTimer waited;
      waited.start();
      while (window.surfaceView()->surfacesPending() && waited.elapsed() < 120000) {
        QApplication::processEvents(QEventLoop::AllEvents, 50);
        QThread::msleep(10);
      }
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
      // A screenshot leaves nothing behind: its unnamed study goes.
      if (window.document() && window.document()->isUnnamed()) window.document()->setDiscarded(true);
      app.exit(0);
    });
  }
  return app.exec();
}
