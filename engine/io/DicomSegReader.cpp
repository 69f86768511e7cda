#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcmetinf.h>
#include <dcmtk/dcmdata/dcuid.h>
#include <dcmtk/dcmfg/fgplanor.h>
#include <dcmtk/dcmfg/fgplanpo.h>
#include <dcmtk/dcmfg/fgseg.h>
#include <dcmtk/dcmiod/cielabutil.h>
#include <dcmtk/dcmseg/segdoc.h>
#include <dcmtk/dcmseg/segment.h>
#include <dcmtk/dcmseg/segutils.h>

#include <algorithm>
#include <cmath>
#include <memory>

#include "io/DicomLibrary.h"
#include "io/DicomSeg.h"
#include "io/IoError.h"

namespace slicewise {

namespace {

constexpr const char* kLabelMapSegClass = "1.2.840.10008.5.1.4.1.1.66.7";

std::string quoted(const std::string& p) { return "'" + p + "'"; }

SegmentAlgorithm algorithmOf(DcmSegTypes::E_SegmentAlgoType t) {
  switch (t) {
    case DcmSegTypes::SAT_AUTOMATIC: return SegmentAlgorithm::Automatic;
    case DcmSegTypes::SAT_SEMIAUTOMATIC: return SegmentAlgorithm::SemiAutomatic;
    default: return SegmentAlgorithm::Manual;
  }
}

Rgb colorOf(DcmSegment& segment, Label id) {
  Uint16 L = 0, a = 0, b = 0;
  if (segment.getRecommendedDisplayCIELabValue(L, a, b).bad()) return LabelTable::defaultColor(id);
  double r = 0, g = 0, bl = 0;
  IODCIELabUtil::dicomLab2RGB(r, g, bl, L, a, b);
  auto to8 = [](double v) { return uint8_t(std::lround(std::clamp(v, 0.0, 1.0) * 255.0)); };
  return {to8(r), to8(g), to8(bl)};
}

}  // namespace

DicomSegImport readDicomSeg(const std::string& path, const ImageGeometry& grid) {
  initDicomLibrary();
  DcmFileFormat ff;
  OFCondition c = ff.loadFile(path.c_str());
  if (c.bad()) throw IoError("cannot read " + quoted(path) + " as DICOM: " + c.text());
  DcmDataset& ds = *ff.getDataset();
  OFString sopClass;
  if (ds.findAndGetOFString(DCM_SOPClassUID, sopClass).bad() || sopClass.empty())
    static_cast<DcmItem*>(ff.getMetaInfo())->findAndGetOFString(DCM_MediaStorageSOPClassUID, sopClass);
  if (sopClass == kLabelMapSegClass)
    throw IoError(quoted(path) + " is a LABELMAP Segmentation (" + kLabelMapSegClass +
                  "), which is unsupported: only BINARY and FRACTIONAL DICOM SEG can be read");
  if (sopClass != UID_SegmentationStorage)
    throw IoError(quoted(path) + " is not a DICOM SEG (SOP class " + std::string(sopClass.c_str()) + ")");

  DcmSegmentation* raw = nullptr;
  c = DcmSegmentation::loadDataset(ds, raw);
  std::unique_ptr<DcmSegmentation> seg(raw);
  if (c.bad() || !seg) throw IoError("cannot read the DICOM SEG " + quoted(path) + ": " + c.text());

  Uint16 rows = 0, cols = 0;
  ds.findAndGetUint16(DCM_Rows, rows);
  ds.findAndGetUint16(DCM_Columns, cols);
  if (rows != grid.size[1] || cols != grid.size[0])
    throw IoError("the SEG frames are " + std::to_string(cols) + "x" + std::to_string(rows) +
                  " but the series slices are " + std::to_string(grid.size[0]) + "x" + std::to_string(grid.size[1]));
  const bool fractional = seg->getSegmentationType() == DcmSegTypes::ST_FRACTIONAL;
  Uint16 maxFraction = 255;
  if (fractional) ds.findAndGetUint16(DCM_MaximumFractionalValue, maxFraction);

  DicomSegImport out;
  out.labels = LabelVolume(grid);
  const size_t segments = seg->getNumberOfSegments();
  for (size_t n = 1; n <= segments; ++n) {
    DcmSegment* segment = seg->getSegment(n);
    if (!segment) continue;
    OFString name;
    segment->getSegmentLabel(name);
    const Label id = Label(n);
    out.table.set({id, name.empty() ? "Segment " + std::to_string(n) : std::string(name.c_str()),
                   colorOf(*segment, id), true, false});
    out.algorithms[id] = algorithmOf(segment->getSegmentAlgorithmType());
  }

  FGInterface& fg = seg->getFunctionalGroups();
  const size_t frames = seg->getNumberOfFrames();
  const size_t pixels = size_t(rows) * cols;
  const size_t sliceVoxels = size_t(grid.size[0]) * size_t(grid.size[1]);
  size_t outside = 0, unplaced = 0;
  // Segments are laid down in number order so that "later wins" holds whatever the frame order.
  std::vector<std::pair<Uint16, size_t>> order;
  for (size_t f = 0; f < frames; ++f) {
    auto* segFg = dynamic_cast<FGSegmentation*>(fg.get(Uint32(f), DcmFGTypes::EFG_SEGMENTATION));
    Uint16 number = 0;
    if (!segFg || segFg->getReferencedSegmentNumber(number).bad() || number == 0 || number > segments) {
      ++unplaced;
      continue;
    }
    order.emplace_back(number, f);
  }
  std::stable_sort(order.begin(), order.end());
  std::vector<Label>& labels = out.labels.data();
  for (const auto& [number, f] : order) {
    auto* pos = dynamic_cast<FGPlanePosPatient*>(fg.get(Uint32(f), DcmFGTypes::EFG_PLANEPOSPATIENT));
    Float64 x = 0, y = 0, z = 0;
    if (!pos || pos->getImagePositionPatient(x, y, z).bad()) {
      ++unplaced;
      continue;
    }
    const Vec3 index = grid.physicalToIndex({x, y, z});
    const double k = std::round(index[2]);
    if (std::abs(index[0]) > 0.01 || std::abs(index[1]) > 0.01 || std::abs(index[2] - k) > 0.01) {
      ++unplaced;
      continue;
    }
    if (k < 0 || k >= double(grid.size[2])) {
      ++outside;
      continue;
    }
    const DcmIODTypes::Frame* frame = seg->getFrame(f);
    if (!frame || !frame->pixData) {
      ++unplaced;
      continue;
    }
    std::unique_ptr<DcmIODTypes::Frame> unpacked;
    const Uint8* bits = frame->pixData;
    if (!fractional) {
      if (frame->length < (pixels + 7) / 8) throw IoError("frame " + std::to_string(f + 1) + " of " + quoted(path) + " is short");
      if (frame->length < pixels) {
        unpacked.reset(DcmSegUtils::unpackBinaryFrame(frame, rows, cols));
        if (!unpacked) throw IoError("cannot unpack frame " + std::to_string(f + 1) + " of " + quoted(path));
        bits = unpacked->pixData;
      }
    } else if (frame->length < pixels) {
      throw IoError("frame " + std::to_string(f + 1) + " of " + quoted(path) + " is short");
    }
    Label* slice = labels.data() + size_t(k) * sliceVoxels;
    const unsigned threshold = fractional ? (unsigned(maxFraction) + 1) / 2 : 1;
    for (size_t p = 0; p < pixels; ++p) {
      if (bits[p] < threshold || bits[p] == 0) continue;
      if (slice[p] != 0 && slice[p] != number) ++out.overlapVoxels;
      slice[p] = number;
    }
  }
  if (out.overlapVoxels > 0)
    out.warnings.push_back(std::to_string(out.overlapVoxels) +
                           " voxels belong to more than one segment; one label map holds one label per "
                           "voxel, so each took the later (higher-numbered) segment");
  if (outside > 0)
    out.warnings.push_back(std::to_string(outside) + " SEG frames lie outside the series and were ignored");
  if (unplaced > 0)
    out.warnings.push_back(std::to_string(unplaced) +
                           " SEG frames lack a segment number or a position on the series grid and were ignored");
  return out;
}

}  // namespace slicewise
