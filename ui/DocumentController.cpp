#include "ui/DocumentController.h"

#include <QApplication>
#include <QFileDialog>
#include <QFileInfo>
#include <QMenu>
#include <QMessageBox>
#include <QProgressDialog>
#include <QPushButton>
#include <QSaveFile>
#include <QSettings>
#include <QUnhandledException>
#include <QtConcurrent/QtConcurrentRun>

#include "io/DicomScanner.h"
#include "io/DicomSeg.h"
#include "files/OutputSet.h"
#include "io/ImageDataLayout.h"
#include "io/LabelMapExport.h"
#include "study/Study.h"
#include "model/ReviewOrder.h"
#include "ui/DicomSeriesDialog.h"
#include "ui/PacsQueryDialog.h"
#include "ui/ReviewReport.h"
#include "ui/RecoveryStore.h"
#include "ui/StudyDocument.h"

namespace slicewise {

namespace {

constexpr const char* kRecentKey = "recent-files";
constexpr int kRecentCount = 10;

QString oneLine(const std::exception& e) { return QString::fromUtf8(e.what()).split('\n').first(); }

// Runs `work` on a worker thread while the event loop keeps the window alive (save as, export).
template <class F>
void runBlocking(QWidget* window, const QString& what, F work) {
  QProgressDialog busy(what, QString(), 0, 0, window);
  busy.setWindowModality(Qt::WindowModal);
  busy.setMinimumDuration(300);
  QFutureWatcher<void> watcher;
  QEventLoop loop;
  QObject::connect(&watcher, &QFutureWatcher<void>::finished, &loop, &QEventLoop::quit);
  watcher.setFuture(QtConcurrent::run(work));
  if (!watcher.isFinished()) loop.exec();
  watcher.waitForFinished();
  try {
    watcher.future().waitForFinished();  // rethrows what `work` threw
  } catch (const QUnhandledException& e) {
    if (e.exception()) std::rethrow_exception(e.exception());
    throw;
  }
}

}  // namespace

DocumentController::DocumentController(QWidget* window) : QObject(window), window_(window) {
  recent_ = new QMenu(tr("Open &Recent"), window);
  connect(&watcher_, &QFutureWatcher<std::shared_ptr<LoadedDocument>>::finished, this, &DocumentController::loadFinished);
  rebuildRecent();
}

DocumentController::~DocumentController() { watcher_.waitForFinished(); }

QString DocumentController::dialogFolder() const {
  const QStringList recent = recentFiles();
  return recent.isEmpty() ? QString() : QFileInfo(recent.first()).absolutePath();
}

void DocumentController::open(const QString& path, const QString& labels, const QString& colors, bool resample) {
  const QFileInfo info(path);
  if (!info.exists()) return Q_EMIT message(tr("%1 does not exist").arg(path));
  if (loading()) return Q_EMIT message(tr("Still opening the previous file"));
  if (!confirmClose()) return;
  loadingPath_ = path;
  if (DocumentLoader::isStudyPath(path)) {
    load(tr("Opening study %1\u2026").arg(info.fileName()), [path] {
      try {
        return DocumentLoader::study(path);
      } catch (const StudyError& e) {
        // Held by another process or on read-only media: reading is still possible.
        const QString why = QString::fromUtf8(e.what());
        if (!why.contains(QStringLiteral("open it read-only"))) throw;
        LoadedDocument d = DocumentLoader::study(path, true);
        d.warnings.prepend(why.section(QStringLiteral(";"), 0, 0) + tr("; opened read-only"));
        return d;
      }
    });
  } else if (DocumentLoader::isDicomPath(path)) {
    DicomScanReport report;
    try {
      QApplication::setOverrideCursor(Qt::WaitCursor);
      report = scanDicom(path.toStdString());
      QApplication::restoreOverrideCursor();
    } catch (const std::exception& e) {
      QApplication::restoreOverrideCursor();
      return Q_EMIT message(oneLine(e));
    }
    if (report.series.empty()) return Q_EMIT message(tr("%1 holds no DICOM image series").arg(path));
    int chosen = 0;
    if (report.series.size() > 1) {
      DicomSeriesDialog picker(report, window_);
      if (picker.exec() != QDialog::Accepted || picker.selectedSeries() < 0) return;
      chosen = picker.selectedSeries();
    }
    const DicomSeriesInfo series = report.series[size_t(chosen)];
    const QString folder = info.isDir() ? info.absoluteFilePath() : info.absolutePath();
    load(tr("Reading %1 DICOM images\u2026").arg(series.instanceCount), [=] {
      return DocumentLoader::dicom(series, folder, labels, colors, resample);
    });
  } else {
    load(tr("Opening %1\u2026").arg(info.fileName()),
         [=] { return DocumentLoader::image(path, labels, colors, resample); });
  }
}

void DocumentController::queryPacsDialog() {
  if (loading()) return Q_EMIT message(tr("Still opening the previous file"));
  PacsQueryDialog dialog({}, {}, window_);
  if (dialog.exec() == QDialog::Accepted && !dialog.retrievedFolder().isEmpty()) open(dialog.retrievedFolder());
}

void DocumentController::load(const QString& what, std::function<LoadedDocument()> work) {
  if (loading()) return Q_EMIT message(tr("Still opening the previous file"));
  cancelled_ = false;
  pending_ = true;
  progress_ = new QProgressDialog(what, tr("Cancel"), 0, 0, window_);
  progress_->setWindowModality(Qt::WindowModal);
  progress_->setMinimumDuration(400);
  progress_->setAttribute(Qt::WA_DeleteOnClose);
  connect(progress_, &QProgressDialog::canceled, this, [this] { cancelled_ = true; });
  watcher_.setFuture(QtConcurrent::run([work] { return std::make_shared<LoadedDocument>(work()); }));
}

void DocumentController::waitForLoad() {
  watcher_.waitForFinished();
  // The watcher reports through the event loop.
  for (int i = 0; i < 1000 && pending_; ++i) QCoreApplication::processEvents(QEventLoop::AllEvents, 10);
}

void DocumentController::loadFinished() {
  pending_ = false;
  const bool cancelled = cancelled_;
  if (progress_) {
    progress_->disconnect(this);  // closing a progress dialog says "canceled"
    progress_->close();
  }
  std::shared_ptr<LoadedDocument> doc;
  try {
    try {
      doc = watcher_.result();
    } catch (const QUnhandledException& e) {
      if (e.exception()) std::rethrow_exception(e.exception());
      throw;
    }
  } catch (const std::exception& e) {
    if (document_) document_->setDiscarded(false);  // the open document stays
    QMessageBox::warning(window_, tr("Cannot open"), oneLine(e));
    return;
  }
  if (cancelled) {
    if (document_) document_->setDiscarded(false);
    // The loader finished anyway; an unnamed study made for it is not wanted.
    const QString folder = QString::fromStdString(doc->study->folder());
    const bool unnamed = doc->origin.unnamed;
    doc.reset();
    if (unnamed) QDir(folder).removeRecursively();
    return;
  }
  if (!loadingPath_.isEmpty()) remember(loadingPath_);
  Q_EMIT loaded(doc);
}

void DocumentController::openImageDialog() {
  const QString file = QFileDialog::getOpenFileName(
      window_, tr("Open Image"), dialogFolder(),
      tr("Images (*.nii *.nii.gz *.nrrd *.nhdr *.mha *.mhd *.gipl *.gipl.gz *.dcm);;All files (*)"));
  if (!file.isEmpty()) open(file);
}

void DocumentController::openDicomDialog() {
  const QString dir = QFileDialog::getExistingDirectory(window_, tr("Open DICOM Folder"), dialogFolder());
  if (!dir.isEmpty()) open(dir);
}

void DocumentController::openStudyDialog() {
  const QString dir = QFileDialog::getExistingDirectory(window_, tr("Open Study Folder"), dialogFolder());
  if (dir.isEmpty()) return;
  if (!DocumentLoader::isStudyPath(dir)) return Q_EMIT message(tr("%1 is not a Slicewise study").arg(dir));
  open(dir);
}

void DocumentController::save() {
  if (!document_ || document_->isReadOnly()) return;
  if (document_->isUnnamed()) {
    saveAs();
    return;
  }
  document_->save();
  Q_EMIT message(tr("Saving %1").arg(document_->folder()));
}

bool DocumentController::saveAs() {
  if (!document_ || document_->isReadOnly()) return false;
  const QString dir = QFileDialog::getSaveFileName(window_, tr("Save As Study"), dialogFolder() + QStringLiteral("/annotation.study"),
                                                   tr("Study folders (*.study)"));
  return !dir.isEmpty() && saveAs(dir);
}

bool DocumentController::saveAs(const QString& folder) {
  if (!document_) return false;
  try {
    StudyDocument* doc = document_;
    runBlocking(window_, tr("Saving the study to %1\u2026").arg(folder), [doc, folder] { doc->saveAs(folder); });
  } catch (const std::exception& e) {
    QMessageBox::warning(window_, tr("Cannot save"), oneLine(e));
    return false;
  }
  remember(document_->folder());
  RecoveryStore::noteOpen(document_->folder(), document_->title());
  Q_EMIT message(tr("Saved as %1").arg(document_->folder()));
  return true;
}

bool DocumentController::confirmUnreviewed() {
  if (!document_->proposal()) return true;
  size_t open = 0;
  for (const ReviewItem& item : ReviewOrder::compute(*document_->proposal(), document_->annotation().marks))
    open += item.reviewed ? 0 : 1;
  if (open == 0) return true;
  return QMessageBox::question(window_, tr("Unreviewed slices"),
                               tr("%1 predicted slices are not reviewed; only what was drawn or accepted is "
                                  "exported. Export anyway?").arg(open)) == QMessageBox::Yes;
}

void DocumentController::exportReviewReport() {
  if (!document_) return;
  const QString file = QFileDialog::getSaveFileName(window_, tr("Export Review Report"), dialogFolder() + QStringLiteral("/review.json"),
                                                    tr("JSON (*.json);;CSV (*.csv)"));
  if (file.isEmpty()) return;
  QSaveFile out(file);  // whole or not at all
  const QByteArray text = file.endsWith(QLatin1String(".csv"), Qt::CaseInsensitive) ? ReviewReport::csv(*document_)
                                                                                    : ReviewReport::json(*document_);
  if (!out.open(QIODevice::WriteOnly) || out.write(text) != text.size() || !out.commit())
    return void(QMessageBox::warning(window_, tr("Cannot export"), tr("Cannot write %1: %2").arg(file, out.errorString())));
  Q_EMIT message(tr("Wrote %1").arg(file));
}

void DocumentController::exportLabels() {
  if (!document_ || !confirmUnreviewed()) return;
  const QString file = QFileDialog::getSaveFileName(window_, tr("Export Labels"), dialogFolder() + QStringLiteral("/labels.nii.gz"),
                                                    tr("Label maps (*.nii.gz *.nii *.nrrd *.mha)"));
  if (file.isEmpty()) return;
  try {
    const LabelVolume labels = document_->annotation().labels;
    const LabelTable table = document_->annotation().table;
    QString sidecar;
    runBlocking(window_, tr("Writing %1\u2026").arg(file), [&] {
      OutputSet outputs;  // map and sidecar together, never over the study's image
      for (const auto& f : imageFilesOf(document_->study().imagePath())) outputs.protectInput(f);
      sidecar = QString::fromStdString(exportLabelMap(labels, table, file.toStdString(), outputs));
      outputs.commit();
    });
    Q_EMIT message(tr("Wrote %1 and %2").arg(file, sidecar));
  } catch (const std::exception& e) {
    QMessageBox::warning(window_, tr("Cannot export"), oneLine(e));
  }
}

void DocumentController::exportDicomSeg() {
  if (!document_ || !confirmUnreviewed()) return;
  if (!document_->study().dicomIdentity())
    return Q_EMIT message(tr("DICOM SEG needs a study imported from DICOM; export the labels as NIfTI instead"));
  QString series = document_->dicomFolder();
  if (series.isEmpty())
    series = QFileDialog::getExistingDirectory(window_, tr("The DICOM series the labels belong to"), dialogFolder());
  if (series.isEmpty()) return;
  const QString file = QFileDialog::getSaveFileName(window_, tr("Export DICOM SEG"), dialogFolder() + QStringLiteral("/labels-seg.dcm"),
                                                    tr("DICOM (*.dcm)"));
  if (file.isEmpty()) return;
  try {
    const std::string seriesUid = document_->study().dicomIdentity()->seriesInstanceUid;
    const LabelVolume& labels = document_->annotation().labels;
    DicomSegExportOptions options;
    options.table = document_->annotation().table;
    options.provenance = &document_->annotation().provenance;
    const std::string folder = series.toStdString(), out = file.toStdString();
    runBlocking(window_, tr("Writing %1\u2026").arg(file), [&] {
      const DicomScanReport scan = scanDicom(folder);
      const DicomSeriesInfo& source = chooseDicomSeries(scan, folder, seriesUid);
      OutputSet outputs;  // whole or not at all, and never over a slice of the series
      for (const auto& slice : source.slices) outputs.protectInput(slice.file);
      writeDicomSeg(labels, source, out, outputs, options);
      outputs.commit();
    });
    Q_EMIT message(tr("Wrote %1").arg(file));
  } catch (const std::exception& e) {
    QMessageBox::warning(window_, tr("Cannot export"), oneLine(e));
  }
}

bool DocumentController::confirmClose() {
  if (!document_ || !document_->hasUnsavedChanges()) {
    if (document_ && document_->isUnnamed()) document_->setDiscarded(true);  // nothing worth keeping
    return true;
  }
  QMessageBox box(QMessageBox::Warning, tr("Unsaved changes"),
                  document_->isUnnamed()
                      ? tr("%1 has annotations that are not saved as a study yet.").arg(document_->title())
                      : tr("%1 has changes that are not written yet.").arg(document_->title()),
                  QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, window_);
  box.setInformativeText(tr("Save them before closing?"));
  box.setDefaultButton(QMessageBox::Save);
  switch (box.exec()) {
    case QMessageBox::Save:
      if (document_->isUnnamed()) return saveAs();
      if (const QString error = document_->flush(); !error.isEmpty()) {
        QMessageBox::warning(window_, tr("Cannot save"), error);
        return false;
      }
      return true;
    case QMessageBox::Discard:
      document_->setDiscarded(true);
      return true;
    default:
      return false;
  }
}

void DocumentController::offerRecovery() {
  for (const RecoveryStore::LeftOpen& left : RecoveryStore::leftOpen()) {
    const QString when = left.lastSaved.isValid() ? QLocale().toString(left.lastSaved, QLocale::ShortFormat) : tr("unknown time");
    QMessageBox box(QMessageBox::Question, tr("Restore work"),
                    tr("Slicewise did not close normally while %1 was open.").arg(left.title),
                    QMessageBox::NoButton, window_);
    box.setInformativeText(tr("Its annotations were autosaved at %1. Open them?").arg(when));
    QPushButton* restore = box.addButton(tr("Restore"), QMessageBox::AcceptRole);
    box.addButton(left.unnamed ? tr("Discard") : tr("Not now"), QMessageBox::RejectRole);
    box.setDefaultButton(restore);
    box.exec();
    if (box.clickedButton() == static_cast<QAbstractButton*>(restore)) {
      if (!confirmClose()) return;
      RecoveryStore::forget(left.folder);
      loadingPath_.clear();  // an unnamed study is no recent file
      const QString title = left.title;
      load(tr("Restoring %1\u2026").arg(title), [folder = left.folder, title] {
        LoadedDocument d = DocumentLoader::study(folder);
        d.origin.title = title;
        return d;
      });
      return;  // one document at a time
    }
    RecoveryStore::forget(left.folder);
    if (left.unnamed) QDir(left.folder).removeRecursively();
  }
}

QStringList DocumentController::recentFiles() { return QSettings().value(kRecentKey).toStringList(); }

void DocumentController::remember(const QString& path) {
  if (RecoveryStore::holds(path)) return;
  QStringList list = recentFiles();
  const QString absolute = QFileInfo(path).absoluteFilePath();
  list.removeAll(absolute);
  list.prepend(absolute);
  while (list.size() > kRecentCount) list.removeLast();
  QSettings().setValue(kRecentKey, list);
  rebuildRecent();
}

void DocumentController::rebuildRecent() {
  recent_->clear();
  for (const QString& path : recentFiles())
    recent_->addAction(QFileInfo(path).fileName(), this, [this, path] { open(path); })->setToolTip(path);
  recent_->setEnabled(!recent_->isEmpty());
}

}  // namespace slicewise
