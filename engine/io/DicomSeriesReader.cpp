#include "io/DicomSeriesReader.h"

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcpixel.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cmath>
#include <limits>
#include <map>
#include <memory>
#include <mutex>
#include <thread>

#include "files/FileError.h"
#include "files/MemoryBudget.h"
#include "files/RegularFile.h"
#include "io/DicomLibrary.h"
#include "io/DicomScanner.h"
#include "io/DicomSliceArrangement.h"
#include "io/ImageDataCheck.h"
#include "io/IoError.h"

namespace slicewise {

namespace {

// Turns one stored frame into output values; false when a value does not fit T (the caller then
// retries with a wider type).
struct PixelDecoder {
  int shift = 0;
  uint32_t mask = 0;
  uint32_t signBit = 0;
  bool isSigned = false, invert = false;
  int64_t storedMax = 0, storedMin = 0;
  double slope = 1, intercept = 0;

  explicit PixelDecoder(const DicomSliceHeader& h) {
    shift = h.highBit + 1 - h.bitsStored;
    mask = h.bitsStored >= 32 ? 0xffffffffu : ((1u << h.bitsStored) - 1u);
    isSigned = h.pixelRepresentation == 1;
    signBit = 1u << (h.bitsStored - 1);
    storedMax = isSigned ? (int64_t(1) << (h.bitsStored - 1)) - 1 : (int64_t(1) << h.bitsStored) - 1;
    storedMin = isSigned ? -(int64_t(1) << (h.bitsStored - 1)) : 0;
    invert = h.photometric == "MONOCHROME1";
    slope = h.slope;
    intercept = h.intercept;
  }

  int64_t stored(uint32_t raw) const {
    uint32_t v = (raw >> shift) & mask;
    int64_t s = (isSigned && (v & signBit)) ? int64_t(v) - (int64_t(mask) + 1) : int64_t(v);
    // MONOCHROME1 shows its minimum as white: mirror the stored range so higher is brighter.
    return invert ? storedMax + storedMin - s : s;
  }

  template <class Raw, class T>
  bool decode(const Raw* in, size_t count, T* out) const {
    if constexpr (std::is_integral_v<T>) {
      const int64_t islope = int64_t(slope), iintercept = int64_t(intercept);
      constexpr int64_t lo = std::numeric_limits<T>::min(), hi = std::numeric_limits<T>::max();
      bool ok = true;
      for (size_t i = 0; i < count; ++i) {
        const int64_t v = stored(in[i]) * islope + iintercept;
        ok &= (v >= lo) & (v <= hi);
        out[i] = T(v);
      }
      return ok;
    } else {
      for (size_t i = 0; i < count; ++i) out[i] = T(double(stored(in[i])) * slope + intercept);
      return true;
    }
  }
};

bool isIntegral(double v) { return std::floor(v) == v && std::abs(v) < 1e9; }

struct FileJob {
  std::string file;
  std::vector<std::pair<int, size_t>> frames;  // (frame in file, slice index in the volume)
  const DicomSliceHeader* header = nullptr;
};

template <class T>
class VolumeFiller {
 public:
  VolumeFiller(const std::vector<FileJob>& jobs, const std::vector<const DicomSliceHeader*>& headers,
               size_t sliceVoxels, std::vector<T>& out, unsigned threads)
      : jobs_(jobs), headers_(headers), sliceVoxels_(sliceVoxels), out_(out), threads_(threads) {}

  // False when some value did not fit T. Throws IoError for the first file that failed.
  bool run() {
    const unsigned hw = std::max(1u, std::thread::hardware_concurrency());
    const unsigned threads = unsigned(std::min<size_t>(threads_ > 0 ? threads_ : std::min(hw, 8u), jobs_.size()));
    std::vector<std::thread> pool;
    for (unsigned t = 1; t < threads; ++t) pool.emplace_back([this] { work(); });
    work();
    for (auto& th : pool) th.join();
    if (!error_.empty()) throw IoError(error_);
    return fits_;
  }

 private:
  void work() {
    std::vector<uint8_t> buffer;
    for (size_t j = next_++; j < jobs_.size() && !failed_; j = next_++) {
      try {
        if (!readFile(jobs_[j], buffer)) fits_ = false;
      } catch (const IoError& e) {
        fail(e.what());
      } catch (const std::exception&) {
        fail("cannot decode '" + jobs_[j].file + "'");
      }
    }
  }

