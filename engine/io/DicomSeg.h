#pragma once

#include <map>
#include <string>
#include <vector>

#include "model/LabelTable.h"
#include "model/LabelVolume.h"
#include "model/Provenance.h"
#include "io/DicomTypes.h"

namespace slicewise {

class OutputSet;

// DICOM SEG (Segmentation Storage, BINARY or FRACTIONAL) through DCMTK's dcmseg.
enum class SegmentAlgorithm { Manual, SemiAutomatic, Automatic };

struct DicomSegImport {
  LabelVolume labels;  // label = segment number
  LabelTable table;    // segment labels and recommended colours
  std::map<Label, SegmentAlgorithm> algorithms;
  std::vector<std::string> warnings;
  uint64_t overlapVoxels = 0;  // voxels claimed by more than one segment
};

// Puts the SEG's frames onto the volume readDicomSeries builds from `series`. Each frame goes by
// its ImagePositionPatient to the nearest slice of the series along the slice normal, where the
// slice's pixels really are (past a missing slice too), and within the slice by its in-plane
// offset (nearest neighbour), so frames on a gantry-tilted series' source positions land where
// the resampled image shows them. A frame further than a fifth of the slice spacing from every
// slice, or in another orientation or pixel spacing, is an IoError naming it. A voxel in several
// segments takes the later (higher-numbered) segment, and a warning names how many voxels that
// affected. Fractional segments count where the value is at least half the maximum. Also
// IoError: files that are not SEG, the LABELMAP Segmentation class
// (1.2.840.10008.5.1.4.1.1.66.7) DCMTK 3.6.7 cannot read, a SEG that references other series
// or another frame of reference than `series`, and frames the file is too short for.
DicomSegImport readDicomSeg(const std::string& path, const DicomSeriesInfo& series);

struct DicomSegExportOptions {
  LabelTable table;                               // names and colours; missing ids get defaults
  const ProvenanceVolume* provenance = nullptr;   // accepted voxels make a label SEMIAUTOMATIC
  std::map<Label, SegmentAlgorithm> algorithms;   // per-label type, wins over provenance
  std::string seriesDescription = "Slicewise segmentation";
  // Write even when the source series lacks Study, Series or FrameOfReference UIDs: the SEG then
  // cannot reference it and viewers cannot attach it (dciodvfy reports the missing references).
  bool force = false;
};

// Writes one segment per label present (name, CIELab colour, algorithm type: MANUAL for drawn
// labels, SEMIAUTOMATIC when a label holds accepted predictions) and one frame per slice the
// label touches, referencing the source images, their series and FrameOfReference. `labels`
// must lie on the grid of `source` (as importDicom builds it). Each frame carries the position
// where its pixels are: the source slice's own position, or on a gantry-tilted series the
// position on the resampled grid the labels were drawn on. Throws IoError, also for a source
// series without Study/Series/FrameOfReference UIDs unless options.force. The first form stages
// the file in `outputs` (files/OutputSet.h); the second writes it at once.
void writeDicomSeg(const LabelVolume& labels, const DicomSeriesInfo& source, const std::string& path,
                   OutputSet& outputs, const DicomSegExportOptions& options = {});
void writeDicomSeg(const LabelVolume& labels, const DicomSeriesInfo& source, const std::string& path,
                   const DicomSegExportOptions& options = {});

}  // namespace slicewise
