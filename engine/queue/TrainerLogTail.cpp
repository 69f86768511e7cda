#include "queue/TrainerLogTail.h"

#include <algorithm>
#include <fstream>

namespace slicewise {

std::string trainerLogTail(const std::filesystem::path& file, std::streamoff start, size_t maxBytes) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return {};
  in.seekg(0, std::ios::end);
  const std::streamoff size = in.tellg();
  if (size <= start) return {};
  const std::streamoff from = std::max(start, size - std::streamoff(maxBytes));
  in.seekg(from);
  std::string out(size_t(size - from), '\0');
  in.read(out.data(), std::streamsize(out.size()));
  if (from > start)
    if (const size_t nl = out.find('\n'); nl != std::string::npos && nl + 1 < out.size()) out.erase(0, nl + 1);
  return out;
}

}  // namespace slicewise
