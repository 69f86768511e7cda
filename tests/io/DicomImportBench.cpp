// slicewise-bench-dicom SERIES_DIR [--slices N] [--repeat R] [--keep DIR]
// Builds an N-slice series (default 300) from a real one by repeating its files with new
// positions and UIDs, then times Slicewise's DCMTK import beside ITK's GDCM series reader on the
// same files and checks that both give the same voxels.
#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcmetinf.h>
#include <dcmtk/dcmdata/dcuid.h>
#include <itkGDCMImageIO.h>
#include <itkGDCMSeriesFileNames.h>
#include <itkImage.h>
#include <itkImageSeriesReader.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

#include "io/DicomSeriesReader.h"

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

std::string makeSeries(const std::string& source, int slices, const fs::path& out) {
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(source))
    if (e.is_regular_file()) files.push_back(e.path());
  std::sort(files.begin(), files.end());
  if (files.empty()) throw std::runtime_error("no files in " + source);
  fs::create_directories(out);
  char uid[100];
  const std::string study = dcmGenerateUniqueIdentifier(uid, SITE_STUDY_UID_ROOT);
  const std::string series = dcmGenerateUniqueIdentifier(uid, SITE_SERIES_UID_ROOT);
  const std::string frame = dcmGenerateUniqueIdentifier(uid, SITE_INSTANCE_UID_ROOT);
  double x = 0, y = 0, z0 = 0;
  for (int k = 0; k < slices; ++k) {
    DcmFileFormat ff;
    if (ff.loadFile(files[size_t(k) % files.size()].c_str()).bad()) throw std::runtime_error("cannot read source");
    DcmDataset* ds = ff.getDataset();
    ds->loadAllDataIntoMemory();
    if (k == 0) {
      ds->findAndGetFloat64(DCM_ImagePositionPatient, x, 0);
      ds->findAndGetFloat64(DCM_ImagePositionPatient, y, 1);
      ds->findAndGetFloat64(DCM_ImagePositionPatient, z0, 2);
    }
    const std::string sop = dcmGenerateUniqueIdentifier(uid, SITE_INSTANCE_UID_ROOT);
    char pos[128];
    std::snprintf(pos, sizeof pos, "%.6g\\%.6g\\%.6g", x, y, z0 + 2.0 * k);
    ds->putAndInsertString(DCM_ImagePositionPatient, pos);
    ds->putAndInsertString(DCM_StudyInstanceUID, study.c_str());
    ds->putAndInsertString(DCM_SeriesInstanceUID, series.c_str());
    ds->putAndInsertString(DCM_FrameOfReferenceUID, frame.c_str());
    ds->putAndInsertString(DCM_SOPInstanceUID, sop.c_str());
    ds->putAndInsertString(DCM_InstanceNumber, std::to_string(k + 1).c_str());
    ff.getMetaInfo()->putAndInsertString(DCM_MediaStorageSOPInstanceUID, sop.c_str());
    // Shuffled names: neither reader may rely on file order.
    const fs::path name = out / ("IM" + std::to_string((k * 7919) % 100003));
    if (ff.saveFile(name.c_str(), EXS_LittleEndianExplicit).bad()) throw std::runtime_error("cannot write");
  }
  return series;
}

using ItkImage = itk::Image<int16_t, 3>;

ItkImage::Pointer readWithItk(const std::string& dir) {
  auto names = itk::GDCMSeriesFileNames::New();
  names->SetUseSeriesDetails(false);
  names->SetDirectory(dir);
  const auto uids = names->GetSeriesUIDs();
  auto reader = itk::ImageSeriesReader<ItkImage>::New();
  reader->SetImageIO(itk::GDCMImageIO::New());
  reader->SetFileNames(names->GetFileNames(uids.front()));
  reader->Update();
  return reader->GetOutput();
}

double seconds(Clock::time_point a, Clock::time_point b) {
  return std::chrono::duration<double>(b - a).count();
}

}  // namespace

