#include "PacsProgressPrinter.h"

#include <unistd.h>

#include <cstdio>
#include <iostream>

namespace slicewise::cli {

namespace {

std::string megabytes(uint64_t bytes) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f MB", double(bytes) / 1e6);
  return text;
}

}  // namespace

PacsProgressPrinter::PacsProgressPrinter(std::string verb) : verb_(std::move(verb)), terminal_(::isatty(2) == 1) {}

PacsProgressPrinter::~PacsProgressPrinter() {
  if (terminal_ && drew_) std::cerr << "\n";
}

void PacsProgressPrinter::operator()(const PacsProgress& p) {
  // Appended piecewise: GCC 12 warns falsely (-Wrestrict) on "literal" + std::string here.
  std::string line = verb_;
  line += ' ';
  line += std::to_string(p.done);
  if (p.total >= 0) {
    line += '/';
    line += std::to_string(p.total);
  }
  line += " images (";
  line += megabytes(p.bytes);
  line += ')';
  if (terminal_) {
    std::cerr << "\r" << line << std::flush;
    drew_ = true;
    return;
  }
  const int tenth = p.total > 0 ? p.done * 10 / p.total : p.done / 50;
  if (tenth == lastTenth_ || p.done == 0) return;
  lastTenth_ = tenth;
  std::cerr << line << "\n";
}

PacsProgressCallback PacsProgressPrinter::callback() {
  return [this](const PacsProgress& p) { (*this)(p); };
}

}  // namespace slicewise::cli
