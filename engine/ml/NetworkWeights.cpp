#include "ml/NetworkWeights.h"

#include <memory>
#include <sstream>
#include <stdexcept>

namespace slicewise {

namespace {

constexpr const char* kClassLabels = "class_labels";

}  // namespace

NetworkWeights::NetworkWeights(const std::string& file, const torch::Device& device) {
  try {
    archive_.load_from(file, device);
  } catch (const c10::Error&) {
    throw std::invalid_argument("cannot load the weights '" + file + "' (a TorchScript file)");
  }
}

std::optional<torch::Tensor> NetworkWeights::read(const std::string& dottedName, bool buffer) {
  // a.b.c: walk the archive's module hierarchy down to the tensor.
  std::vector<std::string> parts;
  std::stringstream split(dottedName);
  for (std::string part; std::getline(split, part, '.');) parts.push_back(part);
  if (parts.empty()) return std::nullopt;
  std::vector<std::unique_ptr<torch::serialize::InputArchive>> path;  // archives cannot be copied
  torch::serialize::InputArchive* node = &archive_;
  for (size_t i = 0; i + 1 < parts.size(); ++i) {
    path.push_back(std::make_unique<torch::serialize::InputArchive>());
    if (!node->try_read(parts[i], *path.back())) return std::nullopt;
    node = path.back().get();
  }
  torch::Tensor value;
  if (!node->try_read(parts.back(), value, buffer)) return std::nullopt;
  return value;
}

int NetworkWeights::copyInto(torch::nn::Module& network, const std::function<bool(const std::string&)>& take) {
  torch::NoGradGuard noGrad;
  int copied = 0;
  const auto copy = [&](const std::string& name, torch::Tensor& target, bool buffer) {
    if (!take(name)) return;
    const auto value = read(name, buffer);
    if (!value || value->sizes() != target.sizes()) return;
    target.copy_(value->to(target.device(), target.scalar_type()));
    ++copied;
  };
  for (auto& item : network.named_parameters()) copy(item.key(), item.value(), false);
  for (auto& item : network.named_buffers()) copy(item.key(), item.value(), true);
  return copied;
}

std::optional<std::vector<Label>> NetworkWeights::classLabels() {
  const auto value = read(kClassLabels, true);
  if (!value || value->dim() != 1) return std::nullopt;
  const torch::Tensor labels = value->to(torch::kCPU, torch::kLong).contiguous();
  std::vector<Label> out;
  for (int64_t i = 0; i < labels.size(0); ++i) out.push_back(Label(labels.data_ptr<int64_t>()[i]));
  return out;
}

std::string NetworkWeights::serialise(const torch::nn::Module& network, const std::vector<Label>& classLabels) {
  torch::serialize::OutputArchive archive;
  network.save(archive);
  // A buffer, not a parameter: whoever loads the file as a network sees only its own parameters.
  archive.write(kClassLabels, torch::tensor(std::vector<int64_t>(classLabels.begin(), classLabels.end()), torch::kLong),
                /*is_buffer=*/true);
  std::ostringstream bytes;
  archive.save_to(bytes);
  return bytes.str();
}

}  // namespace slicewise
