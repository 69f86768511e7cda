// slicewise-cli pacs echo (--node NAME | --host H --aec AE) [--port P] [--aet AE] [--tls ...]
// [--json]: C-ECHO, to check that a PACS answers and accepts our AE title.
#include <CLI/CLI.hpp>
#include <cmath>
#include <iostream>
#include <nlohmann/json.hpp>

#include "CliSupport.h"
#include "CommandRegistry.h"
#include "PacsNodeOptions.h"
#include "pacs/PacsClient.h"
#include "pacs/PacsError.h"

namespace slicewise::cli {
namespace {

struct EchoOptions {
  PacsNodeOptions node;
  bool json = false;
};

void run(const EchoOptions& o) {
  const PacsNode node = resolvePacsNode(o.node);
  double ms = 0;
  try {
    ms = PacsClient(node).echo();
  } catch (const PacsError& e) {
    throw CliFailure(e.what());
  }
  if (o.json) return printJson({{"node", describePacsNode(node)}, {"milliseconds", std::round(ms * 10) / 10}});
  std::cout << describePacsNode(node) << " answered C-ECHO in " << std::lround(ms) << " ms\n";
}

void setupPacsEcho(CLI::App& root) {
  auto opts = std::make_shared<EchoOptions>();
  CLI::App& group = commandGroup(root, "pacs", "Query and retrieve images from a PACS, send DICOM SEG back");
  CLI::App* cmd = group.add_subcommand("echo", "Check that a PACS answers (C-ECHO)");
  addPacsNodeOptions(*cmd, opts->node);
  cmd->add_flag("--json", opts->json, "Machine-readable output on stdout");
  cmd->callback([opts] { run(*opts); });
}

SLICEWISE_CLI_COMMAND(85, setupPacsEcho)

}  // namespace
}  // namespace slicewise::cli
