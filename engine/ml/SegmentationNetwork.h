#pragma once

// Private to the ml library: includes LibTorch, so only ml's .cpp files include it.
#include <torch/torch.h>

#include <memory>

#include "jobs/UNetParameters.h"

namespace slicewise {

// What the trainer needs of a 2D segmentation network: logits (N x classes x H x W) for images
// (N x channels x H x W) whose height and width are multiples of sizeMultiple(). Parameters of
// the contracting path are named encoder.* in every architecture (for encoder warm starts).
class SegmentationNetworkImpl : public torch::nn::Module {
 public:
  virtual torch::Tensor forward(torch::Tensor x) = 0;
  virtual int64_t sizeMultiple() const = 0;
};

// The network `parameters.architecture` names, with its parameters' shape. Draws its initial
// weights from LibTorch's global generator.
std::shared_ptr<SegmentationNetworkImpl> makeSegmentationNetwork(const UNetParameters& parameters,
                                                                 int64_t inChannels, int64_t classes);

}  // namespace slicewise
