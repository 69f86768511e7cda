#include "CommandRegistry.h"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <utility>

namespace slicewise::cli {

namespace {
std::vector<std::pair<int, CommandSetup>>& entries() {
  static std::vector<std::pair<int, CommandSetup>> list;
  return list;
}
}  // namespace

bool CommandRegistry::add(int order, CommandSetup setup) {
  entries().emplace_back(order, setup);
  return true;
}

void CommandRegistry::installAll(CLI::App& root) {
  auto list = entries();
  std::stable_sort(list.begin(), list.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  for (const auto& [order, setup] : list) setup(root);
}

}  // namespace slicewise::cli
