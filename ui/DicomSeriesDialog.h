#pragma once

#include <QDialog>

#include "io/DicomTypes.h"

class QTableWidget;

namespace slicewise {

// Lets the radiologist pick one series of a scanned DICOM folder. Shows what identifies a series
// at the workstation (date, modality, description, number, images, size, spacing, warnings) and
// never the patient's name or ID.
class DicomSeriesDialog : public QDialog {
  Q_OBJECT
 public:
  explicit DicomSeriesDialog(const DicomScanReport& report, QWidget* parent = nullptr);

  // Index into report.series of the highlighted row (-1 when none).
  int selectedSeries() const;
  void selectSeries(int index);
  QTableWidget* table() const { return table_; }

 private:
  QTableWidget* table_;
};

}  // namespace slicewise
