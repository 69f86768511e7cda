#include "pacs/PacsNodeStore.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "pacs/PacsError.h"

namespace slicewise {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

std::string env(const char* name) {
  const char* v = std::getenv(name);
  return v ? std::string(v) : std::string();
}

template <class T>
T field(const json& object, const char* key, T fallback) {
  const auto it = object.find(key);
  if (it == object.end() || it->is_null()) return fallback;
  return it->get<T>();
}

PacsNode nodeFromJson(const json& j) {
  if (!j.is_object()) throw PacsError("a node is not a JSON object");
  PacsNode n;
  n.name = field<std::string>(j, "name", "");
  if (n.name.empty()) throw PacsError("a node has no \"name\"");
  n.calledAeTitle = field<std::string>(j, "called_aet", "");
  n.host = field<std::string>(j, "host", "");
  n.port = field<int>(j, "port", n.port);
  n.callingAeTitle = field<std::string>(j, "calling_aet", n.callingAeTitle);
  n.movePort = field<int>(j, "move_port", n.movePort);
  n.timeoutSeconds = field<int>(j, "timeout_s", n.timeoutSeconds);
  if (const auto tls = j.find("tls"); tls != j.end() && tls->is_object()) {
    n.tls.enabled = field<bool>(*tls, "enabled", false);
    n.tls.trustedCertificates = field<std::string>(*tls, "trusted_certificates", "");
    n.tls.certificate = field<std::string>(*tls, "certificate", "");
    n.tls.privateKey = field<std::string>(*tls, "private_key", "");
    n.tls.verifyPeer = field<bool>(*tls, "verify_peer", true);
  }
  try {
    checkPacsNode(n);
  } catch (const PacsError& e) {
    throw PacsError("node '" + n.name + "': " + e.what());
  }
  return n;
}

json nodeToJson(const PacsNode& n) {
  return {{"name", n.name},
          {"called_aet", n.calledAeTitle},
          {"host", n.host},
          {"port", n.port},
          {"calling_aet", n.callingAeTitle},
          {"move_port", n.movePort},
          {"timeout_s", n.timeoutSeconds},
          {"tls",
           {{"enabled", n.tls.enabled},
            {"trusted_certificates", n.tls.trustedCertificates},
            {"certificate", n.tls.certificate},
            {"private_key", n.tls.privateKey},
            {"verify_peer", n.tls.verifyPeer}}}};
}

}  // namespace

std::string defaultPacsNodesPath() {
  if (const std::string explicitPath = env("SLICEWISE_PACS_NODES"); !explicitPath.empty()) return explicitPath;
  std::string base = env("XDG_CONFIG_HOME");
  if (base.empty()) base = (fs::path(env("HOME")) / ".config").string();
  return (fs::path(base) / "slicewise" / "pacs.json").string();
}

std::vector<PacsNode> readPacsNodes(const std::string& path) {
  std::error_code ec;
  if (!fs::exists(path, ec)) return {};
  std::ifstream in(path);
  if (!in) throw PacsError("cannot read the PACS nodes file " + path);
  std::vector<PacsNode> nodes;
  try {
    const json doc = json::parse(in);
    const auto list = doc.find("nodes");
    if (!doc.is_object() || list == doc.end() || !list->is_array())
      throw PacsError("expected {\"nodes\": [...]}");
    std::set<std::string> names;
    for (const json& j : *list) {
      nodes.push_back(nodeFromJson(j));
      if (!names.insert(nodes.back().name).second) throw PacsError("node '" + nodes.back().name + "' is defined twice");
    }
  } catch (const PacsError& e) {
    throw PacsError("PACS nodes file " + path + ": " + e.what());
  } catch (const json::exception& e) {
    // nlohmann's messages are one line ("[json.exception.parse_error.101] parse error at line 3 ...").
    throw PacsError("PACS nodes file " + path + " is not valid: " + e.what());
  }
  return nodes;
}

void writePacsNodes(const std::string& path, const std::vector<PacsNode>& nodes) {
  json list = json::array();
  std::set<std::string> names;
  for (const PacsNode& n : nodes) {
    checkPacsNode(n);
    if (n.name.empty()) throw PacsError("a node to save has no name");
    if (!names.insert(n.name).second) throw PacsError("node '" + n.name + "' is defined twice");
    list.push_back(nodeToJson(n));
  }
  const fs::path target(path);
  std::error_code ec;
  if (target.has_parent_path()) {
    fs::create_directories(target.parent_path(), ec);
    if (ec) throw PacsError("cannot create " + target.parent_path().string() + ": " + ec.message());
  }
  const fs::path tmp = target.string() + ".tmp-" + std::to_string(::getpid());
  {
    std::ofstream out(tmp, std::ios::trunc);
    if (!out) throw PacsError("cannot write " + tmp.string());
    ::chmod(tmp.c_str(), S_IRUSR | S_IWUSR);
    out << json{{"nodes", list}}.dump(2) << "\n";
    out.flush();
    if (!out) {
      fs::remove(tmp, ec);
      throw PacsError("cannot write " + tmp.string() + " (disk full?)");
    }
  }
  fs::rename(tmp, target, ec);
  if (ec) {
    std::error_code ignored;
    fs::remove(tmp, ignored);
    throw PacsError("cannot replace " + path + ": " + ec.message());
  }
}

const PacsNode& findPacsNode(const std::vector<PacsNode>& nodes, const std::string& name, const std::string& path) {
  for (const PacsNode& n : nodes)
    if (n.name == name) return n;
  std::ostringstream known;
  for (size_t i = 0; i < nodes.size(); ++i) known << (i ? ", " : "") << nodes[i].name;
  if (nodes.empty()) throw PacsError("no PACS node '" + name + "': " + path + " defines none");
  throw PacsError("no PACS node '" + name + "' in " + path + " (known: " + known.str() + ")");
}

}  // namespace slicewise
