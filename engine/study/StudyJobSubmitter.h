#pragma once

#include <cstdint>
#include <string>

#include "jobs/UNetParameters.h"
#include "model/SliceAxis.h"
#include "queue/QueueJob.h"

namespace slicewise {

class QueueDatabase;
class Study;
class Volume;

// What to train for a study: along which axis, with which network parameters, when.
struct StudyJobRequest {
  SliceAxis axis = SliceAxis::Axial;
  UNetParameters parameters;
  uint64_t seed = 0;
  std::string device = "auto";
  int priority = 0;
  QueueWhen when = QueueWhen::Now;
};

// Sends a study's current keys to the queue (DESIGN §2): writes a job folder beside the queue
// database (pixels, geometry, the labels with their provenance, nothing that names the patient),
// adds the job and records it in the study, which imports the proposal once it is done. Works
// on the study's annotation as it is in memory, saved or not. Throws StudyError when the axis has
// no key slices, and StudyError or QueueError when something cannot be written; then nothing is
// left behind.
class StudyJobSubmitter {
 public:
  // `image`: the study's voxels when the caller has them already (else they are read).
  static int64_t submit(Study& study, QueueDatabase& queue, const StudyJobRequest& request,
                        const Volume* image = nullptr);
};

}  // namespace slicewise
