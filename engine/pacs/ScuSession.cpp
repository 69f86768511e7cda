#include "pacs/ScuSession.h"

#include <dcmtk/dcmdata/dcuid.h>
#include <dcmtk/dcmnet/dcmtrans.h>
#include <dcmtk/dcmnet/diutil.h>
#include <dcmtk/dcmtls/tlslayer.h>

#include "io/DicomLibrary.h"
#include "pacs/PacsError.h"
#include "pacs/ReceivedImages.h"

namespace slicewise {

namespace {

// Larger PDUs than DCMTK's 16 kB default cut the per-PDU overhead of big series.
constexpr Uint32 kMaxReceivePdu = 65536;

bool contains(const std::string& text, const char* part) { return text.find(part) != std::string::npos; }

}  // namespace

const std::vector<std::string>& retrieveSopClasses() {
  static const std::vector<std::string> classes{
      UID_CTImageStorage, UID_EnhancedCTImageStorage, UID_LegacyConvertedEnhancedCTImageStorage,
      UID_MRImageStorage, UID_EnhancedMRImageStorage, UID_EnhancedMRColorImageStorage,
      UID_LegacyConvertedEnhancedMRImageStorage, UID_PositronEmissionTomographyImageStorage,
      UID_EnhancedPETImageStorage, UID_LegacyConvertedEnhancedPETImageStorage, UID_NuclearMedicineImageStorage,
      UID_SecondaryCaptureImageStorage, UID_MultiframeGrayscaleByteSecondaryCaptureImageStorage,
      UID_MultiframeGrayscaleWordSecondaryCaptureImageStorage, UID_MultiframeTrueColorSecondaryCaptureImageStorage,
      UID_ComputedRadiographyImageStorage, UID_DigitalXRayImageStorageForPresentation,
      UID_DigitalXRayImageStorageForProcessing, UID_DigitalMammographyXRayImageStorageForPresentation,
      UID_BreastTomosynthesisImageStorage, UID_UltrasoundImageStorage, UID_UltrasoundMultiframeImageStorage,
      UID_XRayAngiographicImageStorage, UID_XRay3DAngiographicImageStorage, UID_RTImageStorage, UID_RTDoseStorage,
      UID_SegmentationStorage};
  return classes;
}

const std::vector<std::string>& retrieveTransferSyntaxes() {
  static const std::vector<std::string> syntaxes{
      UID_JPEGLSLosslessTransferSyntax,  UID_JPEGProcess14SV1TransferSyntax,
      UID_JPEGProcess14TransferSyntax,   UID_RLELosslessTransferSyntax,
      UID_JPEGProcess1TransferSyntax,    UID_JPEGProcess2_4TransferSyntax,
      UID_JPEGLSLossyTransferSyntax,     UID_DeflatedExplicitVRLittleEndianTransferSyntax,
      UID_LittleEndianExplicitTransferSyntax, UID_LittleEndianImplicitTransferSyntax};
  return syntaxes;
}

std::string conditionLine(const OFCondition& cond) {
  std::string text = cond.text();
  std::string line;
  for (char c : text) {
    if (c == '\n' || c == '\r') {
      if (!line.empty() && line.back() != ' ') line += ": ";
    } else {
      line += c;
    }
  }
  return line;
}

ScuSession::ScuSession(const PacsNode& node, const std::atomic<bool>* cancel) : node_(node), cancel_(cancel) {
  initDicomLibrary();
  setAETitle(node.callingAeTitle.c_str());
  setPeerAETitle(node.calledAeTitle.c_str());
  setPeerHostName(node.host.c_str());
  setPeerPort(Uint16(node.port));
  const auto timeout = Uint32(node.timeoutSeconds);
  setACSETimeout(timeout);
  setDIMSETimeout(timeout);
  setDIMSEBlockingMode(DIMSE_NONBLOCKING);
  // Process-wide DCMTK settings; every session sets them before it connects.
  setConnectionTimeout(Sint32(timeout));
  dcmSocketSendTimeout.set(Sint32(timeout));
  dcmSocketReceiveTimeout.set(Sint32(timeout));
  setMaxReceivePDULength(kMaxReceivePdu);
  setStorageMode(DCMSCU_STORAGE_BIT_PRESERVING);
  setProgressNotificationMode(OFFalse);
}

ScuSession::~ScuSession() {
  // The TLS layer must outlive the association that uses it: end both before tls_ goes.
  if (isConnected()) abortAssociation();
  freeNetwork();
}

std::string ScuSession::nodeText() const { return describePacsNode(node_); }

std::string ScuSession::explain(const OFCondition& cond) const {
  const std::string line = conditionLine(cond);
  const std::string timeout = "no answer within " + std::to_string(node_.timeoutSeconds) + " s";
  if (cond == DUL_ASSOCIATIONREJECTED)
    return "the PACS rejected the association (is its AE title '" + node_.calledAeTitle +
           "' right, and does it know ours, '" + node_.callingAeTitle + "'?)";
  if (cond == NET_EC_NoAcceptablePresentationContexts) return "the PACS accepted none of the services asked for";
  if (contains(line, "Connection refused"))
    return "connection refused (is the PACS running, and is port " + std::to_string(node_.port) + " right?)";
  if (cond == DUL_READTIMEOUT || cond == DIMSE_NODATAAVAILABLE || contains(line, "timeout") ||
      contains(line, "timed out") || contains(line, "Operation now in progress"))
    return timeout;
  if (contains(line, "Name or service not known") || contains(line, "Unknown host"))
    return "unknown host '" + node_.host + "'";
  if (cond == DUL_PEERABORTEDASSOCIATION) return "the PACS aborted the association";
  if (cond == DUL_NETWORKCLOSED || contains(line, "Connection reset") || contains(line, "Broken pipe") ||
      contains(line, "TCP I/O Error"))
    return "the connection was lost";
  return line;
}

void ScuSession::check(const OFCondition& cond, const std::string& what) const {
  if (cond.bad()) throw PacsError(what + " failed: " + explain(cond));
}

void ScuSession::setUpTls() {
  tls_ = std::make_unique<DcmTLSTransportLayer>(NET_REQUESTOR, nullptr, OFTrue);
  if (!*tls_) throw PacsError("cannot set up TLS for " + nodeText() + " (OpenSSL)");
  const PacsTlsSettings& t = node_.tls;
  if (t.trustedCertificates.empty()) {
    if (tls_->addTrustedCertificateDir("/etc/ssl/certs", DCF_Filetype_PEM).bad())
      throw PacsError("cannot read the system's certificates in /etc/ssl/certs for TLS");
  } else if (tls_->addTrustedCertificateFile(t.trustedCertificates.c_str(), DCF_Filetype_PEM).bad()) {
    throw PacsError("cannot read the trusted certificates " + t.trustedCertificates + " (PEM)");
  }
  if (!t.certificate.empty()) {
    // An empty pass phrase: OpenSSL must never prompt on a console nobody watches.
    tls_->setPrivateKeyPasswd("");
    if (tls_->setPrivateKeyFile(t.privateKey.c_str(), DCF_Filetype_PEM).bad())
      throw PacsError("cannot read the TLS private key " + t.privateKey + " (PEM, without pass phrase)");
    if (tls_->setCertificateFile(t.certificate.c_str(), DCF_Filetype_PEM).bad())
      throw PacsError("cannot read the TLS certificate " + t.certificate + " (PEM)");
    if (!tls_->checkPrivateKeyMatchesCertificate())
      throw PacsError("the TLS private key " + t.privateKey + " does not belong to " + t.certificate);
  }
  if (tls_->setTLSProfile(TSP_Profile_BCP195).bad() || tls_->activateCipherSuites().bad())
    throw PacsError("cannot set up the TLS cipher suites (BCP 195)");
  tls_->setCertificateVerification(t.verifyPeer ? DCV_requireCertificate : DCV_ignoreCertificate);
  const OFCondition cond = useSecureConnection(tls_.get());
  if (cond.bad()) throw PacsError("cannot set up TLS for " + nodeText() + ": " + conditionLine(cond));
}

void ScuSession::connect(const std::string& purpose) {
  OFCondition cond = initNetwork();
  if (cond.bad()) throw PacsError(purpose + " with " + nodeText() + " failed: " + conditionLine(cond));
  if (node_.tls.enabled) setUpTls();
  cond = negotiateAssociation();
  if (cond.bad()) throw PacsError(purpose + " with " + nodeText() + " failed: " + explain(cond));
}

T_ASC_PresentationContextID ScuSession::contextFor(const std::string& sopClass, const std::string& service) {
  const T_ASC_PresentationContextID id = findPresentationContextID(sopClass.c_str(), "");
  if (id == 0) throw PacsError(nodeText() + " does not offer " + service);
  return id;
}

void ScuSession::close(bool abort) {
  if (!isConnected()) return;
  if (abort)
    abortAssociation();
  else
    releaseAssociation();
}

OFCondition ScuSession::handleFINDResponse(const T_ASC_PresentationContextID presID, QRResponse* response,
                                           OFBool& waitForNextResponse) {
  const OFCondition cond = DcmSCU::handleFINDResponse(presID, response, waitForNextResponse);
  if (response) {
    lastStatus = response->m_status;
    if (response->m_dataset && DICOM_PENDING_STATUS(response->m_status) && onFindMatch)
      onFindMatch(*response->m_dataset);
  }
  if (cancelled() && waitForNextResponse) {
    waitForNextResponse = OFFalse;
    stoppedByCancel_ = true;
  }
  return cond;
}

OFCondition ScuSession::handleCGETResponse(const T_ASC_PresentationContextID presID, RetrieveResponse* response,
                                           OFBool& continueCGETSession) {
  const OFCondition cond = DcmSCU::handleCGETResponse(presID, response, continueCGETSession);
  if (response) {
    lastStatus = response->m_status;
    if (onRetrieveResponse) onRetrieveResponse(*response);
  }
  if (cancelled() && continueCGETSession) {
    continueCGETSession = OFFalse;
    stoppedByCancel_ = true;
  }
  return cond;
}

OFCondition ScuSession::handleMOVEResponse(const T_ASC_PresentationContextID presID, RetrieveResponse* response,
                                           OFBool& waitForNextResponse) {
  const OFCondition cond = DcmSCU::handleMOVEResponse(presID, response, waitForNextResponse);
  if (response) {
    lastStatus = response->m_status;
    if (onRetrieveResponse) onRetrieveResponse(*response);
  }
  if (cancelled() && waitForNextResponse) {
    waitForNextResponse = OFFalse;
    stoppedByCancel_ = true;
  }
  return cond;
}

OFCondition ScuSession::handleSTORERequestFile(T_ASC_PresentationContextID* presID, const OFString& /*filename*/,
                                               T_DIMSE_C_StoreRQ* request) {
  if (!receiver || !request) return EC_IllegalCall;
  if (cancelled()) {
    // An error here makes DCMTK answer the sub-operation with a failure and end the session;
    // the caller then aborts the association.
    stoppedByCancel_ = true;
    return EC_IllegalCall;
  }
  const std::string uid = request->AffectedSOPInstanceUID;
  const std::string file = receiver->fileFor(uid);
  const OFCondition cond = DcmSCU::handleSTORERequestFile(presID, file.c_str(), request);
  if (cond.good()) receiver->stored(file, uid);
  return cond;
}

}  // namespace slicewise
