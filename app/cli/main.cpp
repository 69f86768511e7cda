#include <CLI/CLI.hpp>
#include <csignal>
#include <exception>
#include <iostream>

#include "CommandRegistry.h"

int main(int argc, char** argv) {
  // Past a file size limit (ulimit -f) a write then fails with EFBIG, which the writers report
  // as one line, instead of the signal killing the process with a half-written file.
  std::signal(SIGXFSZ, SIG_IGN);
  CLI::App app{"Slicewise: segment a volume from a few annotated slices", "slicewise-cli"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "slicewise-cli 0.1.0");
  slicewise::cli::CommandRegistry::installAll(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::Success& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return 2;
  } catch (const std::bad_alloc&) {
    std::cerr << "slicewise-cli: error: out of memory\n";
    return 1;
  } catch (const std::exception& e) {
    std::cerr << "slicewise-cli: error: " << e.what() << "\n";
    return 1;
  } catch (...) {
    // Some libraries throw types of their own; still one line and exit 1, never an abort.
    std::cerr << "slicewise-cli: error: unexpected failure\n";
    return 1;
  }
  return 0;
}
