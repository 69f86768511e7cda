#include "pacs/PacsCache.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>

#include "pacs/PacsError.h"
#include "pacs/PartialFolder.h"

namespace slicewise {

namespace fs = std::filesystem;

namespace {

std::string env(const char* name) {
  const char* v = std::getenv(name);
  return v ? std::string(v) : std::string();
}

bool isUid(const std::string& uid) {
  return !uid.empty() && uid.size() <= 64 && uid.find_first_not_of("0123456789.") == std::string::npos &&
         uid.front() != '.';
}

}  // namespace

PacsCache::PacsCache(std::string root) : root_(std::move(root)) {}

std::string PacsCache::defaultRoot() {
  if (const std::string explicitRoot = env("SLICEWISE_PACS_CACHE"); !explicitRoot.empty()) return explicitRoot;
  std::string base = env("XDG_CACHE_HOME");
  if (base.empty()) base = (fs::path(env("HOME")) / ".cache").string();
  return (fs::path(base) / "slicewise" / "pacs").string();
}

std::string PacsCache::seriesFolder(const std::string& seriesUid) const {
  if (!isUid(seriesUid)) throw PacsError("'" + seriesUid + "' is not a series UID");
  return (fs::path(root_) / seriesUid).string();
}

int PacsCache::cachedImages(const std::string& seriesUid) const {
  std::error_code ec;
  int n = 0;
  for (const auto& e : fs::directory_iterator(seriesFolder(seriesUid), ec))
    if (e.is_regular_file()) ++n;
  return n;
}

void PacsCache::prepareRoot() const {
  std::error_code ec;
  fs::create_directories(root_, ec);
  if (ec) throw PacsError("cannot create the PACS cache " + root_ + ": " + ec.message());
  ::chmod(root_.c_str(), S_IRWXU);
  PartialFolder::removeAbandoned(root_);
}

RetrieveResult PacsCache::fetch(const PacsClient& client, const RetrieveRequest& request, int expectedImages,
                                const PacsProgressCallback& progress, const std::atomic<bool>* cancel) const {
  const std::string folder = seriesFolder(request.seriesUid);
  const int cached = cachedImages(request.seriesUid);
  if (cached > 0 && (expectedImages < 0 || cached == expectedImages)) {
    RetrieveResult r;
    r.folder = folder;
    r.images = cached;
    return r;
  }
  prepareRoot();
  std::error_code ec;
  if (!fs::exists(folder, ec)) return client.retrieveSeries(request, folder, progress, cancel);
  // Replace an older copy only once the new one is whole.
  const std::string fresh = folder + ".new-" + std::to_string(::getpid());
  fs::remove_all(fresh, ec);
  RetrieveResult r = client.retrieveSeries(request, fresh, progress, cancel);
  const std::string old = (fs::path(root_) / ("." + request.seriesUid + ".old-" + std::to_string(::getpid()))).string();
  fs::remove_all(old, ec);
  fs::rename(folder, old, ec);
  if (ec) throw PacsError("cannot replace the cached series " + folder + ": " + ec.message());
  fs::rename(fresh, folder, ec);
  if (ec) throw PacsError("cannot replace the cached series " + folder + ": " + ec.message());
  fs::remove_all(old, ec);
  r.folder = folder;
  return r;
}

}  // namespace slicewise
