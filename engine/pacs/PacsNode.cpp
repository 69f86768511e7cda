#include "pacs/PacsNode.h"

#include "pacs/PacsError.h"

namespace slicewise {

namespace {

void checkAeTitle(const std::string& title, const char* what) {
  if (title.empty() || title.size() > 16)
    throw PacsError(std::string(what) + " must have 1 to 16 characters (got '" + title + "')");
  if (title.find_first_not_of(' ') == std::string::npos) throw PacsError(std::string(what) + " must not be blank");
  for (char c : title)
    if (c == '\\' || static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) >= 0x7f)
      throw PacsError(std::string(what) + " '" + title + "' may only hold printable ASCII without backslashes");
}

}  // namespace

std::string describePacsNode(const PacsNode& node) {
  std::string text = node.calledAeTitle + " at " + node.host + ":" + std::to_string(node.port);
  if (node.tls.enabled) text += " over TLS";
  return text;
}

void checkPacsNode(const PacsNode& node) {
  checkAeTitle(node.calledAeTitle, "the PACS's AE title");
  checkAeTitle(node.callingAeTitle, "our AE title");
  if (node.host.empty()) throw PacsError("no host given for the PACS");
  if (node.host.size() > 57) throw PacsError("host name '" + node.host + "' is longer than 57 characters");
  if (node.port < 1 || node.port > 65535) throw PacsError("port " + std::to_string(node.port) + " is not in 1..65535");
  if (node.movePort < 0 || node.movePort > 65535)
    throw PacsError("move port " + std::to_string(node.movePort) + " is not in 0..65535");
  if (node.timeoutSeconds < 1 || node.timeoutSeconds > 3600)
    throw PacsError("timeout " + std::to_string(node.timeoutSeconds) + " s is not in 1..3600");
  if (node.tls.certificate.empty() != node.tls.privateKey.empty())
    throw PacsError("a TLS certificate of our own needs its private key, and the other way round");
}

}  // namespace slicewise
