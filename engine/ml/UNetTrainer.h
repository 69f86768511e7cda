#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "jobs/UNetParameters.h"
#include "model/LabelVolume.h"

namespace slicewise {

// One volume's key slices, ready to train on: normalised pixels and class indices, u fastest.
struct TrainingSlices {
  int64_t width = 0, height = 0;       // pixels along u and v
  double spacingU = 1, spacingV = 1;   // mm
  std::vector<float> images;           // count() x height x width
  std::vector<uint16_t> classes;       // count() x height x width, indices into classLabels
  std::vector<Label> classLabels;      // class index -> label; [0] is background (0)

  size_t pixels() const { return size_t(width) * size_t(height); }
  int64_t count() const { return pixels() ? int64_t(images.size() / pixels()) : 0; }
};

// Where training stands, passed to the observer after every iteration.
struct TrainingStatus {
  int64_t iteration = 0;     // iterations done
  int64_t iterations = 0;    // the budget
  double loss = 0;           // this iteration's loss
  double smoothedLoss = 0;   // exponential moving average over ~50 iterations
  double elapsedSeconds = 0; // including the runs this one resumed
  double iterationsPerSecond = 0;
  int64_t checkpointIteration = 0;
  int64_t resumedFromIteration = 0;
  std::string device;        // where it runs: "cpu", "cuda:0", ...
};

// How a training run is hosted: an optional checkpoint file to resume from and to save to, and
// an observer that may stop training (returning false) after any iteration.
struct TrainingSession {
  std::filesystem::path checkpoint;
  std::function<bool(const TrainingStatus&)> onIteration;
};

struct TrainingOutcome {
  int64_t iterations = 0;          // iterations trained in all
  int64_t resumedFromIteration = 0;
  double finalLoss = 0;            // smoothed
  double firstLoss = 0;            // smoothed loss after the first iteration (0 when resumed past it)
  double seconds = 0;              // training time, including resumed runs
  std::string stopReason;          // "iterations", "plateau", "time limit", "stopped"
  bool completed = false;          // false when the observer stopped it early (resumable)
  int initialTensors = 0;          // tensors copied from UNetParameters::initialWeights
};

// Trains a 2D segmentation network (the architecture the parameters name: UNet2d,
// DeepLabV3Plus2d or MAnet2d) from scratch, or from initial weights, on one volume's key slices with softmax
// cross-entropy + soft Dice, Adam and a one-cycle learning rate, and predicts other slices.
// On the CPU, a seed gives the same weights on every run with the same thread count, also when
// the run was killed and resumed from its checkpoint: every random draw is a function of (seed,
// iteration) and a checkpoint holds the weights, the optimiser state and the loss history.
// On CUDA the forward pass runs under bf16 autocast.
class UNetTrainer {
 public:
  // `device`: "auto" (CUDA when available), "cpu", "cuda" or "cuda:N". Throws
  // std::invalid_argument for bad parameters or an unusable device.
  UNetTrainer(TrainingSlices slices, const UNetParameters& parameters, const std::string& device,
              uint64_t seed);
  ~UNetTrainer();

  // Trains until a stop criterion holds or the observer says stop (completed = false then; the
  // checkpoint, when there is one, is saved first). Resumes from the session's checkpoint when it
  // exists and was made for the same slices, parameters and seed.
  TrainingOutcome train(const TrainingSession& session);

  // Labels (classLabels values) and a confidence in [0, 1] for each of `count` normalised
  // slices of the training slices' size (count x height x width, u fastest): the mean largest
  // softmax probability over the slice's foreground and uncertain pixels (1 for a slice the
  // network is sure is empty).
  void predict(const std::vector<float>& images, int64_t count, std::vector<Label>& labels,
               std::vector<float>& confidence);

  // The softmax of each of `count` normalised slices (as predict() takes them): count x classes
  // x height x width, classes in classLabels() order.
  void predictProbabilities(const std::vector<float>& images, int64_t count, std::vector<float>& probabilities);
  // Class index -> label; [0] is background.
  const std::vector<Label>& classLabels() const;

  // The trained network as a TorchScript-loadable archive (its parameters by name, and its class
  // labels as "class_labels", so that initial_weights can tell whether its head fits).
  void saveWeights(const std::filesystem::path& file) const;
  std::string deviceName() const;
  int threadCount() const;

 private:
  void setUp(TrainingSlices slices, const UNetParameters& parameters, const std::string& device, uint64_t seed);
  TrainingOutcome trainSteps(const TrainingSession& session);
  void predictSlices(const std::vector<float>& images, int64_t count, std::vector<Label>& labels,
                     std::vector<float>& confidence);

  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace slicewise
