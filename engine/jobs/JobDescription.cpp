#include "jobs/JobDescription.h"

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>
#include <stdexcept>

namespace slicewise {

namespace {

using nlohmann::json;

const json& member(const json& object, const char* key) {
  const auto it = object.find(key);
  if (it == object.end()) throw std::invalid_argument(std::string("job.json lacks '") + key + "'");
  return *it;
}

template <size_t N, class T>
std::array<T, N> numbers(const json& object, const char* key) {
  const json& v = member(object, key);
  if (!v.is_array() || v.size() != N)
    throw std::invalid_argument(std::string("'") + key + "' must be " + std::to_string(N) + " numbers");
  std::array<T, N> out{};
  for (size_t i = 0; i < N; ++i) {
    const bool ok = std::is_integral_v<T> ? v[i].is_number_integer() : v[i].is_number();
    if (!ok) throw std::invalid_argument(std::string("'") + key + "' must be " + std::to_string(N) + " numbers");
    out[i] = v[i].get<T>();
  }
  return out;
}

std::string text(const json& object, const char* key) {
  const json& v = member(object, key);
  if (!v.is_string()) throw std::invalid_argument(std::string("'") + key + "' must be a string");
  return v.get<std::string>();
}

bool validDevice(const std::string& d) {
  if (d == "auto" || d == "cpu" || d == "cuda") return true;
  if (d.rfind("cuda:", 0) != 0 || d.size() == 5 || d.size() > 9) return false;
  return std::all_of(d.begin() + 5, d.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

bool JobDescription::operator==(const JobDescription& o) const {
  const ImageGeometry &a = geometry, &b = o.geometry;
  return predictor == o.predictor && a.size == b.size && a.spacing == b.spacing && a.origin == b.origin &&
         a.direction == b.direction && imagePixelType == o.imagePixelType && hasProvenance == o.hasProvenance &&
         axis == o.axis && keySlices == o.keySlices && keyState == o.keyState && seed == o.seed &&
         device == o.device && parameters == o.parameters;
}

void JobDescription::validate() const {
  if (!parseArchitecture(predictor))
    throw std::invalid_argument("unknown predictor '" + predictor + "' (unet, deeplab or manet)");
  if (predictor != architectureName(parameters.architecture))
    throw std::invalid_argument("the predictor '" + predictor + "' and the parameters' architecture '" +
                                std::string(architectureName(parameters.architecture)) + "' differ");
  for (int d = 0; d < 3; ++d)
    if (geometry.size[size_t(d)] < 1 || geometry.size[size_t(d)] > 100000)
      throw std::invalid_argument("geometry size must be 1 to 100000 voxels per axis");
  if (geometry.voxelCount() > (size_t(1) << 33))
    throw std::invalid_argument("the volume is larger than 2^33 voxels");
  if (!geometry.valid()) throw std::invalid_argument("the geometry is not valid (spacing, direction)");
  const int64_t count = slicePlane(geometry, axis).count;
  if (keySlices.empty()) throw std::invalid_argument("a job needs at least one key slice");
  for (size_t i = 0; i < keySlices.size(); ++i) {
    if (keySlices[i] < 0 || keySlices[i] >= count)
      throw std::invalid_argument("key slice " + std::to_string(keySlices[i]) + " is out of range (the " +
                                  std::string(axisName(axis)) + " axis has " + std::to_string(count) +
                                  " slices)");
    if (i > 0 && keySlices[i] <= keySlices[i - 1])
      throw std::invalid_argument("key slices must be ascending and unique");
  }
  if (!validDevice(device))
    throw std::invalid_argument("device must be auto, cpu or cuda[:N], not '" + device + "'");
  parameters.validate();
}

json toJson(const JobDescription& job) {
  const ImageGeometry& g = job.geometry;
  json j = {{"format", "slicewise-job"},
            {"version", JobDescription::kFormatVersion},
            {"predictor", job.predictor},
            {"geometry",
             {{"size", g.size}, {"spacing", g.spacing}, {"origin", g.origin}, {"direction", g.direction}}},
            {"byte_order", "little"},
            {"image", {{"file", "image.raw"}, {"pixel_type", std::string(pixelTypeName(job.imagePixelType))}}},
            {"labels", {{"file", "labels.raw"}, {"pixel_type", "uint16"}}},
            {"provenance", job.hasProvenance ? json{{"file", "provenance.raw"}, {"pixel_type", "uint8"}}
                                             : json(nullptr)},
            {"axis", std::string(axisName(job.axis))},
            {"key_slices", job.keySlices},
            {"key_state", job.keyState},
            {"seed", job.seed},
            {"device", job.device},
            {"parameters", toJson(job.parameters)}};
  return j;
}

JobDescription jobDescriptionFromJson(const json& j) {
  if (!j.is_object()) throw std::invalid_argument("job.json must hold a JSON object");
  if (!j.contains("format") || j["format"] != "slicewise-job")
    throw std::invalid_argument("job.json is not a Slicewise job description");
  const json& version = member(j, "version");
  if (!version.is_number_integer() || version.get<int>() != JobDescription::kFormatVersion)
    throw std::invalid_argument("job.json has format version " + version.dump() + "; this trainer reads " +
                                std::to_string(JobDescription::kFormatVersion));
  if (text(j, "byte_order") != "little") throw std::invalid_argument("byte_order must be \"little\"");
  JobDescription job;
  job.predictor = text(j, "predictor");
  const json& g = member(j, "geometry");
  if (!g.is_object()) throw std::invalid_argument("'geometry' must be an object");
  job.geometry.size = numbers<3, int64_t>(g, "size");
  job.geometry.spacing = numbers<3, double>(g, "spacing");
  job.geometry.origin = numbers<3, double>(g, "origin");
  job.geometry.direction = numbers<9, double>(g, "direction");

  const json& image = member(j, "image");
  if (!image.is_object() || text(image, "file") != "image.raw")
    throw std::invalid_argument("'image' must name image.raw");
  const auto type = parsePixelType(text(image, "pixel_type"));
  if (!type) throw std::invalid_argument("unknown image pixel_type '" + text(image, "pixel_type") + "'");
  job.imagePixelType = *type;
  const json& labels = member(j, "labels");
  if (!labels.is_object() || text(labels, "file") != "labels.raw" || text(labels, "pixel_type") != "uint16")
    throw std::invalid_argument("'labels' must name labels.raw, uint16");
  const json& provenance = member(j, "provenance");
  job.hasProvenance = !provenance.is_null();
  if (job.hasProvenance && (!provenance.is_object() || text(provenance, "file") != "provenance.raw"))
    throw std::invalid_argument("'provenance' must be null or name provenance.raw");

  const auto axis = parseAxis(text(j, "axis"));
  if (!axis) throw std::invalid_argument("axis must be axial, coronal or sagittal");
  job.axis = *axis;
  const json& keys = member(j, "key_slices");
  if (!keys.is_array()) throw std::invalid_argument("'key_slices' must be an array of slice indices");
  for (const json& k : keys) {
    if (!k.is_number_integer()) throw std::invalid_argument("'key_slices' must be an array of slice indices");
    job.keySlices.push_back(k.get<int64_t>());
  }
  job.keyState = text(j, "key_state");
  const json& seed = member(j, "seed");
  if (!seed.is_number_unsigned()) throw std::invalid_argument("'seed' must be a non-negative integer");
  job.seed = seed.get<uint64_t>();
  job.device = text(j, "device");
  job.parameters = unetParametersFromJson(member(j, "parameters"));
  // Folders written before there was a choice of network name only the predictor.
  if (const auto named = parseArchitecture(job.predictor); named && !member(j, "parameters").contains("architecture"))
    job.parameters.architecture = *named;
  job.validate();
  return job;
}

}  // namespace slicewise
