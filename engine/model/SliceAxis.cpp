#include "model/SliceAxis.h"

#include <algorithm>
#include <cmath>
#include <vector>

namespace slicewise {

std::string_view axisName(SliceAxis axis) {
  switch (axis) {
    case SliceAxis::Axial: return "axial";
    case SliceAxis::Coronal: return "coronal";
    case SliceAxis::Sagittal: return "sagittal";
  }
  return "axial";
}

std::optional<SliceAxis> parseAxis(std::string_view name) {
  for (SliceAxis a : kAllAxes)
    if (axisName(a) == name) return a;
  return std::nullopt;
}

SliceAxis AxisLayout::axisOfDim(int dim) const {
  for (SliceAxis a : kAllAxes)
    if (voxelDim[size_t(a)] == dim) return a;
  return SliceAxis::Axial;
}

AxisLayout axisLayout(const ImageGeometry& g) {
  // Patient component p of LPS: 0 = L-R (sagittal stacking), 1 = P-A (coronal), 2 = S-I (axial).
  constexpr std::array<SliceAxis, 3> axisOfComponent{SliceAxis::Sagittal, SliceAxis::Coronal,
                                                     SliceAxis::Axial};
  constexpr std::array<char, 3> plus{'L', 'P', 'S'}, minus{'R', 'A', 'I'};
  // Greedy on the largest remaining |cosine| keeps the assignment a permutation for oblique data.
  struct Pair { double weight; int dim; int component; };
  std::vector<Pair> pairs;
  for (int dim = 0; dim < 3; ++dim)
    for (int comp = 0; comp < 3; ++comp)
      pairs.push_back({std::abs(g.direction[size_t(comp * 3 + dim)]), dim, comp});
  std::stable_sort(pairs.begin(), pairs.end(),
                   [](const Pair& a, const Pair& b) { return a.weight > b.weight; });
  AxisLayout layout;
  std::array<bool, 3> dimUsed{}, compUsed{};
  for (const Pair& p : pairs) {
    if (dimUsed[size_t(p.dim)] || compUsed[size_t(p.component)]) continue;
    dimUsed[size_t(p.dim)] = compUsed[size_t(p.component)] = true;
    layout.voxelDim[size_t(axisOfComponent[size_t(p.component)])] = p.dim;
    const double cosine = g.direction[size_t(p.component * 3 + p.dim)];
    layout.toward[size_t(p.dim)] =
        cosine >= 0 ? plus[size_t(p.component)] : minus[size_t(p.component)];
  }
  return layout;
}

SlicePlane slicePlaneForDim(const ImageGeometry& g, int normalDim) {
  SlicePlane p;
  p.normalDim = normalDim;
  p.uDim = normalDim == 0 ? 1 : 0;
  p.vDim = normalDim == 2 ? 1 : 2;
  p.width = g.size[size_t(p.uDim)];
  p.height = g.size[size_t(p.vDim)];
  p.count = g.size[size_t(normalDim)];
  p.spacingU = g.spacing[size_t(p.uDim)];
  p.spacingV = g.spacing[size_t(p.vDim)];
  p.spacingNormal = g.spacing[size_t(normalDim)];
  return p;
}

SlicePlane slicePlane(const ImageGeometry& g, SliceAxis axis) {
  return slicePlaneForDim(g, axisLayout(g).dimOf(axis));
}

}  // namespace slicewise
