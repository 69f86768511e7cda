#pragma once

#include <stdexcept>

namespace slicewise {

// A cohort could not be created, opened, changed or exported; one line a person can act on.
class CohortError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace slicewise
