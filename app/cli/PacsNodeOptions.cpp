#include "PacsNodeOptions.h"

#include <CLI/CLI.hpp>

#include "CommandRegistry.h"
#include "pacs/PacsError.h"
#include "pacs/PacsNodeStore.h"

namespace slicewise::cli {

void addPacsNodeOptions(CLI::App& cmd, PacsNodeOptions& o, const std::string& nodeFlag) {
  cmd.add_option(nodeFlag, o.node, "PACS node by name, from the nodes file");
  cmd.add_option("--nodes-file", o.nodesFile, "PACS nodes file (default $XDG_CONFIG_HOME/slicewise/pacs.json)");
  cmd.add_option("--host", o.host, "PACS host name or address");
  cmd.add_option("--port", o.port, "PACS port (default 104)")->check(CLI::Range(1, 65535));
  cmd.add_option("--aec", o.calledAet, "Called AE title: the PACS's");
  cmd.add_option("--aet", o.callingAet, "Calling AE title: ours (default SLICEWISE)");
  cmd.add_option("--move-port", o.movePort, "Our storage port for C-MOVE (the PACS must know it)")
      ->check(CLI::Range(0, 65535));
  cmd.add_option("--timeout", o.timeout, "Seconds to wait at each step (default 30)")->check(CLI::Range(1, 3600));
  cmd.add_flag("--tls", o.tls, "DICOM over TLS");
  cmd.add_option("--tls-ca", o.tlsCa, "PEM file of the certificates to trust (default: the system's)");
  cmd.add_option("--tls-cert", o.tlsCert, "Our certificate (PEM), where the PACS asks for one");
  cmd.add_option("--tls-key", o.tlsKey, "Our private key (PEM, without pass phrase)");
  cmd.add_flag("--tls-no-verify", o.tlsNoVerify, "Encrypt without checking the PACS's certificate");
}

PacsNode resolvePacsNode(const PacsNodeOptions& o) {
  try {
    PacsNode node;
    if (!o.node.empty()) {
      const std::string path = o.nodesFile.empty() ? defaultPacsNodesPath() : o.nodesFile;
      node = findPacsNode(readPacsNodes(path), o.node, path);
    } else if (o.host.empty() || o.calledAet.empty()) {
      throw CLI::ValidationError("name a PACS: --node NAME (from the nodes file), or --host HOST and --aec AE_TITLE");
    }
    if (!o.host.empty()) node.host = o.host;
    if (!o.calledAet.empty()) node.calledAeTitle = o.calledAet;
    if (!o.callingAet.empty()) node.callingAeTitle = o.callingAet;
    if (o.port > 0) node.port = o.port;
    if (o.movePort >= 0) node.movePort = o.movePort;
    if (o.timeout > 0) node.timeoutSeconds = o.timeout;
    if (o.tls || !o.tlsCa.empty() || !o.tlsCert.empty() || o.tlsNoVerify) node.tls.enabled = true;
    if (!o.tlsCa.empty()) node.tls.trustedCertificates = o.tlsCa;
    if (!o.tlsCert.empty()) node.tls.certificate = o.tlsCert;
    if (!o.tlsKey.empty()) node.tls.privateKey = o.tlsKey;
    if (o.tlsNoVerify) node.tls.verifyPeer = false;
    try {
      checkPacsNode(node);
    } catch (const PacsError& e) {
      throw CLI::ValidationError(e.what());
    }
    return node;
  } catch (const PacsError& e) {
    throw CliFailure(e.what());
  }
}

}  // namespace slicewise::cli
