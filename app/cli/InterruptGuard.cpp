#include "InterruptGuard.h"

#include <signal.h>

namespace slicewise::cli {

namespace {

std::atomic<bool> interrupted{false};
struct sigaction previousInt, previousTerm;

void onSignal(int) { interrupted = true; }

}  // namespace

InterruptGuard::InterruptGuard() {
  interrupted = false;
  struct sigaction action {};
  action.sa_handler = onSignal;
  sigemptyset(&action.sa_mask);
  ::sigaction(SIGINT, &action, &previousInt);
  ::sigaction(SIGTERM, &action, &previousTerm);
}

InterruptGuard::~InterruptGuard() {
  ::sigaction(SIGINT, &previousInt, nullptr);
  ::sigaction(SIGTERM, &previousTerm, nullptr);
}

const std::atomic<bool>* InterruptGuard::flag() const { return &interrupted; }

}  // namespace slicewise::cli
