#include "SyntheticDicom.h"

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcpixel.h>
#include <dcmtk/dcmdata/dcpixseq.h>
#include <dcmtk/dcmdata/dcpxitem.h>
#include <dcmtk/dcmdata/dcuid.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <stdexcept>

namespace slicewise::test {

namespace {

std::string newUid() {
  char buf[100];
  return dcmGenerateUniqueIdentifier(buf, SITE_INSTANCE_UID_ROOT);
}

std::string numbers(const double* v, int n) {
  std::string s;
  for (int i = 0; i < n; ++i) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.6f", v[i]);
    if (i) s += '\\';
    s += buf;
  }
  return s;
}

void header(DcmDataset& d, int number, const std::array<double, 3>& position, const std::array<double, 6>& orientation,
            double spacing) {
  d.putAndInsertString(DCM_SOPClassUID, UID_CTImageStorage);
  d.putAndInsertString(DCM_SOPInstanceUID, newUid().c_str());
  d.putAndInsertString(DCM_Modality, "CT");
  d.putAndInsertString(DCM_PatientName, "Synthetic^Series");
  d.putAndInsertString(DCM_PatientID, "SYNTH");
  d.putAndInsertString(DCM_StudyDate, "20240101");
  d.putAndInsertString(DCM_StudyTime, "120000");
  d.putAndInsertString(DCM_StudyID, "1");
  d.putAndInsertString(DCM_SeriesNumber, "1");
  d.putAndInsertString(DCM_InstanceNumber, std::to_string(number).c_str());
  d.putAndInsertString(DCM_ImagePositionPatient, numbers(position.data(), 3).c_str());
  d.putAndInsertString(DCM_ImageOrientationPatient, numbers(orientation.data(), 6).c_str());
  const double ps[2] = {spacing, spacing};
  d.putAndInsertString(DCM_PixelSpacing, numbers(ps, 2).c_str());
  d.putAndInsertString(DCM_SliceThickness, "2");
  d.putAndInsertUint16(DCM_SamplesPerPixel, 1);
  d.putAndInsertString(DCM_PhotometricInterpretation, "MONOCHROME2");
  d.putAndInsertUint16(DCM_BitsAllocated, 16);
  d.putAndInsertUint16(DCM_BitsStored, 16);
  d.putAndInsertUint16(DCM_HighBit, 15);
  d.putAndInsertUint16(DCM_PixelRepresentation, 1);
  d.putAndInsertString(DCM_RescaleIntercept, "0");
  d.putAndInsertString(DCM_RescaleSlope, "1");
}

}  // namespace

std::vector<std::array<double, 3>> stackPositions(int count, double step, double tiltDegrees) {
  std::vector<std::array<double, 3>> p;
  const double shear = std::tan(tiltDegrees * M_PI / 180.0);
  for (int k = 0; k < count; ++k) p.push_back({-16.0, -16.0 + k * step * shear, k * step});
  return p;
}

std::vector<std::string> writeSyntheticSeries(const std::string& folder, SyntheticSeries spec) {
  std::filesystem::create_directories(folder);
  if (spec.withUids) {
    if (spec.studyUid.empty()) spec.studyUid = newUid();
    if (spec.seriesUid.empty()) spec.seriesUid = newUid();
    if (spec.frameOfReferenceUid.empty()) spec.frameOfReferenceUid = newUid();
  }
  std::vector<std::string> files;
  for (size_t k = 0; k < spec.positions.size(); ++k) {
    DcmFileFormat ff;
    DcmDataset& d = *ff.getDataset();
    header(d, int(k) + 1, spec.positions[k], spec.orientation, spec.pixelSpacing);
    if (spec.withUids) {
      d.putAndInsertString(DCM_StudyInstanceUID, spec.studyUid.c_str());
      d.putAndInsertString(DCM_SeriesInstanceUID, spec.seriesUid.c_str());
      d.putAndInsertString(DCM_FrameOfReferenceUID, spec.frameOfReferenceUid.c_str());
    }
    d.putAndInsertUint16(DCM_Rows, Uint16(spec.rows));
    d.putAndInsertUint16(DCM_Columns, Uint16(spec.columns));
    std::vector<Uint16> px(size_t(spec.rows) * size_t(spec.columns));
    for (int j = 0; j < spec.rows; ++j)
      for (int i = 0; i < spec.columns; ++i)
        px[size_t(j) * size_t(spec.columns) + size_t(i)] = Uint16(int16_t((i * 3 + j * 5 + int(k) * 7) % 1000 - 500));
    d.putAndInsertUint16Array(DCM_PixelData, px.data(), px.size());
    char name[32];
    std::snprintf(name, sizeof name, "IM%03zu.dcm", k);
    const std::string file = (std::filesystem::path(folder) / name).string();
    if (ff.saveFile(file.c_str(), EXS_LittleEndianExplicit).bad()) throw std::runtime_error("cannot write " + file);
    files.push_back(file);
  }
  return files;
}

void writeRleBomb(const std::string& file, int rows, int columns, int frames) {
  DcmFileFormat ff;
  DcmDataset& d = *ff.getDataset();
  header(d, 1, {0, 0, 0}, {1, 0, 0, 0, 1, 0}, 1.0);
  d.putAndInsertString(DCM_StudyInstanceUID, newUid().c_str());
  d.putAndInsertString(DCM_SeriesInstanceUID, newUid().c_str());
  d.putAndInsertString(DCM_FrameOfReferenceUID, newUid().c_str());
  d.putAndInsertUint16(DCM_Rows, Uint16(rows));
  d.putAndInsertUint16(DCM_Columns, Uint16(columns));
  if (frames > 1) d.putAndInsertString(DCM_NumberOfFrames, std::to_string(frames).c_str());
  // One RLE fragment per frame: a 64-byte header naming two segments, each a few PackBits runs
  // of 128 zero bytes. Decoding it would need rows * columns * 2 bytes per frame.
  auto* pixelData = new DcmPixelData(DCM_PixelData);
  auto* sequence = new DcmPixelSequence(DcmTag(DCM_PixelData, EVR_OB));
  sequence->insert(new DcmPixelItem(DcmTag(DCM_Item, EVR_OB)));  // empty offset table
  for (int f = 0; f < frames; ++f) {
    std::vector<Uint8> fragment(64 + 16, 0);
    const Uint32 head[3] = {2, 64, 72};
    for (int w = 0; w < 3; ++w)
      for (int b = 0; b < 4; ++b) fragment[size_t(w * 4 + b)] = Uint8(head[w] >> (8 * b));
    for (size_t i = 64; i < fragment.size(); i += 2) fragment[i] = 0x81;  // repeat the next byte 128 times
    auto* item = new DcmPixelItem(DcmTag(DCM_Item, EVR_OB));
    item->putUint8Array(fragment.data(), Uint32(fragment.size()));
    sequence->insert(item);
  }
  pixelData->putOriginalRepresentation(EXS_RLELossless, nullptr, sequence);
  d.insert(pixelData, OFTrue);
  if (ff.saveFile(file.c_str(), EXS_RLELossless).bad()) throw std::runtime_error("cannot write " + file);
}

}  // namespace slicewise::test
