#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <vector>

#include "jobs/JobFolder.h"
#include "jobs/UNetParameters.h"
#include "model/LabelVolume.h"
#include "model/SliceAxis.h"
#include "model/Volume.h"

namespace slicewise {

// One finished volume of a cohort, loaded only when the job is built (one member at a time, so a
// cohort of any size fits in memory).
struct CohortTrainingMember {
  std::function<Volume()> image;
  std::function<LabelVolume()> labels;  // complete (reviewed) labels, the image's size
};

// The most key slices a cohort model job holds unless told otherwise: ~1000 slices of 256 x 256
// are 260 MB of float pixels, and a few thousand iterations see each of them several times.
inline constexpr int64_t kCohortModelMaxKeys = 1000;

// Creates a job folder (JobFolder::create semantics: complete or absent) whose trainer run learns
// the cohort model: the members' slices along `axis` that hold any label, each member
// intensity-normalised on its own first (as `parameters.intensity` says: a CT window, or a robust
// z-score per member, so that different scanners agree and a study normalised the same way on its
// own matches), stacked into one float volume (in-plane padded to the largest member, centred,
// with the member's darkest normalised value), every stacked slice a key; beyond `maxKeys` the
// labelled slices are subsampled evenly over the whole cohort. The job's parameters are
// `parameters` with intensity "none" (the pixels are normalised already). The trainer
// (slicewise-train) then writes weights.pt in it: the cohort model, for a study's
// UNetParameters::initialWeights.
//
// The stack has an identity direction, so its `axis` is the same voxel dimension in every member's
// place: members are taken in their own voxel order (a cohort of one kind shares it) and the
// first member's in-plane spacing stands for all (the augmentation's scale only). Throws JobError
// (no member, no labelled slice, a member's labels not the size of its image) or what the
// loaders throw.
JobFolder createCohortModelJob(const std::filesystem::path& folder, const std::vector<CohortTrainingMember>& members,
                               SliceAxis axis, const UNetParameters& parameters, uint64_t seed,
                               int64_t maxKeys = kCohortModelMaxKeys);

}  // namespace slicewise
