#pragma once

#include <stdexcept>
#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace slicewise::cli {

// A failure the user can act on: printed as one line, exit code 1.
class CliFailure : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

using CommandSetup = void (*)(CLI::App& root);

// Subcommands register themselves at static-initialisation time; main() installs them in
// `order` so --help lists them in a stable, sensible order.
class CommandRegistry {
 public:
  static bool add(int order, CommandSetup setup);
  static void installAll(CLI::App& root);
};

}  // namespace slicewise::cli

#define SLICEWISE_CLI_COMMAND(order, setupFunction)                                   \
  namespace {                                                                         \
  [[maybe_unused]] const bool registered_##setupFunction =                            \
      ::slicewise::cli::CommandRegistry::add(order, &setupFunction);                  \
  }
