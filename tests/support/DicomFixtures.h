#pragma once

#include <QString>

namespace slicewise::test {

// Patient and UIDs written into copies of a series before it goes into a test PACS (the shared
// CT's Study and Series Instance UIDs are empty, which no PACS accepts).
struct SeriesIdentity {
  QString studyUid, seriesUid;
  QString patientName;  // as DICOM PN, in the files' own character set (ISO_IR 100 for the CT)
  QString patientId;
  QString accessionNumber;
};

// The identity the tests give copies of the shared 20-slice CT (ct-abdomen-dicom/dicom). The name
// has a non-ASCII letter (Latin-1 in the files) so that character sets are exercised too.
inline SeriesIdentity sharedCtIdentity() {
  return {QStringLiteral("2.25.178329450713225938046853298145126173001"),
          QStringLiteral("2.25.178329450713225938046853298145126173002"), QString::fromUtf8("MÜLLER^ANNA"),
          QStringLiteral("SW-0001"), QStringLiteral("ACC22")};
}
inline const QString kSharedCtSeries = QStringLiteral("ct-abdomen-dicom/dicom");

// Copies every DICOM file in `from` to `to` (created) with the identity written in. Returns the
// number of files copied; 0 with *why set on failure.
int copySeriesWithIdentity(const QString& from, const QString& to, const SeriesIdentity& identity, QString* why);

// Writes a synthetic CT series (int16 HU, uncompressed, 1 file per slice, 1 mm slices) of
// `slices` images of rows x columns, e.g. for retrieve benchmarks. Returns false on failure.
bool writeSyntheticCtSeries(const QString& folder, int slices, int rows, int columns, const SeriesIdentity& identity,
                            QString* why);

}  // namespace slicewise::test