  void fail(const std::string& message) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (error_.empty()) error_ = message;
    failed_ = true;
  }

  bool readFile(const FileJob& job, std::vector<uint8_t>& buffer) {
    const DicomSliceHeader& h = *job.header;
    // The scan opened only regular files; this open checks again, in case the file changed.
    std::unique_ptr<RegularFile> file;
    try {
      file = std::make_unique<RegularFile>(job.file);
    } catch (const FileError& e) {
      throw IoError(e.what());
    }
    DcmFileFormat ff;
    OFCondition c = ff.loadFile(file->procPath().c_str());
    if (c.bad()) throw IoError("cannot read '" + job.file + "': " + c.text());
    DcmDataset* ds = ff.getDataset();
    DcmElement* pixels = nullptr;
    if (ds->findAndGetElement(DCM_PixelData, pixels).bad() || !pixels)
      throw IoError("'" + job.file + "' has no pixel data");
    const size_t frameBytes = size_t(h.rows) * h.columns * (h.bitsAllocated / 8);
    buffer.resize(frameBytes + 2);
    bool fits = true;
    Uint32 startFragment = 0;
    int lastFrame = -1;
    for (const auto& [frame, slice] : job.frames) {
      if (frame < lastFrame) startFragment = 0;
      lastFrame = frame;
      OFString colorModel;
      c = pixels->getUncompressedFrame(ds, Uint32(frame), startFragment, buffer.data(),
                                       Uint32(buffer.size()), colorModel);
      if (c.bad())
        throw IoError("cannot decode frame " + std::to_string(frame + 1) + " of '" + job.file +
                      "': " + c.text());
      const PixelDecoder decoder(*headers_[slice]);
      T* out = out_.data() + slice * sliceVoxels_;
      const bool ok = h.bitsAllocated == 16
                          ? decoder.decode(reinterpret_cast<const uint16_t*>(buffer.data()), sliceVoxels_, out)
                          : decoder.decode(buffer.data(), sliceVoxels_, out);
      fits = fits && ok;
    }
    return fits;
  }

  const std::vector<FileJob>& jobs_;
  const std::vector<const DicomSliceHeader*>& headers_;
  size_t sliceVoxels_;
  std::vector<T>& out_;
  unsigned threads_;
  std::atomic<size_t> next_{0};
  std::atomic<bool> failed_{false}, fits_{true};
  std::mutex mutex_;
  std::string error_;
};

// Moves slice content by (-shift) voxels with bilinear interpolation: output (i, j) takes the
// input at (i - shift[0], j - shift[1]), which puts a tilted slice back over the first one.
template <class T>
void shiftSlice(T* slice, int64_t width, int64_t height, const std::array<double, 2>& shift) {
  std::vector<T> in(slice, slice + width * height);
  const T fillValue = *std::min_element(in.begin(), in.end());
  for (int64_t j = 0; j < height; ++j) {
    const double y = double(j) - shift[1];
    const int64_t y0 = int64_t(std::floor(y));
    const double fy = y - double(y0);
    for (int64_t i = 0; i < width; ++i) {
      const double x = double(i) - shift[0];
      const int64_t x0 = int64_t(std::floor(x));
      const double fx = x - double(x0);
      auto at = [&](int64_t xi, int64_t yi) -> double {
        if (xi < 0 || yi < 0 || xi >= width || yi >= height) return double(fillValue);
        return double(in[size_t(yi * width + xi)]);
      };
      const double v = (1 - fy) * ((1 - fx) * at(x0, y0) + fx * at(x0 + 1, y0)) +
                       fy * ((1 - fx) * at(x0, y0 + 1) + fx * at(x0 + 1, y0 + 1));
      if constexpr (std::is_integral_v<T>)
        slice[j * width + i] = T(std::lround(v));
      else
        slice[j * width + i] = T(v);
    }
  }
}

template <class T>
bool fill(const std::vector<FileJob>& jobs, const std::vector<const DicomSliceHeader*>& headers,
          size_t sliceVoxels, Volume::Storage& storage, unsigned threads) {
  std::vector<T> data(sliceVoxels * headers.size());
  if (!VolumeFiller<T>(jobs, headers, sliceVoxels, data, threads).run()) return false;
  storage = std::move(data);
  return true;
}

}  // namespace

