#include "jobs/JobFolder.h"

#include <algorithm>
#include <bit>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sys/stat.h>
#include <unistd.h>

#include "jobs/AtomicFile.h"

namespace fs = std::filesystem;
using nlohmann::json;

namespace slicewise {

namespace {

constexpr const char* kJobFile = "job.json";
constexpr const char* kProgressFile = "progress.json";
constexpr const char* kProposalFile = "proposal.json";
constexpr const char* kProposalLabels = "proposal.raw";

// Job files are little-endian whatever the host; on a big-endian host every value is swapped.
template <class T>
std::string toLittleEndian(const std::vector<T>& values) {
  std::string bytes(values.size() * sizeof(T), '\0');
  std::memcpy(bytes.data(), values.data(), bytes.size());
  if constexpr (std::endian::native == std::endian::big && sizeof(T) > 1)
    for (size_t i = 0; i < bytes.size(); i += sizeof(T)) std::reverse(&bytes[i], &bytes[i] + sizeof(T));
  return bytes;
}

template <class T>
std::vector<T> fromLittleEndian(std::string bytes) {
  if constexpr (std::endian::native == std::endian::big && sizeof(T) > 1)
    for (size_t i = 0; i < bytes.size(); i += sizeof(T)) std::reverse(&bytes[i], &bytes[i] + sizeof(T));
  std::vector<T> values(bytes.size() / sizeof(T));
  std::memcpy(values.data(), bytes.data(), values.size() * sizeof(T));
  return values;
}

std::string readWhole(const fs::path& path, size_t expectedBytes) {
  std::error_code ec;
  const auto size = fs::file_size(path, ec);
  if (ec) throw JobError("cannot read '" + path.string() + "': " + ec.message());
  if (size != expectedBytes)
    throw JobError("'" + path.string() + "' holds " + std::to_string(size) + " bytes; the geometry needs " +
                   std::to_string(expectedBytes));
  std::ifstream in(path, std::ios::binary);
  std::string bytes(expectedBytes, '\0');
  if (!in.read(bytes.data(), std::streamsize(expectedBytes)))
    throw JobError("cannot read '" + path.string() + "'");
  return bytes;
}

void write(const fs::path& path, std::string_view bytes) {
  try {
    AtomicFile::write(path, bytes, 0600);
  } catch (const std::runtime_error& e) {
    throw JobError(e.what());
  }
}

// A job writer must never leave its temporary folder behind when it fails.
class TemporaryFolder {
 public:
  explicit TemporaryFolder(fs::path path) : path_(std::move(path)) {}
  ~TemporaryFolder() {
    if (!released_) {
      std::error_code ec;
      fs::remove_all(path_, ec);
    }
  }
  void release() { released_ = true; }

