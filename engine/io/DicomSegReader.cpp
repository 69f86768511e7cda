#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcmetinf.h>
#include <dcmtk/dcmdata/dcuid.h>
#include <dcmtk/dcmfg/fgpixmsr.h>
#include <dcmtk/dcmfg/fgplanor.h>
#include <dcmtk/dcmfg/fgplanpo.h>
#include <dcmtk/dcmfg/fgseg.h>
#include <dcmtk/dcmiod/cielabutil.h>
#include <dcmtk/dcmseg/segdoc.h>
#include <dcmtk/dcmseg/segment.h>
#include <dcmtk/dcmseg/segutils.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <memory>

#include "files/FileError.h"
#include "files/MemoryBudget.h"
#include "files/RegularFile.h"
#include "io/DicomLibrary.h"
#include "io/DicomSeg.h"
#include "io/DicomSliceArrangement.h"
#include "io/ImageDataCheck.h"
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

// Where the frames of a SEG go in the volume of its series.
class FramePlacer {
 public:
  FramePlacer(const DicomSliceArrangement& layout, const DicomSeriesInfo& series)
      : grid_(layout.geometry), positions_(layout.slicePositions) {
    const DicomSliceHeader& ref = series.slices[layout.order.front()];
    rowSpacing_ = ref.rowSpacing;
    columnSpacing_ = ref.columnSpacing;
    for (int c = 0; c < 3; ++c) {
      row_[c] = grid_.direction[3 * c + 0];
      col_[c] = grid_.direction[3 * c + 1];
      normal_[c] = grid_.direction[3 * c + 2];
    }
    for (const Vec3& p : positions_) along_.push_back(dot(p, normal_));
    tolerance_ = 0.2 * grid_.spacing[2];
  }

  const Vec3& row() const { return row_; }
  const Vec3& column() const { return col_; }
  double rowSpacing() const { return rowSpacing_; }
  double columnSpacing() const { return columnSpacing_; }

  struct Place {
    int64_t slice = -1;
    double u = 0, v = 0;  // in-plane offset of the frame's first pixel, in voxels
    double distance = 0;  // along the normal to the nearest slice, mm
  };

  Place place(const Vec3& x) const {
    Place p;
    const double d = dot(x, normal_);
    // Slices are sorted along the normal: the nearest is beside the insertion point.
    const auto it = std::lower_bound(along_.begin(), along_.end(), d);
    size_t k = size_t(it - along_.begin());
    if (k == along_.size() || (k > 0 && d - along_[k - 1] < along_[k] - d)) --k;
    p.slice = int64_t(k);
    p.distance = std::abs(d - along_[k]);
    const Vec3& origin = positions_[k];
    const Vec3 offset{x[0] - origin[0], x[1] - origin[1], x[2] - origin[2]};
    p.u = dot(offset, row_) / columnSpacing_;
    p.v = dot(offset, col_) / rowSpacing_;
    return p;
  }

  double tolerance() const { return tolerance_; }

 private:
  static double dot(const Vec3& a, const Vec3& b) { return a[0] * b[0] + a[1] * b[1] + a[2] * b[2]; }
  ImageGeometry grid_;
  std::vector<Vec3> positions_;
  std::vector<double> along_;
  Vec3 row_{}, col_{}, normal_{};
  double rowSpacing_ = 1, columnSpacing_ = 1, tolerance_ = 0;
};

std::string mm(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3g", v);
  return buf;
}

// The series this SEG segments, as its ReferencedSeriesSequence names them.
std::vector<std::string> referencedSeries(DcmDataset& ds) {
  std::vector<std::string> uids;
  DcmSequenceOfItems* seq = nullptr;
  if (ds.findAndGetSequence(DCM_ReferencedSeriesSequence, seq).bad() || !seq) return uids;
  for (unsigned long i = 0; i < seq->card(); ++i) {
    OFString uid;
    if (seq->getItem(i)->findAndGetOFString(DCM_SeriesInstanceUID, uid).good() && !uid.empty())
      uids.emplace_back(uid.c_str());
  }
  return uids;
}

