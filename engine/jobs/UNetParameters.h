#pragma once

#include <array>
#include <cstdint>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <string_view>

namespace slicewise {

// How slice intensities are made comparable before training: a CT window (clipped to its low and
// high HU, mapped to [-1, 1]) or a robust z-score (median and
// interquartile range of the volume, clipped to +-5). Auto takes the CT window for int16 volumes
// whose 1st percentile is at most -500 (air in Hounsfield units), the z-score otherwise. None
// takes the pixels as they are: for volumes whose creator normalised them already (a cohort
// model's stacked slices, each member normalised on its own).
enum class IntensityMode : uint8_t { Auto, ZScore, CtWindow, None };

std::string_view intensityModeName(IntensityMode mode);

// The per-volume segmentation networks, all trained the same way (UNetTrainer):
//  - UNet: encoder-decoder with skip connections at every level.
//  - DeepLabV3Plus: a residual encoder down to 1/outputStride (dilated convolutions beyond),
//    atrous spatial pyramid pooling, a decoder joining the 1/4 resolution features.
//  - MAnet: a U-shaped encoder-decoder with a position-wise attention block at the bottom and
//    multi-scale fusion attention blocks (channel attention from both inputs) in the decoder.
// Names as the CLI and job.json spell them: "unet", "deeplab", "manet".
enum class NetworkArchitecture : uint8_t { UNet, DeepLabV3Plus, MAnet };

std::string_view architectureName(NetworkArchitecture architecture);
std::optional<NetworkArchitecture> parseArchitecture(std::string_view name);

// Everything that shapes a per-volume U-Net's training, typed, with the defaults the CLI, the
// queue and job folders share. The random seed and the device travel beside these (they choose
// how the work is done, not what is learnt).
struct UNetParameters {
  NetworkArchitecture architecture = NetworkArchitecture::UNet;
  // Network: `levels` resolution levels (levels - 1 poolings), `width` channels at the first
  // level, doubling at each level below (unet, manet). DeepLabV3+ takes `width` as the channels
  // of its stride-2 stem (stages of width, 2 width, 4 width and 4 width follow) and ignores
  // `levels`.
  int levels = 4;
  int width = 16;
  // DeepLabV3+ only: the encoder's output stride (8 or 16; beyond it convolutions are dilated)
  // and the three atrous rates of its spatial pyramid pooling, in pixels of the encoder's output.
  int outputStride = 8;
  std::array<int, 3> atrousRates{2, 4, 6};

  // Training: iterations of `batch` key slices each, Adam with a one-cycle learning rate peaking
  // at learningRate, small affine and intensity augmentation (never flips: they would swap left
  // and right labels). 500 iterations: on 2 CPU cores the brain MRI (78x110 slices) trains in
  // about 90 s, and the 128x128x64 sample reaches 0.996 of the Dice of 4x as many (README).
  int64_t iterations = 500;
  int batch = 8;
  // Each training sample is a random crop x crop window of a key slice (rounded up to the
  // network's pooling multiple; 0 or a size beyond the slice: whole slices). Prediction always
  // sees whole slices.
  int crop = 0;
  double learningRate = 0.01;
  bool augment = true;
  IntensityMode intensity = IntensityMode::Auto;
  // The CT window: chosen from the key slices' labelled voxels (ctWindowFromLabels, job.json
  // "ct_window": "auto"; IntensityNormaliser says how), or [ctWindowLow, ctWindowHigh] HU as
  // given.
  bool ctWindowFromLabels = true;
  double ctWindowLow = -1000, ctWindowHigh = 1000;

  // Stop early when the smoothed training loss has not fallen by plateauTolerance (relative) for
  // plateauIterations iterations (0: never), or after timeLimitSeconds (0: no limit).
  int64_t plateauIterations = 0;
  double plateauTolerance = 0.01;
  double timeLimitSeconds = 0;

  // A TorchScript file whose parameters warm-start the encoder where names and shapes match
  // (empty: from scratch).
  std::string encoderWeights;
  // A weights file the trainer saved (a finished job's weights.pt, e.g. a cohort model) whose
  // parameters start the whole network where names and shapes match; the class head only when
  // the file's class labels equal this volume's. Training follows the same one-cycle schedule as
  // from scratch (why: UNetTrainer.cpp's oneCycle). Empty: from scratch.
  std::string initialWeights;

  // CPU threads (0: every core).
  int threads = 0;

  // The trainer writes a checkpoint every checkpointSeconds and, when checkpointIterations > 0,
  // every checkpointIterations iterations.
  double checkpointSeconds = 180;
  int64_t checkpointIterations = 0;

  // Throws std::invalid_argument naming the first parameter out of range.
  void validate() const;
  bool operator==(const UNetParameters&) const = default;
};

// As a JSON object with snake_case keys (job.json's "parameters", a proposal's parameters).
nlohmann::json toJson(const UNetParameters& parameters);
// Missing keys keep their defaults; unknown keys and wrong types throw std::invalid_argument, so a
// misspelt parameter is never silently ignored.
UNetParameters unetParametersFromJson(const nlohmann::json& object);

}  // namespace slicewise
