#include "select/KMeansSelector.h"

#include "select/ClusterBudgetSampler.h"
#include "select/KMeans.h"
#include "select/SliceStack.h"

namespace slicewise {

std::vector<int64_t> KMeansSelector::select(const Volume& volume, const SelectionRequest& request) const {
  requireSelectableCount(request, slicePlane(volume.geometry(), request.axis).count);
  const SliceStack stack = SliceStack::extractForComparison(volume, request.axis);
  const Eigen::MatrixXd coordinates =
      distancePreservingEmbedding(stack.values.data(), stack.count, int64_t(stack.pixels()));
  return ClusterBudgetSampler::selectByFeatures(coordinates, request);
}

}  // namespace slicewise
