#pragma once

// Private to the ml library: includes LibTorch, so only ml's .cpp files include it.
#include <torch/torch.h>

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "model/LabelVolume.h"

namespace slicewise {

// A weights file as the trainer writes it (weights.pt: the network's parameters by name, plus the
// class labels its head predicts) or any TorchScript-loadable archive of named tensors, read to
// warm-start another network by name and shape.
class NetworkWeights {
 public:
  // Throws std::invalid_argument naming the file when it is not such an archive.
  NetworkWeights(const std::string& file, const torch::Device& device);

  // Copies every parameter and buffer of `network` that `take` accepts (by dotted name) and the
  // file holds with the same shape; returns how many were copied.
  int copyInto(torch::nn::Module& network, const std::function<bool(const std::string&)>& take);

  // The class labels the file's head predicts (class index -> label), nullopt when the file does
  // not record them (an archive from elsewhere, or weights saved before they were recorded).
  std::optional<std::vector<Label>> classLabels();

  // Writes `network` and its class labels as the trainer's weights.pt.
  static std::string serialise(const torch::nn::Module& network, const std::vector<Label>& classLabels);

 private:
  std::optional<torch::Tensor> read(const std::string& dottedName, bool buffer);

  torch::serialize::InputArchive archive_;
};

}  // namespace slicewise
