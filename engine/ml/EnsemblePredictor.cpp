#include "ml/EnsemblePredictor.h"

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "ml/UNetPredictor.h"
#include "predict/KeySliceJob.h"
#include "predict/LabelProbabilities.h"

namespace slicewise {

namespace {

// Where a network's background probability is below this, a pixel counts towards its slice's
// confidence (as UNetTrainer::predict has it).
constexpr float kUncertainBackground = 0.9f;

// Of two label slices: pixels with the same label / pixels either labels; 1 when both are empty.
double agreement(const std::vector<Label>& a, const std::vector<Label>& b) {
  size_t same = 0, either = 0;
  for (size_t i = 0; i < a.size(); ++i) {
    if (!a[i] && !b[i]) continue;
    ++either;
    same += a[i] == b[i];
  }
  return either ? double(same) / double(either) : 1.0;
}

// The classes of one slice: every label any member gives it, background first.
std::vector<Label> classesOf(const std::vector<Label>* networkClasses,
                             const std::vector<const std::vector<Label>*>& slices) {
  std::vector<Label> classes{0};
  if (networkClasses) classes.insert(classes.end(), networkClasses->begin(), networkClasses->end());
  for (const auto* s : slices) {
    std::vector<Label> present(s->begin(), s->end());
    std::sort(present.begin(), present.end());
    present.erase(std::unique(present.begin(), present.end()), present.end());
    classes.insert(classes.end(), present.begin(), present.end());
  }
  std::sort(classes.begin(), classes.end());
  classes.erase(std::unique(classes.begin(), classes.end()), classes.end());
  return classes;
}

// A network's softmax, its arg-max labels and its slice confidence (mean largest probability
// over the pixels it does not call background with certainty; 1 when there are none).
struct NetworkSlice {
  const std::vector<Label>* classLabels = nullptr;
  const float* probabilities = nullptr;
};

}  // namespace

EnsemblePredictor::EnsemblePredictor(EnsembleParameters ensemble, UNetParameters network)
    : ensemble_(std::move(ensemble)), network_(std::move(network)) {
  if (ensemble_.members.size() < 2) throw std::invalid_argument("an ensemble needs at least two members");
  if (!std::isfinite(ensemble_.tauMm) || ensemble_.tauMm <= 0 || ensemble_.tauMm > 1000)
    throw std::invalid_argument("the ensemble's tau must be a positive distance in mm (up to 1000)");
  for (const std::string& member : ensemble_.members) {
    if (const auto architecture = parseArchitecture(member)) {
      if (!networkName_.empty()) throw std::invalid_argument("an ensemble takes at most one network member");
      networkName_ = member;
      network_.architecture = *architecture;
      continue;
    }
    auto interpolator = makeInterpolationPredictor(member);
    if (!interpolator)
      throw std::invalid_argument("unknown ensemble member '" + member +
                                  "' (unet, deeplab, manet or an interpolating predictor)");
    interpolators_.push_back(std::move(interpolator));
  }
  network_.validate();
}

EnsemblePredictor::~EnsemblePredictor() = default;

std::string EnsemblePredictor::parametersJson() const {
  nlohmann::json j{{"members", ensemble_.members}, {"tau_mm", ensemble_.tauMm}};
  if (!networkName_.empty()) j["network"] = toJson(network_);
  return j.dump();
}

bool EnsemblePredictor::followsImage() const {
  if (!networkName_.empty()) return true;
  return std::any_of(interpolators_.begin(), interpolators_.end(), [](const auto& p) { return p->followsImage(); });
}

Proposal EnsemblePredictor::predict(const PredictionInput& input) const {
  Proposal proposal;
  proposal.predictor = name();
  proposal.axis = input.axis;
  proposal.labels = LabelVolume(input.labels ? input.labels->geometry() : ImageGeometry{});
  KeySliceJob job(input, proposal);
  const SlicePlane& plane = job.plane();
  const size_t pixels = plane.pixelCount();
  proposal.keySlices = job.keys();
  proposal.sliceConfidence.assign(size_t(plane.count), 1.0f);
  for (size_t i = 0; i < job.keyCount(); ++i) job.write(job.key(i), job.keySlice(i));

  // The interpolators first (seconds), then the network, whose slices arrive one by one.
  PredictionInput quiet = input;
  quiet.progress = nullptr;
  std::vector<Proposal> interpolated;
  for (const auto& interpolator : interpolators_) interpolated.push_back(interpolator->predict(quiet));
  const size_t members = interpolated.size() + (networkName_.empty() ? 0 : 1);

  std::vector<std::vector<Label>> memberSlices(interpolated.size());
  std::vector<float> sum;
  std::vector<Label> networkLabels;
  const auto combine = [&](int64_t s, const NetworkSlice& network) {
    std::vector<const std::vector<Label>*> slices;
    for (size_t m = 0; m < interpolated.size(); ++m) {
      memberSlices[m] = interpolated[m].labels.slice(plane, s);
      slices.push_back(&memberSlices[m]);
    }
    const std::vector<Label> classes = classesOf(network.classLabels, slices);
    sum.assign(classes.size() * pixels, 0.0f);
    double confidence = 0;
    std::vector<const std::vector<Label>*> hard = slices;
    if (network.probabilities) {
      const size_t n = network.classLabels->size();
      networkLabels.assign(pixels, 0);
      double top = 0;
      size_t uncertain = 0;
      for (size_t c = 0; c < n; ++c) {
        const size_t into = size_t(std::lower_bound(classes.begin(), classes.end(), (*network.classLabels)[c]) -
                                   classes.begin());
        const float* p = network.probabilities + c * pixels;
        for (size_t i = 0; i < pixels; ++i) sum[into * pixels + i] += p[i];
      }
      for (size_t i = 0; i < pixels; ++i) {
        size_t best = 0;
        for (size_t c = 1; c < n; ++c)
          if (network.probabilities[c * pixels + i] > network.probabilities[best * pixels + i]) best = c;
        networkLabels[i] = (*network.classLabels)[best];
        if (network.probabilities[i] < kUncertainBackground) {
          top += network.probabilities[best * pixels + i];
          ++uncertain;
        }
      }
      confidence += uncertain ? top / double(uncertain) : 1.0;
      hard.push_back(&networkLabels);
    }
    for (size_t m = 0; m < interpolated.size(); ++m) {
      LabelProbabilities::accumulate(memberSlices[m], plane, classes, ensemble_.tauMm, sum.data());
      confidence += interpolated[m].sliceConfidence[size_t(s)];
    }
    std::vector<Label> labels(pixels, 0);
    for (size_t i = 0; i < pixels; ++i) {
      size_t best = 0;
      for (size_t c = 1; c < classes.size(); ++c)
        if (sum[c * pixels + i] > sum[best * pixels + i]) best = c;
      labels[i] = classes[best];
    }
    double agree = 0;
    size_t pairs = 0;
    for (size_t a = 0; a < hard.size(); ++a)
      for (size_t b = a + 1; b < hard.size(); ++b, ++pairs) agree += agreement(*hard[a], *hard[b]);
    const double together = pairs ? agree / double(pairs) : 1.0;
    job.write(s, std::move(labels));
    job.setConfidence(s, float(std::clamp(confidence / double(members) * together, 0.0, 1.0)));
  };

  if (!networkName_.empty()) {
    std::string networkParameters;
    UNetPredictor(network_).predictProbabilities(
        input,
        [&](int64_t s, const std::vector<Label>& classLabels, const float* probabilities) {
          combine(s, NetworkSlice{&classLabels, probabilities});
        },
        &networkParameters);
    nlohmann::json j = nlohmann::json::parse(parametersJson());
    j["network"] = nlohmann::json::parse(networkParameters);
    proposal.parametersJson = j.dump();
  } else {
    for (int64_t s = 0; s < plane.count; ++s) {
      if (std::binary_search(job.keys().begin(), job.keys().end(), s)) continue;
      combine(s, NetworkSlice{});
      if (input.progress && !input.progress(double(s + 1) / double(plane.count))) throw PredictionCancelled();
    }
    proposal.parametersJson = parametersJson();
  }
  return proposal;
}

}  // namespace slicewise
