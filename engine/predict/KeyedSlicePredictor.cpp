#include "predict/KeyedSlicePredictor.h"

#include <array>
#include <chrono>
#include <cmath>
#include <map>

#include "predict/TaperedCarry.h"

namespace slicewise {
namespace {

// Distance (mm) over which confidence falls to 1/e: about the slice gap at which interpolation
// stops being trustworthy for organ-sized structures.
constexpr double kConfidenceLengthMm = 20.0;

}  // namespace

float KeyedSlicePredictor::interpolatedConfidence(double dMm, double keyDice) {
  return float(std::exp(-dMm / kConfidenceLengthMm) * (0.5 + 0.5 * keyDice));
}

float KeyedSlicePredictor::carriedConfidence(double dMm) {
  return float(0.5 * std::exp(-dMm / kConfidenceLengthMm));
}

double KeyedSlicePredictor::sliceDice(const std::vector<Label>& a, const std::vector<Label>& b) {
  std::map<Label, std::array<uint64_t, 3>> counts;  // |A|, |B|, |A and B|
  for (size_t i = 0; i < a.size(); ++i) {
    if (a[i]) ++counts[a[i]][0];
    if (b[i]) ++counts[b[i]][1];
    if (a[i] && a[i] == b[i]) ++counts[a[i]][2];
  }
  if (counts.empty()) return 1.0;
  double sum = 0;
  for (const auto& [label, c] : counts) sum += 2.0 * double(c[2]) / double(c[0] + c[1]);
  return sum / double(counts.size());
}

Proposal KeyedSlicePredictor::predict(const PredictionInput& input) const {
  Proposal proposal;
  proposal.predictor = name();
  proposal.parametersJson = parametersJson();
  proposal.axis = input.axis;
  proposal.labels = LabelVolume(input.labels ? input.labels->geometry() : ImageGeometry{});
  KeySliceJob job(input, proposal);
  const SlicePlane& p = job.plane();
  proposal.keySlices = job.keys();
  proposal.sliceConfidence.assign(size_t(p.count), 0.0f);
  proposal.createdUnixSeconds = std::chrono::duration_cast<std::chrono::seconds>(
                                    std::chrono::system_clock::now().time_since_epoch())
                                    .count();

  for (size_t i = 0; i < job.keyCount(); ++i) {
    job.write(job.key(i), job.keySlice(i));  // a key's voxels are all the person's
    proposal.sliceConfidence[size_t(job.key(i))] = 1.0f;
  }
  const auto carry = [&](int64_t from, int64_t to, int64_t step, size_t outer, size_t inner) {
    std::vector<int64_t> slices;
    for (int64_t s = from; s != to; s += step) {
      slices.push_back(s);
      proposal.sliceConfidence[size_t(s)] =
          carriedConfidence(double(std::abs(s - job.key(outer))) * p.spacingNormal);
    }
    if (slices.empty()) return;
    const auto pixels = job.keySlice(outer);
    if (!tapersBeyondKeys()) {
      for (int64_t s : slices) job.write(s, pixels);
      return;
    }
    const TaperedCarry taper(pixels, job.keySlice(inner), p,
                             std::abs(job.key(outer) - job.key(inner)));
    for (int64_t s : slices) job.write(s, taper.at(std::abs(s - job.key(outer))));
  };
  const size_t last = job.keyCount() - 1;
  carry(0, job.keys().front(), 1, 0, std::min<size_t>(1, last));
  carry(p.count - 1, job.keys().back(), -1, last, last > 0 ? last - 1 : 0);

  for (size_t i = 0; i + 1 < job.keyCount(); ++i) {
    const int64_t a = job.key(i), b = job.key(i + 1);
    if (b - a < 2) continue;
    const double keyDice = sliceDice(job.keySlice(i), job.keySlice(i + 1));
    for (int64_t s = a + 1; s < b; ++s)
      proposal.sliceConfidence[size_t(s)] =
          interpolatedConfidence(double(std::min(s - a, b - s)) * p.spacingNormal, keyDice);
  }
  fillBetweenKeys(job);
  if (job.cancelled()) throw PredictionCancelled();
  return proposal;
}

}  // namespace slicewise
