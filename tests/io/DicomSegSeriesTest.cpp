// DICOM SEG on series shaped as real scanners write them (synthetic, so every expected value is
// known by hand): one slice missing, a 14-degree gantry tilt, a SEG of another series, a source
// series without UIDs. Every SEG written here is checked with dciodvfy.
#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcitem.h>

#include <QtTest>
#include <cmath>

#include "DicomValidator.h"
#include "SyntheticDicom.h"
#include "TestData.h"
#include "io/DicomScanner.h"
#include "io/DicomSeg.h"
#include "io/DicomSeriesReader.h"
#include "io/IoError.h"

using namespace slicewise;

namespace {

DicomSeriesInfo scanned(const QString& folder) {
  const DicomScanReport report = scanDicom(folder.toStdString());
  return chooseDicomSeries(report, folder.toStdString(), "");
}

// Slice k holds a 6x6 square at columns 4+k.., rows 10..15, label (k % 5) + 1: a slice whose
// labels land on a neighbour or nowhere shows at once.
LabelVolume squares(const ImageGeometry& g) {
  LabelVolume labels(g);
  for (int64_t k = 0; k < g.size[2]; ++k)
    for (int64_t j = 10; j < 16; ++j)
      for (int64_t i = 4 + k; i < 10 + k; ++i) labels.set(i, j, k, Label(k % 5 + 1));
  return labels;
}

// ImagePositionPatient of every frame, in frame order.
std::vector<std::array<double, 3>> framePositions(const QString& seg) {
  DcmFileFormat ff;
  if (ff.loadFile(seg.toStdString().c_str()).bad()) return {};
  std::vector<std::array<double, 3>> out;
  DcmSequenceOfItems* frames = nullptr;
  ff.getDataset()->findAndGetSequence(DCM_PerFrameFunctionalGroupsSequence, frames);
  for (unsigned long f = 0; frames && f < frames->card(); ++f) {
    DcmItem* plane = nullptr;
    frames->getItem(f)->findAndGetSequenceItem(DCM_PlanePositionSequence, plane, 0);
    std::array<double, 3> p{};
    for (unsigned long c = 0; plane && c < 3; ++c) plane->findAndGetFloat64(DCM_ImagePositionPatient, p[c], c);
    out.push_back(p);
  }
  return out;
}

// Moves frame f's ImagePositionPatient to `to(f, old)`, as another tool might have placed it.
template <class To>
void moveFrames(const QString& seg, To to) {
  DcmFileFormat ff;
  QVERIFY(ff.loadFile(seg.toStdString().c_str()).good());
  DcmSequenceOfItems* frames = nullptr;
  ff.getDataset()->findAndGetSequence(DCM_PerFrameFunctionalGroupsSequence, frames);
  QVERIFY(frames);
  for (unsigned long f = 0; f < frames->card(); ++f) {
    DcmItem* plane = nullptr;
    frames->getItem(f)->findAndGetSequenceItem(DCM_PlanePositionSequence, plane, 0);
    std::array<double, 3> p{};
    for (unsigned long c = 0; c < 3; ++c) plane->findAndGetFloat64(DCM_ImagePositionPatient, p[c], c);
    const std::array<double, 3> q = to(f, p);
    char text[128];
    std::snprintf(text, sizeof text, "%.6f\\%.6f\\%.6f", q[0], q[1], q[2]);
    plane->putAndInsertString(DCM_ImagePositionPatient, text);
  }
  QVERIFY(ff.saveFile(seg.toStdString().c_str(), EXS_LittleEndianExplicit).good());
}

void requireValid(const QString& seg) {
  if (test::findTool("dciodvfy").isEmpty() && !test::runningInCi()) return;  // checked where installed
  QCOMPARE(test::dciodvfyErrors(seg), QStringList());
}

}  // namespace