 private:
  fs::path path_;
  bool released_ = false;
};

}  // namespace

JobFolder JobFolder::create(const fs::path& folder, const JobDescription& job, const Volume& image,
                            const LabelVolume& labels, const ProvenanceVolume* provenance) {
  try {
    job.validate();
  } catch (const std::invalid_argument& e) {
    throw JobError(std::string("invalid job: ") + e.what());
  }
  if (job.hasProvenance != (provenance != nullptr))
    throw JobError("the job description and the provenance given disagree");
  if (image.geometry().size != job.geometry.size || labels.geometry().size != job.geometry.size ||
      (provenance && provenance->geometry().size != job.geometry.size))
    throw JobError("the image, labels and provenance must have the job's size");
  if (image.pixelType() != job.imagePixelType)
    throw JobError("the image's pixel type differs from the job description's");
  std::error_code ec;
  if (fs::exists(folder, ec)) throw JobError("'" + folder.string() + "' already exists");
  const fs::path parent = folder.has_parent_path() ? folder.parent_path() : fs::path(".");
  std::string hidden(".");  // appended piece by piece: GCC 12 warns falsely about "." + string
  hidden += folder.filename().string();
  hidden += ".partial-";
  hidden += std::to_string(::getpid());
  const fs::path partial = parent / hidden;
  fs::remove_all(partial, ec);
  if (::mkdir(partial.c_str(), 0700) != 0 || ::chmod(partial.c_str(), 0700) != 0)
    throw JobError("cannot create '" + partial.string() + "': " + std::strerror(errno));
  TemporaryFolder cleanup(partial);

  // The folder must be self-contained (a cluster node sees nothing else): warm-start weights
  // travel inside it and the description names them relative to it.
  JobDescription stored = job;
  const auto copyIn = [&](std::string& file, const char* name, const char* what) {
    if (file.empty() || !fs::path(file).is_absolute()) return;
    std::ifstream in(fs::path(file), std::ios::binary);
    if (!in) throw JobError("cannot read the " + std::string(what) + " '" + file + "'");
    const std::string bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    write(partial / name, bytes);
    file = name;
  };
  copyIn(stored.parameters.encoderWeights, "encoder.pt", "encoder weights");
  copyIn(stored.parameters.initialWeights, "initial.pt", "initial weights");
  write(partial / "image.raw", image.visit([](const auto& v) { return toLittleEndian(v); }));
  write(partial / "labels.raw", toLittleEndian(labels.data()));
  if (provenance) write(partial / "provenance.raw", toLittleEndian(provenance->data()));
  write(partial / kJobFile, toJson(stored).dump(2) + "\n");
  if (::rename(partial.c_str(), folder.c_str()) != 0)
    throw JobError("cannot create '" + folder.string() + "': " + std::strerror(errno));
  cleanup.release();
  try {
    AtomicFile::syncFolder(parent);
  } catch (const std::runtime_error& e) {
    throw JobError(e.what());
  }
  return JobFolder(folder, stored);
}

json JobFolder::readJson(const char* file) const {
  const fs::path path = folder_ / file;
  std::ifstream in(path);
  if (!in) throw JobError("cannot read '" + path.string() + "'");
  try {
    return json::parse(in);
  } catch (const json::parse_error& e) {
    throw JobError("'" + path.string() + "' is not valid JSON: " + e.what());
  }
}

JobFolder JobFolder::open(const fs::path& folder) {
  std::error_code ec;
  if (!fs::is_directory(folder, ec)) throw JobError("'" + folder.string() + "' is not a job folder");
  if (!fs::is_regular_file(folder / kJobFile, ec))
    throw JobError("'" + folder.string() + "' is not a job folder (no " + kJobFile + ")");
  JobFolder f(folder, {});
  try {
    f.job_ = jobDescriptionFromJson(f.readJson(kJobFile));
  } catch (const std::invalid_argument& e) {
    throw JobError("'" + (folder / kJobFile).string() + "': " + e.what());
  }
  return f;
}

Volume JobFolder::readImage() const {
  const ImageGeometry& g = job_.geometry;
  const fs::path path = folder_ / "image.raw";
  switch (job_.imagePixelType) {
    case PixelType::UInt8:
      return Volume(g, fromLittleEndian<uint8_t>(readWhole(path, g.voxelCount())));
    case PixelType::Int16:
      return Volume(g, fromLittleEndian<int16_t>(readWhole(path, g.voxelCount() * 2)));
    case PixelType::UInt16:
      return Volume(g, fromLittleEndian<uint16_t>(readWhole(path, g.voxelCount() * 2)));
    case PixelType::Float32:
      return Volume(g, fromLittleEndian<float>(readWhole(path, g.voxelCount() * 4)));
  }
  throw JobError("unknown pixel type");
}

LabelVolume JobFolder::readLabels() const {
  const ImageGeometry& g = job_.geometry;
  return LabelVolume(g, fromLittleEndian<Label>(readWhole(folder_ / "labels.raw", g.voxelCount() * 2)));
}

std::optional<ProvenanceVolume> JobFolder::readProvenance() const {
  if (!job_.hasProvenance) return std::nullopt;
  ProvenanceVolume p(job_.geometry);
  p.data() = fromLittleEndian<uint8_t>(readWhole(folder_ / "provenance.raw", job_.geometry.voxelCount()));
  for (uint8_t v : p.data())
    if (v > uint8_t(VoxelOrigin::Accepted)) throw JobError("provenance.raw holds a value other than 0, 1 or 2");
  return p;
}

fs::path JobFolder::resolved(const std::string& file) const {
  if (file.empty()) return {};
  return fs::path(file).is_absolute() ? fs::path(file) : folder_ / file;
}

fs::path JobFolder::encoderWeightsPath() const { return resolved(job_.parameters.encoderWeights); }

fs::path JobFolder::initialWeightsPath() const { return resolved(job_.parameters.initialWeights); }

void JobFolder::writeProgress(const TrainingProgress& progress) const {
  write(folder_ / kProgressFile, toJson(progress).dump(2) + "\n");
}

std::optional<TrainingProgress> JobFolder::readProgress() const {
  std::error_code ec;
  if (!fs::exists(folder_ / kProgressFile, ec)) return std::nullopt;
  try {
    return trainingProgressFromJson(readJson(kProgressFile));
  } catch (const std::invalid_argument& e) {
    throw JobError("'" + (folder_ / kProgressFile).string() + "': " + e.what());
  }
}

void JobFolder::writeProposal(const Proposal& p, const json& training) const {
  if (p.labels.geometry().size != job_.geometry.size)
    throw JobError("the proposal's size differs from the job's");
  json parameters = json::object();
  if (!p.parametersJson.empty()) {
    try {
      parameters = json::parse(p.parametersJson);
    } catch (const json::parse_error&) {
      throw JobError("the proposal's parameters are not JSON");
    }
  }
  write(folder_ / kProposalLabels, toLittleEndian(p.labels.data()));
  const json j = {{"format", "slicewise-proposal"},
                  {"version", 1},
                  {"predictor", p.predictor},
                  {"parameters", parameters},
                  {"axis", std::string(axisName(p.axis))},
                  {"labels", {{"file", kProposalLabels}, {"pixel_type", "uint16"}}},
                  {"key_slices", p.keySlices},
                  {"key_state", p.keyState},
                  {"slice_confidence", p.sliceConfidence},
                  {"training", training}};
  write(folder_ / kProposalFile, j.dump(2) + "\n");
}

bool JobFolder::hasProposal() const {
  std::error_code ec;
  return fs::is_regular_file(folder_ / kProposalFile, ec);
}

Proposal JobFolder::readProposal() const {
  const json j = readJson(kProposalFile);
  try {
    if (j.at("format") != "slicewise-proposal" || j.at("version") != 1)
      throw JobError("'" + (folder_ / kProposalFile).string() + "' is not a proposal this version reads");
    Proposal p;
    p.predictor = j.at("predictor").get<std::string>();
    p.parametersJson = j.at("parameters").dump();
    const auto axis = parseAxis(j.at("axis").get<std::string>());
    if (!axis) throw JobError("the proposal names an unknown axis");
    p.axis = *axis;
    p.keySlices = j.at("key_slices").get<std::vector<int64_t>>();
    p.keyState = j.at("key_state").get<std::string>();
    p.sliceConfidence = j.at("slice_confidence").get<std::vector<float>>();
    const ImageGeometry& g = job_.geometry;
    p.labels = LabelVolume(g, fromLittleEndian<Label>(readWhole(folder_ / kProposalLabels, g.voxelCount() * 2)));
    if (int64_t(p.sliceConfidence.size()) != slicePlane(g, p.axis).count)
      throw JobError("the proposal's confidence does not have one value per slice");
    return p;
  } catch (const json::exception& e) {
    throw JobError("'" + (folder_ / kProposalFile).string() + "' is malformed: " + e.what());
  }
}

json JobFolder::readProposalTraining() const { return readJson(kProposalFile).value("training", json::object()); }

}  // namespace slicewise