int main(int argc, char** argv) {
  const std::string usage =
      "usage: slicewise-bench-dicom SERIES_DIR [--slices N] [--repeat R] [--keep DIR]\n"
      "  duplicates the series in SERIES_DIR into N slices with new positions and UIDs, then times\n"
      "  Slicewise's DICOM import against ITK's GDCM series reader on the same files\n";
  if (argc < 2 || std::string(argv[1]) == "--help" || std::string(argv[1]) == "-h") {
    std::cerr << usage;
    return argc < 2 ? 2 : 0;
  }
  int slices = 300, repeat = 3;
  fs::path dir = fs::temp_directory_path() / ("slicewise-bench-dicom-" + std::to_string(::getpid()));
  bool keep = false;
  for (int i = 2; i + 1 < argc; i += 2) {
    const std::string a = argv[i];
    if (a == "--slices") slices = std::stoi(argv[i + 1]);
    else if (a == "--repeat") repeat = std::stoi(argv[i + 1]);
    else if (a == "--keep") dir = argv[i + 1], keep = true;
  }
  try {
    const bool exists = fs::exists(dir) && !fs::is_empty(dir);
    if (!exists) makeSeries(argv[1], slices, dir);
    std::vector<double> ours, oursSingle, itkTimes;
    slicewise::Volume volume;
    ItkImage::Pointer reference;
    for (int r = 0; r < repeat; ++r) {
      auto t0 = Clock::now();
      volume = slicewise::importDicom(dir.string()).volume;
      auto t1 = Clock::now();
      reference = readWithItk(dir.string());
      auto t2 = Clock::now();
      slicewise::importDicom(dir.string(), {}, 1);
      auto t3 = Clock::now();
      ours.push_back(seconds(t0, t1));
      itkTimes.push_back(seconds(t1, t2));
      oursSingle.push_back(seconds(t2, t3));
    }
    const auto& g = volume.geometry();
    const auto* itkData = reference->GetBufferPointer();
    const auto& mine = std::get<std::vector<int16_t>>(volume.storage());
    size_t differ = 0;
    for (size_t i = 0; i < mine.size(); ++i) differ += mine[i] != itkData[i];
    const auto itkSize = reference->GetLargestPossibleRegion().GetSize();
    std::sort(ours.begin(), ours.end());
    std::sort(itkTimes.begin(), itkTimes.end());
    std::sort(oursSingle.begin(), oursSingle.end());
    std::printf("series %ldx%ldx%ld int16, %d runs (median, min in s; the time includes scanning the folder)\n", long(g.size[0]), long(g.size[1]),
                long(g.size[2]), repeat);
    std::printf("| reader | median s | min s | MB/s |\n| --- | --- | --- | --- |\n");
    const double mb = double(mine.size()) * 2 / 1e6;
    std::printf("| Slicewise (DCMTK, %u threads) | %.3f | %.3f | %.0f |\n", std::min(8u, std::max(1u, std::thread::hardware_concurrency())),
                ours[ours.size() / 2], ours[0], mb / ours[ours.size() / 2]);
    std::printf("| Slicewise (DCMTK, 1 thread) | %.3f | %.3f | %.0f |\n", oursSingle[oursSingle.size() / 2], oursSingle[0],
                mb / oursSingle[oursSingle.size() / 2]);
    std::printf("| ITK GDCMImageIO + ImageSeriesReader | %.3f | %.3f | %.0f |\n", itkTimes[itkTimes.size() / 2],
                itkTimes[0], mb / itkTimes[itkTimes.size() / 2]);
    std::printf("ITK size %lux%lux%lu, voxels that differ: %zu, ratio ours/ITK %.2f\n", itkSize[0], itkSize[1],
                itkSize[2], differ, ours[ours.size() / 2] / itkTimes[itkTimes.size() / 2]);
    // A few voxels of the source series as ITK reads them, for tests that compare with literals.
    const ItkImage::Pointer source = readWithItk(argv[1]);
    std::printf("ITK/GDCM voxels of the source series {i, j, k, value}:");
    for (const auto& idx : std::vector<ItkImage::IndexType>{{{0, 0, 0}}, {{256, 256, 10}}, {{100, 300, 5}},
                                                           {{400, 200, 19}}, {{256, 300, 0}}, {{300, 250, 12}}})
      std::printf(" {%ld, %ld, %ld, %d},", long(idx[0]), long(idx[1]), long(idx[2]), int(source->GetPixel(idx)));
    std::printf("\n");
    if (!keep) fs::remove_all(dir);
    return differ == 0 ? 0 : 1;
  } catch (const std::exception& e) {
    std::cerr << "slicewise-bench-dicom: error: " << e.what() << "\n";
    if (!keep) fs::remove_all(dir);
    return 1;
  }
}
