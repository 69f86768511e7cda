// How PACS operations fail: a wrong AE title, a stopped server, a server that never answers and a
// connection cut in the middle of a transfer each give one line, leave nothing written and end
// within the node's timeout.
#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QtTest>

#include "DicomFixtures.h"
#include "OrthancServer.h"
#include "TcpCutProxy.h"
#include "TestData.h"
#include "pacs/PacsClient.h"
#include "pacs/PacsError.h"

using namespace slicewise;
using test::OrthancServer;

namespace {

// Runs `f`, expects a PacsError and returns its message (empty when none was thrown).
template <class F>
QString failure(F f) {
  try {
    f();
  } catch (const PacsCancelled&) {
    return QStringLiteral("<cancelled>");
  } catch (const PacsError& e) {
    return QString::fromStdString(e.what());
  }
  return {};
}

QStringList entries(const QString& folder) {
  return QDir(folder).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot);
}

RetrieveRequest ctRequest(RetrieveMethod method = RetrieveMethod::Get) {
  RetrieveRequest r;
  r.seriesUid = test::sharedCtIdentity().seriesUid.toStdString();
  r.method = method;
  return r;
}

}  // namespace

class PacsFailureTest : public QObject {
  Q_OBJECT

  OrthancServer orthanc_;
  int movePort_ = 0;
  int cutMovePort_ = 0;
  std::unique_ptr<test::TcpCutProxy> moveProxy_;

  // One line, and nothing beside the destination in its folder.
  void checkRetrieveFails(const PacsNode& node, RetrieveMethod method, const QString& expected) {
    const QString parent = test::scratchDir();
    QElapsedTimer clock;
    clock.start();
    const QString error = failure([&] {
      PacsClient(node).retrieveSeries(ctRequest(method), (parent + "/series").toStdString());
    });
    QVERIFY2(error.contains(expected), qPrintable(error));
    QVERIFY(!error.contains('\n'));
    QVERIFY2(clock.elapsed() < (node.timeoutSeconds + 8) * 1000, qPrintable(QString::number(clock.elapsed())));
    QCOMPARE(entries(parent), QStringList());
  }

 private Q_SLOTS:
  void initTestCase() {
    SLICEWISE_REQUIRE_ORTHANC();
    SLICEWISE_REQUIRE_DATA(test::kSharedCtSeries);
    const QString copy = test::scratchDir() + "/ct";
    QString why;
    QCOMPARE(test::copySeriesWithIdentity(test::sharedData(test::kSharedCtSeries), copy, test::sharedCtIdentity(), &why), 20);
    movePort_ = test::freeLoopbackPort();
    cutMovePort_ = test::freeLoopbackPort();
    // Orthanc sends C-MOVE results for SWCUT through a link that fails after 3 MB.
    moveProxy_ = std::make_unique<test::TcpCutProxy>(cutMovePort_, 3u << 20);
    OrthancServer::Options options;
    options.moveDestinations = {{"SLICEWISE", movePort_}, {"SWCUT", moveProxy_->port()}};
    QVERIFY2(orthanc_.start(options, &why), qPrintable(why));
    std::vector<std::string> files;
    for (const QString& f : QDir(copy).entryList(QDir::Files)) files.push_back(QDir(copy).filePath(f).toStdString());
    QCOMPARE(PacsClient(orthanc_.node()).send(files).sent, 20);
  }

  void wrongCalledAeTitle() {
    PacsNode node = orthanc_.node();
    node.calledAeTitle = "NOTORTHANC";
    const QString expected = QString::fromStdString(
        "C-ECHO with NOTORTHANC at 127.0.0.1:" + std::to_string(node.port) +
        " failed: the PACS rejected the association (is its AE title 'NOTORTHANC' right, and does it know ours, "
        "'SLICEWISE'?)");
    QCOMPARE(failure([&] { PacsClient(node).echo(); }), expected);
    QVERIFY(failure([&] { PacsClient(node).find(PacsQuery{}); }).contains("rejected the association"));
    checkRetrieveFails(node, RetrieveMethod::Get, "rejected the association");
  }

  void stoppedServer() {
    OrthancServer other;
    QString why;
    QVERIFY2(other.start({}, &why), qPrintable(why));
    const PacsNode node = other.node();
    QVERIFY(PacsClient(node).echo() > 0);
    other.stop();
    QElapsedTimer clock;
    clock.start();
    const QString error = failure([&] { PacsClient(node).echo(); });
    QCOMPARE(error, QString::fromStdString("C-ECHO with ORTHANC at 127.0.0.1:" + std::to_string(node.port) +
                                           " failed: connection refused (is the PACS running, and is port " +
                                           std::to_string(node.port) + " right?)"));
    QVERIFY(clock.elapsed() < 5000);
    checkRetrieveFails(node, RetrieveMethod::Get, "connection refused");
  }

