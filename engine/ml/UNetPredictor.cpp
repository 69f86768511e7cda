#include "ml/UNetPredictor.h"

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "ml/IntensityNormaliser.h"
#include "predict/KeySliceJob.h"

namespace slicewise {

namespace {

// Slices predicted per network call batch here: bounds the float copies of a large volume.
constexpr int64_t kSlicesPerPass = 32;

TrainingSlices keySlices(const KeySliceJob& job, const Volume& image, const IntensityNormaliser& normalise) {
  const SlicePlane& plane = job.plane();
  TrainingSlices t;
  t.width = plane.width;
  t.height = plane.height;
  t.spacingU = plane.spacingU;
  t.spacingV = plane.spacingV;
  std::map<Label, uint16_t> classOf{{0, 0}};
  std::vector<std::vector<Label>> labels;
  for (size_t i = 0; i < job.keyCount(); ++i) {
    labels.push_back(job.keySlice(i));
    for (Label l : labels.back()) classOf.emplace(l, 0);
  }
  if (classOf.size() > 65535) throw std::invalid_argument("too many labels in the key slices");
  for (auto& [label, index] : classOf) {
    index = uint16_t(t.classLabels.size());
    t.classLabels.push_back(label);
  }
  t.images.reserve(job.keyCount() * t.pixels());
  t.classes.reserve(job.keyCount() * t.pixels());
  for (size_t i = 0; i < job.keyCount(); ++i) {
    std::vector<float> pixels = image.sliceAsFloat(plane, job.key(i));
    normalise.apply(pixels.data(), pixels.size());
    t.images.insert(t.images.end(), pixels.begin(), pixels.end());
    for (Label l : labels[i]) t.classes.push_back(classOf[l]);
  }
  return t;
}

}  // namespace

UNetPredictor::UNetPredictor(UNetParameters parameters) : parameters_(std::move(parameters)) {
  parameters_.validate();
}

std::string UNetPredictor::parametersJson() const { return toJson(parameters_).dump(); }

Proposal UNetPredictor::predict(const PredictionInput& input) const {
  return predict(input, TrainingSession{}, {}, nullptr);
}

Proposal UNetPredictor::predict(const PredictionInput& input, const TrainingSession& session,
                                const std::filesystem::path& weightsFile, TrainingOutcome* outcome) const {
  if (!input.image) throw std::invalid_argument("the unet predictor needs the image, not only the labels");
  Proposal proposal;
  proposal.predictor = name();
  proposal.axis = input.axis;
  proposal.labels = LabelVolume(input.labels ? input.labels->geometry() : ImageGeometry{});
  KeySliceJob job(input, proposal);
  const SlicePlane& plane = job.plane();
  proposal.keySlices = job.keys();
  proposal.sliceConfidence.assign(size_t(plane.count), 1.0f);

  const IntensityNormaliser normalise = IntensityNormaliser::fit(*input.image, parameters_);
  UNetTrainer trainer(keySlices(job, *input.image, normalise), parameters_, input.device, input.seed);
  nlohmann::json parameters = toJson(parameters_);
  parameters["seed"] = input.seed;
  parameters["device"] = trainer.deviceName();
  parameters["intensity_used"] = std::string(intensityModeName(normalise.mode()));
  proposal.parametersJson = parameters.dump();

  // Training is ~95 % of the work; the rest is prediction.
  TrainingSession hosted = session;
  hosted.onIteration = [&](const TrainingStatus& status) {
    if (session.onIteration && !session.onIteration(status)) return false;
    return !input.progress || input.progress(0.95 * double(status.iteration) / double(status.iterations));
  };
  const TrainingOutcome result = trainer.train(hosted);
  if (outcome) *outcome = result;
  if (!result.completed) throw PredictionCancelled();
  if (!weightsFile.empty()) trainer.saveWeights(weightsFile);

  for (size_t i = 0; i < job.keyCount(); ++i) job.write(job.key(i), job.keySlice(i));
  std::vector<int64_t> others;
  for (int64_t s = 0; s < plane.count; ++s)
    if (!std::binary_search(job.keys().begin(), job.keys().end(), s)) others.push_back(s);
  std::vector<float> images;
  std::vector<Label> labels;
  std::vector<float> confidence;
  for (size_t first = 0; first < others.size(); first += size_t(kSlicesPerPass)) {
    const size_t n = std::min(others.size() - first, size_t(kSlicesPerPass));
    images.clear();
    for (size_t i = 0; i < n; ++i) {
      std::vector<float> pixels = input.image->sliceAsFloat(plane, others[first + i]);
      normalise.apply(pixels.data(), pixels.size());
      images.insert(images.end(), pixels.begin(), pixels.end());
    }
    trainer.predict(images, int64_t(n), labels, confidence);
    for (size_t i = 0; i < n; ++i) {
      const int64_t s = others[first + i];
      job.write(s, std::vector<Label>(labels.begin() + std::ptrdiff_t(i * plane.pixelCount()),
                                      labels.begin() + std::ptrdiff_t((i + 1) * plane.pixelCount())));
      proposal.sliceConfidence[size_t(s)] = confidence[i];
    }
    if (input.progress &&
        !input.progress(0.95 + 0.05 * double(first + n) / double(std::max<size_t>(1, others.size()))))
      throw PredictionCancelled();
  }
  return proposal;
}

}  // namespace slicewise
