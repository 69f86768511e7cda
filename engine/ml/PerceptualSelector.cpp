#include "ml/PerceptualSelector.h"

#include <torch/script.h>

#include <cmath>
#include <cstdlib>
#include <random>
#include <stdexcept>

#include "model/NonFiniteVoxels.h"
#include "select/ClusterBudgetSampler.h"
#include "select/SliceStack.h"
#include "ml/ComputeDevice.h"

namespace slicewise {

namespace {

constexpr int64_t kBatch = 16;

struct ConvLayer {
  torch::Tensor weight, bias;
  int64_t stride, padding;
};

// The built-in network, the same on every machine: weights from a fixed-seed standard generator.
std::vector<ConvLayer> builtInNetwork() {
  std::mt19937_64 rng(20231007);
  const struct { int64_t in, out, kernel, stride; } shape[] = {
      {1, 16, 7, 4}, {16, 32, 5, 2}, {32, 64, 3, 2}};
  std::vector<ConvLayer> layers;
  for (const auto& s : shape) {
    const double fanIn = double(s.in * s.kernel * s.kernel);
    std::normal_distribution<float> he(0.0f, float(std::sqrt(2.0 / fanIn)));
    std::vector<float> w(size_t(s.out * s.in * s.kernel * s.kernel));
    for (float& v : w) v = he(rng);
    layers.push_back({torch::from_blob(w.data(), {s.out, s.in, s.kernel, s.kernel}).clone(),
                      torch::zeros({s.out}), s.stride, s.kernel / 2});
  }
  return layers;
}

std::vector<torch::Tensor> runBuiltIn(const std::vector<ConvLayer>& net, torch::Tensor x) {
  std::vector<torch::Tensor> taps;
  for (const ConvLayer& l : net) {
    x = torch::relu(torch::conv2d(x, l.weight, l.bias, l.stride, l.padding));
    taps.push_back(x);
  }
  return taps;
}

std::vector<torch::Tensor> runScripted(torch::jit::Module& module, const torch::Tensor& x) {
  const torch::IValue out = module.forward({x.expand({x.size(0), 3, x.size(2), x.size(3)})});
  std::vector<torch::Tensor> taps;
  if (out.isTensor()) {
    taps.push_back(out.toTensor());
  } else if (out.isTuple()) {
    for (const auto& e : out.toTupleRef().elements()) taps.push_back(e.toTensor());
  } else if (out.isList()) {
    for (const auto& e : out.toListRef()) taps.push_back(e.toTensor());
  } else {
    throw std::runtime_error("the feature network must return a tensor or a tuple/list of tensors");
  }
  for (const auto& t : taps)
    if (t.dim() != 4) throw std::runtime_error("the feature network's outputs must be N x C x h x w");
  return taps;
}

// Unit channel vectors at each position, flattened and scaled so that dot products average over
// positions (LPIPS's normalize_tensor uses the same 1e-10).
torch::Tensor normalisedRows(const torch::Tensor& f) {
  const torch::Tensor unit = f / (f.pow(2).sum(1, true).sqrt() + 1e-10);
  return unit.reshape({f.size(0), -1}) / std::sqrt(double(f.size(2) * f.size(3)));
}

}  // namespace

PerceptualSelector::PerceptualSelector(std::string networkFile) : networkFile_(std::move(networkFile)) {}

Eigen::MatrixXf PerceptualSelector::distanceMatrix(const Volume& volume, SliceAxis axis) const {
  TorchRuntime::initialise();
  torch::NoGradGuard noGrad;
  // Scaled by the finite range, NaN and infinite voxels replaced (model/NonFiniteVoxels.h).
  const FiniteSummary finite = finiteSummary(volume);
  const double range = finite.hi > finite.lo ? finite.hi - finite.lo : 1.0;
  SliceStack stack = SliceStack::extractForComparison(volume, axis);
  const double lo = finite.lo / range;
  // Network input in [-1, 1], as LPIPS expects.
  for (float& v : stack.values) v = float(2.0 * (double(v) - lo) - 1.0);
  const int64_t n = stack.count;
  const torch::Tensor all =
      torch::from_blob(stack.values.data(), {n, 1, stack.height, stack.width}, torch::kFloat32);

  std::optional<torch::jit::Module> scripted;
  std::vector<ConvLayer> builtIn;
  if (calibrated()) {
    try {
      scripted = torch::jit::load(networkFile_);
      scripted->eval();
    } catch (const c10::Error& e) {
      throw std::runtime_error("cannot load the feature network '" + networkFile_ +
                               "': " + e.what_without_backtrace());
    }
  } else {
    builtIn = builtInNetwork();
  }

  // Normalised features of every slice per layer, batch by batch.
  std::vector<std::vector<torch::Tensor>> perLayer;
  for (int64_t b = 0; b < n; b += kBatch) {
    const torch::Tensor x = all.slice(0, b, std::min(n, b + kBatch));
    std::vector<torch::Tensor> taps;
    try {
      taps = scripted ? runScripted(*scripted, x) : runBuiltIn(builtIn, x);
    } catch (const c10::Error& e) {
      throw std::runtime_error("the feature network failed: " + std::string(e.what_without_backtrace()));
    }
    if (perLayer.empty()) perLayer.resize(taps.size());
    if (taps.size() != perLayer.size())
      throw std::runtime_error("the feature network returned a varying number of layers");
    for (size_t l = 0; l < taps.size(); ++l) perLayer[l].push_back(normalisedRows(taps[l].to(torch::kFloat32)));
  }

  torch::Tensor gram = torch::zeros({n, n}, torch::kFloat64);
  for (const auto& batches : perLayer) {
    const torch::Tensor f = torch::cat(batches, 0);
    gram += torch::mm(f, f.t()).to(torch::kFloat64);
  }
  const torch::Tensor diag = gram.diagonal();
  torch::Tensor d = (diag.unsqueeze(0) + diag.unsqueeze(1) - 2 * gram).clamp_min(0);
  d.fill_diagonal_(0);
  d = d.to(torch::kFloat32).contiguous();
  Eigen::MatrixXf out(n, n);
  std::memcpy(out.data(), d.data_ptr<float>(), sizeof(float) * size_t(n * n));  // symmetric
  return out;
}

std::vector<int64_t> PerceptualSelector::select(const Volume& volume, const SelectionRequest& request) const {
  requireSelectableCount(request, slicePlane(volume.geometry(), request.axis).count);
  const Eigen::MatrixXd distances = distanceMatrix(volume, request.axis).cast<double>();
  return ClusterBudgetSampler::selectByFeatures(distances, request);
}

}  // namespace slicewise
