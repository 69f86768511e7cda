#include "io/LabelDescriptionIO.h"

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <unistd.h>

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
      info.id = e.at("id").get<Label>();
      info.name = e.value("name", std::string());
      const auto c = e.at("color");
      info.color = {c.at(0).get<uint8_t>(), c.at(1).get<uint8_t>(), c.at(2).get<uint8_t>()};
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

void writeLabelSidecar(const LabelTable& table, const std::string& path) {
  nlohmann::json labels = nlohmann::json::array();
  for (const auto& [id, info] : table.all())
    labels.push_back({{"id", id},
                      {"name", info.name},
                      {"color", {info.color.r, info.color.g, info.color.b}},
                      {"visible", info.visible},
                      {"locked", info.locked}});
  const nlohmann::json doc{{"format", "slicewise-labels"}, {"version", 1}, {"labels", labels}};
  const fs::path target(path);
  const fs::path temp = target.parent_path() / ("." + std::to_string(::getpid()) + ".partial." +
                                                target.filename().string());
  {
    std::ofstream out(temp);
    out << doc.dump(2) << "\n";
    out.close();
    if (!out) {
      std::error_code ec;
      fs::remove(temp, ec);
      throw IoError("cannot write label sidecar '" + path + "'");
    }
  }
  std::error_code ec;
  fs::rename(temp, target, ec);
  if (ec) throw IoError("cannot write label sidecar '" + path + "': " + ec.message());
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
