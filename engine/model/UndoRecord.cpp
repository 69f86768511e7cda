#include "model/UndoRecord.h"

namespace slicewise {

namespace {

size_t tableBytes(const LabelTable& t) {
  size_t n = sizeof(LabelTable);
  for (const auto& [id, info] : t.all()) n += sizeof(info) + info.name.size() + 48;  // map node
  return n;
}

}  // namespace

size_t UndoRecord::bytes() const {
  return sizeof(*this) + description.size() + voxels.heapBytes() +
         marks.capacity() * sizeof(MarkChange) +
         (table ? tableBytes(table->before) + tableBytes(table->after) : 0);
}

}  // namespace slicewise
