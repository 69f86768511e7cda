#include "pacs/StoreReceiver.h"

#include <dcmtk/dcmdata/dcuid.h>

#include <filesystem>

#include "io/DicomLibrary.h"
#include "pacs/PacsError.h"
#include "pacs/ReceivedImages.h"
#include "pacs/ScuSession.h"

namespace slicewise {

StoreReceiver::StoreReceiver(const PacsNode& node, ReceivedImages& images, const std::atomic<bool>* cancel)
    : node_(node), images_(images), cancel_(cancel) {
  initDicomLibrary();
  setPort(Uint16(node.movePort));
  setAETitle(node.callingAeTitle.c_str());
  setConnectionBlockingMode(DUL_NOBLOCK);
  setConnectionTimeout(1);  // how often the accept loop looks at stop_
  setDIMSEBlockingMode(DIMSE_NONBLOCKING);
  setDIMSETimeout(Uint32(node.timeoutSeconds));
  setACSETimeout(Uint32(node.timeoutSeconds));
  setMaxReceivePDULength(65536);
  setHostLookupEnabled(OFFalse);
  setProgressNotificationMode(OFFalse);
  OFList<OFString> syntaxes;
  for (const std::string& s : retrieveTransferSyntaxes()) syntaxes.push_back(s.c_str());
  for (const std::string& c : retrieveSopClasses()) addPresentationContext(c.c_str(), syntaxes);
  OFList<OFString> uncompressed;
  uncompressed.push_back(UID_LittleEndianExplicitTransferSyntax);
  uncompressed.push_back(UID_LittleEndianImplicitTransferSyntax);
  addPresentationContext(UID_VerificationSOPClass, uncompressed);
}

StoreReceiver::~StoreReceiver() { stop(); }

void StoreReceiver::start() {
  // DcmSCP turns dcmdata's input correction off for the whole process; files are written as
  // received here, so keep the process's setting for everything else that reads DICOM.
  const OFBool correction = dcmEnableAutomaticInputDataCorrection.get();
  const OFCondition cond = openListenPort();
  dcmEnableAutomaticInputDataCorrection.set(correction);
  if (cond.bad())
    throw PacsError("cannot listen for C-MOVE on port " + std::to_string(node_.movePort) + ": " + conditionLine(cond));
  thread_ = std::thread([this] { acceptAssociations(); });
}

void StoreReceiver::stop() {
  stop_ = true;
  if (thread_.joinable()) thread_.join();
}

std::string StoreReceiver::error() const {
  std::lock_guard lock(mutex_);
  return error_;
}

void StoreReceiver::fail(const std::string& message) {
  std::lock_guard lock(mutex_);
  if (error_.empty()) error_ = message;
}

OFBool StoreReceiver::checkCalledAETitleAccepted(const OFString& calledAE) {
  return calledAE == node_.callingAeTitle.c_str();
}

OFBool StoreReceiver::stopAfterConnectionTimeout() { return stop_.load(); }

OFBool StoreReceiver::stopAfterCurrentAssociation() { return stop_.load(); }

OFCondition StoreReceiver::handleIncomingCommand(T_DIMSE_Message* msg, const DcmPresentationContextInfo& presInfo) {
  if (msg->CommandField != DIMSE_C_STORE_RQ) return DcmSCP::handleIncomingCommand(msg, presInfo);
  // Returning an error makes DcmSCP abort the PACS's association.
  if (cancel_ && cancel_->load()) return EC_IllegalCall;
  T_DIMSE_C_StoreRQ& request = msg->msg.CStoreRQ;
  const std::string uid = request.AffectedSOPInstanceUID;
  const std::string file = images_.fileFor(uid);
  OFCondition cond = receiveSTORERequest(request, presInfo.presentationContextID, OFString(file.c_str()));
  if (cond.bad()) {
    std::error_code ec;
    std::filesystem::remove(file, ec);
    const std::string line = conditionLine(cond);
    const bool lost = line.find("network closed") != std::string::npos || line.find("borted") != std::string::npos ||
                      line.find("TCP I/O") != std::string::npos;
    fail(lost ? "the PACS's connection to our storage port was lost" : "receiving an image failed: " + line);
    return cond;
  }
  images_.stored(file, uid);
  return sendSTOREResponse(presInfo.presentationContextID, request, STATUS_Success);
}

}  // namespace slicewise
