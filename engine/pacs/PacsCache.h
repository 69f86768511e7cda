#pragma once

#include <atomic>
#include <string>

#include "pacs/PacsClient.h"

namespace slicewise {

// The local folder where the app keeps retrieved series: ROOT/<SeriesInstanceUID>/, readable by
// its owner only (0700 folders, 0600 files). A series folder exists only once complete (see
// PacsClient::retrieveSeries); what an interrupted retrieve leaves is hidden and removed the next
// time a retrieve runs.
class PacsCache {
 public:
  explicit PacsCache(std::string root = defaultRoot());

  // $SLICEWISE_PACS_CACHE when set, else $XDG_CACHE_HOME/slicewise/pacs, else
  // ~/.cache/slicewise/pacs.
  static std::string defaultRoot();

  const std::string& root() const { return root_; }
  std::string seriesFolder(const std::string& seriesUid) const;
  // Images in the cached series (0 when it is not there).
  int cachedImages(const std::string& seriesUid) const;

  // The series' folder, retrieved first unless it is cached with `expectedImages` images (or any
  // number when expectedImages < 0). A series retrieved again replaces the old copy only once
  // the new one is complete. Throws PacsError / PacsCancelled.
  RetrieveResult fetch(const PacsClient& client, const RetrieveRequest& request, int expectedImages,
                       const PacsProgressCallback& progress = {}, const std::atomic<bool>* cancel = nullptr) const;

 private:
  void prepareRoot() const;

  std::string root_;
};

}  // namespace slicewise
