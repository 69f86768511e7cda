// PacsClient::retrieveSeries: C-GET or C-MOVE of one series into a folder that appears only
// when complete.
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcuid.h>
#include <dcmtk/dcmnet/diutil.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <mutex>

#include "pacs/PacsClient.h"
#include "pacs/PacsError.h"
#include "pacs/PartialFolder.h"
#include "pacs/ReceivedImages.h"
#include "pacs/ScuSession.h"
#include "pacs/StoreReceiver.h"

namespace slicewise {

namespace {

bool isUid(const std::string& uid) {
  return !uid.empty() && uid.size() <= 64 && uid.find_first_not_of("0123456789.") == std::string::npos;
}

OFList<OFString> uncompressed() {
  OFList<OFString> syntaxes;
  syntaxes.push_back(UID_LittleEndianExplicitTransferSyntax);
  syntaxes.push_back(UID_LittleEndianImplicitTransferSyntax);
  return syntaxes;
}

// The counts of the PACS's latest C-GET / C-MOVE response.
struct SubOperations {
  std::mutex mutex;
  int remaining = -1, completed = 0, failed = 0, warning = 0;
  bool final = false;

  void update(const RetrieveResponse& r) {
    std::lock_guard lock(mutex);
    final = !DICOM_PENDING_STATUS(r.m_status);
    // Final responses may leave "remaining" out (0) and some PACS leave the counts at zero on
    // success; keep the largest counts seen.
    if (!final) remaining = r.m_numberOfRemainingSubops;
    completed = std::max(completed, int(r.m_numberOfCompletedSubops));
    failed = std::max(failed, int(r.m_numberOfFailedSubops));
    warning = std::max(warning, int(r.m_numberOfWarningSubops));
  }
  int total() {
    std::lock_guard lock(mutex);
    return remaining < 0 ? -1 : remaining + completed + failed + warning;
  }
};

std::string statusText(Uint16 status, RetrieveMethod method) {
  char hex[8];
  std::snprintf(hex, sizeof hex, "%04x", unsigned(status));
  return std::string(method == RetrieveMethod::Get ? DU_cgetStatusString(status) : DU_cmoveStatusString(status)) +
         " (0x" + hex + ")";
}

}  // namespace

RetrieveRequest PacsClient::completeRequest(const RetrieveRequest& request, int* expected) const {
  PacsQuery query;
  query.level = PacsLevel::Series;
  query.seriesUid = request.seriesUid;
  query.studyUid = request.studyUid;
  for (const PacsRecord& r : find(query)) {
    if (r.seriesUid != request.seriesUid) continue;
    RetrieveRequest out = request;
    if (out.studyUid.empty()) out.studyUid = r.studyUid;
    *expected = r.instances;
    return out;
  }
  throw PacsError("series " + request.seriesUid + " is not on " + describePacsNode(node_));
}

RetrieveResult PacsClient::retrieveSeries(const RetrieveRequest& request, const std::string& destination,
                                          const PacsProgressCallback& progress,
                                          const std::atomic<bool>* cancel) const {
  const auto start = std::chrono::steady_clock::now();
  const bool move = request.method == RetrieveMethod::Move;
  const char* service = move ? "C-MOVE" : "C-GET";
  if (!isUid(request.seriesUid)) throw PacsError("'" + request.seriesUid + "' is not a series UID");
  if (!request.studyUid.empty() && !isUid(request.studyUid))
    throw PacsError("'" + request.studyUid + "' is not a study UID");
  if (move && node_.movePort == 0)
    throw PacsError("C-MOVE needs our storage port (move port) for " + describePacsNode(node_) +
                    ", and the PACS must know our AE title '" + node_.callingAeTitle + "', this host and that port");

  int expected = -1;
  const RetrieveRequest full = completeRequest(request, &expected);
  if (cancel && cancel->load()) throw PacsCancelled();
  PartialFolder folder(destination);
  ReceivedImages images(folder.path(), progress, cancel);
  images.setExpected(expected);
  if (progress) progress(PacsProgress{0, expected, 0});

  DcmDataset identifier;
  identifier.putAndInsertString(DCM_QueryRetrieveLevel, "SERIES");
  identifier.putAndInsertString(DCM_StudyInstanceUID, full.studyUid.c_str());
  identifier.putAndInsertString(DCM_SeriesInstanceUID, full.seriesUid.c_str());

  SubOperations subops;
  ScuSession session(node_, cancel);
  session.onRetrieveResponse = [&](const RetrieveResponse& r) {
    subops.update(r);
    if (expected < 0 && subops.total() >= 0) images.setExpected(subops.total());
  };
  std::unique_ptr<StoreReceiver> receiver;
  OFCondition cond;
  if (move) {
    receiver = std::make_unique<StoreReceiver>(node_, images, cancel);
    receiver->start();
    session.addPresentationContext(UID_MOVEStudyRootQueryRetrieveInformationModel, uncompressed());
    session.connect(service);
    const auto pc = session.contextFor(UID_MOVEStudyRootQueryRetrieveInformationModel, "C-MOVE (Study Root)");
    cond = session.sendMOVERequest(pc, node_.callingAeTitle.c_str(), &identifier, nullptr);
  } else {
    session.receiver = &images;
    session.addPresentationContext(UID_GETStudyRootQueryRetrieveInformationModel, uncompressed());
    OFList<OFString> syntaxes;
    for (const std::string& s : retrieveTransferSyntaxes()) syntaxes.push_back(s.c_str());
    for (const std::string& c : retrieveSopClasses()) session.addPresentationContext(c.c_str(), syntaxes, ASC_SC_ROLE_SCP);
    session.connect(service);
    const auto pc = session.contextFor(UID_GETStudyRootQueryRetrieveInformationModel, "C-GET (Study Root)");
    cond = session.sendCGETRequest(pc, &identifier, nullptr);
  }
  const bool cancelled = session.stoppedByCancel() || (cancel && cancel->load());
  if (cancelled || cond.bad())
    session.close(true);
  else
    session.close(false);
  if (receiver) receiver->stop();
  if (cancelled) throw PacsCancelled();

  const std::string from = std::string(service) + " of series " + full.seriesUid + " from " + describePacsNode(node_);
  const int got = images.count();
  const int total = images.expected();
  const std::string counted = std::to_string(got) + (total >= 0 ? " of " + std::to_string(total) : "") + " images";
  if (cond.bad()) throw PacsError(from + " failed after " + counted + ": " + session.explain(cond));
  if (receiver && !receiver->error().empty())
    throw PacsError(from + " failed after " + counted + ": " + receiver->error());
  const Uint16 status = session.lastStatus;
  if (status != STATUS_Success || subops.failed > 0 || subops.warning > 0)
    throw PacsError(from + " ended with " + statusText(status, request.method) + " after " + counted + ", " +
                    std::to_string(subops.failed) + " failed");
  if (got == 0) throw PacsError(from + " sent no images");
  if ((subops.completed > 0 && got != subops.completed) || (expected > 0 && got < expected))
    throw PacsError(from + " is incomplete: " + counted + " arrived");

  folder.commit();
  RetrieveResult result;
  result.folder = std::filesystem::absolute(destination).lexically_normal().string();
  result.images = got;
  result.bytes = images.bytes();
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return result;
}

}  // namespace slicewise
