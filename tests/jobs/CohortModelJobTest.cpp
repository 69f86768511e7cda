#include <QTemporaryDir>
#include <QtTest>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "jobs/CohortModelJob.h"

using namespace slicewise;
namespace fs = std::filesystem;

namespace {

// Member A: 4 x 3 x 5 voxels, value -500 + 100 i + 10 j + k (darkest -500); labels 1 at (0, 0, 1)
// and 2 at (3, 2, 3): axial slices 1 and 3 hold labels.
// Member B: 6 x 2 x 3 voxels, value 200 + i + 10 j + 100 k (darkest 200); label 5 at (5, 1, 2).
CohortTrainingMember memberA() {
  ImageGeometry g;
  g.size = {4, 3, 5};
  g.spacing = {0.5, 0.75, 2.0};
  return {[g] {
            std::vector<int16_t> v(g.voxelCount());
            for (int64_t k = 0; k < 5; ++k)
              for (int64_t j = 0; j < 3; ++j)
                for (int64_t i = 0; i < 4; ++i) v[g.linearIndex(i, j, k)] = int16_t(-500 + 100 * i + 10 * j + k);
            return Volume(g, std::move(v));
          },
          [g] {
            LabelVolume l(g);
            l.set(0, 0, 1, 1);
            l.set(3, 2, 3, 2);
            return l;
          }};
}

CohortTrainingMember memberB() {
  ImageGeometry g;
  g.size = {6, 2, 3};
  return {[g] {
            std::vector<int16_t> v(g.voxelCount());
            for (int64_t k = 0; k < 3; ++k)
              for (int64_t j = 0; j < 2; ++j)
                for (int64_t i = 0; i < 6; ++i) v[g.linearIndex(i, j, k)] = int16_t(200 + i + 10 * j + 100 * k);
            return Volume(g, std::move(v));
          },
          [g] {
            LabelVolume l(g);
            l.set(5, 1, 2, 5);
            return l;
          }};
}

// A CT window of [-1000, 1000] HU maps a value v to v / 1000: easy to check by hand.
UNetParameters ctWindow() {
  UNetParameters p;
  p.intensity = IntensityMode::CtWindow;
  p.ctWindowFromLabels = false;
  p.iterations = 10;
  return p;
}

float voxel(const Volume& v, int64_t i, int64_t j, int64_t k) { return float(v.valueAt(i, j, k)); }

}  // namespace

class CohortModelJobTest : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void stacksLabelledSlicesPaddedAndCentred() {
    QTemporaryDir tmp;
    const fs::path dir = fs::path(tmp.path().toStdString()) / "cohort";
    const JobFolder f = createCohortModelJob(dir, {memberA(), memberB()}, SliceAxis::Axial, ctWindow(), 11);
    const JobDescription& job = f.description();
    // In-plane 6 x 3 (the widest and the tallest member), three labelled slices.
    QCOMPARE(job.geometry.size, (Index3{6, 3, 3}));
    QCOMPARE(job.geometry.spacing, (Vec3{0.5, 0.75, 2.0}));  // the first member's
    QCOMPARE(job.keySlices, (std::vector<int64_t>{0, 1, 2}));
    QCOMPARE(job.axis, SliceAxis::Axial);
    QCOMPARE(job.seed, uint64_t(11));
    QCOMPARE(job.imagePixelType, PixelType::Float32);
    QCOMPARE(job.parameters.intensity, IntensityMode::None);
    QCOMPARE(job.parameters.iterations, int64_t(10));

