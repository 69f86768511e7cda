#include "pacs/PacsClient.h"

#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcuid.h>
#include <dcmtk/dcmnet/diutil.h>

#include <chrono>

#include "pacs/PacsError.h"
#include "pacs/ScuSession.h"

namespace slicewise {

namespace {

OFList<OFString> uncompressed() {
  OFList<OFString> syntaxes;
  syntaxes.push_back(UID_LittleEndianExplicitTransferSyntax);
  syntaxes.push_back(UID_LittleEndianImplicitTransferSyntax);
  return syntaxes;
}

std::string text(DcmDataset& ds, const DcmTagKey& key) {
  OFString value;
  if (ds.findAndGetOFStringArray(key, value).bad()) return {};
  std::string s = value.c_str();
  while (!s.empty() && (s.back() == ' ' || s.back() == '\0')) s.pop_back();
  while (!s.empty() && s.front() == ' ') s.erase(s.begin());
  return s;
}

int number(DcmDataset& ds, const DcmTagKey& key) {
  const std::string s = text(ds, key);
  if (s.empty()) return -1;
  try {
    return std::stoi(s);
  } catch (const std::exception&) {
    return -1;
  }
}

PacsRecord recordFrom(DcmDataset& ds, PacsLevel level) {
  // Names arrive in the PACS's character set; the table shows UTF-8. A set iconv cannot
  // convert leaves the bytes as they are.
  ds.convertToUTF8();
  PacsRecord r;
  r.level = level;
  r.patientName = text(ds, DCM_PatientName);
  r.patientId = text(ds, DCM_PatientID);
  r.patientBirthDate = text(ds, DCM_PatientBirthDate);
  r.patientSex = text(ds, DCM_PatientSex);
  r.studyUid = text(ds, DCM_StudyInstanceUID);
  r.studyDate = text(ds, DCM_StudyDate);
  r.studyTime = text(ds, DCM_StudyTime);
  r.studyDescription = text(ds, DCM_StudyDescription);
  r.accessionNumber = text(ds, DCM_AccessionNumber);
  r.modalitiesInStudy = text(ds, DCM_ModalitiesInStudy);
  r.seriesUid = text(ds, DCM_SeriesInstanceUID);
  r.modality = text(ds, DCM_Modality);
  r.seriesDescription = text(ds, DCM_SeriesDescription);
  r.seriesDate = text(ds, DCM_SeriesDate);
  r.seriesNumber = number(ds, DCM_SeriesNumber);
  r.studies = number(ds, DCM_NumberOfPatientRelatedStudies);
  r.series = number(ds, DCM_NumberOfStudyRelatedSeries);
  r.instances = number(ds, level == PacsLevel::Series ? DCM_NumberOfSeriesRelatedInstances
                                                      : DCM_NumberOfStudyRelatedInstances);
  return r;
}

bool isFailure(Uint16 status) { return !DICOM_PENDING_STATUS(status) && status != STATUS_Success && (status & 0xf000) != 0xb000; }

std::vector<PacsRecord> runFind(ScuSession& session, const PacsQuery& query) {
  DcmDataset identifier;
  bool nonAscii = false;
  for (const auto& [keyword, value] : pacsQueryKeys(query)) {
    DcmTag tag;
    if (DcmTag::findTagFromName(keyword.c_str(), tag).bad())
      throw PacsError("internal: unknown DICOM keyword " + keyword);
    identifier.putAndInsertString(tag, value.c_str());
    for (unsigned char c : value) nonAscii = nonAscii || c >= 0x80;
  }
  if (nonAscii) identifier.putAndInsertString(DCM_SpecificCharacterSet, "ISO_IR 192");

  const bool patientRoot = query.level == PacsLevel::Patient;
  const char* model = patientRoot ? UID_FINDPatientRootQueryRetrieveInformationModel
                                  : UID_FINDStudyRootQueryRetrieveInformationModel;
  const T_ASC_PresentationContextID pc =
      session.contextFor(model, patientRoot ? "C-FIND (Patient Root)" : "C-FIND (Study Root)");
  std::vector<PacsRecord> records;
  session.onFindMatch = [&](DcmDataset& ds) {
    PacsRecord r = recordFrom(ds, query.level);
    if (pacsRecordMatches(query, r)) records.push_back(std::move(r));
  };
  session.lastStatus = 0;
  const OFCondition cond = session.sendFINDRequest(pc, &identifier, nullptr);
  session.onFindMatch = nullptr;
  if (session.stoppedByCancel() || session.cancelled()) {
    session.close(true);
    throw PacsCancelled();
  }
  if (cond.bad()) {
    session.close(true);
    session.check(cond, "C-FIND on " + session.nodeText());
  }
  if (isFailure(session.lastStatus))
    throw PacsError("C-FIND on " + session.nodeText() + " failed: the PACS answered " +
                    DU_cfindStatusString(session.lastStatus));
  return records;
}

}  // namespace

PacsClient::PacsClient(PacsNode node) : node_(std::move(node)) { checkPacsNode(node_); }

double PacsClient::echo() const {
  const auto start = std::chrono::steady_clock::now();
  ScuSession session(node_);
  session.addPresentationContext(UID_VerificationSOPClass, uncompressed());
  session.connect("C-ECHO");
  const OFCondition cond = session.sendECHORequest(0);
  if (cond.bad()) session.close(true);
  session.check(cond, "C-ECHO with " + session.nodeText());
  session.close(false);
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
}

std::vector<PacsRecord> PacsClient::find(const PacsQuery& query, const std::atomic<bool>* cancel) const {
  pacsQueryKeys(query);  // bad dates and values fail here, before any connection
  ScuSession session(node_, cancel);
  session.addPresentationContext(UID_FINDStudyRootQueryRetrieveInformationModel, uncompressed());
  session.addPresentationContext(UID_FINDPatientRootQueryRetrieveInformationModel, uncompressed());
  session.connect("C-FIND");
  std::vector<PacsRecord> records;
  const bool viaStudies = query.level == PacsLevel::Series && query.studyUid.empty() && query.seriesUid.empty();
  if (!viaStudies) {
    records = runFind(session, query);
  } else {
    PacsQuery studies = query;
    studies.level = PacsLevel::Study;
    studies.description.clear();  // a series description, not the study's
    for (const PacsRecord& study : runFind(session, studies)) {
      PacsQuery series = query;
      series.studyUid = study.studyUid;
      for (PacsRecord r : runFind(session, series)) {
        r.patientName = study.patientName;
        r.patientId = study.patientId;
        r.patientBirthDate = study.patientBirthDate;
        r.patientSex = study.patientSex;
        r.studyDate = study.studyDate;
        r.studyTime = study.studyTime;
        r.studyDescription = study.studyDescription;
        r.accessionNumber = study.accessionNumber;
        r.modalitiesInStudy = study.modalitiesInStudy;
        records.push_back(std::move(r));
      }
    }
  }
  session.close(false);
  return records;
}

}  // namespace slicewise
