#include "io/ImageIO.h"

#include <itkGiplImageIOFactory.h>
#include <itkImage.h>
#include <itkImageFileReader.h>
#include <itkImageFileWriter.h>
#include <itkImageIOFactory.h>
#include <itkMetaImageIOFactory.h>
#include <itkNiftiImageIOFactory.h>
#include <itkNrrdImageIOFactory.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <mutex>
#include <sstream>

#include "files/CheckedFile.h"
#include "files/FileError.h"
#include "files/MemoryBudget.h"
#include "files/OutputSet.h"
#include "files/RegularFile.h"
#include "io/ImageDataCheck.h"
#include "io/IoError.h"
#include "io/NiftiFileCheck.h"
#include "io/StderrSilencer.h"

namespace fs = std::filesystem;

namespace slicewise {

namespace {

void registerFactories() {
  static std::once_flag once;
  std::call_once(once, [] {
    itk::NiftiImageIOFactory::RegisterOneFactory();
    itk::NrrdImageIOFactory::RegisterOneFactory();
    itk::MetaImageIOFactory::RegisterOneFactory();
    itk::GiplImageIOFactory::RegisterOneFactory();
  });
}

// ITK's descriptions span lines and name source files; a person needs the first sentence.
std::string firstLine(const std::string& text) {
  std::string s = text.substr(0, text.find('\n'));
  // "itk::ERROR: NrrdImageIO(0x55d0): ReadImageInformation: ..." -> "ReadImageInformation: ..."
  if (s.starts_with("itk::ERROR: ")) {
    const size_t cut = s.find("): ");
    if (cut != std::string::npos) s = s.substr(cut + 3);
  }
  while (!s.empty() && (s.back() == ' ' || s.back() == '\r')) s.pop_back();
  return s.empty() ? "unreadable data" : s;
}

std::string quoted(const std::string& path) { return "'" + path + "'"; }

// "4000x1500x500 uint8"
std::string describeClaim(itk::ImageIOBase* io) {
  std::ostringstream s;
  for (unsigned d = 0; d < io->GetNumberOfDimensions(); ++d) s << (d ? "x" : "") << io->GetDimensions(d);
  s << " " << itk::ImageIOBase::GetComponentTypeAsString(io->GetComponentType());
  return s.str();
}

// Voxels the header claims, without wrapping around for absurd sizes.
uint64_t claimedVoxels(itk::ImageIOBase* io) {
  uint64_t n = 1;
  for (unsigned d = 0; d < io->GetNumberOfDimensions(); ++d) n = saturatingProduct({n, uint64_t(io->GetDimensions(d))});
  return n;
}

// Opens the header and checks the file against it. `peakBytesPerVoxel` is what reading the
// voxels allocates per voxel (0: the header alone is wanted).
itk::ImageIOBase::Pointer openHeader(const std::string& path, uint64_t (*peakBytesPerVoxel)(itk::IOComponentEnum)) {
  registerFactories();
  std::error_code ec;
  if (!fs::exists(path, ec)) throw IoError("no such file: " + quoted(path));
  if (fs::is_directory(path, ec))
    throw IoError(quoted(path) + " is a folder; for a DICOM series use 'dicom import'");
  // A FIFO or a device (/dev/stdin) would block or never end.
  if (const std::string kind = irregularFileKind(path); !kind.empty())
    throw IoError(quoted(path) + " is not a regular file (" + kind + ")");
  itk::ImageIOBase::Pointer io =
      itk::ImageIOFactory::CreateImageIO(path.c_str(), itk::IOFileModeEnum::ReadMode);
  if (!io)
    throw IoError(quoted(path) +
                  " is not a readable NIfTI, NRRD, MetaImage or GIPL image (or it is corrupt)");
  const bool nifti = isNiftiFileName(path);
  if (nifti) checkNiftiSpacing(path, readNiftiHeader(path));
  try {
    const StderrSilencer quiet;
    io->SetFileName(path);
    io->ReadImageInformation();
  } catch (const itk::ExceptionObject& e) {
    throw IoError("cannot read " + quoted(path) + ": " + firstLine(e.GetDescription()));
  }
  if (io->GetNumberOfComponents() != 1)
    throw IoError(quoted(path) + " has " + std::to_string(io->GetNumberOfComponents()) +
                  " components per voxel; Slicewise needs a scalar image");
  if (io->GetNumberOfDimensions() > 3) {
    for (unsigned d = 3; d < io->GetNumberOfDimensions(); ++d)
      if (io->GetDimensions(d) > 1)
        throw IoError(quoted(path) + " is a " + std::to_string(io->GetNumberOfDimensions()) +
                      "D series; Slicewise needs one 3D volume");
  }
  // What the header claims against what the file holds and what the machine has, before
  // anything is allocated: a 1 KB header must not make the reader reach for gigabytes.
  const uint64_t voxels = claimedVoxels(io);
  const uint64_t claimed = saturatingProduct({voxels, uint64_t(io->GetComponentSize())});
  const uint64_t peak = peakBytesPerVoxel ? saturatingProduct({voxels, peakBytesPerVoxel(io->GetComponentType())}) : 0;
  checkImageData(path, claimed, peak, describeClaim(io));
  if (nifti) checkNiftiFile(path, claimed);
  return io;
}

uint64_t componentBytes(itk::IOComponentEnum type) {
  using C = itk::IOComponentEnum;
  switch (type) {
    case C::UCHAR:
    case C::CHAR: return 1;
    case C::USHORT:
    case C::SHORT: return 2;
    case C::UINT:
    case C::INT:
    case C::FLOAT: return 4;
    default: return 8;
  }
}

// readImage keeps uint8/int16/uint16 and turns everything else into float; ITK reads into its
// own buffer (through a buffer of the file's type when the types differ) and the voxels are
// then copied out.
uint64_t imagePeakPerVoxel(itk::IOComponentEnum type) {
  using C = itk::IOComponentEnum;
  const uint64_t out = type == C::UCHAR ? 1 : (type == C::CHAR || type == C::SHORT || type == C::USHORT) ? 2 : 4;
  return 2 * out + componentBytes(type);
}

// Label maps: uint16 for integer types; float and then uint16 for the others.
uint64_t labelPeakPerVoxel(itk::IOComponentEnum type) {
  using C = itk::IOComponentEnum;
  const uint64_t file = componentBytes(type);
  return type == C::UCHAR || type == C::USHORT ? 4 + file : 8 + 2 + file;
}

template <class T>
std::pair<ImageGeometry, std::vector<T>> readAs(const std::string& path, itk::ImageIOBase* io) {
  using ImageType = itk::Image<T, 3>;
  auto reader = itk::ImageFileReader<ImageType>::New();
  reader->SetFileName(path);
  reader->SetImageIO(io);
  try {
    const StderrSilencer quiet;
    reader->Update();
  } catch (const itk::ExceptionObject& e) {
    throw IoError("cannot read " + quoted(path) + ": " + firstLine(e.GetDescription()));
  }
  const ImageType* image = reader->GetOutput();
  ImageGeometry g;
  const auto region = image->GetLargestPossibleRegion();
  for (unsigned d = 0; d < 3; ++d) {
    g.size[d] = int64_t(region.GetSize()[d]);
    g.spacing[d] = image->GetSpacing()[d];
    g.origin[d] = image->GetOrigin()[d];
    for (unsigned c = 0; c < 3; ++c) g.direction[d * 3 + c] = image->GetDirection()[d][c];
  }
  if (!g.valid()) throw IoError(quoted(path) + " has an invalid geometry (" + g.describe() + ")");
  const T* buffer = image->GetBufferPointer();
  return {g, std::vector<T>(buffer, buffer + g.voxelCount())};
}

template <class T>
void writeAs(const ImageGeometry& g, const T* voxels, const std::string& path, OutputSet& outputs) {
  using ImageType = itk::Image<T, 3>;
  registerFactories();
  auto image = ImageType::New();
  typename ImageType::SizeType size;
  typename ImageType::SpacingType spacing;
  typename ImageType::PointType origin;
  typename ImageType::DirectionType direction;
  for (unsigned d = 0; d < 3; ++d) {
    size[d] = itk::SizeValueType(g.size[d]);
    spacing[d] = g.spacing[d];
    origin[d] = g.origin[d];
    for (unsigned c = 0; c < 3; ++c) direction[d][c] = g.direction[d * 3 + c];
  }
  image->SetRegions(typename ImageType::RegionType(size));
  image->SetSpacing(spacing);
  image->SetOrigin(origin);
  image->SetDirection(direction);
  // ITK only reads through this pointer while writing.
  image->GetPixelContainer()->SetImportPointer(const_cast<T*>(voxels), g.voxelCount(), false);

  // The file keeps its own name inside the staging folder, so ITK picks the format, and names
  // an .nhdr's or .mhd's data file, exactly as for the target.
  std::string staged;
  try {
    staged = outputs.stage(path);
  } catch (const FileError& e) {
    throw IoError(e.what());
  }
  auto writer = itk::ImageFileWriter<ImageType>::New();
  writer->SetFileName(staged);
  writer->SetInput(image);
  writer->SetUseCompression(true);
  try {
    const StderrSilencer quiet;
    writer->Update();
  } catch (const itk::ExceptionObject& e) {
    // A full disk or a file size limit says so; other failures keep ITK's words, naming the
    // target rather than the staged file.
    std::error_code ec;
    for (const auto& written : fs::directory_iterator(fs::path(staged).parent_path(), ec)) {
      const std::string reason = shortWriteReason(written.path().string());
      if (reason != "the file was not written completely")
        throw IoError("cannot write " + quoted(path) + ": " + reason);
    }
    std::string text = firstLine(e.GetDescription());
    for (size_t at; (at = text.find(staged)) != std::string::npos;) text.replace(at, staged.size(), path);
    throw IoError("cannot write " + quoted(path) + ": " + text);
  }
  // ITK's NIfTI writer reports a full disk only on stderr: check what is on disk.
  verifyWrittenImage(staged, uint64_t(g.voxelCount()) * sizeof(T), path);
}

template <class T>
void writeAs(const ImageGeometry& g, const T* voxels, const std::string& path) {
  OutputSet outputs;
  writeAs(g, voxels, path, outputs);
  try {
    outputs.commit();
  } catch (const FileError& e) {
    throw IoError(e.what());
  }
}

}  // namespace

bool hasImageExtension(const std::string& path) {
  static const char* kExtensions[] = {".nii", ".nii.gz", ".nrrd", ".nhdr", ".mha", ".mhd", ".gipl",
                                      ".gipl.gz"};
  return std::any_of(std::begin(kExtensions), std::end(kExtensions),
                     [&](const char* e) { return path.ends_with(e); });
}

ImageGeometry readImageGeometry(const std::string& path) {
  auto io = openHeader(path, nullptr);
  // The header's axes as the reader would set them: missing dimensions are one voxel of 1 mm
  // along the identity direction.
  ImageGeometry g;
  const unsigned dims = std::min(io->GetNumberOfDimensions(), 3u);
  for (unsigned d = 0; d < dims; ++d) {
    g.size[d] = int64_t(io->GetDimensions(d));
    g.spacing[d] = io->GetSpacing(d);
    g.origin[d] = io->GetOrigin(d);
    const std::vector<double> axis = io->GetDirection(d);
    for (unsigned r = 0; r < 3; ++r) g.direction[r * 3 + d] = r < axis.size() ? axis[r] : double(r == d);
  }
  for (unsigned d = dims; d < 3; ++d) g.size[d] = 1;
  if (!g.valid()) throw IoError(quoted(path) + " has an invalid geometry (" + g.describe() + ")");
  return g;
}

Volume readImage(const std::string& path) {
  auto io = openHeader(path, &imagePeakPerVoxel);
  using C = itk::IOComponentEnum;
  switch (io->GetComponentType()) {
    case C::UCHAR: {
      auto [g, v] = readAs<uint8_t>(path, io);
      return Volume(g, std::move(v));
    }
    case C::CHAR:
    case C::SHORT: {
      auto [g, v] = readAs<int16_t>(path, io);
      return Volume(g, std::move(v));
    }
    case C::USHORT: {
      auto [g, v] = readAs<uint16_t>(path, io);
      return Volume(g, std::move(v));
    }
    default: {
      auto [g, v] = readAs<float>(path, io);
      return Volume(g, std::move(v));
    }
  }
}

LabelVolume readLabelMap(const std::string& path, std::vector<std::string>* warnings) {
  auto io = openHeader(path, &labelPeakPerVoxel);
  using C = itk::IOComponentEnum;
  const auto type = io->GetComponentType();
  if (type == C::UCHAR || type == C::USHORT) {
    auto [g, v] = readAs<uint16_t>(path, io);
    return LabelVolume(g, std::move(v));
  }
  const bool floating = type == C::FLOAT || type == C::DOUBLE;
  // float holds every label id exactly and halves the peak memory of reading through double.
  auto [g, v] = readAs<float>(path, io);
  std::vector<Label> labels(v.size());
  size_t rounded = 0;
  for (size_t i = 0; i < v.size(); ++i) {
    const double r = std::round(double(v[i]));
    if (!(r >= 0.0 && r <= 65535.0))
      throw IoError(quoted(path) + " holds the value " + std::to_string(v[i]) +
                    ", not a label (labels are 0..65535)");
    rounded += r != v[i];
    labels[i] = Label(r);
  }
  if (floating && warnings)
    warnings->push_back("label map " + quoted(path) + " is stored as floating point; rounded to "
                        "integer labels (" + std::to_string(rounded) + " voxels changed)");
  return LabelVolume(g, std::move(labels));
}

void writeImage(const Volume& volume, const std::string& path, OutputSet& outputs) {
  volume.visit([&](const auto& v) { writeAs(volume.geometry(), v.data(), path, outputs); });
}

void writeImage(const Volume& volume, const std::string& path) {
  volume.visit([&](const auto& v) { writeAs(volume.geometry(), v.data(), path); });
}

namespace {

// uint8 is what most tools expect of a label map; ids above 255 keep uint16.
template <class Write>
void withLabelVoxels(const LabelVolume& labels, Write&& write) {
  const auto& v = labels.data();
  const Label maxLabel = v.empty() ? 0 : *std::max_element(v.begin(), v.end());
  if (maxLabel <= 255) {
    std::vector<uint8_t> narrow(v.begin(), v.end());
    write(narrow.data());
  } else {
    write(v.data());
  }
}

}  // namespace

void writeLabelMap(const LabelVolume& labels, const std::string& path, OutputSet& outputs) {
  withLabelVoxels(labels, [&](const auto* voxels) { writeAs(labels.geometry(), voxels, path, outputs); });
}

void writeLabelMap(const LabelVolume& labels, const std::string& path) {
  withLabelVoxels(labels, [&](const auto* voxels) { writeAs(labels.geometry(), voxels, path); });
}

}  // namespace slicewise
