#pragma once

#include <QDialog>

#include "io/DicomTypes.h"

class QLabel;
class QTableWidget;

namespace slicewise {

// Lets the radiologist pick one series of a scanned DICOM folder. Shows what identifies a series
// at the workstation (date, modality, description, number, images, size, spacing, warnings), a
// preview of the highlighted series' middle image and its slice count, and never the patient's
// name or ID.
class DicomSeriesDialog : public QDialog {
  Q_OBJECT
 public:
  explicit DicomSeriesDialog(const DicomScanReport& report, QWidget* parent = nullptr);

  // Index into report.series of the highlighted row (-1 when none).
  int selectedSeries() const;
  void selectSeries(int index);
  QTableWidget* table() const { return table_; }
  QLabel* preview() const { return preview_; }
  QLabel* sliceCount() const { return count_; }

 private:
  void showPreview(const DicomSeriesInfo& series);

  static constexpr int kPreview = 192;
  QTableWidget* table_;
  QLabel* preview_ = nullptr;
  QLabel* count_ = nullptr;
};

}  // namespace slicewise
