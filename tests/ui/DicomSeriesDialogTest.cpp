#include <QDialogButtonBox>
#include <QLabel>
#include <QPushButton>
#include <QTableWidget>
#include <QtTest>

#include "TestData.h"
#include "io/DicomScanner.h"
#include "ui/DicomSeriesDialog.h"

using namespace slicewise;

namespace {

DicomSeriesInfo series(const std::string& description, int number, int slices, double step) {
  DicomSeriesInfo s;
  s.studyUid = "1.2.3";
  s.seriesUid = "1.2.3." + std::to_string(number);
  s.patientName = "DOE^JANE";
  s.studyDate = "20230105";
  s.modality = "CT";
  s.description = description;
  s.seriesNumber = number;
  s.instanceCount = slices;
  for (int i = 0; i < slices; ++i) {
    DicomSliceHeader h;
    h.rows = 256;
    h.columns = 320;
    h.rowSpacing = 0.5;
    h.columnSpacing = 0.75;
    h.orientation = {1, 0, 0, 0, 1, 0};
    h.position = {0, 0, -100 + step * i};
    s.slices.push_back(h);
  }
  return s;
}

QStringList rowText(const QTableWidget* t, int row) {
  QStringList cells;
  for (int c = 0; c < t->columnCount(); ++c) cells << t->item(row, c)->text();
  return cells;
}

}  // namespace

class DicomSeriesDialogTest : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void listsSeriesWithoutPatientData() {
    DicomScanReport report;
    report.series = {series("Localizer", 1, 3, 10.0), series("CT Body 3.0", 2, 20, 2.0)};
    report.filesSeen = 23;
    DicomSeriesDialog dialog(report);
    QTableWidget* t = dialog.table();
    QCOMPARE(t->rowCount(), 2);
    QCOMPARE(rowText(t, 0), (QStringList{"2023-01-05", "CT", "Localizer", "1", "3", "320 × 256 × 3",
                                         "0.75 × 0.5 × 10 mm"}));
    QCOMPARE(rowText(t, 1), (QStringList{"2023-01-05", "CT", "CT Body 3.0", "2", "20", "320 × 256 × 20",
                                         "0.75 × 0.5 × 2 mm"}));
    // The series with the most images is preselected: the localizer is rarely the one wanted.
    QCOMPARE(dialog.selectedSeries(), 1);
    for (const QWidget* w : dialog.findChildren<QWidget*>()) {
      if (auto* label = qobject_cast<const QLabel*>(w)) QVERIFY(!label->text().contains("DOE"));
    }
    for (int r = 0; r < 2; ++r) QVERIFY(!rowText(t, r).join(' ').contains("DOE"));
  }

  void choosingARowAndOpening() {
    DicomScanReport report;
    report.series = {series("A", 1, 4, 1.0), series("B", 2, 5, 1.0), series("C", 3, 2, 1.0)};
    DicomSeriesDialog dialog(report);
    auto* open = dialog.findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Open);
    QVERIFY(open->isEnabled());
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    QTableWidget* t = dialog.table();
    const QRect cell = t->visualItemRect(t->item(2, 2));
    QTest::mouseClick(t->viewport(), Qt::LeftButton, {}, cell.center());
    QCOMPARE(dialog.selectedSeries(), 2);
    QTest::mouseClick(open, Qt::LeftButton);
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
    QCOMPARE(dialog.selectedSeries(), 2);
    t->clearSelection();
    QVERIFY(!open->isEnabled());
  }

  void realSeriesIsDescribedFromItsHeaders() {
    SLICEWISE_REQUIRE_DATA("ct-abdomen-dicom/dicom");
    const DicomScanReport report = scanDicom(test::sharedData("ct-abdomen-dicom/dicom").toStdString());
    DicomSeriesDialog dialog(report);
    QCOMPARE(dialog.table()->rowCount(), 1);
    const QStringList row = rowText(dialog.table(), 0);
    QCOMPARE(row[1], QString("CT"));
    QCOMPARE(row[4], QString("20"));
    QCOMPARE(row[5], QString("512 × 512 × 20"));
    QCOMPARE(row[6], QString("0.9766 × 0.9766 × 2 mm"));  // positions 2 mm apart, not the 3 mm thickness
    // The preview shows the middle image (slice 10 of 20): a body in air, so both dark and
    // bright pixels; the count names the slices.
    QCOMPARE(dialog.sliceCount()->text(), QString("20 slices"));
    const QImage preview = dialog.preview()->pixmap().toImage();
    QCOMPARE(preview.size(), QSize(192, 192));
    int dark = 0, bright = 0;
    for (int y = 0; y < 192; y += 4)
      for (int x = 0; x < 192; x += 4) {
        const int g = qGray(preview.pixel(x, y));
        dark += g < 20 ? 1 : 0;
        bright += g > 100 ? 1 : 0;
      }
    QVERIFY2(dark > 200 && bright > 200, qPrintable(QString("dark %1, bright %2").arg(dark).arg(bright)));
  }

  void syntheticSeriesWithoutFilesHasNoPreview() {
    DicomScanReport report;
    report.series = {series("Localizer", 1, 3, 5.0)};
    DicomSeriesDialog dialog(report);
    QCOMPARE(dialog.preview()->text(), QString("no preview"));
    QCOMPARE(dialog.sliceCount()->text(), QString("3 slices"));
  }
};

QTEST_MAIN(DicomSeriesDialogTest)
#include "DicomSeriesDialogTest.moc"
