#pragma once

#include <QFutureWatcher>
#include <QObject>
#include <QPointer>
#include <QStringList>
#include <functional>
#include <memory>

#include "ui/DocumentLoader.h"

class QMenu;
class QProgressDialog;
class QWidget;

namespace slicewise {

class StudyDocument;

// The File menu's work: opening images, DICOM folders (with the series picker) and studies off
// the GUI thread with progress and cancel, recent files, Save, Save As, Export, the prompt on
// unsaved changes when closing, and the offer to restore work a crash left behind.
class DocumentController : public QObject {
  Q_OBJECT

 public:
  explicit DocumentController(QWidget* window);
  ~DocumentController() override;

  void setDocument(StudyDocument* document) { document_ = document; }
  StudyDocument* document() const { return document_; }

  // Opens whatever `path` is (study folder, DICOM folder or file, image); asynchronous: the
  // result arrives through loaded(). Labels only go with images and DICOM series.
  void open(const QString& path, const QString& labels = {}, const QString& colors = {},
            bool resampleLabels = false);
  // Runs `load` off the GUI thread behind a progress dialog.
  void load(const QString& what, std::function<LoadedDocument()> load);
  void openImageDialog();
  void openDicomDialog();
  void openStudyDialog();
  // File > Query PACS: retrieves a series into the PACS cache, then opens it as a DICOM folder.
  void queryPacsDialog();
  bool loading() const { return watcher_.isRunning(); }
  void waitForLoad();  // tests

  void save();
  bool saveAs();
  bool saveAs(const QString& folder);  // without asking where
  void exportLabels();
  void exportDicomSeg();
  void exportReviewReport();
  // Asks before exporting while predicted slices are not reviewed; true to go on.
  bool confirmUnreviewed();
  // Asks about unsaved changes; true when the document may close (saved, discarded, or nothing
  // to lose). Marks a discarded unnamed document so its recovery folder goes with it.
  bool confirmClose();
  // At start: offers the work of documents a crash left open; opens the one accepted.
  void offerRecovery();

  QMenu* recentMenu() const { return recent_; }
  static QStringList recentFiles();

 Q_SIGNALS:
  void loaded(std::shared_ptr<slicewise::LoadedDocument> document);
  void message(const QString& text);

 private:
  void loadFinished();
  void remember(const QString& path);
  void rebuildRecent();
  QString dialogFolder() const;

  QWidget* window_;
  StudyDocument* document_ = nullptr;
  QFutureWatcher<std::shared_ptr<LoadedDocument>> watcher_;
  QPointer<QProgressDialog> progress_;
  bool cancelled_ = false;
  bool pending_ = false;  // a load whose result was not handled yet
  QString loadingPath_;
  QMenu* recent_;
};

}  // namespace slicewise
