// slicewise-cli pacs get --series UID [--study-uid UID] (--out DIR | --study DIR)
//   [--method get|move] (node options) [--json]
// Retrieves one series by C-GET (no inbound port) or C-MOVE (to our --move-port). --out DIR
// appears only once the whole series is there (owner-only); --study DIR imports the series as a
// new study exactly as `dicom import --study` does. Ctrl-C stops cleanly, leaving nothing.
#include <CLI/CLI.hpp>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "CliSupport.h"
#include "CommandRegistry.h"
#include "DicomStudyCreation.h"
#include "InterruptGuard.h"
#include "PacsNodeOptions.h"
#include "PacsProgressPrinter.h"
#include "io/DicomSeriesReader.h"
#include "pacs/PacsClient.h"
#include "pacs/PacsError.h"

namespace slicewise::cli {
namespace {

namespace fs = std::filesystem;

struct GetOptions {
  PacsNodeOptions node;
  std::string series, studyUid, out, study, method = "get";
  bool json = false;
};

// A private scratch folder (0700) removed with everything in it when the object goes.
class ScratchFolder {
 public:
  ScratchFolder() {
    std::string pattern = (fs::temp_directory_path() / "slicewise-pacs-XXXXXX").string();
    if (!::mkdtemp(pattern.data())) throw CliFailure("cannot create a folder in " + fs::temp_directory_path().string());
    path_ = pattern;
  }
  ~ScratchFolder() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

std::string fixed(double v, int digits) {
  std::ostringstream s;
  s << std::fixed << std::setprecision(digits) << v;
  return s.str();
}

void run(const GetOptions& o) {
  if (o.out.empty() == o.study.empty()) throw CLI::ValidationError("give exactly one of --out DIR or --study DIR");
  std::error_code ec;
  const std::string target = o.out.empty() ? o.study : o.out;
  if (fs::exists(target, ec)) throw CliFailure(target + " exists already; give a new folder");
  const PacsNode node = resolvePacsNode(o.node);
  RetrieveRequest request;
  request.seriesUid = o.series;
  request.studyUid = o.studyUid;
  request.method = o.method == "move" ? RetrieveMethod::Move : RetrieveMethod::Get;

  std::unique_ptr<ScratchFolder> scratch;
  if (!o.study.empty()) scratch = std::make_unique<ScratchFolder>();
  const std::string folder = scratch ? scratch->path() + "/series" : o.out;
  InterruptGuard interrupt;
  PacsProgressPrinter printer("received");
  RetrieveResult result;
  try {
    result = PacsClient(node).retrieveSeries(request, folder, printer.callback(), interrupt.flag());
  } catch (const PacsError& e) {
    throw CliFailure(e.what());
  }
  if (scratch) {
    const DicomImportResult imported = importDicom(folder);
    for (const auto& w : imported.warnings) warn(w);
    createStudyFromDicom(imported, o.study);
  }
  const double mbPerSecond = result.seconds > 0 ? double(result.bytes) / 1e6 / result.seconds : 0;
  if (o.json)
    return printJson({{"node", describePacsNode(node)},
                      {"method", o.method},
                      {"series_uid", o.series},
                      {"images", result.images},
                      {"bytes", result.bytes},
                      {"seconds", std::round(result.seconds * 1000) / 1000},
                      {"mb_per_second", std::round(mbPerSecond * 10) / 10},
                      {"output", scratch ? o.study : result.folder}});
  std::cout << "retrieved " << result.images << " images (" << fixed(double(result.bytes) / 1e6, 1) << " MB) in "
            << fixed(result.seconds, 2) << " s (" << fixed(mbPerSecond, 1) << " MB/s) by C-"
            << (o.method == "move" ? "MOVE" : "GET") << "\n"
            << "wrote " << (scratch ? "study " + o.study : result.folder) << "\n";
}

void setupPacsGet(CLI::App& root) {
  auto opts = std::make_shared<GetOptions>();
  CLI::App& group = commandGroup(root, "pacs", "Query and retrieve images from a PACS, send DICOM SEG back");
  CLI::App* cmd = group.add_subcommand("get", "Retrieve a series (C-GET or C-MOVE) into a folder or a new study");
  addPacsNodeOptions(*cmd, opts->node);
  cmd->add_option("--series", opts->series, "SeriesInstanceUID")->required();
  cmd->add_option("--study-uid", opts->studyUid, "Its StudyInstanceUID (looked up when not given)");
  cmd->add_option("--out", opts->out, "New folder for the series' DICOM files (owner-only)");
  cmd->add_option("--study", opts->study, "Create a study folder from the series instead");
  cmd->add_option("--method", opts->method, "get (C-GET, default) or move (C-MOVE to --move-port)")
      ->check(CLI::IsMember({"get", "move"}));
  cmd->add_flag("--json", opts->json, "Machine-readable output on stdout");
  cmd->callback([opts] { run(*opts); });
}

SLICEWISE_CLI_COMMAND(87, setupPacsGet)

}  // namespace
}  // namespace slicewise::cli