DicomImportResult readDicomSeries(const DicomSeriesInfo& series, unsigned threads) {
  initDicomLibrary();
  DicomImportResult result;
  DicomSliceArrangement layout = arrangeDicomSlices(series.slices);
  result.warnings = layout.warnings;
  result.ids = {series.studyUid, series.seriesUid, series.frameOfReferenceUid};

  std::vector<const DicomSliceHeader*> headers;
  for (size_t i : layout.order) headers.push_back(&series.slices[i]);
  for (const DicomSliceHeader* h : headers)
    if (!canDecodeTransferSyntax(h->transferSyntax))
      throw IoError("unsupported transfer syntax " + transferSyntaxName(h->transferSyntax) + " (" +
                    h->transferSyntax + ") in '" + h->file +
                    "': decompress the series first (e.g. gdcmconv --raw)");

  // One job per file so a multi-frame file is opened once.
  std::map<std::string, size_t> jobOfFile;
  std::vector<FileJob> jobs;
  for (size_t s = 0; s < headers.size(); ++s) {
    auto [it, inserted] = jobOfFile.try_emplace(headers[s]->file, jobs.size());
    if (inserted) jobs.push_back({headers[s]->file, {}, headers[s]});
    jobs[it->second].frames.emplace_back(headers[s]->frame, s);
  }
  for (auto& job : jobs) std::sort(job.frames.begin(), job.frames.end());

  bool integral = true;
  for (const DicomSliceHeader* h : headers) integral &= isIntegral(h->slope) && isIntegral(h->intercept);
  const size_t sliceVoxels = size_t(layout.geometry.size[0]) * size_t(layout.geometry.size[1]);
  // The volume (float at worst) and one decoded frame per reading thread, before allocating.
  {
    const ImageGeometry& g = layout.geometry;
    const uint64_t voxels = saturatingProduct({uint64_t(g.size[0]), uint64_t(g.size[1]), uint64_t(g.size[2])});
    const uint64_t frame = saturatingProduct({uint64_t(g.size[0]), uint64_t(g.size[1]), 2});
    requireMemory(saturatingSum(saturatingProduct({voxels, 4}), saturatingProduct({frame, 8})),
                  "the series' volume (" + std::to_string(g.size[0]) + "x" + std::to_string(g.size[1]) + "x" +
                      std::to_string(g.size[2]) + ")");
  }
  Volume::Storage storage;
  const bool done = (integral && fill<int16_t>(jobs, headers, sliceVoxels, storage, threads)) ||
                    (integral && fill<uint16_t>(jobs, headers, sliceVoxels, storage, threads)) ||
                    fill<float>(jobs, headers, sliceVoxels, storage, threads);
  if (!done) throw IoError("cannot convert the pixel values of the series");
  if (!layout.inPlaneShift.empty()) {
    const int64_t w = layout.geometry.size[0], h = layout.geometry.size[1];
    std::visit(
        [&](auto& data) {
          for (size_t k = 0; k < layout.inPlaneShift.size(); ++k)
            shiftSlice(data.data() + k * sliceVoxels, w, h, layout.inPlaneShift[k]);
        },
        storage);
  }
  result.volume = Volume(layout.geometry, std::move(storage));
  result.slicesRead = int(headers.size());
  return result;
}

DicomImportResult importDicom(const std::string& path, const std::string& seriesUid, unsigned threads) {
  return importDicom(scanDicom(path), path, seriesUid, threads);
}

DicomImportResult importDicom(const DicomScanReport& report, const std::string& path, const std::string& seriesUid,
                              unsigned threads) {
  const DicomSeriesInfo& series = chooseDicomSeries(report, path, seriesUid);
  DicomImportResult result = readDicomSeries(series, threads);
  std::vector<std::string> notes;
  for (const auto& u : report.unreadable) notes.push_back("skipped '" + u.file + "': " + u.reason);
  if (report.nonImage > 0)
    notes.push_back("skipped " + std::to_string(report.nonImage) +
                    " DICOM object(s) that are not image slices (SR, SEG, DICOMDIR, ...)");
  if (report.notDicom > 0) notes.push_back("skipped " + std::to_string(report.notDicom) + " file(s) that are not DICOM");
  if (report.series.size() > 1)
    notes.push_back("the folder holds " + std::to_string(report.series.size()) + " series; imported " + series.seriesUid);
  result.warnings.insert(result.warnings.begin(), notes.begin(), notes.end());
  return result;
}

}  // namespace slicewise
