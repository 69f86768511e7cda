#pragma once

#include <QDialog>
#include <QFutureWatcher>
#include <QTimer>
#include <atomic>
#include <optional>
#include <vector>

#include "pacs/PacsClient.h"
#include "pacs/PacsQuery.h"

class QComboBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QTableWidget;

namespace slicewise {

// File > Query PACS: searches a PACS node for studies (patient ID or name, accession number,
// study date range, modality, description), lists a study's series, and retrieves the chosen
// series into the local cache (C-GET, or C-MOVE where the node has a move port) with progress
// and cancel. The dialog accepts once the series is whole on disk; retrievedFolder() is then
// opened like any DICOM folder. Patient names are shown here, to the person choosing whose
// images to open, and written nowhere else: not in the status line, not in any log.
class PacsQueryDialog : public QDialog {
  Q_OBJECT
 public:
  // Empty arguments: the shared nodes file and the user's PACS cache.
  explicit PacsQueryDialog(QString nodesFile = {}, QString cacheRoot = {}, QWidget* parent = nullptr);
  ~PacsQueryDialog() override;

  QString retrievedFolder() const { return retrieved_; }

  QComboBox* nodeBox() const { return nodeBox_; }
  // "patient-id", "patient-name", "accession", "date-from", "date-to", "modality", "description"
  QLineEdit* filter(const QString& name) const;
  QTableWidget* studies() const { return studies_; }
  QTableWidget* series() const { return series_; }
  QComboBox* methodBox() const { return method_; }
  QPushButton* searchButton() const { return search_; }
  QPushButton* retrieveButton() const { return retrieve_; }
  QPushButton* cancelButton() const { return cancel_; }
  QProgressBar* progressBar() const { return progress_; }
  QLabel* status() const { return status_; }
  // From the start of a request until its result is shown (the future alone ends earlier).
  bool busy() const { return busy_; }

  // "MÜLLER^ANNA^^DR" -> "MÜLLER, ANNA DR" (DICOM person names for reading).
  static QString personName(const std::string& dicomName);

 private:
  struct Outcome {
    enum class Kind { Studies, Series, Retrieve } kind = Kind::Studies;
    std::vector<PacsRecord> records;
    RetrieveResult retrieved;
    QString error;
    bool cancelled = false;
  };

  void loadNodes(const QString& select);
  void editNodes();
  std::optional<PacsNode> node();
  void search();
  void listSeries();
  void retrieve();
  void run(Outcome::Kind kind, std::function<Outcome()> work, const QString& what);
  void finished();
  void showProgress();
  void setBusy(bool busy);
  void showStudies(const std::vector<PacsRecord>& records);
  void showSeries(const std::vector<PacsRecord>& records);
  void updateButtons();

  QString nodesFile_, cacheRoot_, retrieved_;
  std::vector<PacsNode> nodes_;
  std::vector<PacsRecord> studyRecords_, seriesRecords_;
  QComboBox *nodeBox_, *method_;
  QLineEdit *patientId_, *patientName_, *accession_, *dateFrom_, *dateTo_, *modality_, *description_;
  QTableWidget *studies_, *series_;
  QPushButton *search_, *retrieve_, *cancel_;
  QProgressBar* progress_;
  QLabel* status_;
  QFutureWatcher<Outcome> watcher_;
  bool busy_ = false;
  QTimer ticker_;
  std::atomic<bool> cancelFlag_{false};
  std::atomic<int> done_{0}, total_{-1};
  std::atomic<uint64_t> bytes_{0};
};

}  // namespace slicewise
