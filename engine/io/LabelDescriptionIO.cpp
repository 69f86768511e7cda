#include "io/LabelDescriptionIO.h"

#include <algorithm>
#include <array>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "files/FileError.h"
#include "files/OutputSet.h"
#include "io/IoError.h"

namespace fs = std::filesystem;

namespace slicewise {

namespace {
uint8_t clampByte(long v) { return uint8_t(std::clamp<long>(v, 0, 255)); }
}  // namespace

LabelTable readItkSnapLabels(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw IoError("cannot open label description '" + path + "'");
  LabelTable table;
  std::string line;
  int lineNo = 0;
  while (std::getline(in, line)) {
    ++lineNo;
    const auto first = line.find_first_not_of(" \t\r");
    if (first == std::string::npos || line[first] == '#') continue;
    // IDX R G B A VIS MSH "LABEL"
    std::istringstream s(line);
    long id = 0, r = 0, g = 0, b = 0, vis = 1, msh = 1;
    double alpha = 1;
    if (!(s >> id >> r >> g >> b >> alpha >> vis >> msh))
      throw IoError("'" + path + "' line " + std::to_string(lineNo) +
                    " is not an ITK-SNAP label line (IDX R G B A VIS MSH \"NAME\")");
    const auto q1 = line.find('"'), q2 = line.rfind('"');
    const std::string name = q1 != std::string::npos && q2 > q1 ? line.substr(q1 + 1, q2 - q1 - 1) : "";
    if (id <= 0 || id > 65535) continue;  // 0 is "Clear", the background
    table.set(LabelInfo{Label(id), name, {clampByte(r), clampByte(g), clampByte(b)}, vis != 0, false});
  }
  return table;
}

LabelTable readLabelSidecar(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw IoError("cannot open label description '" + path + "'");
  LabelTable table;
  try {
    const auto j = nlohmann::json::parse(in);
    for (const auto& e : j.at("labels")) {
      LabelInfo info;
      // Read wide and check: nlohmann would wrap 70000 into a uint16 and 300 into a uint8.
      const int64_t id = e.at("id").get<int64_t>();
      if (id < 1 || id > 65535)
        throw IoError("'" + path + "' names label " + std::to_string(id) + " (labels are 1..65535)");
      info.id = Label(id);
      info.name = e.value("name", std::string());
      const auto c = e.at("color");
      std::array<uint8_t, 3> rgb{};
      for (size_t i = 0; i < 3; ++i) {
        const int64_t v = c.at(i).get<int64_t>();
        if (v < 0 || v > 255)
          throw IoError("'" + path + "' gives label " + std::to_string(id) +
                        " a colour component of " + std::to_string(v) + " (0..255)");
        rgb[i] = uint8_t(v);
      }
      info.color = {rgb[0], rgb[1], rgb[2]};
      info.visible = e.value("visible", true);
      info.locked = e.value("locked", false);
      table.set(info);
    }
  } catch (const nlohmann::json::exception& e) {
    throw IoError("'" + path + "' is not a Slicewise label sidecar: " + e.what());
  }
  return table;
}

LabelTable readLabelDescriptions(const std::string& path) {
  return path.ends_with(".json") ? readLabelSidecar(path) : readItkSnapLabels(path);
}

namespace {

std::string sidecarText(const LabelTable& table) {
  nlohmann::json labels = nlohmann::json::array();
  for (const auto& [id, info] : table.all())
    labels.push_back({{"id", id},
                      {"name", info.name},
                      {"color", {info.color.r, info.color.g, info.color.b}},
                      {"visible", info.visible},
                      {"locked", info.locked}});
  const nlohmann::json doc{{"format", "slicewise-labels"}, {"version", 1}, {"labels", labels}};
  return doc.dump(2) + "\n";
}

}  // namespace

void writeLabelSidecar(const LabelTable& table, const std::string& path, OutputSet& outputs) {
  try {
    outputs.writeBytes(path, sidecarText(table));
  } catch (const FileError& e) {
    throw IoError(e.what());
  }
}

void writeLabelSidecar(const LabelTable& table, const std::string& path) {
  try {
    writeFileAtomically(path, sidecarText(table));
  } catch (const FileError& e) {
    throw IoError(e.what());
  }
}

std::string sidecarPathFor(const std::string& labelMapPath) {
  std::string base = labelMapPath;
  for (const char* ext : {".nii.gz", ".gipl.gz", ".nii", ".nrrd", ".nhdr", ".mha", ".mhd", ".gipl"})
    if (base.ends_with(ext)) {
      base.resize(base.size() - std::char_traits<char>::length(ext));
      break;
    }
  return base + ".labels.json";
}

std::optional<LabelTable> readSidecarFor(const std::string& labelMapPath) {
  const std::string sidecar = sidecarPathFor(labelMapPath);
  std::error_code ec;
  if (!fs::exists(sidecar, ec)) return std::nullopt;
  return readLabelSidecar(sidecar);
}

}  // namespace slicewise

namespace slicewise {

LabelTable describeLabelMap(const std::string& labelMapPath, const std::string& namesFile) {
  if (!namesFile.empty()) return readLabelDescriptions(namesFile);
  if (auto sidecar = readSidecarFor(labelMapPath)) return *sidecar;
  std::string stem = fs::path(labelMapPath).filename().string();
  for (const char* ext : {".nii.gz", ".nii", ".nrrd", ".nhdr", ".mha", ".mhd", ".gipl.gz", ".gipl"})
    if (stem.size() > std::string(ext).size() && stem.ends_with(ext)) {
      stem.resize(stem.size() - std::string(ext).size());
      break;
    }
  const fs::path itkSnap = fs::path(labelMapPath).parent_path() / (stem + ".label");
  std::error_code ec;
  if (fs::is_regular_file(itkSnap, ec)) return readItkSnapLabels(itkSnap.string());
  return {};
}

}  // namespace slicewise
