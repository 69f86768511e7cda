#pragma once

#include <cstdint>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <vector>

#include "jobs/UNetParameters.h"
#include "model/ImageGeometry.h"
#include "model/PixelType.h"
#include "model/SliceAxis.h"

namespace slicewise {

// What a training job is, as job.json states it (format: engine/jobs/README.md). Pixels,
// geometry, labels and parameters only: nothing that names the patient, the scanner or a date,
// so a job folder on a cluster's shared storage identifies nobody.
struct JobDescription {
  static constexpr int kFormatVersion = 1;

  // The network: "unet", "deeplab" or "manet", always parameters.architecture's name.
  std::string predictor = "unet";
  ImageGeometry geometry;
  PixelType imagePixelType = PixelType::Float32;
  bool hasProvenance = false;
  SliceAxis axis = SliceAxis::Axial;
  std::vector<int64_t> keySlices;  // ascending, unique, within the axis
  std::string keyState;            // keyStateHash() of the annotation the keys came from
  uint64_t seed = 0;
  std::string device = "auto";     // "auto", "cpu", "cuda" or "cuda:N"
  UNetParameters parameters;

  // Throws std::invalid_argument naming what is wrong (bad geometry, keys out of range, ...).
  void validate() const;
  bool operator==(const JobDescription& o) const;
};

nlohmann::json toJson(const JobDescription& job);
// Throws std::invalid_argument on a malformed, unknown-version or inconsistent description.
JobDescription jobDescriptionFromJson(const nlohmann::json& object);

}  // namespace slicewise