class DicomSegSeriesTest : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void initTestCase() {
    // The validator is part of these tests' contract; without it they say so (and fail in CI).
    if (test::findTool("dciodvfy").isEmpty()) {
      if (test::runningInCi()) QFAIL("dciodvfy missing under CI (apt-get install dicom3tools)");
      qWarning("dciodvfy not installed (apt-get install dicom3tools): SEG files are not validated");
    }
  }

  // 20 positions 2 mm apart, the 12th (z = 22) missing: 19 files. Before, export then import put
  // 8 slices' labels on their neighbour and dropped one.
  void missingSliceRoundTripsExactly() {
    auto positions = test::stackPositions(20, 2.0);
    positions.erase(positions.begin() + 11);
    const QString dir = test::scratchDir();
    test::SyntheticSeries spec;
    spec.positions = positions;
    test::writeSyntheticSeries((dir + "/series").toStdString(), spec);
    const DicomSeriesInfo series = scanned(dir + "/series");
    const DicomImportResult image = readDicomSeries(series);
    QCOMPARE(image.volume.geometry().size[2], int64_t(19));
    const LabelVolume labels = squares(image.volume.geometry());
    const QString seg = dir + "/seg.dcm";
    writeDicomSeg(labels, series, seg.toStdString());
    requireValid(seg);
    // Each frame lies where its slice's pixels are: z = 0, 2, ..., 20, then 24, ..., 38.
    std::vector<double> z;
    for (const auto& p : framePositions(seg)) z.push_back(p[2]);
    std::sort(z.begin(), z.end());
    std::vector<double> expected;
    for (int k = 0; k < 20; ++k)
      if (k != 11) expected.push_back(2.0 * k);
    QCOMPARE(z, expected);
    const DicomSegImport back = readDicomSeg(seg.toStdString(), series);
    QVERIFY(back.labels.data() == labels.data());
    QVERIFY(back.warnings.empty());
  }

  // A 14-degree gantry tilt: each source slice is 2k * tan(14 deg) mm further along y. The image
  // is resampled onto an orthogonal grid, so the SEG's frames carry the resampled positions
  // (-16, -16, 2k), where the labels were drawn. Before, frames had the tilted positions with
  // the resampled pixels (up to 9.5 mm off) and re-import dropped 19 of 20 frames.
  void tiltedSeriesFramesLieOnTheResampledGrid() {
    const QString dir = test::scratchDir();
    test::SyntheticSeries spec;
    spec.positions = test::stackPositions(20, 2.0, 14.0);
    test::writeSyntheticSeries((dir + "/series").toStdString(), spec);
    const DicomSeriesInfo series = scanned(dir + "/series");
    const DicomImportResult image = readDicomSeries(series);
    const LabelVolume labels = squares(image.volume.geometry());
    const QString seg = dir + "/seg.dcm";
    writeDicomSeg(labels, series, seg.toStdString());
    requireValid(seg);
    const auto positions = framePositions(seg);
    QCOMPARE(positions.size(), size_t(20));
    std::vector<double> z;
    for (const auto& p : positions) {
      QVERIFY(std::abs(p[0] + 16.0) < 1e-4);
      QVERIFY2(std::abs(p[1] + 16.0) < 1e-4, qPrintable(QString::number(p[1])));
      z.push_back(p[2]);
    }
    std::sort(z.begin(), z.end());
    for (int k = 0; k < 20; ++k) QVERIFY(std::abs(z[size_t(k)] - 2.0 * k) < 1e-4);
    const DicomSegImport back = readDicomSeg(seg.toStdString(), series);
    QVERIFY(back.labels.data() == labels.data());
  }

  // A SEG another tool wrote on the tilted source slices (frames at the source positions, pixels
  // on the source grid) lands where the resampled image shows those pixels: slice k's square
  // moves 2k * tan(14 deg) = 0.4987k rows along y, to the nearest voxel: floor(k / 2) rows.
  void segOnTiltedSourcePositionsIsShiftedLikeTheImage() {
    const QString dir = test::scratchDir();
    test::SyntheticSeries spec;
    spec.positions = test::stackPositions(20, 2.0, 14.0);
    test::writeSyntheticSeries((dir + "/series").toStdString(), spec);
    const DicomSeriesInfo series = scanned(dir + "/series");
    const ImageGeometry g = readDicomSeries(series).volume.geometry();
    const QString seg = dir + "/seg.dcm";
    writeDicomSeg(squares(g), series, seg.toStdString());
    const double shear = std::tan(14.0 * M_PI / 180.0);
    moveFrames(seg, [&](unsigned long, std::array<double, 3> p) {
      p[1] += p[2] * shear;
      return p;
    });
    const DicomSegImport back = readDicomSeg(seg.toStdString(), series);
    LabelVolume expected(g);
    for (int64_t k = 0; k < 20; ++k)
      for (int64_t j = 10 + k / 2; j < 16 + k / 2; ++j)
        for (int64_t i = 4 + k; i < 10 + k; ++i) expected.set(i, j, k, Label(k % 5 + 1));
    QVERIFY(back.labels.data() == expected.data());
  }

  // Off every slice by more than a fifth of the spacing: a clear error, not a neighbour's slice.
  void frameBetweenSlicesIsAnError() {
    const QString dir = test::scratchDir();
    test::SyntheticSeries spec;
    spec.positions = test::stackPositions(6, 2.0);
    test::writeSyntheticSeries((dir + "/series").toStdString(), spec);
    const DicomSeriesInfo series = scanned(dir + "/series");
    const QString seg = dir + "/seg.dcm";
    writeDicomSeg(squares(readDicomSeries(series).volume.geometry()), series, seg.toStdString());
    moveFrames(seg, [](unsigned long f, std::array<double, 3> p) {
      if (f == 2) p[2] += 0.7;
      return p;
    });
    try {
      readDicomSeg(seg.toStdString(), series);
      QFAIL("a frame between slices was placed");
    } catch (const IoError& e) {
      QVERIFY2(std::string(e.what()).find("frame 3") != std::string::npos &&
                   std::string(e.what()).find("0.7 mm from the nearest slice") != std::string::npos,
               e.what());
    }
  }

  // Same grid, another series: refused, where before it gave an empty map and exit 0.
  void segOfAnotherSeriesIsRefused() {
    const QString dir = test::scratchDir();
    test::SyntheticSeries a;
    a.positions = test::stackPositions(5, 2.0);
    test::writeSyntheticSeries((dir + "/a").toStdString(), a);
    test::SyntheticSeries b = a;
    test::writeSyntheticSeries((dir + "/b").toStdString(), b);  // fresh UIDs
    const DicomSeriesInfo sa = scanned(dir + "/a"), sb = scanned(dir + "/b");
    QVERIFY(sa.seriesUid != sb.seriesUid);
    const QString seg = dir + "/seg.dcm";
    writeDicomSeg(squares(readDicomSeries(sa).volume.geometry()), sa, seg.toStdString());
    requireValid(seg);
    try {
      readDicomSeg(seg.toStdString(), sb);
      QFAIL("a SEG of another series was placed");
    } catch (const IoError& e) {
      QVERIFY2(std::string(e.what()).find("segments series " + sa.seriesUid) != std::string::npos, e.what());
    }
  }

  // Without Study/Series/FrameOfReference UIDs a SEG cannot reference its series: refused unless
  // forced; forced, it is written and still placed by position.
  void seriesWithoutUidsNeedsForce() {
    const QString dir = test::scratchDir();
    test::SyntheticSeries spec;
    spec.positions = test::stackPositions(4, 2.0);
    spec.withUids = false;
    test::writeSyntheticSeries((dir + "/series").toStdString(), spec);
    const DicomSeriesInfo series = scanned(dir + "/series");
    const LabelVolume labels = squares(readDicomSeries(series).volume.geometry());
    const QString seg = dir + "/seg.dcm";
    try {
      writeDicomSeg(labels, series, seg.toStdString());
      QFAIL("a SEG without references was written");
    } catch (const IoError& e) {
      const std::string m = e.what();
      QVERIFY2(m.find("StudyInstanceUID, SeriesInstanceUID, FrameOfReferenceUID") != std::string::npos &&
                   m.find("--force") != std::string::npos, e.what());
    }
    QVERIFY(!QFile::exists(seg));
    DicomSegExportOptions forced;
    forced.force = true;
    writeDicomSeg(labels, series, seg.toStdString(), forced);
    const DicomSegImport back = readDicomSeg(seg.toStdString(), series);
    QVERIFY(back.labels.data() == labels.data());
  }
};

QTEST_GUILESS_MAIN(DicomSegSeriesTest)
#include "DicomSegSeriesTest.moc"
