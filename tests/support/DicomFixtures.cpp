#include "DicomFixtures.h"

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcuid.h>

#include <QDir>
#include <vector>

namespace slicewise::test {

namespace {

void writeIdentity(DcmDataset& ds, const SeriesIdentity& id) {
  ds.putAndInsertString(DCM_StudyInstanceUID, id.studyUid.toLatin1().constData());
  ds.putAndInsertString(DCM_SeriesInstanceUID, id.seriesUid.toLatin1().constData());
  // The CT declares ISO_IR 100 (Latin-1): names go in that encoding.
  ds.putAndInsertString(DCM_PatientName, id.patientName.toLatin1().constData());
  ds.putAndInsertString(DCM_PatientID, id.patientId.toLatin1().constData());
  ds.putAndInsertString(DCM_AccessionNumber, id.accessionNumber.toLatin1().constData());
}

}  // namespace

int copySeriesWithIdentity(const QString& from, const QString& to, const SeriesIdentity& identity, QString* why) {
  QDir().mkpath(to);
  int copied = 0;
  for (const QString& name : QDir(from).entryList(QDir::Files, QDir::Name)) {
    DcmFileFormat ff;
    const QString source = QDir(from).filePath(name);
    if (ff.loadFile(source.toLocal8Bit().constData()).bad()) continue;
    writeIdentity(*ff.getDataset(), identity);
    const QString target = QDir(to).filePath(name);
    if (ff.saveFile(target.toLocal8Bit().constData(), EXS_LittleEndianExplicit).bad()) {
      *why = QStringLiteral("cannot write ") + target;
      return 0;
    }
    ++copied;
  }
  if (copied == 0) *why = QStringLiteral("no DICOM files in ") + from;
  return copied;
}

bool writeSyntheticCtSeries(const QString& folder, int slices, int rows, int columns, const SeriesIdentity& identity,
                            QString* why) {
  QDir().mkpath(folder);
  std::vector<Sint16> pixels(size_t(rows) * size_t(columns));
  for (int k = 0; k < slices; ++k) {
    DcmFileFormat ff;
    DcmDataset& ds = *ff.getDataset();
    char uid[100];
    const std::string instance = identity.seriesUid.toStdString() + "." + std::to_string(k + 1);
    ds.putAndInsertString(DCM_SOPClassUID, UID_CTImageStorage);
    ds.putAndInsertString(DCM_SOPInstanceUID, instance.c_str());
    ds.putAndInsertString(DCM_SpecificCharacterSet, "ISO_IR 100");
    writeIdentity(ds, identity);
    ds.putAndInsertString(DCM_FrameOfReferenceUID, dcmGenerateUniqueIdentifier(uid, SITE_INSTANCE_UID_ROOT));
    ds.putAndInsertString(DCM_Modality, "CT");
    ds.putAndInsertString(DCM_StudyDate, "20240105");
    ds.putAndInsertString(DCM_SeriesDescription, "Synthetic CT");
    ds.putAndInsertString(DCM_SeriesNumber, "7");
    ds.putAndInsertString(DCM_InstanceNumber, std::to_string(k + 1).c_str());
    ds.putAndInsertString(DCM_ImageOrientationPatient, "1\\0\\0\\0\\1\\0");
    ds.putAndInsertString(DCM_ImagePositionPatient, ("-100\\-100\\" + std::to_string(-150 + k)).c_str());
    ds.putAndInsertString(DCM_PixelSpacing, "0.75\\0.75");
    ds.putAndInsertString(DCM_SliceThickness, "1");
    ds.putAndInsertString(DCM_RescaleIntercept, "0");
    ds.putAndInsertString(DCM_RescaleSlope, "1");
    ds.putAndInsertUint16(DCM_Rows, Uint16(rows));
    ds.putAndInsertUint16(DCM_Columns, Uint16(columns));
    ds.putAndInsertUint16(DCM_SamplesPerPixel, 1);
    ds.putAndInsertString(DCM_PhotometricInterpretation, "MONOCHROME2");
    ds.putAndInsertUint16(DCM_BitsAllocated, 16);
    ds.putAndInsertUint16(DCM_BitsStored, 16);
    ds.putAndInsertUint16(DCM_HighBit, 15);
    ds.putAndInsertUint16(DCM_PixelRepresentation, 1);
    // A body-like ellipse whose size changes along the slices, so every slice differs.
    for (int r = 0; r < rows; ++r)
      for (int c = 0; c < columns; ++c) {
        const double x = (c - columns / 2.0) / (columns * 0.4), y = (r - rows / 2.0) / (rows * (0.3 + 0.1 * k / slices));
        pixels[size_t(r) * size_t(columns) + size_t(c)] = Sint16(x * x + y * y < 1 ? 40 + (r + c + k) % 50 : -1000);
      }
    ds.putAndInsertUint16Array(DCM_PixelData, reinterpret_cast<const Uint16*>(pixels.data()),
                               unsigned(pixels.size()));
    const QString file = QDir(folder).filePath(QStringLiteral("slice%1.dcm").arg(k + 1, 4, 10, QLatin1Char('0')));
    if (ff.saveFile(file.toLocal8Bit().constData(), EXS_LittleEndianExplicit).bad()) {
      *why = QStringLiteral("cannot write ") + file;
      return false;
    }
  }
  return true;
}

}  // namespace slicewise::test
