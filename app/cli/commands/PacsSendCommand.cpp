// slicewise-cli pacs send FILE|DIR... (--to NODE | --host H --aec AE ...) [--json]
// C-STORE, e.g. a DICOM SEG from `dicom seg-export` and, if wanted, the folder of the series it
// references. Folders are searched recursively (DICOMDIR files are left out).
#include <CLI/CLI.hpp>
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <iostream>
#include <nlohmann/json.hpp>

#include "CliSupport.h"
#include "CommandRegistry.h"
#include "InterruptGuard.h"
#include "PacsNodeOptions.h"
#include "PacsProgressPrinter.h"
#include "pacs/PacsClient.h"
#include "pacs/PacsError.h"

namespace slicewise::cli {
namespace {

namespace fs = std::filesystem;

struct SendOptions {
  PacsNodeOptions node;
  std::vector<std::string> inputs;
  bool json = false;
};

std::vector<std::string> expand(const std::vector<std::string>& inputs) {
  std::vector<std::string> files;
  for (const std::string& input : inputs) {
    std::error_code ec;
    if (fs::is_directory(input, ec)) {
      std::vector<std::string> found;
      for (const auto& e : fs::recursive_directory_iterator(input, ec))
        if (e.is_regular_file() && e.path().filename() != "DICOMDIR") found.push_back(e.path().string());
      if (ec) throw CliFailure("cannot list " + input + ": " + ec.message());
      std::sort(found.begin(), found.end());
      if (found.empty()) throw CliFailure(input + " holds no files");
      files.insert(files.end(), found.begin(), found.end());
    } else if (fs::exists(input, ec)) {
      files.push_back(input);
    } else {
      throw CliFailure(input + " does not exist");
    }
  }
  return files;
}

void run(const SendOptions& o) {
  const PacsNode node = resolvePacsNode(o.node);
  const std::vector<std::string> files = expand(o.inputs);
  InterruptGuard interrupt;
  PacsProgressPrinter printer("sent");
  SendResult r;
  try {
    r = PacsClient(node).send(files, printer.callback(), interrupt.flag());
  } catch (const PacsError& e) {
    throw CliFailure(e.what());
  }
  if (o.json)
    return printJson({{"node", describePacsNode(node)},
                      {"sent", r.sent},
                      {"warnings", r.warnings},
                      {"bytes", r.bytes},
                      {"seconds", std::round(r.seconds * 1000) / 1000}});
  std::cout << "sent " << r.sent << (r.sent == 1 ? " file" : " files") << " to " << describePacsNode(node);
  if (r.warnings) std::cout << " (" << r.warnings << " stored with a warning)";
  std::cout << "\n";
}

void setupPacsSend(CLI::App& root) {
  auto opts = std::make_shared<SendOptions>();
  CLI::App& group = commandGroup(root, "pacs", "Query and retrieve images from a PACS, send DICOM SEG back");
  CLI::App* cmd = group.add_subcommand("send", "Send DICOM files (a SEG, its series) to a PACS (C-STORE)");
  cmd->add_option("FILE", opts->inputs, "DICOM files or folders")->required();
  addPacsNodeOptions(*cmd, opts->node, "--to");
  cmd->add_flag("--json", opts->json, "Machine-readable output on stdout");
  cmd->callback([opts] { run(*opts); });
}

SLICEWISE_CLI_COMMAND(88, setupPacsSend)

}  // namespace
}  // namespace slicewise::cli
