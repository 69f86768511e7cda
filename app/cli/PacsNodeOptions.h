#pragma once

#include <string>

#include "pacs/PacsNode.h"

namespace CLI {
class App;
}

namespace slicewise::cli {

// How a `pacs` command names its PACS: a node from the shared nodes file (--node NAME, or
// --to NAME for send), and/or the fields given inline, which win over the named node's.
struct PacsNodeOptions {
  std::string node, nodesFile;
  std::string host, calledAet, callingAet;
  int port = 0, movePort = -1, timeout = 0;
  bool tls = false, tlsNoVerify = false;
  std::string tlsCa, tlsCert, tlsKey;
};

// Adds --node (or `nodeFlag`), --nodes-file, --host, --port, --aec, --aet, --move-port,
// --timeout and the --tls options.
void addPacsNodeOptions(CLI::App& cmd, PacsNodeOptions& options, const std::string& nodeFlag = "--node");

// The node the options describe. Throws CLI::ValidationError (usage, exit 2) when neither a
// node nor --host and --aec are given or the result is not a valid node, CliFailure when the
// nodes file cannot be read or lacks the node.
PacsNode resolvePacsNode(const PacsNodeOptions& options);

}  // namespace slicewise::cli
