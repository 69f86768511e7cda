#include "io/DicomScanner.h"

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcitem.h>
#include <dcmtk/dcmdata/dcmetinf.h>
#include <dcmtk/dcmdata/dcuid.h>
#include <dcmtk/dcmdata/dcxfer.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>
#include <memory>
#include <sstream>
#include <unistd.h>

#include "files/FileError.h"
#include "files/MemoryBudget.h"
#include "files/RegularFile.h"
#include "io/DicomLibrary.h"
#include "io/ImageDataCheck.h"
#include "io/IoError.h"

namespace fs = std::filesystem;

namespace slicewise {

namespace {

std::string getString(DcmItem& item, const DcmTagKey& tag) {
  OFString v;
  if (item.findAndGetOFStringArray(tag, v).bad()) return {};
  std::string s = v.c_str();
  while (!s.empty() && (s.back() == ' ' || s.back() == '\0')) s.pop_back();
  return s;
}

bool getDoubles(DcmItem& item, const DcmTagKey& tag, double* out, int count) {
  for (int i = 0; i < count; ++i) {
    Float64 v = 0;
    if (item.findAndGetFloat64(tag, v, i).bad()) return false;
    if (!std::isfinite(v)) return false;
    out[i] = v;
  }
  return true;
}

int getInt(DcmItem& item, const DcmTagKey& tag, int fallback) {
  Uint16 u = 0;
  if (item.findAndGetUint16(tag, u).good()) return u;
  Sint32 s = 0;
  if (item.findAndGetSint32(tag, s).good()) return s;
  OFString str;
  if (item.findAndGetOFString(tag, str).good()) {
    try {
      return std::stoi(str.c_str());
    } catch (...) {
    }
  }
  return fallback;
}

// Enhanced multi-frame images keep per-frame values inside functional group sequences: the
// frame's own group first, then the shared one.
DcmItem* functionalGroup(DcmItem* perFrame, DcmItem* shared, const DcmTagKey& sequence) {
  DcmItem* item = nullptr;
  if (perFrame && perFrame->findAndGetSequenceItem(sequence, item, 0).good() && item) return item;
  if (shared && shared->findAndGetSequenceItem(sequence, item, 0).good() && item) return item;
  return nullptr;
}

bool hasDicmPreamble(const RegularFile& file) {
  char buf[132] = {};
  return ::pread(file.descriptor(), buf, sizeof buf, 0) == ssize_t(sizeof buf) && std::string(buf + 128, 4) == "DICM";
}

// How far a compressed transfer syntax can plausibly expand its data. RLE (PackBits) turns at
// most 2 bytes into 128; lossless JPEG spends at least one bit per sample; DCT JPEG at least two
// bits per 8x8 block. JPEG-LS codes a run of equal samples in a few bits, so a blank slice can
// reach a few thousand to one: 10000:1 is its plausible bound. A header claiming more pixels than
// that is a decompression bomb or damaged, and reading it would allocate what it claims.
uint64_t maxExpansion(const std::string& syntax, int bitsAllocated) {
  if (syntax == "1.2.840.10008.1.2.5") return 64;
  if (syntax == "1.2.840.10008.1.2.4.57" || syntax == "1.2.840.10008.1.2.4.70") return uint64_t(2 * bitsAllocated);
  if (syntax == "1.2.840.10008.1.2.4.50" || syntax == "1.2.840.10008.1.2.4.51") return 1024;
  if (syntax == "1.2.840.10008.1.2.1.99") return kDeflateMaxRatio;
  return 10000;
}

bool isNonVolumeModality(const std::string& modality) {
  static const char* kinds[] = {"SEG", "RTSTRUCT", "SR", "PR", "KO", "RTPLAN", "RTDOSE", "REG", "DOC"};
  return std::any_of(std::begin(kinds), std::end(kinds), [&](const char* k) { return modality == k; });
}

enum class FileKind { Slices, NotDicom, NonImage, Unreadable };

struct FileResult {
  FileKind kind = FileKind::NotDicom;
  std::string reason;
  DicomSeriesInfo series;  // one file's contribution
};

FileResult readFile(const fs::path& file) {
  FileResult r;
  // Only regular files: a FIFO or a device (/dev/stdin, /dev/zero) would block or never end.
  std::unique_ptr<RegularFile> opened;
  try {
    opened = std::make_unique<RegularFile>(file.string());
  } catch (const FileError& e) {
    r.kind = FileKind::Unreadable;
    const std::string kind = irregularFileKind(file.string());
    r.reason = kind.empty() ? "cannot be opened" : "not a regular file (" + kind + ")";
    return r;
  }
  const bool dicm = hasDicmPreamble(*opened);
  DcmFileFormat ff;
  // Large values (pixel data) stay on disk: only the header is parsed here.
  const OFCondition status = ff.loadFile(opened->procPath().c_str());
  if (status.bad()) {
    r.kind = dicm ? FileKind::Unreadable : FileKind::NotDicom;
    const std::string syntax = getString(*static_cast<DcmItem*>(ff.getMetaInfo()), DCM_TransferSyntaxUID);
    if (dicm && !syntax.empty() && !canDecodeTransferSyntax(syntax))
      r.reason = "unsupported transfer syntax " + transferSyntaxName(syntax) + " (" + syntax + ")";
    else
      r.reason = std::string(dicm ? "truncated or corrupt DICOM file (" : "not DICOM (") + status.text() + ")";
    return r;
  }
  DcmDataset& ds = *ff.getDataset();
  DcmItem& meta = *static_cast<DcmItem*>(ff.getMetaInfo());
  std::string sopClass = getString(ds, DCM_SOPClassUID);
  if (sopClass.empty()) sopClass = getString(meta, DCM_MediaStorageSOPClassUID);
  DicomSeriesInfo& s = r.series;
  s.studyUid = getString(ds, DCM_StudyInstanceUID);
  s.seriesUid = getString(ds, DCM_SeriesInstanceUID);
  if (s.studyUid.empty() && s.seriesUid.empty() && !dicm && sopClass.empty()) {
    r.kind = FileKind::NotDicom;
    r.reason = "not DICOM";
    return r;
  }
  s.modality = getString(ds, DCM_Modality);
  DcmElement* pixels = nullptr;
  const bool hasPixels = ds.findAndGetElement(DCM_PixelData, pixels).good() && pixels;
  // A file cut off just before its pixel data still parses as a complete header: an image
  // header (rows and columns) without any pixels is a damaged slice, not a non-image object.
  // (Parametric maps keep float pixels in elements of their own: those stay non-image.)
  if (!hasPixels && !isNonVolumeModality(s.modality) && sopClass != UID_MediaStorageDirectoryStorage &&
      ds.tagExists(DCM_Rows) && ds.tagExists(DCM_Columns) && !ds.tagExists(DCM_FloatPixelData) &&
      !ds.tagExists(DCM_DoubleFloatPixelData)) {
    r.kind = FileKind::Unreadable;
    r.reason = "truncated or damaged: an image header without pixel data";
    return r;
  }
  if (!hasPixels || isNonVolumeModality(s.modality) ||
      sopClass == UID_MediaStorageDirectoryStorage) {
    r.kind = FileKind::NonImage;
    r.reason = "not an image slice";
    return r;
  }
  s.frameOfReferenceUid = getString(ds, DCM_FrameOfReferenceUID);
  s.patientName = getString(ds, DCM_PatientName);
  s.studyDate = getString(ds, DCM_StudyDate);
  s.description = getString(ds, DCM_SeriesDescription);
  s.seriesNumber = getInt(ds, DCM_SeriesNumber, 0);
  s.instanceCount = 1;

  DicomSliceHeader h;
  h.file = file.string();
  h.sopInstanceUid = getString(ds, DCM_SOPInstanceUID);
  if (h.sopInstanceUid.empty()) h.sopInstanceUid = getString(meta, DCM_MediaStorageSOPInstanceUID);
  h.sopClassUid = sopClass;
  h.rows = getInt(ds, DCM_Rows, 0);
  h.columns = getInt(ds, DCM_Columns, 0);
  h.frames = std::max(1, getInt(ds, DCM_NumberOfFrames, 1));
  h.bitsAllocated = getInt(ds, DCM_BitsAllocated, 0);
  h.bitsStored = getInt(ds, DCM_BitsStored, h.bitsAllocated);
  h.highBit = getInt(ds, DCM_HighBit, h.bitsStored - 1);
  h.pixelRepresentation = getInt(ds, DCM_PixelRepresentation, 0);
  h.samplesPerPixel = getInt(ds, DCM_SamplesPerPixel, 1);
  h.photometric = getString(ds, DCM_PhotometricInterpretation);
  h.transferSyntax = DcmXfer(ds.getOriginalXfer()).getXferID();

  if (h.rows <= 0 || h.columns <= 0 || (h.bitsAllocated != 8 && h.bitsAllocated != 16) ||
      h.bitsStored < 1 || h.bitsStored > h.bitsAllocated || h.highBit < h.bitsStored - 1 ||
      h.highBit >= h.bitsAllocated) {
    r.kind = FileKind::Unreadable;
    r.reason = "unsupported or inconsistent pixel format (rows, columns or bits)";
    return r;
  }
  if (h.samplesPerPixel != 1 || (h.photometric != "MONOCHROME1" && h.photometric != "MONOCHROME2")) {
    r.kind = FileKind::NonImage;
    r.reason = "colour image, not a grey-scale slice";
    return r;
  }
  // A pixel data element shorter than its image means a truncated or damaged file; compressed
  // pixel data cannot expand beyond its syntax's bound (maxExpansion).
  const DcmXfer xfer(ds.getOriginalXfer());
  const uint64_t need = saturatingProduct({uint64_t(h.rows), uint64_t(h.columns), uint64_t(h.frames),
                                           uint64_t(h.bitsAllocated / 8)});
  const uint64_t fileSize = opened->size();
  if (xfer.isEncapsulated() || h.transferSyntax == "1.2.840.10008.1.2.1.99") {
    const uint64_t ratio = maxExpansion(h.transferSyntax, h.bitsAllocated);
    if (need > saturatingSum(saturatingProduct({fileSize, ratio}), 65536)) {
      r.kind = FileKind::Unreadable;
      r.reason = "its header claims " + std::to_string(h.frames) + " frame(s) of " + std::to_string(h.columns) + "x" +
                 std::to_string(h.rows) + " (" + formatBytes(need) + "), more than " + formatBytes(fileSize) + " of " +
                 transferSyntaxName(h.transferSyntax) + " data can hold";
      return r;
    }
  } else {
    const uint64_t have = pixels->getLength();
    if (have < need || fileSize < need) {
      r.kind = FileKind::Unreadable;
      r.reason = "truncated: the pixel data is shorter than its image size";
      return r;
    }
  }

  Float64 thickness = 0;
  if (ds.findAndGetFloat64(DCM_SliceThickness, thickness).good()) h.sliceThickness = thickness;
  double spacing[2] = {1, 1};
  const bool topSpacing = getDoubles(ds, DCM_PixelSpacing, spacing, 2);
  const bool topPosition = getDoubles(ds, DCM_ImagePositionPatient, h.position.data(), 3);
  const bool topOrientation = getDoubles(ds, DCM_ImageOrientationPatient, h.orientation.data(), 6);
  if (topSpacing) h.rowSpacing = spacing[0], h.columnSpacing = spacing[1];
  double rescale = 0;
  if (getDoubles(ds, DCM_RescaleSlope, &rescale, 1) && rescale != 0) h.slope = rescale;
  if (getDoubles(ds, DCM_RescaleIntercept, &rescale, 1)) h.intercept = rescale;

  DcmItem* shared = nullptr;
  ds.findAndGetSequenceItem(DCM_SharedFunctionalGroupsSequence, shared, 0);
  DcmSequenceOfItems* perFrameSeq = nullptr;
  ds.findAndGetSequence(DCM_PerFrameFunctionalGroupsSequence, perFrameSeq);
  const bool enhanced = shared || perFrameSeq;

  Float64 betweenSlices = 0;
  const bool hasBetween = ds.findAndGetFloat64(DCM_SpacingBetweenSlices, betweenSlices).good();
  for (int f = 0; f < h.frames; ++f) {
    DicomSliceHeader frame = h;
    frame.frame = f;
    bool havePosition = topPosition, haveOrientation = topOrientation;
    if (enhanced) {
      DcmItem* own = perFrameSeq && f < long(perFrameSeq->card()) ? perFrameSeq->getItem(f) : nullptr;
      if (DcmItem* g = functionalGroup(own, shared, DCM_PlanePositionSequence))
        havePosition = getDoubles(*g, DCM_ImagePositionPatient, frame.position.data(), 3);
      if (DcmItem* g = functionalGroup(own, shared, DCM_PlaneOrientationSequence))
        haveOrientation = getDoubles(*g, DCM_ImageOrientationPatient, frame.orientation.data(), 6);
      if (DcmItem* g = functionalGroup(own, shared, DCM_PixelMeasuresSequence)) {
        if (getDoubles(*g, DCM_PixelSpacing, spacing, 2))
          frame.rowSpacing = spacing[0], frame.columnSpacing = spacing[1];
        if (g->findAndGetFloat64(DCM_SliceThickness, thickness).good()) frame.sliceThickness = thickness;
      }
      if (DcmItem* g = functionalGroup(own, shared, DCM_PixelValueTransformationSequence)) {
        if (getDoubles(*g, DCM_RescaleSlope, &rescale, 1) && rescale != 0) frame.slope = rescale;
        if (getDoubles(*g, DCM_RescaleIntercept, &rescale, 1)) frame.intercept = rescale;
      }
    } else if (f > 0 && havePosition && haveOrientation && hasBetween) {
      // Classic multi-frame: frames follow the normal at SpacingBetweenSlices.
      const auto& o = frame.orientation;
      const double n[3] = {o[1] * o[5] - o[2] * o[4], o[2] * o[3] - o[0] * o[5], o[0] * o[4] - o[1] * o[3]};
      for (int c = 0; c < 3; ++c) frame.position[c] += f * betweenSlices * n[c];
    } else if (f > 0) {
      havePosition = false;
    }
    if (!havePosition || !haveOrientation || frame.rowSpacing <= 0 || frame.columnSpacing <= 0) {
      r.kind = FileKind::NonImage;
      r.reason = "image without position, orientation or pixel spacing (not a volume slice)";
      r.series.slices.clear();
      return r;
    }
    s.slices.push_back(std::move(frame));
  }
  r.kind = FileKind::Slices;
  return r;
}

// True when `p`, with every symlink resolved, lies inside `root` (itself resolved).
bool staysInside(const fs::path& p, const fs::path& root) {
  std::error_code ec;
  const fs::path resolved = fs::weakly_canonical(p, ec);
  if (ec) return false;
  auto r = root.begin();
  for (auto q = resolved.begin(); r != root.end(); ++r, ++q)
    if (q == resolved.end() || *q != *r) return false;
  return true;
}

std::vector<fs::path> filesOfDicomDir(const fs::path& dicomdir, DicomScanReport& report) {
  DcmFileFormat ff;
  std::vector<fs::path> files;
  try {
    RegularFile file(dicomdir.string());
    if (ff.loadFile(file.procPath().c_str()).bad()) {
      report.unreadable.push_back({dicomdir.string(), "unreadable DICOMDIR"});
      return files;
    }
  } catch (const FileError& e) {
    report.unreadable.push_back({dicomdir.string(), e.what()});
    return files;
  }
  DcmSequenceOfItems* records = nullptr;
  if (ff.getDataset()->findAndGetSequence(DCM_DirectoryRecordSequence, records).bad() || !records)
    return files;
  const fs::path base = dicomdir.has_parent_path() ? dicomdir.parent_path() : fs::path(".");
  std::error_code ec;
  const fs::path root = fs::canonical(base, ec);
  if (ec) return files;
  for (unsigned long i = 0; i < records->card(); ++i) {
    OFString id;
    if (records->getItem(i)->findAndGetOFStringArray(DCM_ReferencedFileID, id).bad() || id.empty())
      continue;
    std::string rel = id.c_str();
    std::replace(rel.begin(), rel.end(), '\\', '/');
    while (!rel.empty() && rel.back() == ' ') rel.pop_back();
    // A file ID names a file below the DICOMDIR's folder: components, no root, no "..".
    const fs::path relative(rel);
    bool escapes = relative.is_absolute() || rel.empty();
    for (const auto& part : relative) escapes |= part == "..";
    fs::path p = base / relative;
    if (!escapes && !fs::exists(p, ec)) {
      std::string lower = rel;
      std::transform(lower.begin(), lower.end(), lower.begin(), ::tolower);
      if (fs::exists(base / lower, ec)) p = base / lower;
    }
    if (escapes || !staysInside(p, root)) {
      report.unreadable.push_back({rel, "the DICOMDIR names a file outside its folder"});
      continue;
    }
    files.push_back(p);
  }
  return files;
}

bool isDicomDirFile(const fs::path& p) {
  std::string name = p.filename().string();
  std::transform(name.begin(), name.end(), name.begin(), ::toupper);
  return name == "DICOMDIR";
}

}  // namespace

DicomScanReport scanDicom(const std::string& path) {
  initDicomLibrary();
  DicomScanReport report;
  std::error_code ec;
  const fs::path root(path);
  if (!fs::exists(root, ec)) throw IoError("no such file or folder: '" + path + "'");
  std::vector<fs::path> files;
  if (fs::is_directory(root, ec)) {
    const fs::path inside = fs::canonical(root, ec);
    fs::recursive_directory_iterator it(root, fs::directory_options::skip_permission_denied, ec), end;
    if (ec) throw IoError("cannot list '" + path + "': " + ec.message());
    for (; it != end; it.increment(ec)) {
      if (ec) break;
      if (it->is_directory(ec)) continue;
      // Symlinks must stay inside the folder; FIFOs and devices are reported, never opened.
      if (it->is_symlink(ec) && !staysInside(it->path(), inside)) {
        report.unreadable.push_back({it->path().string(), "a link to a file outside the folder"});
        continue;
      }
      if (it->is_regular_file(ec)) {
        files.push_back(it->path());
      } else {
        const std::string kind = irregularFileKind(it->path().string());
        report.unreadable.push_back({it->path().string(), "not a regular file (" + (kind.empty() ? "dangling link" : kind) + ")"});
      }
    }
    std::sort(files.begin(), files.end());
  } else if (isDicomDirFile(root)) {
    files = filesOfDicomDir(root, report);
  } else {
    files.push_back(root);
  }

  std::map<std::pair<std::string, std::string>, DicomSeriesInfo> bySeries;
  for (const fs::path& file : files) {
    ++report.filesSeen;
    FileResult r;
    try {
      r = readFile(file);
    } catch (...) {
      r.kind = FileKind::Unreadable;
      r.reason = "damaged header";
    }
    switch (r.kind) {
      case FileKind::NotDicom: ++report.notDicom; break;
      case FileKind::NonImage: ++report.nonImage; break;
      case FileKind::Unreadable: report.unreadable.push_back({file.string(), r.reason}); break;
      case FileKind::Slices: {
        auto [it, inserted] = bySeries.try_emplace({r.series.studyUid, r.series.seriesUid});
        DicomSeriesInfo& s = it->second;
        if (inserted) {
          s = std::move(r.series);
        } else {
          s.instanceCount += 1;
          if (s.frameOfReferenceUid.empty()) s.frameOfReferenceUid = r.series.frameOfReferenceUid;
          for (auto& slice : r.series.slices) s.slices.push_back(std::move(slice));
        }
        break;
      }
    }
  }
  for (auto& [key, s] : bySeries) report.series.push_back(std::move(s));
  std::stable_sort(report.series.begin(), report.series.end(), [](const auto& a, const auto& b) {
    return std::tie(a.studyDate, a.studyUid, a.seriesNumber) < std::tie(b.studyDate, b.studyUid, b.seriesNumber);
  });
  return report;
}

std::string summarizeDicomScan(const DicomScanReport& report) {
  size_t images = 0;
  for (const auto& s : report.series) images += size_t(s.instanceCount);
  std::ostringstream o;
  o << report.filesSeen << " file(s): " << images << " image file(s) in " << report.series.size()
    << " series";
  if (report.notDicom) o << ", " << report.notDicom << " not DICOM";
  if (report.nonImage) o << ", " << report.nonImage << " DICOM non-image object(s) skipped";
  if (!report.unreadable.empty()) o << ", " << report.unreadable.size() << " unreadable";
  return o.str();
}

const DicomSeriesInfo& chooseDicomSeries(const DicomScanReport& report, const std::string& path,
                                         const std::string& uid) {
  if (report.series.empty()) {
    std::string first;
    if (!report.unreadable.empty())
      first = "; " + report.unreadable.front().reason + ": '" + report.unreadable.front().file + "'";
    throw IoError("no DICOM image series in '" + path + "' (" + summarizeDicomScan(report) + first + ")");
  }
  if (uid.empty()) {
    if (report.series.size() == 1) return report.series.front();
    throw IoError(std::to_string(report.series.size()) + " series in '" + path +
                  "': pass --series UID (see 'dicom list')");
  }
  for (const auto& s : report.series)
    if (s.seriesUid == uid) return s;
  throw IoError("no series with SeriesInstanceUID " + uid + " in '" + path + "'");
}

}  // namespace slicewise
