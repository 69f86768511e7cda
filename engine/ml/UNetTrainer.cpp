#include "ml/UNetTrainer.h"

#include <ATen/autocast_mode.h>
#include <torch/torch.h>
#include <torch/version.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <limits>
#include <mutex>
#include <sstream>
#include <stdexcept>

#include "jobs/AtomicFile.h"
#include "ml/ComputeDevice.h"
#include "ml/SliceAugmenter.h"
#include "ml/NetworkWeights.h"
#include "ml/TrainingRandom.h"
#include "ml/SegmentationNetwork.h"

namespace slicewise {

namespace {

namespace F = torch::nn::functional;
using Clock = std::chrono::steady_clock;

constexpr double kPi = 3.14159265358979323846;
constexpr double kSmoothing = 0.02;  // EMA weight of the newest loss (about 50 iterations)

// bf16 autocast on CUDA for the forward pass and the loss (no gradient scaling needed: bf16 has
// float32's exponent range). The API was renamed in LibTorch 2.4.
class CudaAutocast {
 public:
  explicit CudaAutocast(bool on) : on_(on) {
    if (!on_) return;
#if TORCH_VERSION_MAJOR > 2 || (TORCH_VERSION_MAJOR == 2 && TORCH_VERSION_MINOR >= 4)
    previous_ = at::autocast::is_autocast_enabled(at::kCUDA);
    at::autocast::set_autocast_dtype(at::kCUDA, at::kBFloat16);
    at::autocast::set_autocast_enabled(at::kCUDA, true);
#else
    previous_ = at::autocast::is_enabled();
    at::autocast::set_autocast_gpu_dtype(at::kBFloat16);
    at::autocast::set_enabled(true);
#endif
    at::autocast::increment_nesting();
  }
  ~CudaAutocast() {
    if (!on_) return;
    if (at::autocast::decrement_nesting() == 0) at::autocast::clear_cache();
#if TORCH_VERSION_MAJOR > 2 || (TORCH_VERSION_MAJOR == 2 && TORCH_VERSION_MINOR >= 4)
    at::autocast::set_autocast_enabled(at::kCUDA, previous_);
#else
    at::autocast::set_enabled(previous_);
#endif
  }
  CudaAutocast(const CudaAutocast&) = delete;
  CudaAutocast& operator=(const CudaAutocast&) = delete;

