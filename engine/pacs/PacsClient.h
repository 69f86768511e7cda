#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "pacs/PacsNode.h"
#include "pacs/PacsQuery.h"

namespace slicewise {

enum class RetrieveMethod { Get, Move };

// What to retrieve: one series. The study UID is looked up with a C-FIND when not given (a
// hierarchical PACS needs it), together with the number of images expected.
struct RetrieveRequest {
  std::string seriesUid;
  std::string studyUid;
  RetrieveMethod method = RetrieveMethod::Get;
};

struct PacsProgress {
  int done = 0;        // images received (or sent)
  int total = -1;      // -1 while unknown
  uint64_t bytes = 0;  // bytes of the files written (or sent) so far
};

struct RetrieveResult {
  std::string folder;  // the complete series
  int images = 0;
  uint64_t bytes = 0;
  double seconds = 0;  // from the first request to the folder being in place
};

struct SendResult {
  int sent = 0;
  int warnings = 0;  // stored with a warning status (e.g. coerced elements)
  uint64_t bytes = 0;
  double seconds = 0;
};

using PacsProgressCallback = std::function<void(const PacsProgress&)>;

// DICOM networking with one PACS through DCMTK. Every call opens its own association, bounded
// by the node's timeout at every step, and throws PacsError with one line on failure (refused
// connections, rejected AE titles, timeouts, dropped connections, error statuses). Calls may
// run on any thread; `cancel` is polled at every message and image, and a cancelled call
// throws PacsCancelled.
class PacsClient {
 public:
  explicit PacsClient(PacsNode node);  // throws PacsError for an invalid node

  const PacsNode& node() const { return node_; }

  // C-ECHO. Returns the milliseconds from connecting to the answer.
  double echo() const;

  // C-FIND. A series-level query with patient or study filters and no study UID runs as a
  // study-level query followed by one series-level query per study found, so it works on PACS
  // that only answer hierarchical queries; the series then carry their study's fields.
  std::vector<PacsRecord> find(const PacsQuery& query, const std::atomic<bool>* cancel = nullptr) const;

  // Retrieves one series into `destination`, which must not exist yet: the images arrive in a
  // hidden sibling folder (owner-only) that is renamed to `destination` only when the PACS
  // reported every image sent and every image is on disk. On any failure or cancel, the
  // sibling is removed and `destination` never appears. C-GET needs no inbound port; C-MOVE
  // listens on the node's move port for the PACS's own association.
  RetrieveResult retrieveSeries(const RetrieveRequest& request, const std::string& destination,
                                const PacsProgressCallback& progress = {},
                                const std::atomic<bool>* cancel = nullptr) const;

  // C-STORE of DICOM files (a SEG and, if wanted, the images it references). Files that are not
  // DICOM are refused before anything is sent. Throws PacsError when the PACS refuses an object.
  SendResult send(const std::vector<std::string>& files, const PacsProgressCallback& progress = {},
                  const std::atomic<bool>* cancel = nullptr) const;

 private:
  RetrieveRequest completeRequest(const RetrieveRequest& request, int* expected) const;

  PacsNode node_;
};

}  // namespace slicewise