  void serverThatNeverAnswers() {
    test::SilentServer silent;
    PacsNode node = orthanc_.node();
    node.port = silent.port();
    node.timeoutSeconds = 2;
    QElapsedTimer clock;
    clock.start();
    const QString error = failure([&] { PacsClient(node).echo(); });
    QCOMPARE(error, QString::fromStdString("C-ECHO with ORTHANC at 127.0.0.1:" + std::to_string(node.port) +
                                           " failed: no answer within 2 s"));
    QVERIFY2(clock.elapsed() < 6000, qPrintable(QString::number(clock.elapsed())));
    checkRetrieveFails(node, RetrieveMethod::Get, "no answer within 2 s");
  }

  void connectionCutDuringGet() {
    test::TcpCutProxy link(orthanc_.dicomPort(), 3u << 20);
    PacsNode node = orthanc_.node();
    node.port = link.port();
    checkRetrieveFails(node, RetrieveMethod::Get, "C-GET of series " + test::sharedCtIdentity().seriesUid);
    QCOMPARE(link.cuts(), 1);
    // The PACS is unharmed: the whole series still comes through a sound link.
    const QString out = test::scratchDir() + "/whole";
    QCOMPARE(PacsClient(orthanc_.node()).retrieveSeries(ctRequest(), out.toStdString()).images, 20);
  }

  void connectionCutDuringMove() {
    const PacsNode node = orthanc_.node("SWCUT", cutMovePort_);
    checkRetrieveFails(node, RetrieveMethod::Move, "C-MOVE of series " + test::sharedCtIdentity().seriesUid);
    QVERIFY(moveProxy_->cuts() >= 1);
  }

  void connectionCutDuringSend() {
    test::TcpCutProxy link(orthanc_.dicomPort(), 3u << 20);
    PacsNode node = orthanc_.node();
    node.port = link.port();
    const QString copy = test::scratchDir() + "/other";
    test::SeriesIdentity other = test::sharedCtIdentity();
    other.seriesUid += ".9";
    QString why;
    QCOMPARE(test::copySeriesWithIdentity(test::sharedData(test::kSharedCtSeries), copy, other, &why), 20);
    std::vector<std::string> files;
    for (const QString& f : QDir(copy).entryList(QDir::Files)) files.push_back(QDir(copy).filePath(f).toStdString());
    const QString error = failure([&] { PacsClient(node).send(files); });
    QVERIFY2(error.startsWith("C-STORE of CT."), qPrintable(error));
    QVERIFY2(error.contains(" failed after 5 of 20 files: "), qPrintable(error));
    QVERIFY(!error.contains('\n'));
  }

  void unknownSeriesAndBadRequests() {
    const PacsNode node = orthanc_.node();
    RetrieveRequest unknown;
    unknown.seriesUid = "1.2.3.4.5";
    const QString parent = test::scratchDir();
    QCOMPARE(failure([&] { PacsClient(node).retrieveSeries(unknown, (parent + "/s").toStdString()); }),
             QString::fromStdString("series 1.2.3.4.5 is not on ORTHANC at 127.0.0.1:" + std::to_string(node.port)));
    RetrieveRequest notUid;
    notUid.seriesUid = "../etc";
    QCOMPARE(failure([&] { PacsClient(node).retrieveSeries(notUid, (parent + "/s").toStdString()); }),
             QString("'../etc' is not a series UID"));
    QVERIFY(failure([&] { PacsClient(node).retrieveSeries(ctRequest(RetrieveMethod::Move), (parent + "/s").toStdString()); })
                .startsWith("C-MOVE needs our storage port (move port) for ORTHANC"));
    QCOMPARE(entries(parent), QStringList());
    QDir().mkpath(parent + "/taken");
    QCOMPARE(failure([&] { PacsClient(node).retrieveSeries(ctRequest(), (parent + "/taken").toStdString()); }),
             parent + "/taken exists already; give a new folder");
  }

  void moveToATakenPort() {
    test::SilentServer occupant;  // holds the port
    const PacsNode node = orthanc_.node("SLICEWISE", occupant.port());
    checkRetrieveFails(node, RetrieveMethod::Move,
                       QString::fromStdString("cannot listen for C-MOVE on port " + std::to_string(occupant.port())));
  }
};

QTEST_GUILESS_MAIN(PacsFailureTest)
#include "PacsFailureTest.moc"