void checkSameSeries(DcmDataset& ds, const DicomSeriesInfo& series, const std::string& path) {
  const std::vector<std::string> uids = referencedSeries(ds);
  if (!uids.empty() && !series.seriesUid.empty() &&
      std::find(uids.begin(), uids.end(), series.seriesUid) == uids.end())
    throw IoError(quoted(path) + " segments series " + uids.front() + ", not the series " + series.seriesUid +
                  " it was given: pass the series it references");
  OFString frame;
  if (ds.findAndGetOFString(DCM_FrameOfReferenceUID, frame).good() && !frame.empty() &&
      !series.frameOfReferenceUid.empty() && series.frameOfReferenceUid != frame.c_str())
    throw IoError(quoted(path) + " lies in frame of reference " + std::string(frame.c_str()) + ", not the series' " +
                  series.frameOfReferenceUid + ": its positions do not apply to this series");
}

// Orientation and pixel spacing of a frame (its own group or the shared one) against the series.
void checkFramePlane(FGInterface& fg, size_t f, const FramePlacer& placer, const std::string& path) {
  if (auto* o = dynamic_cast<FGPlaneOrientationPatient*>(fg.get(Uint32(f), DcmFGTypes::EFG_PLANEORIENTPATIENT))) {
    Float64 r[3] = {0, 0, 0}, c[3] = {0, 0, 0};
    if (o->getImageOrientationPatient(r[0], r[1], r[2], c[0], c[1], c[2]).good()) {
      double worst = 0;
      for (int i = 0; i < 3; ++i)
        worst = std::max({worst, std::abs(r[i] - placer.row()[size_t(i)]), std::abs(c[i] - placer.column()[size_t(i)])});
      if (worst > 1e-3)
        throw IoError("frame " + std::to_string(f + 1) + " of " + quoted(path) +
                      " lies in another orientation than the series' slices");
    }
  }
  if (auto* m = dynamic_cast<FGPixelMeasures*>(fg.get(Uint32(f), DcmFGTypes::EFG_PIXELMEASURES))) {
    Float64 rowSpacing = 0, columnSpacing = 0;
    if (m->getPixelSpacing(rowSpacing, 0).good() && m->getPixelSpacing(columnSpacing, 1).good() &&
        (std::abs(rowSpacing - placer.rowSpacing()) > 1e-3 * placer.rowSpacing() ||
         std::abs(columnSpacing - placer.columnSpacing()) > 1e-3 * placer.columnSpacing()))
      throw IoError("frame " + std::to_string(f + 1) + " of " + quoted(path) + " has pixels of " + mm(rowSpacing) +
                    " x " + mm(columnSpacing) + " mm, the series " + mm(placer.rowSpacing()) + " x " +
                    mm(placer.columnSpacing()) + " mm");
  }
}

}  // namespace

