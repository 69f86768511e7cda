#pragma once

// Inputs the robustness tests share, made once per test process in a scratch folder.
#include <QDir>
#include <QFile>
#include <QString>
#include <QTest>

#include "CliRunner.h"
#include "SyntheticDicom.h"
#include "TestData.h"
#include "io/DicomScanner.h"
#include "io/DicomSeg.h"
#include "io/DicomSeriesReader.h"
#include "io/ImageIO.h"

namespace slicewise::test {

struct Fixtures {
  QString dir;
  QString image, labels;  // the built-in sample (NIfTI, with a label sidecar)
  QString series;         // a 128x128x12 CT series with UIDs (its SEG is larger than 16 KB)
  QString seriesLabels;   // a label map on the series grid (NIfTI)
  QString seg;            // a DICOM SEG of those labels
  QString study;          // a study of the sample image (referenced, not copied)
};

// Builds the fixtures; QVERIFY-style failures are reported through the returned empty dir.
inline Fixtures makeFixtures() {
  Fixtures f;
  f.dir = scratchDir();
  const QDir d(f.dir);
  if (runCli({"sample", "--out", f.dir}).exitCode != 0) return {};
  f.image = d.filePath("sample-ct.nii.gz");
  f.labels = d.filePath("sample-labels.nii.gz");
  f.series = d.filePath("series");
  SyntheticSeries spec;
  spec.rows = spec.columns = 128;
  spec.positions = stackPositions(12, 2.0);
  writeSyntheticSeries(f.series.toStdString(), spec);
  const DicomScanReport scan = scanDicom(f.series.toStdString());
  const DicomSeriesInfo& info = chooseDicomSeries(scan, f.series.toStdString(), "");
  LabelVolume labels(readDicomSeries(info).volume.geometry());
  for (int64_t k = 0; k < 12; ++k)
    for (int64_t j = 8; j < 40; ++j)
      for (int64_t i = 8 + k; i < 40 + k; ++i) labels.set(i, j, k, Label(k % 3 + 1));
  f.seriesLabels = d.filePath("series-labels.nii");
  writeLabelMap(labels, f.seriesLabels.toStdString());
  f.seg = d.filePath("series.dcm");
  writeDicomSeg(labels, info, f.seg.toStdString());
  f.study = d.filePath("study");
  if (runCli({"study", "create", f.image, "--out", f.study, "--labels", f.labels}).exitCode != 0) return {};
  return f;
}

inline QByteArray fileBytes(const QString& path) {
  QFile file(path);
  return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray("<absent>");
}

// Names in a folder, hidden ones included, sorted.
inline QStringList folderEntries(const QString& dir) {
  return QDir(dir).entryList(QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot, QDir::Name);
}

}  // namespace slicewise::test
