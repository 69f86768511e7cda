#include <QTest>

#include "predict/NearestPredictor.h"

using namespace slicewise;

class NearestPredictorTest : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void tiesGoToTheLowerKey() {
    ImageGeometry g;
    g.size = {2, 2, 7};
    LabelVolume input(g);
    input.set(0, 0, 1, 5);
    input.set(1, 1, 5, 8);
    PredictionInput in;
    in.labels = &input;
    in.keySlices = {5, 1};  // any order
    const Proposal out = NearestPredictor().predict(in);
    const std::vector<Label> expected{5, 5, 5, 5, 8, 8, 8};  // slice 3 is a tie: lower key
    for (int64_t k = 0; k < 7; ++k) {
      QCOMPARE(out.labels.at(0, 0, k), expected[size_t(k)] == 5 ? Label(5) : Label(0));
      QCOMPARE(out.labels.at(1, 1, k), expected[size_t(k)] == 8 ? Label(8) : Label(0));
    }
    QCOMPARE(out.predictor, std::string("nearest"));
    QCOMPARE(out.keySlices, (std::vector<int64_t>{1, 5}));
    QCOMPARE(out.sliceConfidence.size(), size_t(7));
  }

  void coronalAxis() {
    ImageGeometry g;
    g.size = {3, 5, 2};
    LabelVolume input(g);
    input.set(2, 0, 1, 3);  // key coronal slice j = 0
    PredictionInput in;
    in.labels = &input;
    in.axis = SliceAxis::Coronal;
    in.keySlices = {0, 4};  // j = 4 empty-here
    const Proposal out = NearestPredictor().predict(in);
    QCOMPARE(out.labels.at(2, 2, 1), Label(3));
    QCOMPARE(out.labels.at(2, 3, 1), Label(0));
  }
};

QTEST_GUILESS_MAIN(NearestPredictorTest)
#include "NearestPredictorTest.moc"
