#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcuid.h>
#include <dcmtk/dcmfg/fgderimg.h>
#include <dcmtk/dcmfg/fgfracon.h>
#include <dcmtk/dcmfg/fgpixmsr.h>
#include <dcmtk/dcmfg/fgplanor.h>
#include <dcmtk/dcmfg/fgplanpo.h>
#include <dcmtk/dcmiod/cielabutil.h>
#include <dcmtk/dcmiod/iodreferences.h>
#include <dcmtk/dcmseg/segdoc.h>
#include <dcmtk/dcmseg/segment.h>

#include <cmath>
#include <cstdio>
#include <memory>

#include "files/FileError.h"
#include "files/OutputSet.h"
#include "io/DicomLibrary.h"
#include "io/DicomSeg.h"
#include "io/DicomSliceArrangement.h"
#include "io/IoError.h"

namespace slicewise {

namespace {

std::string ds(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.10g", v);
  return buf;
}

void check(const OFCondition& c, const std::string& what) {
  if (c.bad()) throw IoError("cannot write DICOM SEG: " + what + " (" + c.text() + ")");
}

SegmentAlgorithm algorithmFor(Label id, const LabelVolume& labels, const DicomSegExportOptions& o) {
  if (auto it = o.algorithms.find(id); it != o.algorithms.end()) return it->second;
  if (o.provenance && o.provenance->geometry().size == labels.geometry().size) {
    const auto& l = labels.data();
    for (size_t i = 0; i < l.size(); ++i)
      if (l[i] == id && o.provenance->at(i) == VoxelOrigin::Accepted) return SegmentAlgorithm::SemiAutomatic;
  }
  return SegmentAlgorithm::Manual;
}

DcmSegTypes::E_SegmentAlgoType dicomAlgorithm(SegmentAlgorithm a) {
  switch (a) {
    case SegmentAlgorithm::SemiAutomatic: return DcmSegTypes::SAT_SEMIAUTOMATIC;
    case SegmentAlgorithm::Automatic: return DcmSegTypes::SAT_AUTOMATIC;
    default: return DcmSegTypes::SAT_MANUAL;
  }
}

// Without these UIDs the SEG cannot say which series it segments.
void requireReferences(const DicomSeriesInfo& source, const DicomSliceArrangement& layout) {
  std::vector<std::string> missing;
  if (source.studyUid.empty()) missing.push_back("StudyInstanceUID");
  if (source.seriesUid.empty()) missing.push_back("SeriesInstanceUID");
  if (source.frameOfReferenceUid.empty()) missing.push_back("FrameOfReferenceUID");
  size_t noSop = 0;
  for (size_t i : layout.order) noSop += source.slices[i].sopInstanceUid.empty();
  if (noSop > 0) missing.push_back("SOPInstanceUID (" + std::to_string(noSop) + " images)");
  if (missing.empty()) return;
  std::string list;
  for (const auto& m : missing) list += (list.empty() ? "" : ", ") + m;
  throw IoError("the source series has no " + list +
                ", so a SEG could not reference it and viewers could not attach it; give the series "
                "its UIDs, or --force to write the SEG without references");
}

// Evenly spaced slices (no gap): only then does SpacingBetweenSlices describe the frames.
bool evenlySpaced(const DicomSliceArrangement& layout, double spacing) {
  const auto& p = layout.slicePositions;
  for (size_t k = 1; k < p.size(); ++k) {
    const double d = std::sqrt((p[k][0] - p[k - 1][0]) * (p[k][0] - p[k - 1][0]) +
                               (p[k][1] - p[k - 1][1]) * (p[k][1] - p[k - 1][1]) +
                               (p[k][2] - p[k - 1][2]) * (p[k][2] - p[k - 1][2]));
    if (std::abs(d - spacing) > 0.01 * spacing) return false;
  }
  return true;
}

}  // namespace

void writeDicomSeg(const LabelVolume& labels, const DicomSeriesInfo& source, const std::string& path,
                   OutputSet& outputs, const DicomSegExportOptions& options) {
  initDicomLibrary();
  const DicomSliceArrangement layout = arrangeDicomSlices(source.slices);
  if (!options.force) requireReferences(source, layout);
  const ImageGeometry& g = layout.geometry;
  if (!labels.geometry().sameGrid(g, 1e-3))
    throw IoError("the labels (" + labels.geometry().describe() + ") do not lie on the series grid (" +
                  g.describe() + ")");
  if (g.size[0] > 65535 || g.size[1] > 65535) throw IoError("slices too large for DICOM SEG");
  const Uint16 rows = Uint16(g.size[1]), cols = Uint16(g.size[0]);

  const IODGeneralEquipmentModule::EquipmentInfo equipment("Slicewise", "slicewise", "0", "0.1.0");
  const ContentIdentificationMacro content("1", "SEGMENTATION", "Slicewise label map", "Slicewise");
  DcmSegmentation* raw = nullptr;
  check(DcmSegmentation::createBinarySegmentation(raw, rows, cols, equipment, content), "create");
  std::unique_ptr<DcmSegmentation> seg(raw);
  const DicomSliceHeader& first = source.slices[layout.order.front()];
  check(seg->importFromSourceImage(first.file.c_str(), OFTrue), "patient and study from the source series");
  seg->getSeries().setSeriesDescription(options.seriesDescription.c_str());
  seg->getSegmentationSeriesModule().setSeriesNumber("300");

  char uid[100];
  // Forced on a series without UIDs: the SEG gets study and frame-of-reference UIDs of its own
  // (DICOM requires them) and references nothing it cannot name.
  OFString known;
  if (seg->getStudy().getStudyInstanceUID(known).bad() || known.empty())
    seg->getStudy().setStudyInstanceUID(dcmGenerateUniqueIdentifier(uid, SITE_STUDY_UID_ROOT));
  if (seg->getFrameOfReference().getFrameOfReferenceUID(known).bad() || known.empty())
    seg->getFrameOfReference().setFrameOfReferenceUID(dcmGenerateUniqueIdentifier(uid, SITE_INSTANCE_UID_ROOT));
  if (!source.studyUid.empty() && !source.seriesUid.empty()) {
    IODReferences references;
    OFVector<OFString> sourceFiles;
    for (size_t i : layout.order) sourceFiles.push_back(source.slices[i].file.c_str());
    references.addFromFiles(sourceFiles, IODReference::LEVEL_STUDY);
    seg->getCommonInstanceReference().addReferences(references, source.studyUid.c_str());
  }

  FGPixelMeasures measures;
  measures.setPixelSpacing((ds(g.spacing[1]) + "\\" + ds(g.spacing[0])).c_str());
  measures.setSliceThickness(ds(first.sliceThickness > 0 ? first.sliceThickness : g.spacing[2]).c_str());
  if (evenlySpaced(layout, g.spacing[2])) measures.setSpacingBetweenSlices(ds(g.spacing[2]).c_str());
  check(seg->addForAllFrames(measures), "pixel measures");
  FGPlaneOrientationPatient orientation;
  const Vec3 r = g.directionColumn(0), c = g.directionColumn(1);
  orientation.setImageOrientationPatient(ds(r[0]).c_str(), ds(r[1]).c_str(), ds(r[2]).c_str(), ds(c[0]).c_str(),
                                         ds(c[1]).c_str(), ds(c[2]).c_str());
  check(seg->addForAllFrames(orientation), "plane orientation");

  const OFString dimensionUid = dcmGenerateUniqueIdentifier(uid, SITE_INSTANCE_UID_ROOT);
  IODMultiframeDimensionModule& dims = seg->getDimensions();
  check(dims.addDimensionIndex(DCM_ReferencedSegmentNumber, dimensionUid, DCM_SegmentIdentificationSequence,
                               "ReferencedSegmentNumber"), "dimensions");
  check(dims.addDimensionIndex(DCM_ImagePositionPatient, dimensionUid, DCM_PlanePositionSequence,
                               "ImagePositionPatient"), "dimensions");

  const size_t sliceVoxels = size_t(g.size[0]) * size_t(g.size[1]);
  std::vector<Uint8> frame(sliceVoxels);
  const auto counts = labels.labelCounts();
  if (counts.empty()) throw IoError("the label map is empty: a DICOM SEG needs at least one segment");
  for (const auto& [id, count] : counts) {
    const LabelInfo info = options.table.infoOrDefault(id);
    const SegmentAlgorithm algorithm = algorithmFor(id, labels, options);
    DcmSegment* segment = nullptr;
    check(DcmSegment::create(segment, info.name.c_str(),
                             CodeSequenceMacro("91723000", "SCT", "Anatomical Structure"),
                             CodeSequenceMacro("85756007", "SCT", "Tissue"), dicomAlgorithm(algorithm),
                             algorithm == SegmentAlgorithm::Manual ? "" : "Slicewise"),
          "segment " + std::to_string(id));
    double L = 0, a = 0, b = 0;
    IODCIELabUtil::rgb2DicomLab(L, a, b, info.color.r / 255.0, info.color.g / 255.0, info.color.b / 255.0);
    segment->setRecommendedDisplayCIELabValue(Uint16(std::lround(L)), Uint16(std::lround(a)), Uint16(std::lround(b)));
    Uint16 number = 0;
    OFCondition added = seg->addSegment(segment, number);
    if (added.bad()) delete segment;
    check(added, "segment " + std::to_string(id));

    for (int64_t k = 0; k < g.size[2]; ++k) {
      const Label* slice = labels.data().data() + size_t(k) * sliceVoxels;
      bool any = false;
      for (size_t p = 0; p < sliceVoxels; ++p) {
        frame[p] = slice[p] == id;
        any |= frame[p] != 0;
      }
      if (!any) continue;
      const DicomSliceHeader& src = source.slices[layout.order[size_t(k)]];
      // Where these pixels are: the source image's position, or on a tilted series the position
      // of the resampled slice the labels were drawn on.
      const Vec3& at = layout.slicePositions[size_t(k)];
      FGPlanePosPatient* position =
          FGPlanePosPatient::createMinimal(ds(at[0]).c_str(), ds(at[1]).c_str(), ds(at[2]).c_str());
      std::unique_ptr<FGPlanePosPatient> positionOwner(position);
      FGFrameContent frameContent;
      frameContent.setDimensionIndexValues(number, 0);
      frameContent.setDimensionIndexValues(Uint32(k + 1), 1);
      ImageSOPInstanceReferenceMacro ref;
      ref.setReferencedSOPClassUID(src.sopClassUid.c_str());
      ref.setReferencedSOPInstanceUID(src.sopInstanceUid.c_str());
      OFVector<ImageSOPInstanceReferenceMacro> derivation(1, ref);
      std::unique_ptr<FGDerivationImage> derived(
          src.sopInstanceUid.empty()
              ? nullptr
              : DcmSegmentation::createDerivationImageFG(derivation, "Segmentation drawn and predicted in Slicewise"));
      OFVector<FGBase*> perFrame;
      perFrame.push_back(position);
      perFrame.push_back(&frameContent);
      if (derived) perFrame.push_back(derived.get());
      check(seg->addFrame(frame.data(), number, perFrame), "frame " + std::to_string(k + 1));
    }
  }

  std::string staged;
  try {
    staged = outputs.stage(path);
  } catch (const FileError& e) {
    throw IoError(e.what());
  }
  const OFCondition saved = seg->saveFile(staged.c_str(), EXS_LittleEndianExplicit);
  if (saved.bad()) throw IoError("cannot write '" + path + "': " + saved.text());
}

void writeDicomSeg(const LabelVolume& labels, const DicomSeriesInfo& source, const std::string& path,
                   const DicomSegExportOptions& options) {
  OutputSet outputs;
  writeDicomSeg(labels, source, path, outputs, options);
  try {
    outputs.commit();
  } catch (const FileError& e) {
    throw IoError(e.what());
  }
}

}  // namespace slicewise
