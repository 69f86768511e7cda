// MakeDicomCorpus OUT_DIR [DICOMDIR_DIR]: writes the fuzzing seed corpus, a few small files that
// reach every branch of the reading path: native Explicit/Implicit VR, RLE, JPEG lossless,
// JPEG-LS, MONOCHROME1, signed pixels, an enhanced multi-frame image and a DICOM SEG on the tiny
// series. With DICOMDIR_DIR it also writes the two-slice DICOMDIR fixture of tests/io/data.
#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcddirif.h>
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcrleerg.h>
#include <dcmtk/dcmdata/dcuid.h>
#include <dcmtk/dcmjpeg/djencode.h>
#include <dcmtk/dcmjpeg/djrplol.h>
#include <dcmtk/dcmjpls/djencode.h>
#include <dcmtk/dcmjpls/djrparam.h>

#include <cstdio>
#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

#include "DicomFuzzGrid.h"
#include "SyntheticDicom.h"
#include "io/DicomLibrary.h"
#include "io/DicomScanner.h"
#include "io/DicomSeg.h"

namespace fs = std::filesystem;

namespace {

const std::string kStudy = "1.2.826.0.1.3680043.8.498.1", kSeries = "1.2.826.0.1.3680043.8.498.2",
                  kFrame = "1.2.826.0.1.3680043.8.498.3";

std::string pos(int k) {
  const auto g = slicewise::fuzz::corpusGrid();
  char buf[64];
  std::snprintf(buf, sizeof buf, "%g\\%g\\%g", g.origin[0], g.origin[1], g.origin[2] + g.spacing[2] * k);
  return buf;
}

void common(DcmDataset& d, int k, const char* sopClass) {
  d.putAndInsertString(DCM_SOPClassUID, sopClass);
  d.putAndInsertString(DCM_SOPInstanceUID, ("1.2.826.0.1.3680043.8.498.10." + std::to_string(k)).c_str());
  d.putAndInsertString(DCM_StudyInstanceUID, kStudy.c_str());
  d.putAndInsertString(DCM_SeriesInstanceUID, kSeries.c_str());
  d.putAndInsertString(DCM_FrameOfReferenceUID, kFrame.c_str());
  d.putAndInsertString(DCM_Modality, "CT");
  d.putAndInsertString(DCM_PatientName, "Corpus^Fuzz");
  d.putAndInsertString(DCM_PatientID, "FUZZ");
  d.putAndInsertString(DCM_StudyDate, "20240101");
  d.putAndInsertString(DCM_StudyTime, "120000");
  d.putAndInsertString(DCM_StudyID, "1");
  d.putAndInsertString(DCM_SeriesNumber, "1");
  d.putAndInsertString(DCM_InstanceNumber, std::to_string(k + 1).c_str());
  d.putAndInsertUint16(DCM_Rows, 16);
  d.putAndInsertUint16(DCM_Columns, 16);
  d.putAndInsertUint16(DCM_SamplesPerPixel, 1);
}

DcmFileFormat slice(int k, int bits, bool isSigned, const char* photometric) {
  DcmFileFormat ff;
  DcmDataset& d = *ff.getDataset();
  common(d, k, UID_CTImageStorage);
  d.putAndInsertString(DCM_PhotometricInterpretation, photometric);
  d.putAndInsertUint16(DCM_BitsAllocated, Uint16(bits));
  d.putAndInsertUint16(DCM_BitsStored, Uint16(bits == 16 ? 12 : 8));
  d.putAndInsertUint16(DCM_HighBit, Uint16(bits == 16 ? 11 : 7));
  d.putAndInsertUint16(DCM_PixelRepresentation, isSigned ? 1 : 0);
  d.putAndInsertString(DCM_PixelSpacing, "0.5\\0.5");
  d.putAndInsertString(DCM_SliceThickness, "3");
  d.putAndInsertString(DCM_ImagePositionPatient, pos(k).c_str());
  d.putAndInsertString(DCM_ImageOrientationPatient, "1\\0\\0\\0\\1\\0");
  d.putAndInsertString(DCM_RescaleIntercept, "-1024");
  d.putAndInsertString(DCM_RescaleSlope, "1");
  if (bits == 16) {
    std::vector<Uint16> px(256);
    for (size_t i = 0; i < px.size(); ++i) px[i] = Uint16((i * 37 + size_t(k) * 101) % 4096);
    d.putAndInsertUint16Array(DCM_PixelData, px.data(), px.size());
  } else {
    std::vector<Uint8> px(256);
    for (size_t i = 0; i < px.size(); ++i) px[i] = Uint8(i * 7 + size_t(k));
    d.putAndInsertUint8Array(DCM_PixelData, px.data(), px.size());
  }
  return ff;
}

void save(DcmFileFormat& ff, const fs::path& file, E_TransferSyntax xfer, const DcmRepresentationParameter* param = nullptr) {
  if (xfer != EXS_LittleEndianExplicit && xfer != EXS_LittleEndianImplicit &&
      ff.getDataset()->chooseRepresentation(xfer, param).bad())
    throw std::runtime_error("cannot encode " + file.string());
  if (ff.saveFile(file.c_str(), xfer).bad()) throw std::runtime_error("cannot write " + file.string());
  std::cout << file.string() << " " << fs::file_size(file) << " bytes\n";
}

void enhanced(const fs::path& file) {
  DcmFileFormat ff;
  DcmDataset& d = *ff.getDataset();
  common(d, 50, UID_EnhancedCTImageStorage);
  d.putAndInsertString(DCM_PhotometricInterpretation, "MONOCHROME2");
  d.putAndInsertUint16(DCM_BitsAllocated, 16);
  d.putAndInsertUint16(DCM_BitsStored, 16);
  d.putAndInsertUint16(DCM_HighBit, 15);
  d.putAndInsertUint16(DCM_PixelRepresentation, 1);
  d.putAndInsertString(DCM_NumberOfFrames, "2");
  DcmItem* shared = nullptr;
  d.findOrCreateSequenceItem(DCM_SharedFunctionalGroupsSequence, shared, 0);
  DcmItem* item = nullptr;
  shared->findOrCreateSequenceItem(DCM_PlaneOrientationSequence, item, 0);
  item->putAndInsertString(DCM_ImageOrientationPatient, "1\\0\\0\\0\\1\\0");
  shared->findOrCreateSequenceItem(DCM_PixelMeasuresSequence, item, 0);
  item->putAndInsertString(DCM_PixelSpacing, "0.5\\0.5");
  item->putAndInsertString(DCM_SliceThickness, "2");
  shared->findOrCreateSequenceItem(DCM_PixelValueTransformationSequence, item, 0);
  item->putAndInsertString(DCM_RescaleIntercept, "0");
  item->putAndInsertString(DCM_RescaleSlope, "0.5");
  for (int f = 0; f < 2; ++f) {
    DcmItem* frame = nullptr;
    d.findOrCreateSequenceItem(DCM_PerFrameFunctionalGroupsSequence, frame, f);
    frame->findOrCreateSequenceItem(DCM_PlanePositionSequence, item, 0);
    item->putAndInsertString(DCM_ImagePositionPatient, pos(1 - f).c_str());  // stored in reverse order
  }
  std::vector<Uint16> px(512);
  for (size_t i = 0; i < px.size(); ++i) px[i] = Uint16(int16_t(i * 13) - 2000);
  d.putAndInsertUint16Array(DCM_PixelData, px.data(), px.size());
  save(ff, file, EXS_LittleEndianExplicit);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2 && argc != 3) {
    std::cerr << "usage: MakeDicomCorpus OUT_DIR [DICOMDIR_DIR]\n";
    return 2;
  }
  try {
    slicewise::initDicomLibrary();
    DcmRLEEncoderRegistration::registerCodecs();
    DJEncoderRegistration::registerCodecs();
    DJLSEncoderRegistration::registerCodecs();
    const fs::path out = argv[1];
    fs::create_directories(out);
    const fs::path series = fs::temp_directory_path() / "slicewise-corpus-series";
    fs::create_directories(series);
    for (int k = 0; k < 2; ++k) {
      DcmFileFormat ff = slice(k, 16, false, "MONOCHROME2");
      save(ff, series / ("s" + std::to_string(k) + ".dcm"), EXS_LittleEndianExplicit);
    }
    fs::copy_file(series / "s0.dcm", out / "native-explicit.dcm", fs::copy_options::overwrite_existing);
    DcmFileFormat implicit = slice(0, 16, false, "MONOCHROME2");
    save(implicit, out / "native-implicit.dcm", EXS_LittleEndianImplicit);
    DcmFileFormat signedMono1 = slice(1, 16, true, "MONOCHROME1");
    save(signedMono1, out / "signed-monochrome1.dcm", EXS_LittleEndianExplicit);
    DcmFileFormat eight = slice(0, 8, false, "MONOCHROME2");
    save(eight, out / "eight-bit.dcm", EXS_LittleEndianExplicit);
    DcmFileFormat rle = slice(0, 16, false, "MONOCHROME2");
    save(rle, out / "rle.dcm", EXS_RLELossless);
    DcmFileFormat jpeg = slice(0, 16, false, "MONOCHROME2");
    const DJ_RPLossless lossless;
    save(jpeg, out / "jpeg-lossless.dcm", EXS_JPEGProcess14SV1, &lossless);
    DcmFileFormat jpls = slice(0, 16, false, "MONOCHROME2");
    const DJLSRepresentationParameter jplsParam(0, OFTrue);
    save(jpls, out / "jpeg-ls.dcm", EXS_JPEGLSLossless, &jplsParam);
    enhanced(out / "enhanced-multiframe.dcm");

    const slicewise::DicomScanReport scan = slicewise::scanDicom(series.string());
    slicewise::LabelVolume labels(slicewise::fuzz::corpusGrid());
    for (int j = 2; j < 9; ++j)
      for (int i = 3; i < 12; ++i) labels.set(i, j, 0, 1), labels.set(i + 2, j + 4, 1, 2);
    slicewise::writeDicomSeg(labels, scan.series.at(0), (out / "seg-two-segments.dcm").string());
    std::cout << (out / "seg-two-segments.dcm").string() << " " << fs::file_size(out / "seg-two-segments.dcm") << " bytes\n";
    // Header bombs: headers claiming far more than their bytes hold, refused before allocating.
    slicewise::test::writeRleBomb((out / "bomb-rle-20000.dcm").string(), 20000, 20000, 1);
    slicewise::test::writeRleBomb((out / "bomb-rle-frames.dcm").string(), 2000, 2000, 40);
    DcmFileFormat native = slice(0, 16, false, "MONOCHROME2");
    native.getDataset()->putAndInsertUint16(DCM_Rows, 65535);
    native.getDataset()->putAndInsertUint16(DCM_Columns, 65535);
    save(native, out / "bomb-native-rows.dcm", EXS_LittleEndianExplicit);
    DcmFileFormat seg;
    if (seg.loadFile((out / "seg-two-segments.dcm").c_str()).good()) {
      seg.getDataset()->putAndInsertString(DCM_NumberOfFrames, "999999");
      save(seg, out / "bomb-seg-frames.dcm", EXS_LittleEndianExplicit);
    }
    if (argc == 3) {
      // Slice 0 native and slice 1 signed MONOCHROME1, found through the DICOMDIR only.
      const fs::path dd = argv[2];
      fs::create_directories(dd / "SERIES");
      fs::copy_file(series / "s0.dcm", dd / "SERIES" / "IM0", fs::copy_options::overwrite_existing);
      fs::copy_file(out / "signed-monochrome1.dcm", dd / "SERIES" / "IM1", fs::copy_options::overwrite_existing);
      DicomDirInterface dir;
      const std::string ddPath = (dd / "DICOMDIR").string();
      if (dir.createNewDicomDir(DicomDirInterface::AP_GeneralPurpose, ddPath.c_str()).bad() ||
          dir.addDicomFile("SERIES/IM0", dd.c_str()).bad() || dir.addDicomFile("SERIES/IM1", dd.c_str()).bad() ||
          dir.writeDicomDir().bad())
        throw std::runtime_error("cannot write the DICOMDIR");
      std::cout << ddPath << " " << fs::file_size(ddPath) << " bytes\n";
    }
    fs::remove_all(series);
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "MakeDicomCorpus: " << e.what() << "\n";
    return 1;
  }
}
