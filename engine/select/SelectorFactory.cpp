#include "select/SelectorFactory.h"

#include "select/HistogramSelector.h"
#include "select/KMeansSelector.h"
#include "select/KeepNSelector.h"
#include "select/RandomSelector.h"
#include "select/SsimSelector.h"

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
