#include "jobs/CohortModelJob.h"

#include <algorithm>
#include <limits>

#include "jobs/IntensityNormaliser.h"

namespace slicewise {

namespace {

// The stack's voxel dimension along `axis` when the direction is the identity (LPS).
int stackDim(SliceAxis axis) { return axisLayout(ImageGeometry{}).dimOf(axis); }

struct MemberSlices {
  int64_t width = 0, height = 0;
  std::vector<int64_t> labelled;  // ascending slice indices that hold a label
};

MemberSlices survey(const LabelVolume& labels, SliceAxis axis) {
  const SlicePlane plane = slicePlane(labels.geometry(), axis);
  MemberSlices m{plane.width, plane.height, {}};
  for (int64_t s = 0; s < plane.count; ++s)
    if (!labels.sliceIsEmpty(plane, s)) m.labelled.push_back(s);
  return m;
}

}  // namespace

JobFolder createCohortModelJob(const std::filesystem::path& folder, const std::vector<CohortTrainingMember>& members,
                               SliceAxis axis, const UNetParameters& parameters, uint64_t seed, int64_t maxKeys) {
  if (members.empty()) throw JobError("a cohort model needs at least one finished volume");
  if (maxKeys < 1) throw JobError("a cohort model needs room for at least one key slice");
  try {
    parameters.validate();
  } catch (const std::invalid_argument& e) {
    throw JobError(std::string("invalid parameters: ") + e.what());
  }

  // First pass, labels only: the stack's in-plane size and which slices it takes.
  std::vector<MemberSlices> surveys;
  int64_t width = 0, height = 0, labelled = 0;
  ImageGeometry first;
  for (size_t m = 0; m < members.size(); ++m) {
    const LabelVolume labels = members[m].labels();
    if (m == 0) first = labels.geometry();
    surveys.push_back(survey(labels, axis));
    width = std::max(width, surveys.back().width);
    height = std::max(height, surveys.back().height);
    labelled += int64_t(surveys.back().labelled.size());
  }
  if (labelled == 0) throw JobError("no member of the cohort has a labelled slice along the axis");

  // Beyond the cap, every labelled slice of the cohort in order, evenly spread and centred as
  // keep_n spreads keys ((2i + 1) n div 2k).
  const int64_t keys = std::min(labelled, maxKeys);
  std::vector<std::vector<int64_t>> taken(members.size());
  {
    int64_t next = 0, i = 0, position = 0;
    for (size_t m = 0; m < members.size(); ++m)
      for (int64_t s : surveys[m].labelled) {
        next = (2 * i + 1) * labelled / (2 * keys);
        if (i < keys && position == next) {
          taken[m].push_back(s);
          ++i;
        }
        ++position;
      }
  }

  const SlicePlane firstPlane = slicePlane(first, axis);
  ImageGeometry g;
  const int normal = stackDim(axis);
  const SlicePlane layout = slicePlaneForDim(g, normal);
  g.size[size_t(normal)] = keys;
  g.size[size_t(layout.uDim)] = width;
  g.size[size_t(layout.vDim)] = height;
  g.spacing[size_t(normal)] = firstPlane.spacingNormal;
  g.spacing[size_t(layout.uDim)] = firstPlane.spacingU;
  g.spacing[size_t(layout.vDim)] = firstPlane.spacingV;
  const SlicePlane stack = slicePlaneForDim(g, normal);

  std::vector<float> pixels(g.voxelCount(), 0.0f);
  LabelVolume stackLabels(g);
  int64_t k = 0;
  for (size_t m = 0; m < members.size(); ++m) {
    if (taken[m].empty()) continue;
    const Volume image = members[m].image();
    const LabelVolume labels = members[m].labels();
    if (image.geometry().size != labels.geometry().size)
      throw JobError("member " + std::to_string(m + 1) + " of the cohort has labels of another size than its image");
    const SlicePlane plane = slicePlane(image.geometry(), axis);
    // As a study's network is normalised: the CT window from the slices' labelled voxels.
    std::vector<float> labelled;
    for (int64_t s : taken[m]) {
      const std::vector<float> slice = image.sliceAsFloat(plane, s);
      const std::vector<Label> sliceLabels = labels.slice(plane, s);
      for (size_t p = 0; p < slice.size(); ++p)
        if (sliceLabels[p]) labelled.push_back(slice[p]);
    }
    const IntensityNormaliser normalise = IntensityNormaliser::fit(image, parameters, std::move(labelled));
    const float background = normalise(image.visit([](const auto& v) {
      float low = std::numeric_limits<float>::max();
      for (const auto x : v) low = std::min(low, float(x));
      return low;
    }));
    const int64_t u0 = (width - plane.width) / 2, v0 = (height - plane.height) / 2;
    for (int64_t s : taken[m]) {
      std::vector<float> slice = image.sliceAsFloat(plane, s);
      normalise.apply(slice.data(), slice.size());
      const std::vector<Label> sliceLabels = labels.slice(plane, s);
      std::vector<float> outPixels(stack.pixelCount(), background);
      std::vector<Label> outLabels(stack.pixelCount(), 0);
      for (int64_t v = 0; v < plane.height; ++v)
        for (int64_t u = 0; u < plane.width; ++u) {
          const size_t from = size_t(v * plane.width + u), to = size_t((v + v0) * width + (u + u0));
          outPixels[to] = slice[from];
          outLabels[to] = sliceLabels[from];
        }
      for (int64_t v = 0; v < height; ++v)
        for (int64_t u = 0; u < width; ++u) {
          const Index3 at = stack.voxel(k, u, v);
          pixels[g.linearIndex(at[0], at[1], at[2])] = outPixels[size_t(v * width + u)];
        }
      stackLabels.setSlice(stack, k, outLabels);
      ++k;
    }
  }

  JobDescription job;
  job.parameters = parameters;
  job.parameters.intensity = IntensityMode::None;
  job.predictor = std::string(architectureName(parameters.architecture));
  job.geometry = g;
  job.imagePixelType = PixelType::Float32;
  job.axis = axis;
  for (int64_t i = 0; i < keys; ++i) job.keySlices.push_back(i);
  job.keyState = "cohort";
  job.seed = seed;
  return JobFolder::create(folder, job, Volume(g, std::move(pixels)), stackLabels);
}

}  // namespace slicewise
