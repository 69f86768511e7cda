// slicewise-cli pacs nodes [--nodes-file FILE] [--json]: the PACS nodes the other pacs commands
// (and the app) can name.
#include <CLI/CLI.hpp>
#include <iomanip>
#include <iostream>
#include <nlohmann/json.hpp>

#include "CliSupport.h"
#include "CommandRegistry.h"
#include "pacs/PacsError.h"
#include "pacs/PacsNodeStore.h"

namespace slicewise::cli {
namespace {

struct NodesOptions {
  std::string file;
  bool json = false;
};

void run(const NodesOptions& o) {
  const std::string path = o.file.empty() ? defaultPacsNodesPath() : o.file;
  std::vector<PacsNode> nodes;
  try {
    nodes = readPacsNodes(path);
  } catch (const PacsError& e) {
    throw CliFailure(e.what());
  }
  if (o.json) {
    nlohmann::json list = nlohmann::json::array();
    for (const PacsNode& n : nodes)
      list.push_back({{"name", n.name},
                      {"called_aet", n.calledAeTitle},
                      {"host", n.host},
                      {"port", n.port},
                      {"calling_aet", n.callingAeTitle},
                      {"move_port", n.movePort},
                      {"timeout_s", n.timeoutSeconds},
                      {"tls", n.tls.enabled}});
    return printJson({{"file", path}, {"nodes", list}});
  }
  if (nodes.empty()) {
    std::cout << "no PACS nodes in " << path << "\n";
    return;
  }
  std::cout << std::left << std::setw(16) << "name" << std::setw(38) << "PACS" << std::setw(18) << "our AE title"
            << "move port\n";
  for (const PacsNode& n : nodes)
    std::cout << std::setw(16) << n.name << std::setw(38) << describePacsNode(n) << std::setw(18) << n.callingAeTitle
              << (n.movePort ? std::to_string(n.movePort) : "-") << "\n";
}

void setupPacsNodes(CLI::App& root) {
  auto opts = std::make_shared<NodesOptions>();
  CLI::App& group = commandGroup(root, "pacs", "Query and retrieve images from a PACS, send DICOM SEG back");
  CLI::App* cmd = group.add_subcommand("nodes", "List the PACS nodes of the nodes file");
  cmd->add_option("--nodes-file", opts->file, "PACS nodes file (default $XDG_CONFIG_HOME/slicewise/pacs.json)");
  cmd->add_flag("--json", opts->json, "Machine-readable output on stdout");
  cmd->callback([opts] { run(*opts); });
}

SLICEWISE_CLI_COMMAND(89, setupPacsNodes)

}  // namespace
}  // namespace slicewise::cli
