#pragma once

#include <string>
#include <vector>

namespace slicewise {

// What the "ensemble" predictor combines (typed, as the CLI and the app pass it to the network
// module): the names of its members, at most one of them a network ("unet", "deeplab",
// "manet"; trained with the UNetParameters that travel beside these), the others interpolators
// ("shape", "nearest", ...), and the temperature that turns an interpolator's labels into
// probabilities: a logistic of each label's signed distance (mm, positive inside) over `tauMm`.
// The default tau was measured on the shared brain MRI (keep_n 12.5 % and 20 %, README).
struct EnsembleParameters {
  std::vector<std::string> members{"unet", "shape"};
  double tauMm = 4.0;

  bool operator==(const EnsembleParameters&) const = default;
};

}  // namespace slicewise
