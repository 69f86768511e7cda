#include "select/SsimSelector.h"

#include "select/ClusterBudgetSampler.h"
#include "select/SsimMatrix.h"

namespace slicewise {

std::vector<int64_t> SsimSelector::select(const Volume& volume, const SelectionRequest& request) const {
  requireSelectableCount(request, slicePlane(volume.geometry(), request.axis).count);
  const Eigen::MatrixXf similarity = SsimMatrix::compute(volume, request.axis);
  const Eigen::MatrixXd dissimilarity = (1.0f - similarity.array()).matrix().cast<double>();
  return ClusterBudgetSampler::selectByFeatures(dissimilarity, request);
}

}  // namespace slicewise