DicomSegImport readDicomSeg(const std::string& path, const DicomSeriesInfo& series) {
  initDicomLibrary();
  std::unique_ptr<RegularFile> file;
  try {
    file = std::make_unique<RegularFile>(path);
  } catch (const FileError& e) {
    throw IoError(e.what());
  }
  const DicomSliceArrangement layout = arrangeDicomSlices(series.slices);
  const ImageGeometry& grid = layout.geometry;
  DcmFileFormat ff;
  OFCondition c = ff.loadFile(file->procPath().c_str());
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
  checkSameSeries(ds, series, path);

  Uint16 rows = 0, cols = 0;
  ds.findAndGetUint16(DCM_Rows, rows);
  ds.findAndGetUint16(DCM_Columns, cols);
  if (rows != grid.size[1] || cols != grid.size[0])
    throw IoError("the SEG frames are " + std::to_string(cols) + "x" + std::to_string(rows) +
                  " but the series slices are " + std::to_string(grid.size[0]) + "x" + std::to_string(grid.size[1]));
  // What the header claims against the file, before DCMTK reads and unpacks every frame.
  {
    OFString type, framesText;
    ds.findAndGetOFString(DCM_SegmentationType, type);
    ds.findAndGetOFString(DCM_NumberOfFrames, framesText);
    const uint64_t frames = std::max<uint64_t>(1, uint64_t(std::strtoull(framesText.c_str(), nullptr, 10)));
    const uint64_t pixels = saturatingProduct({uint64_t(rows), uint64_t(cols), frames});
    const uint64_t stored = type == "FRACTIONAL" ? pixels : (pixels + 7) / 8;
    if (stored > file->size())
      throw IoError(quoted(path) + " claims " + std::to_string(frames) + " frames of " + std::to_string(cols) + "x" +
                    std::to_string(rows) + " (" + formatBytes(stored) + ") but holds only " + formatBytes(file->size()));
    requireMemory(saturatingProduct({pixels, 2}), "reading " + quoted(path));
  }

  DcmSegmentation* raw = nullptr;
  c = DcmSegmentation::loadDataset(ds, raw);
  std::unique_ptr<DcmSegmentation> seg(raw);
  if (c.bad() || !seg) throw IoError("cannot read the DICOM SEG " + quoted(path) + ": " + c.text());

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

  const FramePlacer placer(layout, series);
  FGInterface& fg = seg->getFunctionalGroups();
  const size_t frames = seg->getNumberOfFrames();
  const size_t pixels = size_t(rows) * cols;
  const size_t sliceVoxels = size_t(grid.size[0]) * size_t(grid.size[1]);
  // Segments are laid down in number order so that "later wins" holds whatever the frame order.
  std::vector<std::pair<Uint16, size_t>> order;
  for (size_t f = 0; f < frames; ++f) {
    auto* segFg = dynamic_cast<FGSegmentation*>(fg.get(Uint32(f), DcmFGTypes::EFG_SEGMENTATION));
    Uint16 number = 0;
    if (!segFg || segFg->getReferencedSegmentNumber(number).bad() || number == 0 || number > segments)
      throw IoError("frame " + std::to_string(f + 1) + " of " + quoted(path) + " names no segment of the SEG");
    order.emplace_back(number, f);
  }
  std::stable_sort(order.begin(), order.end());
  std::vector<Label>& labels = out.labels.data();
  const int64_t width = grid.size[0], height = grid.size[1];
  for (const auto& [number, f] : order) {
    auto* pos = dynamic_cast<FGPlanePosPatient*>(fg.get(Uint32(f), DcmFGTypes::EFG_PLANEPOSPATIENT));
    Float64 x = 0, y = 0, z = 0;
    if (!pos || pos->getImagePositionPatient(x, y, z).bad())
      throw IoError("frame " + std::to_string(f + 1) + " of " + quoted(path) + " has no ImagePositionPatient");
    checkFramePlane(fg, f, placer, path);
    const FramePlacer::Place place = placer.place({x, y, z});
    if (place.distance > placer.tolerance())
      throw IoError("frame " + std::to_string(f + 1) + " of " + quoted(path) + " lies " + mm(place.distance) +
                    " mm from the nearest slice of the series (slice " + std::to_string(place.slice) +
                    "; at most " + mm(placer.tolerance()) + " mm): the SEG does not fit this series");
    const DcmIODTypes::Frame* frame = seg->getFrame(f);
    if (!frame || !frame->pixData) throw IoError("frame " + std::to_string(f + 1) + " of " + quoted(path) + " is missing");
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
    Label* slice = labels.data() + size_t(place.slice) * sliceVoxels;
    const unsigned threshold = fractional ? (unsigned(maxFraction) + 1) / 2 : 1;
    // Voxel (i, j) of the slice shows frame pixel (i - u, j - v); on the source grid of a tilted
    // series that is a fractional shift, taken to the nearest pixel as labels must be.
    const bool aligned = std::abs(place.u) < 0.01 && std::abs(place.v) < 0.01;
    for (int64_t j = 0; j < height; ++j) {
      const int64_t fj = aligned ? j : std::lround(double(j) - place.v);
      if (fj < 0 || fj >= int64_t(rows)) continue;
      for (int64_t i = 0; i < width; ++i) {
        const int64_t fi = aligned ? i : std::lround(double(i) - place.u);
        if (fi < 0 || fi >= int64_t(cols)) continue;
        const Uint8 value = bits[size_t(fj) * cols + size_t(fi)];
        if (value < threshold || value == 0) continue;
        Label& voxel = slice[size_t(j * width + i)];
        if (voxel != 0 && voxel != number) ++out.overlapVoxels;
        voxel = number;
      }
    }
  }
  if (out.overlapVoxels > 0)
    out.warnings.push_back(std::to_string(out.overlapVoxels) +
                           " voxels belong to more than one segment; one label map holds one label per "
                           "voxel, so each took the later (higher-numbered) segment");
  if (referencedSeries(ds).empty())
    out.warnings.push_back(quoted(path) + " names no series it segments: placed by position alone");
  return out;
}

}  // namespace slicewise
