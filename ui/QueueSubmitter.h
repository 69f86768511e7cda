#pragma once

#include <QString>
#include <cstdint>
#include <filesystem>

#include "model/SliceAxis.h"
#include "queue/QueueJob.h"

namespace slicewise {

class StudyDocument;

// Sends the open study's current keys (accepted and corrected slices included) to the overnight
// queue for a network, now or tonight, as `slicewise-cli queue add` does. The queue's database is
// the one in the settings ("queue/path"), else the user's default; the training iterations come
// from "queue/iterations" when set, else the network's default.
class QueueSubmitter {
 public:
  static std::filesystem::path queuePath();
  // The queue job's ID, or -1 with *why saying why nothing was queued.
  static int64_t submit(StudyDocument& document, const QString& network, SliceAxis axis, QueueWhen when,
                        QString* why);
};

}  // namespace slicewise
