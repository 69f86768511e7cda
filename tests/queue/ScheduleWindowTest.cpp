#include <QTest>
#include <ctime>

#include "queue/ScheduleWindow.h"

using namespace slicewise;

class ScheduleWindowTest : public QObject {
  Q_OBJECT

  static std::chrono::system_clock::time_point localTime(int day, int hour, int minute) {
    std::tm tm{};
    tm.tm_year = 126;
    tm.tm_mon = 10;
    tm.tm_mday = day;
    tm.tm_hour = hour;
    tm.tm_min = minute;
    tm.tm_isdst = -1;
    return std::chrono::system_clock::from_time_t(std::mktime(&tm));
  }

 private Q_SLOTS:
  void parsesTimesOfDay() {
    QCOMPARE(parseTimeOfDay("07:30").value(), 450);
    QCOMPARE(parseTimeOfDay("00:00").value(), 0);
    QCOMPARE(parseTimeOfDay("23:59").value(), 1439);
    QVERIFY(!parseTimeOfDay("24:00"));
    QVERIFY(!parseTimeOfDay("7:30"));
    QVERIFY(!parseTimeOfDay("07:60"));
    QVERIFY(!parseTimeOfDay("ab:cd"));
    QCOMPARE(QString::fromStdString(formatTimeOfDay(450)), QString("07:30"));
  }

  void aWindowAcrossMidnight() {
    const ScheduleWindow w = *ScheduleWindow::parse("19:00-07:00");
    QVERIFY(w.contains(19 * 60));
    QVERIFY(w.contains(23 * 60 + 59));
    QVERIFY(w.contains(0));
    QVERIFY(w.contains(6 * 60 + 59));
    QVERIFY(!w.contains(7 * 60));
    QVERIFY(!w.contains(12 * 60));
    QVERIFY(!w.contains(18 * 60 + 59));
    QCOMPARE(QString::fromStdString(w.describe()), QString("19:00-07:00"));
  }

  void aWindowWithinOneDay() {
    const ScheduleWindow w = *ScheduleWindow::parse("12:30-13:00");
    QVERIFY(!w.contains(12 * 60 + 29));
    QVERIFY(w.contains(12 * 60 + 30));
    QVERIFY(!w.contains(13 * 60));
    QVERIFY(ScheduleWindow::parse("00:00-00:00")->contains(600));  // equal ends: all day
    QVERIFY(!ScheduleWindow::parse("19:00"));
    QVERIFY(!ScheduleWindow::parse("19:00-25:00"));
  }

  void theDefaultIsTheNight() {
    const ScheduleWindow w;
    QCOMPARE(QString::fromStdString(w.describe()), QString("19:00-07:00"));
    QVERIFY(w.contains(localTime(3, 22, 0)));
    QVERIFY(!w.contains(localTime(3, 9, 0)));
  }

  void untilMeansTheNextOccurrence() {
    QVERIFY(nextLocalTime(localTime(3, 22, 0), 7 * 60) == localTime(4, 7, 0));
    QVERIFY(nextLocalTime(localTime(3, 6, 0), 7 * 60) == localTime(3, 7, 0));
    QVERIFY(nextLocalTime(localTime(3, 7, 0), 7 * 60) == localTime(4, 7, 0));
    QCOMPARE(localMinuteOfDay(localTime(3, 22, 15)), 22 * 60 + 15);
  }
};

QTEST_GUILESS_MAIN(ScheduleWindowTest)
#include "ScheduleWindowTest.moc"
