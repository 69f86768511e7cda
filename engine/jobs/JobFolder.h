#pragma once

#include <filesystem>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <stdexcept>

#include "jobs/JobDescription.h"
#include "jobs/TrainingProgress.h"
#include "model/LabelVolume.h"
#include "model/Proposal.h"
#include "model/Provenance.h"
#include "model/Volume.h"

namespace slicewise {

// A job folder that cannot be created, read or written; the message names the file and the reason.
class JobError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A self-contained training job on disk (format: engine/jobs/README.md): job.json and the raw
// pixels the creator wrote, and what the trainer writes beside them (progress.json, the
// checkpoint, the weights, the proposal). Every file is written whole or not at all, readable by
// its owner only. The same folder serves a local worker and a cluster runner.
class JobFolder {
 public:
  // Creates `folder`, which must not exist, mode 0700 with files 0600. It is filled under a
  // temporary name beside it and renamed, so a folder with this name is always complete.
  // `labels` are the sparse labels (only the key slices matter); `provenance` is optional. An
  // absolute encoder_weights file is copied in as encoder.pt, an absolute initial_weights file as
  // initial.pt (the folder names them relatively).
  static JobFolder create(const std::filesystem::path& folder, const JobDescription& job,
                          const Volume& image, const LabelVolume& labels,
                          const ProvenanceVolume* provenance = nullptr);
  // Reads and validates job.json; the pixels are read on demand.
  static JobFolder open(const std::filesystem::path& folder);

  const std::filesystem::path& path() const { return folder_; }
  const JobDescription& description() const { return job_; }

  Volume readImage() const;
  LabelVolume readLabels() const;
  std::optional<ProvenanceVolume> readProvenance() const;

  std::filesystem::path checkpointPath() const { return folder_ / "checkpoint.pt"; }
  std::filesystem::path weightsPath() const { return folder_ / "weights.pt"; }
  // The warm-start weights the parameters name, resolved against the folder ("" for none).
  std::filesystem::path encoderWeightsPath() const;
  // The whole-network warm start (a cohort model's weights), resolved likewise ("" for none).
  std::filesystem::path initialWeightsPath() const;

  void writeProgress(const TrainingProgress& progress) const;
  // nullopt when the trainer has not written any yet.
  std::optional<TrainingProgress> readProgress() const;

  // proposal.raw (uint16 labels), then proposal.json, which marks the job done; `training` is
  // stored in proposal.json as it is (iterations, stop reason, times).
  void writeProposal(const Proposal& proposal, const nlohmann::json& training) const;
  bool hasProposal() const;
  Proposal readProposal() const;
  nlohmann::json readProposalTraining() const;

 private:
  JobFolder(std::filesystem::path folder, JobDescription job)
      : folder_(std::move(folder)), job_(std::move(job)) {}
  nlohmann::json readJson(const char* file) const;
  std::filesystem::path resolved(const std::string& file) const;

  std::filesystem::path folder_;
  JobDescription job_;
};

}  // namespace slicewise
