#include "predict/GuidedShapePredictor.h"
#include "predict/MorphologicalContourPredictor.h"
#include "predict/NearestPredictor.h"
#include "predict/ShapeInterpolationPredictor.h"
#include "predict/SlicePredictor.h"

namespace slicewise {

std::unique_ptr<SlicePredictor> makeInterpolationPredictor(std::string_view name) {
  if (name == "nearest") return std::make_unique<NearestPredictor>();
  if (name == "shape") return std::make_unique<ShapeInterpolationPredictor>();
  if (name == "shape-linear")
    return std::make_unique<ShapeInterpolationPredictor>(ShapeInterpolationPredictor::Mode::Linear);
  if (name == "morph") return std::make_unique<MorphologicalContourPredictor>();
  if (name == "guided") return std::make_unique<GuidedShapePredictor>();
  return nullptr;
}

std::vector<std::string> interpolationPredictorNames() {
  return {"nearest", "shape", "shape-linear", "morph", "guided"};
}

}  // namespace slicewise
