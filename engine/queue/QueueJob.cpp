#include "queue/QueueJob.h"

#include <array>

namespace slicewise {

namespace {

constexpr std::array<std::string_view, 6> kStates{"queued", "scheduled", "running", "done", "failed", "cancelled"};
constexpr std::array<std::string_view, 2> kWhens{"now", "tonight"};

}  // namespace

std::string_view queueStateName(QueueState state) { return kStates[size_t(state)]; }

std::optional<QueueState> queueStateFromName(std::string_view name) {
  for (size_t i = 0; i < kStates.size(); ++i)
    if (kStates[i] == name) return QueueState(i);
  return std::nullopt;
}

std::string_view queueWhenName(QueueWhen when) { return kWhens[size_t(when)]; }

std::optional<QueueWhen> queueWhenFromName(std::string_view name) {
  for (size_t i = 0; i < kWhens.size(); ++i)
    if (kWhens[i] == name) return QueueWhen(i);
  return std::nullopt;
}

}  // namespace slicewise
