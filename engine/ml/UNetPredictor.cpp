#include "ml/UNetPredictor.h"

#include <algorithm>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "jobs/IntensityNormaliser.h"
#include "predict/KeySliceJob.h"

namespace slicewise {

namespace {

// Slices predicted per network call batch here: bounds the float copies of a large volume.
constexpr int64_t kSlicesPerPass = 32;

// The key slices' pixels as they are (normalised once the normaliser is fitted) and classes, and
// the intensities of their labelled voxels (the CT window is chosen from them).
TrainingSlices keySlices(const KeySliceJob& job, const Volume& image, std::vector<float>& labelled) {
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
    const std::vector<float> pixels = image.sliceAsFloat(plane, job.key(i));
    t.images.insert(t.images.end(), pixels.begin(), pixels.end());
    for (size_t p = 0; p < pixels.size(); ++p) {
      t.classes.push_back(classOf[labels[i][p]]);
      if (labels[i][p]) labelled.push_back(pixels[p]);
    }
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

namespace {

// A network trained on one prediction's keys, with what its proposal records.
struct TrainedNetwork {
  IntensityNormaliser normalise;
  std::unique_ptr<UNetTrainer> trainer;
  nlohmann::json parameters;
  std::vector<int64_t> others;  // the slices that are not keys, ascending
};

TrainedNetwork trainOnKeys(const UNetParameters& p, const PredictionInput& input, const KeySliceJob& job,
                           const TrainingSession& session, TrainingOutcome* outcome) {
  std::vector<float> labelled;
  TrainingSlices slices = keySlices(job, *input.image, labelled);
  TrainedNetwork net{IntensityNormaliser::fit(*input.image, p, std::move(labelled)), nullptr, {}, {}};
  net.normalise.apply(slices.images.data(), slices.images.size());
  net.trainer = std::make_unique<UNetTrainer>(std::move(slices), p, input.device, input.seed);
  net.parameters = toJson(p);
  net.parameters["seed"] = input.seed;
  net.parameters["device"] = net.trainer->deviceName();
  net.parameters["intensity_used"] = std::string(intensityModeName(net.normalise.mode()));
  if (net.normalise.mode() == IntensityMode::CtWindow)
    net.parameters["ct_window_used"] = {net.normalise.windowLow(), net.normalise.windowHigh()};

  // Training is ~95 % of the work; the rest is prediction.
  TrainingSession hosted = session;
  hosted.onIteration = [&](const TrainingStatus& status) {
    if (session.onIteration && !session.onIteration(status)) return false;
    return !input.progress || input.progress(0.95 * double(status.iteration) / double(status.iterations));
  };
  const TrainingOutcome result = net.trainer->train(hosted);
  if (outcome) *outcome = result;
  if (!p.initialWeights.empty()) net.parameters["initial_tensors"] = result.initialTensors;
  if (!result.completed) throw PredictionCancelled();
  for (int64_t s = 0; s < job.plane().count; ++s)
    if (!std::binary_search(job.keys().begin(), job.keys().end(), s)) net.others.push_back(s);
  return net;
}

// The normalised pixels of others[first, first + n).
std::vector<float> normalisedSlices(const TrainedNetwork& net, const Volume& image, const SlicePlane& plane,
                                    size_t first, size_t n) {
  std::vector<float> images;
  images.reserve(n * plane.pixelCount());
  for (size_t i = 0; i < n; ++i) {
    std::vector<float> pixels = image.sliceAsFloat(plane, net.others[first + i]);
    net.normalise.apply(pixels.data(), pixels.size());
    images.insert(images.end(), pixels.begin(), pixels.end());
  }
  return images;
}

bool reportPrediction(const PredictionInput& input, size_t done, size_t total) {
  return !input.progress || input.progress(0.95 + 0.05 * double(done) / double(std::max<size_t>(1, total)));
}

}  // namespace

Proposal UNetPredictor::predict(const PredictionInput& input, const TrainingSession& session,
                                const std::filesystem::path& weightsFile, TrainingOutcome* outcome) const {
  if (!input.image)
    throw std::invalid_argument("the " + name() + " predictor needs the image, not only the labels");
  Proposal proposal;
  proposal.predictor = name();
  proposal.axis = input.axis;
  proposal.labels = LabelVolume(input.labels ? input.labels->geometry() : ImageGeometry{});
  KeySliceJob job(input, proposal);
  const SlicePlane& plane = job.plane();
  proposal.keySlices = job.keys();
  proposal.sliceConfidence.assign(size_t(plane.count), 1.0f);

  const TrainedNetwork net = trainOnKeys(parameters_, input, job, session, outcome);
  proposal.parametersJson = net.parameters.dump();
  if (!weightsFile.empty()) net.trainer->saveWeights(weightsFile);

  for (size_t i = 0; i < job.keyCount(); ++i) job.write(job.key(i), job.keySlice(i));
  std::vector<Label> labels;
  std::vector<float> confidence;
  for (size_t first = 0; first < net.others.size(); first += size_t(kSlicesPerPass)) {
    const size_t n = std::min(net.others.size() - first, size_t(kSlicesPerPass));
    net.trainer->predict(normalisedSlices(net, *input.image, plane, first, n), int64_t(n), labels, confidence);
    for (size_t i = 0; i < n; ++i) {
      const int64_t s = net.others[first + i];
      job.write(s, std::vector<Label>(labels.begin() + std::ptrdiff_t(i * plane.pixelCount()),
                                      labels.begin() + std::ptrdiff_t((i + 1) * plane.pixelCount())));
      proposal.sliceConfidence[size_t(s)] = confidence[i];
    }
    if (!reportPrediction(input, first + n, net.others.size())) throw PredictionCancelled();
  }
  return proposal;
}

void UNetPredictor::predictProbabilities(const PredictionInput& input, const ProbabilitySink& sink,
                                         std::string* parametersJson) const {
  if (!input.image)
    throw std::invalid_argument("the " + name() + " predictor needs the image, not only the labels");
  Proposal scratch;  // KeySliceJob validates the input and needs a proposal to write to
  scratch.labels = LabelVolume(input.labels ? input.labels->geometry() : ImageGeometry{});
  KeySliceJob job(input, scratch);
  const SlicePlane& plane = job.plane();
  const TrainedNetwork net = trainOnKeys(parameters_, input, job, TrainingSession{}, nullptr);
  if (parametersJson) *parametersJson = net.parameters.dump();
  const size_t classes = net.trainer->classLabels().size();
  std::vector<float> probabilities;
  for (size_t first = 0; first < net.others.size(); first += size_t(kSlicesPerPass)) {
    const size_t n = std::min(net.others.size() - first, size_t(kSlicesPerPass));
    net.trainer->predictProbabilities(normalisedSlices(net, *input.image, plane, first, n), int64_t(n),
                                      probabilities);
    for (size_t i = 0; i < n; ++i)
      sink(net.others[first + i], net.trainer->classLabels(),
           probabilities.data() + i * classes * plane.pixelCount());
    if (!reportPrediction(input, first + n, net.others.size())) throw PredictionCancelled();
  }
}

}  // namespace slicewise
