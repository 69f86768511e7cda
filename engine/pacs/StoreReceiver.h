#pragma once

// Private to engine/pacs (names DCMTK types); see ScuSession.h.
#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmnet/scp.h>

#include <atomic>
#include <mutex>
#include <string>
#include <thread>

#include "pacs/PacsNode.h"

namespace slicewise {

class ReceivedImages;

// Our storage SCP for one C-MOVE: listens on the node's move port under our AE title, on a
// thread of its own, and writes each incoming image straight to its file (bit for bit, as the
// PACS sent it). Associations calling another AE title are rejected; a cancel aborts the
// PACS's association at its next image.
class StoreReceiver : public DcmSCP {
 public:
  StoreReceiver(const PacsNode& node, ReceivedImages& images, const std::atomic<bool>* cancel);
  ~StoreReceiver() override;

  // Opens the port (throws PacsError when it is taken or privileged) and starts accepting.
  void start();
  // Stops accepting within about a second, after any association in progress, and waits.
  void stop();
  // The first failure while receiving ("" when none).
  std::string error() const;

 protected:
  OFCondition handleIncomingCommand(T_DIMSE_Message* incomingMsg, const DcmPresentationContextInfo& presInfo) override;
  OFBool checkCalledAETitleAccepted(const OFString& calledAE) override;
  OFBool stopAfterConnectionTimeout() override;
  OFBool stopAfterCurrentAssociation() override;

 private:
  void fail(const std::string& message);

  PacsNode node_;
  ReceivedImages& images_;
  const std::atomic<bool>* cancel_;
  std::atomic<bool> stop_{false};
  std::thread thread_;
  mutable std::mutex mutex_;
  std::string error_;
};

}  // namespace slicewise
