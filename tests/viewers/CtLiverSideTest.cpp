// The real abdominal CT labels (stored LAS, shared/data/README.md): in the axial view the liver
// (label 5) must lie on the screen's left, the patient's right.
#include <QImage>
#include <QtTest>
#include <map>

#include "GlTestMain.h"
#include "TestData.h"
#include "model/LabelTable.h"
#include "io/ImageIO.h"
#include "viewers/SliceCursor.h"
#include "viewers/SliceView.h"

using namespace slicewise;

class CtLiverSideTest : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void liverIsOnTheScreensLeft() {
    SLICEWISE_REQUIRE_DATA("ct-abdomen-dicom/example_seg_dicom.nii.gz");
    const QString path = test::sharedData("ct-abdomen-dicom/example_seg_dicom.nii.gz");
    // The label map itself serves as the image: only the side matters here.
    const struct {
      Volume image;
      LabelVolume labels;
    } c{readImage(path.toStdString()), readLabelMap(path.toStdString())};
    QCOMPARE(c.labels.geometry().size, (Index3{512, 512, 20}));
    // Only the liver, opaque pure green, so it cannot be confused with grey image pixels.
    LabelTable table;
    for (const auto& [id, count] : c.labels.labelCounts())
      table.set({id, "other", {0, 0, 0}, id == 5, false});
    table.set({5, "liver", {0, 255, 0}, true, false});

    // The axial slice with the most liver.
    std::map<int64_t, int64_t> perSlice;
    const ImageGeometry& g = c.labels.geometry();
    for (int64_t k = 0; k < g.size[2]; ++k)
      for (int64_t j = 0; j < g.size[1]; ++j)
        for (int64_t i = 0; i < g.size[0]; ++i)
          if (c.labels.at(i, j, k) == 5) ++perSlice[k];
    QVERIFY(!perSlice.empty());
    int64_t best = perSlice.begin()->first;
    for (const auto& [k, n] : perSlice)
      if (n > perSlice[best]) best = k;

    SliceCursor cursor;
    cursor.setGeometry(g);
    SliceView view(SliceAxis::Axial);
    view.setLayers(SliceLayers{.image = &c.image, .labels = &c.labels, .table = &table, .window = {0, 1}, .labelOpacity = 1.0}, &cursor);
    view.setCrosshairVisible(false);
    view.resize(512, 512);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    view.setSliceIndex(best);
    QCOMPARE(view.orientation().left, 'R');

    const QImage frame = view.grab().toImage();
    int64_t left = 0, right = 0;
    for (int y = 0; y < frame.height(); ++y)
      for (int x = 0; x < frame.width(); ++x) {
        const QRgb p = frame.pixel(x, y);
        if (qGreen(p) > 200 && qRed(p) < 60 && qBlue(p) < 60) (x < frame.width() / 2 ? left : right)++;
      }
    qInfo("axial slice %lld: liver pixels left %lld, right %lld", static_cast<long long>(best),
          static_cast<long long>(left), static_cast<long long>(right));
    QVERIFY(left > 1000);
    QVERIFY(left > 10 * right);
  }
};

SLICEWISE_GL_TEST_MAIN(CtLiverSideTest)
#include "CtLiverSideTest.moc"
