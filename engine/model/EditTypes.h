#pragma once

#include <cstdint>
#include <stdexcept>
#include <vector>

#include "model/LabelVolume.h"
#include "model/Provenance.h"

namespace slicewise {

// Voxels as linear indices into the volume (i fastest), as the tools hand them to the editor.
using VoxelList = std::vector<int64_t>;

// An edit the rules refuse as a whole (painting with a locked label, deleting a locked label,
// a slice outside the volume). Voxel-level refusals (a locked voxel inside a stroke) are not
// errors: those voxels are simply left as they are.
class EditError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Which voxels a paint or erase may change.
struct OverwriteRule {
  enum class Mode : uint8_t { All, OnlyUnlabelled, OnlyLabel };
  Mode mode = Mode::All;
  Label only = 0;  // for OnlyLabel

  static OverwriteRule all() { return {}; }
  static OverwriteRule unlabelled() { return {Mode::OnlyUnlabelled, 0}; }
  static OverwriteRule over(Label label) { return {Mode::OnlyLabel, label}; }
  bool allows(Label current) const {
    switch (mode) {
      case Mode::All: return true;
      case Mode::OnlyUnlabelled: return current == 0;
      case Mode::OnlyLabel: return current == only;
    }
    return false;
  }
};

// Who makes a change decides what it may overwrite and what provenance it leaves (DESIGN §2):
// a person's paint overwrites anything and marks voxels drawn; accepting a proposal keeps drawn
// voxels and marks the rest accepted; anything automatic keeps drawn and accepted voxels.
enum class EditActor : uint8_t { Person, Review, Automatic };

inline VoxelOrigin originLeftBy(EditActor actor) {
  switch (actor) {
    case EditActor::Person: return VoxelOrigin::Drawn;
    case EditActor::Review: return VoxelOrigin::Accepted;
    case EditActor::Automatic: return VoxelOrigin::None;
  }
  return VoxelOrigin::None;
}

inline bool mayOverwrite(EditActor actor, VoxelOrigin current) {
  switch (actor) {
    case EditActor::Person: return true;
    case EditActor::Review: return current != VoxelOrigin::Drawn;
    case EditActor::Automatic: return current == VoxelOrigin::None;
  }
  return false;
}

}  // namespace slicewise
