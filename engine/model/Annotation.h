#pragma once

#include "model/LabelTable.h"
#include "model/LabelVolume.h"
#include "model/Provenance.h"
#include "model/SliceMarks.h"

namespace slicewise {

// Everything a person decides about one volume: labels, who decided each voxel, what was said
// about whole slices, and the label table. Changed only through AnnotationEditor.
struct Annotation {
  LabelVolume labels;
  ProvenanceVolume provenance;
  SliceMarks marks;
  LabelTable table;

  Annotation() = default;
  explicit Annotation(const ImageGeometry& geometry) : labels(geometry), provenance(geometry) {}
  const ImageGeometry& geometry() const { return labels.geometry(); }
  bool operator==(const Annotation& o) const {
    return labels.data() == o.labels.data() && provenance.data() == o.provenance.data() &&
           marks == o.marks && table == o.table;
  }
};

}  // namespace slicewise
