// DICOM SEG import and export on dcmqi's 3-slice CT and its SEG files.
#include <QtTest>
#include <algorithm>

#include "DicomValidator.h"
#include "TestData.h"
#include "io/DicomScanner.h"
#include "io/DicomSeg.h"
#include "io/DicomSliceArrangement.h"
#include "io/ImageIO.h"
#include "io/IoError.h"

using namespace slicewise;

namespace {

const char* kSeries = "dicom-seg/ct-3slice";

DicomSeriesInfo sourceSeries() {
  const std::string dir = test::sharedData(kSeries).toStdString();
  return chooseDicomSeries(scanDicom(dir), dir, "");
}

ImageGeometry grid() { return arrangeDicomSlices(sourceSeries().slices).geometry; }

std::vector<uint64_t> foregroundPerSlice(const LabelVolume& v) {
  std::vector<uint64_t> counts(size_t(v.geometry().size[2]), 0);
  const size_t slice = size_t(v.geometry().size[0] * v.geometry().size[1]);
  for (size_t i = 0; i < v.data().size(); ++i) counts[i / slice] += v.data()[i] != 0;
  return counts;
}

}  // namespace

class DicomSegTest : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void liverImportsVoxelEqualToTheNrrd() {
    SLICEWISE_REQUIRE_DATA("dicom-seg/liver.dcm");
    const DicomSegImport r = readDicomSeg(test::sharedData("dicom-seg/liver.dcm").toStdString(), sourceSeries());
    QCOMPARE(foregroundPerSlice(r.labels), (std::vector<uint64_t>{36233, 35645, 35220}));  // README counts
    const LabelVolume nrrd = readLabelMap(test::sharedData("dicom-seg/liver_seg.nrrd").toStdString());
    QVERIFY(nrrd.geometry().sameGrid(r.labels.geometry(), 1e-3));
    QVERIFY(nrrd.data() == r.labels.data());
    QCOMPARE(r.table.find(1)->name, std::string("Liver"));
    QCOMPARE(r.algorithms.at(1), SegmentAlgorithm::SemiAutomatic);
    QVERIFY(r.warnings.empty());
    QCOMPARE(r.overlapVoxels, uint64_t(0));
  }

  void exportReimportsVoxelExact() {
    SLICEWISE_REQUIRE_DATA("dicom-seg/liver.dcm");
    const ImageGeometry g = grid();
    const DicomSegImport liver = readDicomSeg(test::sharedData("dicom-seg/liver.dcm").toStdString(), sourceSeries());
    // A second label drawn by hand and a third from accepted predictions, so the export holds
    // several segments with both algorithm types.
    LabelVolume labels = liver.labels;
    ProvenanceVolume provenance(g);
    for (int64_t j = 10; j < 40; ++j)
      for (int64_t i = 10; i < 50; ++i) {
        labels.set(i, j, 1, 2);
        provenance.set(g.linearIndex(i, j, 1), VoxelOrigin::Drawn);
        labels.set(i + 100, j, 2, 3);
        provenance.set(g.linearIndex(i + 100, j, 2), VoxelOrigin::Accepted);
      }
    DicomSegExportOptions options;
    options.table = liver.table;
    options.table.set({2, "Spleen", Rgb{157, 108, 162}, true, false});
    options.provenance = &provenance;
    const QString out = test::scratchDir() + "/seg.dcm";
    writeDicomSeg(labels, sourceSeries(), out.toStdString(), options);
    if (!test::findTool("dciodvfy").isEmpty() || test::runningInCi())
      QCOMPARE(test::dciodvfyErrors(out), QStringList());

    const DicomSegImport back = readDicomSeg(out.toStdString(), sourceSeries());
    QVERIFY(back.labels.data() == labels.data());
    QCOMPARE(back.table.find(1)->name, std::string("Liver"));
    QCOMPARE(back.table.find(2)->name, std::string("Spleen"));
    QCOMPARE(back.table.find(3)->name, std::string("Label 3"));
    // Colours pass through CIELab and come back within one step per channel.
    const Rgb c = back.table.find(2)->color;
    QVERIFY(std::abs(c.r - 157) <= 1 && std::abs(c.g - 108) <= 1 && std::abs(c.b - 162) <= 1);
    QCOMPARE(back.algorithms.at(1), SegmentAlgorithm::Manual);  // no accepted voxels
    QCOMPARE(back.algorithms.at(2), SegmentAlgorithm::Manual);
    QCOMPARE(back.algorithms.at(3), SegmentAlgorithm::SemiAutomatic);
  }

  void overlappingSegmentsTakeTheLaterOneWithAWarning() {
    SLICEWISE_REQUIRE_DATA("dicom-seg/partial_overlaps.dcm");
    const DicomSegImport r = readDicomSeg(test::sharedData("dicom-seg/partial_overlaps.dcm").toStdString(), sourceSeries());
    QCOMPARE(r.table.size(), size_t(5));
    QVERIFY(r.overlapVoxels > 0);
    QCOMPARE(r.warnings.size(), size_t(1));
    QVERIFY(r.warnings[0].find(std::to_string(r.overlapVoxels) + " voxels belong to more than one segment") == 0);
    QVERIFY(r.warnings[0].find("later (higher-numbered) segment") != std::string::npos);
  }

  void labelMapSegIsUnsupported() {
    SLICEWISE_REQUIRE_DATA("dicom-seg/sparse-labelmap-ppv5.dcm");
    for (const char* name : {"dicom-seg/sparse-labelmap-ppv5.dcm", "dicom-seg/sparse-labelmap-noppv.dcm"}) {
      try {
        readDicomSeg(test::sharedData(name).toStdString(), sourceSeries());
        QFAIL("a LABELMAP SEG was read");
      } catch (const IoError& e) {
        QVERIFY2(std::string(e.what()).find("LABELMAP Segmentation (1.2.840.10008.5.1.4.1.1.66.7), which is unsupported") !=
                     std::string::npos, e.what());
      }
    }
  }

  void labelsOffTheSeriesGridAreRefused() {
    SLICEWISE_REQUIRE_DATA(kSeries);
    ImageGeometry other = grid();
    other.size[2] = 2;
    LabelVolume labels(other);
    labels.set(0, 0, 0, 1);
    QVERIFY_THROWS_EXCEPTION(IoError, writeDicomSeg(labels, sourceSeries(), (test::scratchDir() + "/x.dcm").toStdString()));
  }
};

QTEST_GUILESS_MAIN(DicomSegTest)
#include "DicomSegTest.moc"
