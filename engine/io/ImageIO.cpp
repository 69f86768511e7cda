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
#include <unistd.h>

#include "io/IoError.h"
#include "io/NiftiFileCheck.h"

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

itk::ImageIOBase::Pointer openHeader(const std::string& path) {
  registerFactories();
  std::error_code ec;
  if (!fs::exists(path, ec)) throw IoError("no such file: " + quoted(path));
  if (fs::is_directory(path, ec))
    throw IoError(quoted(path) + " is a folder; for a DICOM series use 'dicom import'");
  itk::ImageIOBase::Pointer io =
      itk::ImageIOFactory::CreateImageIO(path.c_str(), itk::IOFileModeEnum::ReadMode);
  if (!io)
    throw IoError(quoted(path) +
                  " is not a readable NIfTI, NRRD, MetaImage or GIPL image (or it is corrupt)");
  try {
    io->SetFileName(path);
    io->ReadImageInformation();
  } catch (const itk::ExceptionObject& e) {
    throw IoError("cannot read " + quoted(path) + ": " + firstLine(e.GetDescription()));
  }
  if (io->GetNumberOfComponents() != 1)
    throw IoError(quoted(path) + " has " + std::to_string(io->GetNumberOfComponents()) +
                  " components per voxel; Slicewise needs a scalar image");
  if (isNiftiFileName(path)) checkNiftiFile(path, uint64_t(io->GetImageSizeInBytes()));
  if (io->GetNumberOfDimensions() > 3) {
    for (unsigned d = 3; d < io->GetNumberOfDimensions(); ++d)
      if (io->GetDimensions(d) > 1)
        throw IoError(quoted(path) + " is a " + std::to_string(io->GetNumberOfDimensions()) +
                      "D series; Slicewise needs one 3D volume");
  }
  return io;
}

template <class T>
std::pair<ImageGeometry, std::vector<T>> readAs(const std::string& path, itk::ImageIOBase* io) {
  using ImageType = itk::Image<T, 3>;
  auto reader = itk::ImageFileReader<ImageType>::New();
  reader->SetFileName(path);
  reader->SetImageIO(io);
  try {
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
void writeAs(const ImageGeometry& g, const T* voxels, const std::string& path) {
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

  const fs::path target(path);
  // Checked first: ITK's NIfTI writer prints to stderr and reports a missing folder as "Success".
  {
    const fs::path folder = target.has_parent_path() ? target.parent_path() : fs::path(".");
    std::error_code ec;
    if (!fs::is_directory(folder, ec))
      throw IoError("cannot write " + quoted(path) + ": the folder " + quoted(folder.string()) +
                    " does not exist");
    if (::access(folder.c_str(), W_OK) != 0)
      throw IoError("cannot write " + quoted(path) + ": the folder " + quoted(folder.string()) +
                    " is not writable");
  }
  const std::string name = target.filename().string();
  const bool detached = name.ends_with(".nhdr") || name.ends_with(".mhd") || name.ends_with(".hdr");
  // Keep the extension so ITK picks the same format for the temporary file.
  const fs::path temp = detached ? target
                                 : target.parent_path() /
                                       ("." + std::to_string(::getpid()) + ".partial." + name);
  auto writer = itk::ImageFileWriter<ImageType>::New();
  writer->SetFileName(temp.string());
  writer->SetInput(image);
  writer->SetUseCompression(true);
  try {
    writer->Update();
  } catch (const itk::ExceptionObject& e) {
    std::error_code ec;
    if (!detached) fs::remove(temp, ec);
    throw IoError("cannot write " + quoted(path) + ": " + firstLine(e.GetDescription()));
  }
  if (!detached) {
    std::error_code ec;
    fs::rename(temp, target, ec);
    if (ec) {
      fs::remove(temp, ec);
      throw IoError("cannot write " + quoted(path) + ": " + ec.message());
    }
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
  auto io = openHeader(path);
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
  auto io = openHeader(path);
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
  auto io = openHeader(path);
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

void writeImage(const Volume& volume, const std::string& path) {
  volume.visit([&](const auto& v) { writeAs(volume.geometry(), v.data(), path); });
}

void writeLabelMap(const LabelVolume& labels, const std::string& path) {
  const auto& v = labels.data();
  const Label maxLabel = v.empty() ? 0 : *std::max_element(v.begin(), v.end());
  if (maxLabel <= 255) {
    // uint8 is what most tools expect of a label map; ids above 255 keep uint16.
    std::vector<uint8_t> narrow(v.begin(), v.end());
    writeAs(labels.geometry(), narrow.data(), path);
  } else {
    writeAs(labels.geometry(), v.data(), path);
  }
}

}  // namespace slicewise
