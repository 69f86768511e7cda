#pragma once

#include <string>

namespace slicewise {

// DICOM TLS (DCMTK over OpenSSL, BCP 195 profile). The PACS's certificate is checked against
// `trustedCertificates` (a PEM file with its CA or its own certificate; empty: the system's CAs
// in /etc/ssl/certs). A certificate and key of our own are only needed where the PACS asks for
// client certificates.
struct PacsTlsSettings {
  bool enabled = false;
  std::string trustedCertificates;
  std::string certificate;
  std::string privateKey;
  bool verifyPeer = true;
};

// One PACS as the radiology department configures it: its AE title, host and port, and the AE
// title it knows us by. C-MOVE needs a port on which we listen for the images the PACS sends
// (the PACS must know our AE title, host and that port); C-GET needs none.
struct PacsNode {
  std::string name;                        // how the settings name it; empty for one given inline
  std::string calledAeTitle;               // the PACS's AE title
  std::string host;
  int port = 104;
  std::string callingAeTitle = "SLICEWISE";  // ours
  int movePort = 0;                        // our storage port for C-MOVE; 0: C-MOVE not set up
  int timeoutSeconds = 30;                 // connecting, negotiating and each message
  PacsTlsSettings tls;
};

// "ORTHANC at 127.0.0.1:4242" (with " over TLS" when it applies), for messages.
std::string describePacsNode(const PacsNode& node);

// Throws PacsError naming the first field that is wrong: AE titles of 1-16 characters without
// backslashes or control characters, a host, ports 1-65535 (move port 0-65535), a timeout of
// 1-3600 s, and a TLS certificate and key given together.
void checkPacsNode(const PacsNode& node);

}  // namespace slicewise
