#include "core/SelectorFactory.h"

#include "core/HistogramSelector.h"
#include "core/KMeansSelector.h"
#include "core/KeepNSelector.h"
#include "core/RandomSelector.h"
#include "core/SsimSelector.h"

namespace slicewise {

std::unique_ptr<SliceSelector> makeCoreSelector(std::string_view name) {
  if (name == "random") return std::make_unique<RandomSelector>();
  if (name == "keep_n") return std::make_unique<KeepNSelector>();
  if (name == "kmeans") return std::make_unique<KMeansSelector>();
  if (name == "histogram") return std::make_unique<HistogramSelector>();
  if (name == "ssim") return std::make_unique<SsimSelector>();
  return nullptr;
}

std::vector<std::string> coreSelectorNames() { return {"random", "keep_n", "kmeans", "histogram", "ssim"}; }

}  // namespace slicewise
