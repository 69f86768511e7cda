// A cohort of every shared volume, through the CLI: NIfTI images and DICOM folders (one study
// per series), the brain's label names as the cohort's table, status and next as JSON. Slice
// counts are the data READMEs' geometry.
#include <QJsonArray>
#include <QJsonObject>
#include <QTest>

#include "CliRunner.h"
#include "TestData.h"

using namespace slicewise;

class CohortSharedDataTest : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void cohortOfEverySharedVolume();
};

void CohortSharedDataTest::cohortOfEverySharedVolume() {
  SLICEWISE_REQUIRE_DATA(test::kBrainImage);
  const QString dir = test::scratchDir() + "/cohort";
  test::CliResult r = test::runCli({"cohort", "create", dir, "--labels", test::sharedData(test::kBrainLabelNames)});
  QVERIFY2(r.exitCode == 0, r.err.constData());
  r = test::runCli({"cohort", "add", dir, "--json", test::sharedData(test::kBrainImage),
                    test::sharedData("ct-head/cranium_ct.nii.gz"), test::sharedData("ct-abdomen-dicom/dicom"),
                    test::sharedData("dicom-seg/ct-3slice")});
  QVERIFY2(r.exitCode == 0, r.err.constData());
  QCOMPARE(r.json()["added"].toArray().size(), 4);
  r = test::runCli({"study", "annotate", dir + "/studies/MRIcrop-orig", "--from", test::sharedData(test::kBrainLabels),
                    "--slices", "8,24,40,56"});
  QVERIFY2(r.exitCode == 0, r.err.constData());

  r = test::runCli({"cohort", "status", dir, "--json"});
  QVERIFY2(r.exitCode == 0, r.err.constData());
  const QJsonArray studies = r.json()["studies"].toArray();
  QCOMPARE(studies.size(), 4);
  const QList<std::pair<QString, int>> expected{{"MRIcrop-orig", 64}, {"cranium_ct", 108}, {"", 20}, {"", 3}};
  for (int i = 0; i < 4; ++i) {
    const QJsonObject s = studies[i].toObject();
    if (!expected[i].first.isEmpty()) QCOMPARE(s["name"].toString(), expected[i].first);
    QCOMPARE(s["slices"].toInt(), expected[i].second);
    QCOMPARE(s["flagged"].toBool(), false);
    QCOMPARE(s["stage"].toString(), QString(i == 0 ? "annotating" : "new"));
    QVERIFY(s.contains("source"));  // the image file or DICOM folder it was made from
  }
  QCOMPARE(studies[0].toObject()["progress"].toString(), QString("4 of 4 keys"));
  const QJsonObject totals = r.json()["totals"].toObject();
  QCOMPARE(totals["studies"].toInt(), 4);
  QCOMPARE(totals["slices_drawn"].toInt(), 4);
  QCOMPARE(totals["effort_slices"].toInt(), 4);
  QCOMPARE(totals["effort_fraction"].toDouble(), 4.0 / 195.0);  // 64 + 108 + 20 + 3 slices

  r = test::runCli({"cohort", "next", dir, "--json"});
  QVERIFY2(r.exitCode == 0, r.err.constData());
  QCOMPARE(r.json()["study"].toObject()["name"].toString(), QString("cranium_ct"));
  QCOMPARE(r.json()["reason"].toString(), QString("no keys yet: choose its key slices and draw them"));
}

QTEST_GUILESS_MAIN(CohortSharedDataTest)
#include "CohortSharedDataTest.moc"
