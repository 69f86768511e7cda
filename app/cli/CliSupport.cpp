#include "CliSupport.h"

#include <CLI/CLI.hpp>
#include <iostream>
#include <nlohmann/json.hpp>

#include "CommandRegistry.h"
#include "select/SliceBudget.h"

namespace slicewise::cli {

CLI::App& commandGroup(CLI::App& root, const std::string& name, const std::string& description) {
  for (CLI::App* sub : root.get_subcommands([](CLI::App*) { return true; }))
    if (sub->get_name() == name) return *sub;
  CLI::App* group = root.add_subcommand(name, description);
  group->require_subcommand(1);
  return *group;
}

void addImageOption(CLI::App& cmd, std::string& image, const std::string& description) {
  CLI::Option* positional = cmd.add_option("IMAGE", image, description);
  positional->excludes(cmd.add_option("--image", image, "Same as IMAGE"));
}

CLI::Option* addAxisOption(CLI::App& cmd, std::string& axis) {
  return cmd.add_option("--axis", axis, "Slicing axis: axial, coronal or sagittal")
      ->check(CLI::IsMember({"axial", "coronal", "sagittal"}))
      ->default_val("axial");
}

SliceAxis axisFromOption(const std::string& axis) {
  if (auto a = parseAxis(axis)) return *a;
  throw CliFailure("unknown axis '" + axis + "' (axial, coronal or sagittal)");
}

std::vector<std::string> splitList(const std::string& text) {
  std::vector<std::string> out;
  std::string item;
  for (char c : text + ",") {
    if (c == ',') {
      if (!item.empty()) out.push_back(item);
      item.clear();
    } else if (c != ' ') {
      item += c;
    }
  }
  return out;
}

std::vector<int64_t> parseSliceList(const std::string& text) {
  std::vector<int64_t> out;
  for (const std::string& item : splitList(text)) {
    try {
      size_t used = 0;
      const long long v = std::stoll(item, &used);
      if (used != item.size() || v < 0) throw std::invalid_argument(item);
      out.push_back(v);
    } catch (const std::exception&) {
      throw CliFailure("'" + item + "' is not a slice index (expected e.g. 3,10,17)");
    }
  }
  if (out.empty()) throw CliFailure("no slice indices given");
  return out;
}

std::vector<double> parseBudgetList(const std::string& text) {
  std::vector<double> out;
  for (const std::string& item : splitList(text)) {
    auto p = parseBudgetPercent(item);
    if (!p) throw CliFailure("'" + item + "' is not a budget in percent (e.g. 20 or 12.5%)");
    out.push_back(*p);
  }
  if (out.empty()) throw CliFailure("no budget given");
  return out;
}

CLI::Option* addForceLockOption(CLI::App& cmd, bool& force) {
  return cmd.add_flag("--force", force,
                      "Take over the study's lock left by another computer that no longer has it open");
}

void printJson(const nlohmann::json& value) { std::cout << value.dump(2) << std::endl; }

void warn(const std::string& message) { std::cerr << "slicewise-cli: warning: " << message << "\n"; }

}  // namespace slicewise::cli
