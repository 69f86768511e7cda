#pragma once

#include <map>
#include <string>
#include <vector>

#include "model/LabelTable.h"
#include "model/LabelVolume.h"
#include "model/Provenance.h"
#include "io/DicomTypes.h"

namespace slicewise {

// DICOM SEG (Segmentation Storage, BINARY or FRACTIONAL) through DCMTK's dcmseg.
enum class SegmentAlgorithm { Manual, SemiAutomatic, Automatic };

struct DicomSegImport {
  LabelVolume labels;  // label = segment number
  LabelTable table;    // segment labels and recommended colours
  std::map<Label, SegmentAlgorithm> algorithms;
  std::vector<std::string> warnings;
  uint64_t overlapVoxels = 0;  // voxels claimed by more than one segment
};

// Puts the SEG's frames onto `grid` (the geometry of the series it segments) by their
// ImagePositionPatient. A voxel in several segments takes the later (higher-numbered) segment,
// and a warning names how many voxels that affected. Fractional segments count where the value
// is at least half the maximum. Throws IoError for files that are not SEG, for the LABELMAP
// Segmentation class (1.2.840.10008.5.1.4.1.1.66.7) DCMTK 3.6.7 cannot read, and for frames
// that do not fit the grid.
DicomSegImport readDicomSeg(const std::string& path, const ImageGeometry& grid);

struct DicomSegExportOptions {
  LabelTable table;                               // names and colours; missing ids get defaults
  const ProvenanceVolume* provenance = nullptr;   // accepted voxels make a label SEMIAUTOMATIC
  std::map<Label, SegmentAlgorithm> algorithms;   // per-label type, wins over provenance
  std::string seriesDescription = "Slicewise segmentation";
};

// Writes one segment per label present (name, CIELab colour, algorithm type: MANUAL for drawn
// labels, SEMIAUTOMATIC when a label holds accepted predictions) and one frame per slice the
// label touches, referencing the source images, their series and FrameOfReference. `labels`
// must lie on the grid of `source` (as importDicom builds it). Throws IoError.
void writeDicomSeg(const LabelVolume& labels, const DicomSeriesInfo& source, const std::string& path,
                   const DicomSegExportOptions& options = {});

}  // namespace slicewise