 private:
  bool on_;
  bool previous_ = false;
};

torch::Device resolveDevice(const std::string& name) {
  TorchRuntime::initialise();
  if (name.empty() || name == "auto")
    return TorchRuntime::cudaAvailable() ? torch::Device(torch::kCUDA, 0) : torch::Device(torch::kCPU);
  const auto parsed = ComputeDevice::parse(name);
  if (!parsed) throw std::invalid_argument("unknown device '" + name + "' (use auto, cpu or cuda[:N])");
  try {
    TorchRuntime::requireDevice(*parsed);
  } catch (const std::runtime_error& e) {
    throw std::invalid_argument(e.what());
  }
  return parsed->cuda ? torch::Device(torch::kCUDA, int8_t(parsed->index)) : torch::Device(torch::kCPU);
}

// One-cycle learning rate (as PyTorch's OneCycleLR with cosine annealing): from peak/25 up to
// the peak over the first 30 % of the iterations, then down to peak/25/1e4.
//
// A network started from initial weights (a cohort model) follows the same schedule: the
// warm-up from peak/25 is already the gentle start trained weights need (Adam's fresh moments
// make its first steps about lr in size whatever the gradient), and the peak is what fits the
// volume's own keys, which carry what the cohort does not know (its anatomy, its scanner).
// Measured (bench warmstart, brain MRI, 3 deformed copies for the cohort model, held-out copy at
// keep_n 12.5 %, 50 / 100 / 200 iterations): the cold schedule gave Dice 0.613 / 0.789 / 0.817;
// a tenth of the peak with a 5 % warm-up 0.426 / 0.450 / 0.614; 0.3 of the peak with a 5 %
// warm-up 0.533 / 0.612 / 0.811. On the synthetic phantoms of CohortWarmStartTest all three
// were within 0.01 of each other from 10 to 400 iterations.
// A lower peak gained nothing where the cohort model already fitted the volume (the phantoms)
// and lost much where the volume's keys had more to teach (the brain): a rule that holds for
// volumes the cohort model knows well and for those it does not.
double oneCycle(double peak, int64_t iteration, int64_t iterations) {
  const int64_t warm = std::max<int64_t>(1, int64_t(std::llround(0.3 * double(iterations))));
  const double start = peak / 25.0, end = start / 1e4;
  if (iteration < warm)
    return start + (peak - start) * 0.5 * (1.0 - std::cos(kPi * double(iteration) / double(warm)));
  const double t = double(iteration - warm) / double(std::max<int64_t>(1, iterations - warm));
  return end + (peak - end) * 0.5 * (1.0 + std::cos(kPi * std::min(1.0, t)));
}

// Replicate padding up to a multiple of the network's total pooling factor.
torch::Tensor padded(const torch::Tensor& x, int64_t height, int64_t width) {
  const int64_t dh = height - x.size(2), dw = width - x.size(3);
  if (dh == 0 && dw == 0) return x;
  return F::pad(x, F::PadFuncOptions({0, dw, 0, dh}).mode(torch::kReplicate));
}

uint64_t fnv1a(const void* data, size_t bytes, uint64_t h = 0xcbf29ce484222325ULL) {
  const auto* p = static_cast<const unsigned char*>(data);
  for (size_t i = 0; i < bytes; ++i) h = (h ^ p[i]) * 0x100000001b3ULL;
  return h;
}

std::string fileDigest(const std::string& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw std::invalid_argument("cannot read the initial weights '" + file + "'");
  uint64_t h = 0xcbf29ce484222325ULL;
  char buffer[1 << 16];
  while (in.read(buffer, sizeof(buffer)) || in.gcount() > 0) h = fnv1a(buffer, size_t(in.gcount()), h);
  char digest[17];
  std::snprintf(digest, sizeof(digest), "%016llx", static_cast<unsigned long long>(h));
  return digest;
}

// LibTorch's own exceptions carry a C++ backtrace in what(): callers get one clear line instead.
template <class Work>
auto withoutBacktrace(Work&& work) {
  try {
    return work();
  } catch (const c10::Error& e) {
    throw std::runtime_error(e.what_without_backtrace());
  }
}

// Model construction draws from LibTorch's global generator; one volume at a time seeds it.
std::mutex& globalGeneratorMutex() {
  static std::mutex m;
  return m;
}

}  // namespace

struct UNetTrainer::State {
  TrainingSlices slices;
  UNetParameters p;
  uint64_t seed = 0;
  torch::Device device{torch::kCPU};
  int64_t classes = 0, height = 0, width = 0;  // padded sizes
  int64_t cropHeight = 0, cropWidth = 0;        // training window
  std::shared_ptr<SegmentationNetworkImpl> model;
  std::unique_ptr<torch::optim::Adam> optimizer;
  torch::Tensor keyImages, keyClasses;
  std::unique_ptr<SliceAugmenter> augmenter;
  std::string fingerprint;
  int initialTensors = 0;  // tensors copied from the initial weights

  // Training state saved in checkpoints.
  int64_t iteration = 0, bestIteration = 0;
  double smoothed = 0, best = std::numeric_limits<double>::infinity(), elapsed = 0, firstLoss = 0;
  bool trained = false;
  std::string stopReason;

