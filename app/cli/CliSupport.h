#pragma once

#include <cstdint>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <vector>

#include "model/SliceAxis.h"

namespace CLI {
class App;
class Option;
}  // namespace CLI

namespace slicewise::cli {

// The `group` subcommand of root (e.g. "study", "labels"), created on first use, so that several
// command files can add subcommands below one group.
CLI::App& commandGroup(CLI::App& root, const std::string& name, const std::string& description);

// The primary image, positional or as --image (DESIGN §2: both spellings work everywhere).
// Emptiness is checked by the caller (some commands take the image from a study instead).
void addImageOption(CLI::App& cmd, std::string& image, const std::string& description);

// --axis axial|coronal|sagittal, default axial.
CLI::Option* addAxisOption(CLI::App& cmd, std::string& axis);
SliceAxis axisFromOption(const std::string& axis);

// "3,10,17" -> {3, 10, 17}; throws CliFailure on anything else.
std::vector<int64_t> parseSliceList(const std::string& text);
// "12.5,20,33" -> percents; throws CliFailure.
std::vector<double> parseBudgetList(const std::string& text);
// "a,b,c" -> {"a","b","c"}
std::vector<std::string> splitList(const std::string& text);

// --force: take over a study's lock left by another computer (see StudyLock).
CLI::Option* addForceLockOption(CLI::App& cmd, bool& force);

void printJson(const nlohmann::json& value);
void warn(const std::string& message);  // one line on stderr

}  // namespace slicewise::cli
