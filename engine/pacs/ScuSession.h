#pragma once

// Private to engine/pacs: the one header here that names DCMTK types. The library's public
// headers (PacsClient.h, PacsNode.h, ...) never include it.
#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmnet/scu.h>

#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "pacs/PacsNode.h"

class DcmTLSTransportLayer;

namespace slicewise {

class ReceivedImages;

// Image storage SOP classes a retrieve accepts (volumes and their SEGs), and the transfer
// syntaxes Slicewise decodes, lossless compressed ones first so a PACS can send what it keeps.
const std::vector<std::string>& retrieveSopClasses();
const std::vector<std::string>& retrieveTransferSyntaxes();

// DCMTK's condition as one line ("TCP Initialization Error: Connection refused").
std::string conditionLine(const OFCondition& cond);

// One association with a PACS, set up from a node: AE titles, TLS, and the node's timeout on
// connecting, negotiating and every message (DIMSE non-blocking), so nothing waits forever.
// During a C-GET it writes the C-STORE sub-operations into a ReceivedImages folder; the
// response handlers report to callbacks and stop when `cancel` is set.
class ScuSession : public DcmSCU {
 public:
  explicit ScuSession(const PacsNode& node, const std::atomic<bool>* cancel = nullptr);
  ~ScuSession() override;

  // Opens the association with the presentation contexts added; throws PacsError ("cannot
  // connect to ...", "... rejected the association ...", "no answer from ... within N s").
  void connect(const std::string& purpose);
  // The accepted context for `sopClass`; throws PacsError naming the service when none.
  T_ASC_PresentationContextID contextFor(const std::string& sopClass, const std::string& service);
  // Releases (or, after a failure or cancel, aborts) the association.
  void close(bool abort);

  // Throws PacsError "<what> failed: <reason>" when `cond` is bad.
  void check(const OFCondition& cond, const std::string& what) const;
  // One line for a bad condition, in terms of this node.
  std::string explain(const OFCondition& cond) const;
  std::string nodeText() const;

  bool cancelled() const { return cancel_ && cancel_->load(); }
  bool stoppedByCancel() const { return stoppedByCancel_; }

  // C-FIND: every pending response's identifier.
  std::function<void(DcmDataset&)> onFindMatch;
  // C-GET / C-MOVE: every response (pending and final).
  std::function<void(const RetrieveResponse&)> onRetrieveResponse;
  // C-GET: where sub-operations are stored.
  ReceivedImages* receiver = nullptr;
  // Status of the last response (C-FIND, C-GET, C-MOVE).
  Uint16 lastStatus = 0;

 protected:
  OFCondition handleFINDResponse(const T_ASC_PresentationContextID presID, QRResponse* response,
                                 OFBool& waitForNextResponse) override;
  OFCondition handleCGETResponse(const T_ASC_PresentationContextID presID, RetrieveResponse* response,
                                 OFBool& continueCGETSession) override;
  OFCondition handleMOVEResponse(const T_ASC_PresentationContextID presID, RetrieveResponse* response,
                                 OFBool& waitForNextResponse) override;
  OFCondition handleSTORERequestFile(T_ASC_PresentationContextID* presID, const OFString& filename,
                                     T_DIMSE_C_StoreRQ* request) override;

 private:
  void setUpTls();

  PacsNode node_;
  const std::atomic<bool>* cancel_;
  std::unique_ptr<DcmTLSTransportLayer> tls_;
  bool stoppedByCancel_ = false;
};

}  // namespace slicewise