    const Volume image = f.readImage();
    const LabelVolume labels = f.readLabels();
    // Stack slice 0 = A's slice 1, shifted right by (6 - 4) / 2 = 1; padding is A's darkest
    // value normalised, -500 / 1000.
    QCOMPARE(voxel(image, 1, 0, 0), -0.499f);        // A (0, 0, 1): -499
    QCOMPARE(voxel(image, 4, 2, 0), -0.179f);        // A (3, 2, 1): -500 + 300 + 20 + 1
    QCOMPARE(voxel(image, 0, 1, 0), -0.5f);
    QCOMPARE(voxel(image, 5, 1, 0), -0.5f);
    QCOMPARE(labels.at(1, 0, 0), Label(1));
    // Stack slice 1 = A's slice 3.
    QCOMPARE(voxel(image, 1, 0, 1), -0.497f);
    QCOMPARE(labels.at(4, 2, 1), Label(2));
    // Stack slice 2 = B's slice 2, full width, rows 0 and 1 (v offset (3 - 2) / 2 = 0); row 2 is
    // padding, B's darkest value 200 / 1000.
    QCOMPARE(voxel(image, 0, 0, 2), 0.4f);           // 200 + 200
    QCOMPARE(voxel(image, 5, 1, 2), 0.415f);         // 200 + 5 + 10 + 200
    QCOMPARE(voxel(image, 3, 2, 2), 0.2f);
    QCOMPARE(labels.at(5, 1, 2), Label(5));
    QCOMPARE(labels.labelCounts(), (std::map<Label, uint64_t>{{1, 1}, {2, 1}, {5, 1}}));
  }

  void eachMembersWindowComesFromItsLabelledVoxels() {
    QTemporaryDir tmp;
    const fs::path dir = fs::path(tmp.path().toStdString()) / "cohort";
    UNetParameters p = ctWindow();
    p.ctWindowFromLabels = true;
    const JobFolder f = createCohortModelJob(dir, {memberA(), memberB()}, SliceAxis::Axial, p, 0);
    const Volume image = f.readImage();
    // A's labelled voxels are -499 and -177: the lung window (-1350..150, centre -600, half
    // width 750) is the narrowest preset that holds both.
    QCOMPARE(voxel(image, 1, 0, 0), 101.0f / 750.0f);   // A (0, 0, 1): -499
    QCOMPARE(voxel(image, 4, 2, 1), 423.0f / 750.0f);   // A (3, 2, 3): -177
    // B's labelled voxel is 415: only the bone window (-600..1400, centre 400) holds it.
    QCOMPARE(voxel(image, 5, 1, 2), 0.015f);
    QCOMPARE(voxel(image, 0, 0, 2), 0.0f);              // 400
  }

  void subsamplesEvenlyBeyondTheCap() {
    QTemporaryDir tmp;
    const fs::path dir = fs::path(tmp.path().toStdString()) / "cohort";
    // Three labelled slices, room for two: positions (2i + 1) 3 div 4 = 0 and 2, i.e. A's slice 1
    // and B's slice 2.
    const JobFolder f = createCohortModelJob(dir, {memberA(), memberB()}, SliceAxis::Axial, ctWindow(), 0, 2);
    QCOMPARE(f.description().geometry.size, (Index3{6, 3, 2}));
    const LabelVolume labels = f.readLabels();
    QCOMPARE(labels.at(1, 0, 0), Label(1));
    QCOMPARE(labels.at(5, 1, 1), Label(5));
    QCOMPARE(labels.labelCounts(), (std::map<Label, uint64_t>{{1, 1}, {5, 1}}));
  }

  void otherAxesStackAlongTheirOwnDimension() {
    QTemporaryDir tmp;
    const fs::path dir = fs::path(tmp.path().toStdString()) / "cohort";
    // Coronal slices of A run along j (3 of them, 4 x 5 each); labels on j = 0 and j = 2.
    const JobFolder f = createCohortModelJob(dir, {memberA()}, SliceAxis::Coronal, ctWindow(), 0);
    QCOMPARE(f.description().geometry.size, (Index3{4, 2, 5}));
    const LabelVolume labels = f.readLabels();
    QCOMPARE(labels.at(0, 0, 1), Label(1));
    QCOMPARE(labels.at(3, 1, 3), Label(2));
  }

  void robustZScorePerMember() {
    QTemporaryDir tmp;
    const fs::path dir = fs::path(tmp.path().toStdString()) / "cohort";
    UNetParameters p;
    p.intensity = IntensityMode::ZScore;
    // B's 36 values sorted: 200..205, 210..215, 300..305, 310..315, 400..405, 410..415. Quartiles at
    // sorted positions round(0.25 * 35) = 9, 18, 26: 213, 310, 402; sigma = 189 / 1.349 = 140.1038.
    const JobFolder f = createCohortModelJob(dir, {memberB()}, SliceAxis::Axial, p, 0);
    const Volume image = f.readImage();
    QCOMPARE(f.description().geometry.size, (Index3{6, 2, 1}));  // only B's slice 2; its own height
    QVERIFY(std::abs(voxel(image, 0, 0, 0) - 0.64238f) < 1e-4f);   // (400 - 310) / 140.1038
    QVERIFY(std::abs(voxel(image, 5, 1, 0) - 0.74944f) < 1e-4f);   // (415 - 310) / 140.1038
  }

  void refusesACohortWithNothingToLearn() {
    QTemporaryDir tmp;
    const fs::path dir = fs::path(tmp.path().toStdString()) / "cohort";
    QVERIFY_THROWS_EXCEPTION(JobError, createCohortModelJob(dir, {}, SliceAxis::Axial, ctWindow(), 0));
    CohortTrainingMember unlabelled = memberB();
    unlabelled.labels = [] {
      ImageGeometry g;
      g.size = {6, 2, 3};
      return LabelVolume(g);
    };
    QVERIFY_THROWS_EXCEPTION(JobError, createCohortModelJob(dir, {unlabelled}, SliceAxis::Axial, ctWindow(), 0));
    QVERIFY(!fs::exists(dir));
  }
};

QTEST_GUILESS_MAIN(CohortModelJobTest)
#include "CohortModelJobTest.moc"
