#include "jobs/UNetParameters.h"

#include <cmath>
#include <nlohmann/json.hpp>
#include <stdexcept>

namespace slicewise {

namespace {

using nlohmann::json;

template <class T>
void take(const json& object, const char* key, T& value) {
  const auto it = object.find(key);
  if (it == object.end()) return;
  const bool ok = [&] {
    if constexpr (std::is_same_v<T, bool>) return it->is_boolean();
    else if constexpr (std::is_integral_v<T>) return it->is_number_integer();
    else if constexpr (std::is_floating_point_v<T>) return it->is_number();
    else return it->is_string();
  }();
  if (!ok) throw std::invalid_argument(std::string("parameter '") + key + "' has the wrong type");
  value = it->get<T>();
}

}  // namespace

std::string_view intensityModeName(IntensityMode mode) {
  switch (mode) {
    case IntensityMode::ZScore: return "zscore";
    case IntensityMode::CtWindow: return "ct";
    case IntensityMode::None: return "none";
    case IntensityMode::Auto: break;
  }
  return "auto";
}

std::string_view architectureName(NetworkArchitecture architecture) {
  switch (architecture) {
    case NetworkArchitecture::DeepLabV3Plus: return "deeplab";
    case NetworkArchitecture::MAnet: return "manet";
    case NetworkArchitecture::UNet: break;
  }
  return "unet";
}

std::optional<NetworkArchitecture> parseArchitecture(std::string_view name) {
  if (name == "unet") return NetworkArchitecture::UNet;
  if (name == "deeplab") return NetworkArchitecture::DeepLabV3Plus;
  if (name == "manet") return NetworkArchitecture::MAnet;
  return std::nullopt;
}

void UNetParameters::validate() const {
  const auto require = [](bool ok, const std::string& what) {
    if (!ok) throw std::invalid_argument(what);
  };
  require(levels >= 1 && levels <= 7, "levels must be 1 to 7");
  require(width >= 1 && width <= 256, "width must be 1 to 256");
  require(outputStride == 8 || outputStride == 16, "output_stride must be 8 or 16");
  for (int rate : atrousRates) require(rate >= 1 && rate <= 64, "atrous_rates must be 1 to 64");
  require(iterations >= 1, "iterations must be at least 1");
  require(batch >= 1 && batch <= 1024, "batch must be 1 to 1024");
  require(crop >= 0 && crop <= 65536, "crop must be 0 (whole slices) to 65536");
  require(std::isfinite(learningRate) && learningRate > 0 && learningRate < 10,
          "learning_rate must be in (0, 10)");
  require(std::isfinite(ctWindowLow) && std::isfinite(ctWindowHigh) && ctWindowLow < ctWindowHigh,
          "ct_window must be two finite values, low < high");
  require(plateauIterations >= 0, "plateau_iterations must not be negative");
  require(std::isfinite(plateauTolerance) && plateauTolerance >= 0 && plateauTolerance < 1,
          "plateau_tolerance must be in [0, 1)");
  require(std::isfinite(timeLimitSeconds) && timeLimitSeconds >= 0,
          "time_limit_seconds must not be negative");
  require(threads >= 0 && threads <= 4096, "threads must be 0 (all cores) to 4096");
  require(std::isfinite(checkpointSeconds) && checkpointSeconds > 0,
          "checkpoint_seconds must be positive");
  require(checkpointIterations >= 0, "checkpoint_iterations must not be negative");
}

json toJson(const UNetParameters& p) {
  return {{"architecture", std::string(architectureName(p.architecture))},
          {"levels", p.levels},
          {"width", p.width},
          {"output_stride", p.outputStride},
          {"atrous_rates", {p.atrousRates[0], p.atrousRates[1], p.atrousRates[2]}},
          {"iterations", p.iterations},
          {"batch", p.batch},
          {"crop", p.crop},
          {"learning_rate", p.learningRate},
          {"augment", p.augment},
          {"intensity", std::string(intensityModeName(p.intensity))},
          {"ct_window", p.ctWindowFromLabels ? json("auto") : json{p.ctWindowLow, p.ctWindowHigh}},
          {"plateau_iterations", p.plateauIterations},
          {"plateau_tolerance", p.plateauTolerance},
          {"time_limit_seconds", p.timeLimitSeconds},
          {"encoder_weights", p.encoderWeights},
          {"initial_weights", p.initialWeights},
          {"threads", p.threads},
          {"checkpoint_seconds", p.checkpointSeconds},
          {"checkpoint_iterations", p.checkpointIterations}};
}

UNetParameters unetParametersFromJson(const json& object) {
  if (!object.is_object()) throw std::invalid_argument("parameters must be a JSON object");
  static const char* const known[] = {
      "architecture", "levels", "width", "output_stride", "atrous_rates", "iterations", "batch", "crop",
      "learning_rate", "augment", "intensity",
      "ct_window", "plateau_iterations", "plateau_tolerance", "time_limit_seconds",
      "encoder_weights", "initial_weights", "threads", "checkpoint_seconds", "checkpoint_iterations"};
  for (const auto& [key, value] : object.items()) {
    bool found = false;
    for (const char* k : known) found = found || key == k;
    if (!found) throw std::invalid_argument("unknown parameter '" + key + "'");
  }
  UNetParameters p;
  if (object.contains("architecture")) {
    std::string name;
    take(object, "architecture", name);
    const auto architecture = parseArchitecture(name);
    if (!architecture) throw std::invalid_argument("architecture must be unet, deeplab or manet, not '" + name + "'");
    p.architecture = *architecture;
  }
  take(object, "levels", p.levels);
  take(object, "output_stride", p.outputStride);
  if (const auto it = object.find("atrous_rates"); it != object.end()) {
    if (!it->is_array() || it->size() != 3)
      throw std::invalid_argument("atrous_rates must be three integers");
    for (size_t i = 0; i < 3; ++i) {
      if (!(*it)[i].is_number_integer()) throw std::invalid_argument("atrous_rates must be three integers");
      p.atrousRates[i] = (*it)[i].get<int>();
    }
  }
  take(object, "width", p.width);
  take(object, "iterations", p.iterations);
  take(object, "batch", p.batch);
  take(object, "crop", p.crop);
  take(object, "learning_rate", p.learningRate);
  take(object, "augment", p.augment);
  if (object.contains("intensity")) {
    std::string mode;
    take(object, "intensity", mode);
    if (mode == "auto") p.intensity = IntensityMode::Auto;
    else if (mode == "zscore") p.intensity = IntensityMode::ZScore;
    else if (mode == "ct") p.intensity = IntensityMode::CtWindow;
    else if (mode == "none") p.intensity = IntensityMode::None;
    else throw std::invalid_argument("intensity must be auto, zscore, ct or none, not '" + mode + "'");
  }
  if (const auto it = object.find("ct_window"); it != object.end() && *it != "auto") {
    if (!it->is_array() || it->size() != 2 || !(*it)[0].is_number() || !(*it)[1].is_number())
      throw std::invalid_argument("ct_window must be \"auto\" or [low, high] in HU");
    p.ctWindowFromLabels = false;
    p.ctWindowLow = (*it)[0].get<double>();
    p.ctWindowHigh = (*it)[1].get<double>();
  }
  take(object, "plateau_iterations", p.plateauIterations);
  take(object, "plateau_tolerance", p.plateauTolerance);
  take(object, "time_limit_seconds", p.timeLimitSeconds);
  take(object, "encoder_weights", p.encoderWeights);
  take(object, "initial_weights", p.initialWeights);
  take(object, "threads", p.threads);
  take(object, "checkpoint_seconds", p.checkpointSeconds);
  take(object, "checkpoint_iterations", p.checkpointIterations);
  p.validate();
  return p;
}

}  // namespace slicewise