  bool cuda() const { return device.is_cuda(); }
  void saveCheckpoint(const std::filesystem::path& file) const;
  bool loadCheckpoint(const std::filesystem::path& file);
  void warmStart(const std::string& file);
  // Starts the whole network from a trained one's weights (UNetParameters::initialWeights).
  void startFrom(const std::string& file);
  torch::Tensor loss(const torch::Tensor& logits, const torch::Tensor& target) const;
  // Softmax (on the CPU, cropped to the slices' size) of `n` slices of `images` from `first`.
  torch::Tensor softmax(const std::vector<float>& images, int64_t first, int64_t n) const;
};

torch::Tensor UNetTrainer::State::softmax(const std::vector<float>& images, int64_t first, int64_t n) const {
  const TrainingSlices& t = slices;
  torch::Tensor x = torch::from_blob(const_cast<float*>(images.data()) + size_t(first) * t.pixels(),
                                     {n, 1, t.height, t.width}, torch::kFloat);
  x = padded(x, height, width).to(device);
  torch::Tensor logits;
  {
    CudaAutocast autocast(cuda());
    logits = model->forward(x);
  }
  return torch::softmax(logits.to(torch::kFloat), 1).slice(2, 0, t.height).slice(3, 0, t.width).to(torch::kCPU);
}

void UNetTrainer::State::saveCheckpoint(const std::filesystem::path& file) const {
  torch::serialize::OutputArchive root, modelArchive, optimiserArchive;
  model->save(modelArchive);
  optimizer->save(optimiserArchive);
  root.write("model", modelArchive);
  root.write("optimizer", optimiserArchive);
  root.write("fingerprint", c10::IValue(fingerprint));
  root.write("stop_reason", c10::IValue(stopReason));
  root.write("progress", torch::tensor({double(iteration), smoothed, best, double(bestIteration), elapsed,
                                        firstLoss, trained ? 1.0 : 0.0},
                                       torch::kDouble));
  std::ostringstream bytes;
  root.save_to(bytes);
  AtomicFile::write(file, bytes.str(), 0600);
}

bool UNetTrainer::State::loadCheckpoint(const std::filesystem::path& file) {
  std::error_code ec;
  if (file.empty() || !std::filesystem::is_regular_file(file, ec)) return false;
  torch::serialize::InputArchive root;
  try {
    root.load_from(file.string(), device);
  } catch (const c10::Error& e) {
    throw std::runtime_error("cannot read the checkpoint '" + file.string() + "'");
  }
  c10::IValue saved;
  root.read("fingerprint", saved);
  if (!saved.isString() || saved.toStringRef() != fingerprint) return false;  // another job's
  torch::serialize::InputArchive modelArchive, optimiserArchive;
  root.read("model", modelArchive);
  root.read("optimizer", optimiserArchive);
  model->load(modelArchive);
  optimizer->load(optimiserArchive);
  c10::IValue reason;
  root.read("stop_reason", reason);
  stopReason = reason.isString() ? reason.toStringRef() : "";
  torch::Tensor progress;
  root.read("progress", progress);
  const auto v = progress.to(torch::kCPU).contiguous();
  const double* d = v.data_ptr<double>();
  iteration = int64_t(d[0]);
  smoothed = d[1];
  best = d[2];
  bestIteration = int64_t(d[3]);
  elapsed = d[4];
  firstLoss = d[5];
  trained = d[6] != 0.0;
  return true;
}

void UNetTrainer::State::warmStart(const std::string& file) {
  NetworkWeights weights(file, device);
  const int copied = weights.copyInto(*model, [](const std::string& name) { return name.rfind("encoder.", 0) == 0; });
  if (copied == 0)
    throw std::invalid_argument("no encoder parameter in '" + file + "' matches this network's names and shapes");
}

void UNetTrainer::State::startFrom(const std::string& file) {
  NetworkWeights weights(file, device);
  // The head maps features to this volume's classes: only the same labels in the same order mean
  // the same outputs (weights that do not record theirs keep a fresh head).
  const bool sameClasses = weights.classLabels() == slices.classLabels;
  initialTensors = weights.copyInto(*model, [&](const std::string& name) {
    return sameClasses || name.rfind("head.", 0) != 0;
  });
  if (initialTensors == 0)
    throw std::invalid_argument("no parameter in the initial weights '" + file +
                                "' matches this network's names and shapes");
}

torch::Tensor UNetTrainer::State::loss(const torch::Tensor& logits, const torch::Tensor& target) const {
  const torch::Tensor ce = F::cross_entropy(logits, target);
  const torch::Tensor probabilities = torch::softmax(logits.to(torch::kFloat), 1);
  const torch::Tensor truth = F::one_hot(target, classes).permute({0, 3, 1, 2}).to(torch::kFloat);
  // Soft Dice per foreground class over the whole batch (smoothed by 1 so that a class absent
  // from the batch asks only for small probabilities).
  const std::vector<int64_t> dims{0, 2, 3};
  const torch::Tensor overlap = (probabilities * truth).sum(dims);
  const torch::Tensor total = probabilities.sum(dims) + truth.sum(dims);
  const torch::Tensor dice = (2.0 * overlap + 1.0) / (total + 1.0);
  return ce + (1.0 - dice.slice(0, 1).mean());
}

UNetTrainer::UNetTrainer(TrainingSlices slices, const UNetParameters& parameters, const std::string& device,
                         uint64_t seed)
    : state_(std::make_unique<State>()) {
  withoutBacktrace([&] {
    setUp(std::move(slices), parameters, device, seed);
    return 0;
  });
}

void UNetTrainer::setUp(TrainingSlices slices, const UNetParameters& parameters, const std::string& device,
                        uint64_t seed) {
  parameters.validate();
  State& s = *state_;
  s.p = parameters;
  s.seed = seed;
  s.slices = std::move(slices);
  const TrainingSlices& t = s.slices;
  if (t.count() < 1 || t.classes.size() != t.images.size() || t.classLabels.empty())
    throw std::invalid_argument("training needs at least one key slice with its classes");
  s.device = resolveDevice(device);
  if (parameters.threads > 0) torch::set_num_threads(parameters.threads);
  if (s.cuda()) at::globalContext().setBenchmarkCuDNN(true);
  s.classes = int64_t(t.classLabels.size());
  {
    std::lock_guard lock(globalGeneratorMutex());
    torch::manual_seed(seed);
    s.model = makeSegmentationNetwork(parameters, 1, s.classes);
  }
  const int64_t multiple = s.model->sizeMultiple();
  s.height = (t.height + multiple - 1) / multiple * multiple;
  s.width = (t.width + multiple - 1) / multiple * multiple;
  const int64_t crop = (int64_t(parameters.crop) + multiple - 1) / multiple * multiple;
  s.cropHeight = crop > 0 ? std::min(crop, s.height) : s.height;
  s.cropWidth = crop > 0 ? std::min(crop, s.width) : s.width;

  uint64_t h = fnv1a(t.images.data(), t.images.size() * sizeof(float));
  h = fnv1a(t.classes.data(), t.classes.size() * sizeof(uint16_t), h);
  h = fnv1a(t.classLabels.data(), t.classLabels.size() * sizeof(Label), h);
  char digest[17];
  std::snprintf(digest, sizeof(digest), "%016llx", static_cast<unsigned long long>(h));
  std::ostringstream fp;
  // U-Net fingerprints read as they did before there was a choice, so their checkpoints resume.
  fp << "unet1";
  if (parameters.architecture == NetworkArchitecture::DeepLabV3Plus)
    fp << " deeplab stride=" << parameters.outputStride << " rates=" << parameters.atrousRates[0] << ","
       << parameters.atrousRates[1] << "," << parameters.atrousRates[2];
  else if (parameters.architecture == NetworkArchitecture::MAnet)
    fp << " manet";
  fp << " levels=" << parameters.levels << " width=" << parameters.width
     << " iterations=" << parameters.iterations << " batch=" << parameters.batch
     << " crop=" << parameters.crop << " lr=" << parameters.learningRate << " augment=" << parameters.augment
     << " seed=" << seed << " slices=" << t.count() << "x" << t.height << "x" << t.width
     << " data=" << digest;
  // A checkpoint made from other initial weights is another run; without them the fingerprint
  // reads as before, so existing checkpoints resume.
  if (!parameters.initialWeights.empty()) fp << " initial=" << fileDigest(parameters.initialWeights);
  s.fingerprint = fp.str();

  s.model->to(s.device);
  if (!parameters.encoderWeights.empty()) s.warmStart(parameters.encoderWeights);
  if (!parameters.initialWeights.empty()) s.startFrom(parameters.initialWeights);
  s.optimizer = std::make_unique<torch::optim::Adam>(s.model->parameters(),
                                                     torch::optim::AdamOptions(parameters.learningRate));

  const int64_t k = t.count();
  torch::Tensor images =
      torch::from_blob(const_cast<float*>(t.images.data()), {k, 1, t.height, t.width}, torch::kFloat).clone();
  std::vector<float> classes(t.classes.begin(), t.classes.end());
  torch::Tensor classMaps = torch::from_blob(classes.data(), {k, 1, t.height, t.width}, torch::kFloat).clone();
  s.keyImages = padded(images, s.height, s.width).to(s.device);
  s.keyClasses = padded(classMaps, s.height, s.width).squeeze(1).round().to(torch::kLong).to(s.device);
  s.augmenter = std::make_unique<SliceAugmenter>(t.spacingU, t.spacingV);
}

UNetTrainer::~UNetTrainer() = default;

std::string UNetTrainer::deviceName() const { return state_->device.str(); }

int UNetTrainer::threadCount() const { return at::get_num_threads(); }

TrainingOutcome UNetTrainer::train(const TrainingSession& session) {
  return withoutBacktrace([&] { return trainSteps(session); });
}

TrainingOutcome UNetTrainer::trainSteps(const TrainingSession& session) {
  State& s = *state_;
  TrainingOutcome outcome;
  const bool resumed = s.loadCheckpoint(session.checkpoint);
  outcome.resumedFromIteration = resumed ? s.iteration : 0;
  const auto finish = [&](bool completed) {
    outcome.iterations = s.iteration;
    outcome.finalLoss = s.smoothed;
    outcome.firstLoss = s.firstLoss;
    outcome.seconds = s.elapsed;
    outcome.stopReason = s.stopReason;
    outcome.completed = completed;
    outcome.initialTensors = s.initialTensors;
    return outcome;
  };
  if (s.trained) return finish(true);
  if (s.classes < 2) {  // every key is empty: background everywhere, nothing to learn
    s.trained = true;
    s.stopReason = "no labels in the key slices";
    return finish(true);
  }

  s.model->train();
  const int64_t keys = s.keyImages.size(0);
  const int64_t batch = s.p.batch;
  int64_t checkpointIteration = resumed ? s.iteration : 0;
  auto lastCheckpoint = Clock::now();
  const auto save = [&] {
    if (session.checkpoint.empty()) return;
    s.saveCheckpoint(session.checkpoint);
    checkpointIteration = s.iteration;
    lastCheckpoint = Clock::now();
  };
  double rate = 0;
  while (true) {
    if (s.iteration >= s.p.iterations) {
      s.stopReason = "iterations";
      break;
    }
    if (s.p.timeLimitSeconds > 0 && s.elapsed >= s.p.timeLimitSeconds) {
      s.stopReason = "time limit";
      break;
    }
    const auto start = Clock::now();
    TrainingRandom random(s.seed, s.iteration);
    std::vector<int64_t> pick(static_cast<size_t>(batch));
    for (int64_t& i : pick) i = random.below(keys);
    const torch::Tensor index = torch::tensor(pick, torch::kLong).to(s.device);
    torch::Tensor images = s.keyImages.index_select(0, index);
    torch::Tensor target = s.keyClasses.index_select(0, index);
    if (s.p.augment) std::tie(images, target) = s.augmenter->apply(images, target, random);
    if (s.cropHeight < s.height || s.cropWidth < s.width) {
      std::vector<torch::Tensor> windows, targets;
      for (int64_t b = 0; b < batch; ++b) {
        const int64_t y = random.below(s.height - s.cropHeight + 1), x = random.below(s.width - s.cropWidth + 1);
        windows.push_back(images[b].narrow(1, y, s.cropHeight).narrow(2, x, s.cropWidth));
        targets.push_back(target[b].narrow(0, y, s.cropHeight).narrow(1, x, s.cropWidth));
      }
      images = torch::stack(windows);
      target = torch::stack(targets);
    }

    const double lr = oneCycle(s.p.learningRate, s.iteration, s.p.iterations);
    for (auto& group : s.optimizer->param_groups())
      static_cast<torch::optim::AdamOptions&>(group.options()).lr(lr);
    s.optimizer->zero_grad();
    torch::Tensor loss;
    {
      CudaAutocast autocast(s.cuda());
      loss = s.loss(s.model->forward(images), target);
    }
    loss.backward();
    s.optimizer->step();
    const double value = loss.item<double>();
    if (!std::isfinite(value))
      throw std::runtime_error("training diverged (loss " + std::to_string(value) + " at iteration " +
                               std::to_string(s.iteration + 1) + "); try a smaller learning rate");
    ++s.iteration;
    s.smoothed = s.iteration == 1 ? value : (1.0 - kSmoothing) * s.smoothed + kSmoothing * value;
    if (s.iteration == 1) s.firstLoss = value;
    if (s.smoothed < s.best * (1.0 - s.p.plateauTolerance)) {
      s.best = s.smoothed;
      s.bestIteration = s.iteration;
    }
    const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
    s.elapsed += seconds;
    rate = rate == 0 ? 1.0 / seconds : 0.9 * rate + 0.1 / seconds;

    const bool plateau = s.p.plateauIterations > 0 && s.iteration - s.bestIteration >= s.p.plateauIterations;
    const bool dueByTime =
        std::chrono::duration<double>(Clock::now() - lastCheckpoint).count() >= s.p.checkpointSeconds;
    const bool dueByCount = s.p.checkpointIterations > 0 && s.iteration % s.p.checkpointIterations == 0;
    if ((dueByTime || dueByCount) && s.iteration < s.p.iterations && !plateau) save();

    if (session.onIteration) {
      TrainingStatus status;
      status.iteration = s.iteration;
      status.iterations = s.p.iterations;
      status.loss = value;
      status.smoothedLoss = s.smoothed;
      status.elapsedSeconds = s.elapsed;
      status.iterationsPerSecond = rate;
      status.checkpointIteration = checkpointIteration;
      status.resumedFromIteration = outcome.resumedFromIteration;
      status.device = s.device.str();
      if (!session.onIteration(status)) {
        s.stopReason = "stopped";
        save();
        return finish(false);
      }
    }
    if (plateau) {
      s.stopReason = "plateau";
      break;
    }
  }
  s.trained = true;
  save();
  return finish(true);
}

void UNetTrainer::predict(const std::vector<float>& images, int64_t count, std::vector<Label>& labels,
                          std::vector<float>& confidence) {
  withoutBacktrace([&] {
    predictSlices(images, count, labels, confidence);
    return 0;
  });
}

void UNetTrainer::predictProbabilities(const std::vector<float>& images, int64_t count,
                                       std::vector<float>& probabilities) {
  withoutBacktrace([&] {
    State& s = *state_;
    const TrainingSlices& t = s.slices;
    if (count < 0 || images.size() != size_t(count) * t.pixels())
      throw std::invalid_argument("slices to predict must have the training slices' size");
    probabilities.assign(images.size() * size_t(s.classes), 0.0f);
    if (count == 0) return 0;
    if (s.classes < 2) {  // nothing was learnt: background everywhere
      std::fill(probabilities.begin(), probabilities.end(), 1.0f);
      return 0;
    }
    torch::NoGradGuard noGrad;
    s.model->eval();
    const int64_t chunk = s.cuda() ? 32 : 8;
    for (int64_t first = 0; first < count; first += chunk) {
      const int64_t n = std::min(chunk, count - first);
      const torch::Tensor p = s.softmax(images, first, n).contiguous();
      std::memcpy(probabilities.data() + size_t(first) * size_t(s.classes) * t.pixels(), p.data_ptr<float>(),
                  size_t(p.numel()) * sizeof(float));
    }
    s.model->train();
    return 0;
  });
}

const std::vector<Label>& UNetTrainer::classLabels() const { return state_->slices.classLabels; }

void UNetTrainer::predictSlices(const std::vector<float>& images, int64_t count, std::vector<Label>& labels,
                                std::vector<float>& confidence) {
  State& s = *state_;
  const TrainingSlices& t = s.slices;
  if (count < 0 || images.size() != size_t(count) * t.pixels())
    throw std::invalid_argument("slices to predict must have the training slices' size");
  labels.assign(images.size(), 0);
  confidence.assign(size_t(count), 1.0f);
  if (s.classes < 2 || count == 0) return;
  torch::NoGradGuard noGrad;
  s.model->eval();
  const int64_t chunk = s.cuda() ? 32 : 8;
  const auto lookup = torch::tensor(std::vector<int64_t>(t.classLabels.begin(), t.classLabels.end()), torch::kLong);
  for (int64_t first = 0; first < count; first += chunk) {
    const int64_t n = std::min(chunk, count - first);
    const torch::Tensor p = s.softmax(images, first, n);
    const auto [top, cls] = p.max(1);
    // Confidence over foreground and uncertain pixels: where any label has more than 10 %.
    const torch::Tensor region = (p.select(1, 0) < 0.9).to(torch::kFloat);
    const torch::Tensor area = region.sum({1, 2});
    const torch::Tensor mean = (top * region).sum({1, 2}) / area.clamp_min(1.0);
    const torch::Tensor sliceConfidence = torch::where(area > 0, mean, torch::ones_like(mean)).contiguous();
    const torch::Tensor mapped = lookup.index({cls.reshape({-1})}).to(torch::kInt).contiguous();
    const int32_t* m = mapped.data_ptr<int32_t>();
    Label* out = labels.data() + size_t(first) * t.pixels();
    for (size_t i = 0; i < size_t(n) * t.pixels(); ++i) out[i] = Label(m[i]);
    const float* c = sliceConfidence.data_ptr<float>();
    for (int64_t i = 0; i < n; ++i) confidence[size_t(first + i)] = std::clamp(c[i], 0.0f, 1.0f);
  }
  s.model->train();
}

void UNetTrainer::saveWeights(const std::filesystem::path& file) const {
  withoutBacktrace([&] {
    AtomicFile::write(file, NetworkWeights::serialise(*state_->model, state_->slices.classLabels), 0600);
    return 0;
  });
}

}  // namespace slicewise
