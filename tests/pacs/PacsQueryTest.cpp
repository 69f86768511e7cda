#include <QtTest>

#include "pacs/PacsError.h"
#include "pacs/PacsQuery.h"

using namespace slicewise;

namespace {

using Keys = std::vector<std::pair<std::string, std::string>>;

std::string valueOf(const Keys& keys, const std::string& keyword) {
  for (const auto& [k, v] : keys)
    if (k == keyword) return v;
  return "<absent>";
}

}  // namespace

class PacsQueryTest : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void studyQueryFiltersAndReturnKeys() {
    PacsQuery q;
    q.patientName = "doe";
    q.patientId = "12345";
    q.dateFrom = "2023-01-05";
    q.dateTo = "20230131";
    q.modality = "ct";
    q.accessionNumber = "A7";
    q.description = "thorax";
    const Keys keys = pacsQueryKeys(q);
    QCOMPARE(keys.front(), (std::pair<std::string, std::string>{"QueryRetrieveLevel", "STUDY"}));
    QCOMPARE(valueOf(keys, "PatientName"), std::string("doe*"));
    QCOMPARE(valueOf(keys, "PatientID"), std::string("12345"));
    QCOMPARE(valueOf(keys, "StudyDate"), std::string("20230105-20230131"));
    QCOMPARE(valueOf(keys, "ModalitiesInStudy"), std::string("CT"));
    QCOMPARE(valueOf(keys, "AccessionNumber"), std::string("A7"));
    QCOMPARE(valueOf(keys, "StudyDescription"), std::string(""));  // filtered locally, ignoring case
    QCOMPARE(valueOf(keys, "StudyInstanceUID"), std::string(""));
    QCOMPARE(valueOf(keys, "NumberOfStudyRelatedInstances"), std::string(""));
    QCOMPARE(valueOf(keys, "Modality"), std::string("<absent>"));
    QCOMPARE(keys.size(), size_t(13));
  }

  void wildcardsAndOpenRangesAsGiven() {
    PacsQuery q;
    q.patientName = "DOE^J?NE";
    q.description = "CT*";
    q.dateFrom = "20230105";
    Keys keys = pacsQueryKeys(q);
    QCOMPARE(valueOf(keys, "PatientName"), std::string("DOE^J?NE"));
    QCOMPARE(valueOf(keys, "StudyDescription"), std::string("CT*"));
    QCOMPARE(valueOf(keys, "StudyDate"), std::string("20230105-"));
    q.dateFrom.clear();
    q.dateTo = "2023-02-01";
    QCOMPARE(valueOf(pacsQueryKeys(q), "StudyDate"), std::string("-20230201"));
    q.dateFrom = "20230201";
    QCOMPARE(valueOf(pacsQueryKeys(q), "StudyDate"), std::string("20230201"));
  }

  void seriesQueryUsesSeriesKeys() {
    PacsQuery q;
    q.level = PacsLevel::Series;
    q.studyUid = "1.2.3";
    q.modality = "seg";
    q.description = "liver";
    const Keys keys = pacsQueryKeys(q);
    QCOMPARE(keys.front().second, std::string("SERIES"));
    QCOMPARE(valueOf(keys, "StudyInstanceUID"), std::string("1.2.3"));
    QCOMPARE(valueOf(keys, "Modality"), std::string("SEG"));
    QCOMPARE(valueOf(keys, "SeriesDescription"), std::string(""));
    QCOMPARE(valueOf(keys, "SeriesInstanceUID"), std::string(""));
    QCOMPARE(valueOf(keys, "NumberOfSeriesRelatedInstances"), std::string(""));
    QCOMPARE(valueOf(keys, "PatientName"), std::string("<absent>"));
  }

  void descriptionsMatchIgnoringCase() {
    PacsQuery q;
    q.level = PacsLevel::Series;
    q.description = "body";
    PacsRecord r;
    r.seriesDescription = "CT Body 3.0";
    QVERIFY(pacsRecordMatches(q, r));
    r.seriesDescription = "CT Head";
    QVERIFY(!pacsRecordMatches(q, r));
    q.level = PacsLevel::Study;
    r.studyDescription = "ABDOMEN^BODY";
    QVERIFY(pacsRecordMatches(q, r));
    q.description = "CT*";  // wildcards go to the PACS as they are
    r.studyDescription = "MR";
    QVERIFY(pacsRecordMatches(q, r));
  }

  void patientQuery() {
    PacsQuery q;
    q.level = PacsLevel::Patient;
    q.patientId = "X1";
    const Keys keys = pacsQueryKeys(q);
    QCOMPARE(keys.front().second, std::string("PATIENT"));
    QCOMPARE(valueOf(keys, "PatientID"), std::string("X1"));
    QCOMPARE(valueOf(keys, "NumberOfPatientRelatedStudies"), std::string(""));
    QCOMPARE(valueOf(keys, "StudyInstanceUID"), std::string("<absent>"));
  }

  void badInputIsRefused_data() {
    QTest::addColumn<QString>("from");
    QTest::addColumn<QString>("to");
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("expected");
    QTest::newRow("not a date") << "2023-1-5" << "" << "" << "'2023-1-5' is not a date (YYYYMMDD or YYYY-MM-DD)";
    QTest::newRow("month 13") << "20231301" << "" << "" << "'20231301' is not a date (YYYYMMDD or YYYY-MM-DD)";
    QTest::newRow("reversed") << "20230201" << "20230101" << ""
                              << "the date range starts (20230201) after it ends (20230101)";
    QTest::newRow("backslash") << "" << "" << "A\\B" << "the patient name must not contain backslashes or control characters";
  }
  void badInputIsRefused() {
    QFETCH(QString, from);
    QFETCH(QString, to);
    QFETCH(QString, name);
    QFETCH(QString, expected);
    PacsQuery q;
    q.dateFrom = from.toStdString();
    q.dateTo = to.toStdString();
    q.patientName = name.toStdString();
    try {
      pacsQueryKeys(q);
      QFAIL("no error");
    } catch (const PacsError& e) {
      QCOMPARE(QString(e.what()), expected);
    }
  }

  void levels() {
    QCOMPARE(parsePacsLevel("Series"), std::optional<PacsLevel>(PacsLevel::Series));
    QCOMPARE(parsePacsLevel("study"), std::optional<PacsLevel>(PacsLevel::Study));
    QVERIFY(!parsePacsLevel("image"));
    QCOMPARE(pacsLevelName(PacsLevel::Patient), std::string("patient"));
  }
};

QTEST_GUILESS_MAIN(PacsQueryTest)
#include "PacsQueryTest.moc"
