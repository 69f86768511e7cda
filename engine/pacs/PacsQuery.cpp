#include "pacs/PacsQuery.h"

#include <cctype>

#include "pacs/PacsError.h"

namespace slicewise {

namespace {

bool hasWildcard(const std::string& s) { return s.find_first_of("*?") != std::string::npos; }

std::string upperAscii(std::string s) {
  for (char& c : s) c = char(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

// Query values must not break the identifier: DICOM strings cannot hold backslashes (value
// separators) or control characters.
std::string cleanValue(const std::string& s, const char* what) {
  for (char c : s)
    if (c == '\\' || (static_cast<unsigned char>(c) < 0x20))
      throw PacsError(std::string(what) + " must not contain backslashes or control characters");
  return s;
}

std::string dateRange(const PacsQuery& q) {
  const std::string from = normalisePacsDate(q.dateFrom), to = normalisePacsDate(q.dateTo);
  if (from.empty() && to.empty()) return {};
  if (!from.empty() && !to.empty() && from > to)
    throw PacsError("the date range starts (" + from + ") after it ends (" + to + ")");
  if (from == to) return from;
  return from + "-" + to;
}

}  // namespace

std::optional<PacsLevel> parsePacsLevel(const std::string& text) {
  const std::string t = upperAscii(text);
  if (t == "PATIENT") return PacsLevel::Patient;
  if (t == "STUDY") return PacsLevel::Study;
  if (t == "SERIES") return PacsLevel::Series;
  return std::nullopt;
}

std::string pacsLevelName(PacsLevel level) {
  switch (level) {
    case PacsLevel::Patient: return "patient";
    case PacsLevel::Study: return "study";
    case PacsLevel::Series: return "series";
  }
  return "study";
}

std::string normalisePacsDate(const std::string& text) {
  if (text.empty()) return {};
  std::string digits;
  for (char c : text)
    if (c != '-') digits += c;
  const bool dashed = text.size() == 10 && text[4] == '-' && text[7] == '-';
  const bool plain = text.size() == 8;
  bool ok = (dashed || plain) && digits.size() == 8;
  for (char c : digits) ok = ok && std::isdigit(static_cast<unsigned char>(c));
  if (ok) {
    const int month = std::stoi(digits.substr(4, 2)), day = std::stoi(digits.substr(6, 2));
    ok = month >= 1 && month <= 12 && day >= 1 && day <= 31;
  }
  if (!ok) throw PacsError("'" + text + "' is not a date (YYYYMMDD or YYYY-MM-DD)");
  return digits;
}

bool pacsRecordMatches(const PacsQuery& q, const PacsRecord& r) {
  if (q.description.empty() || hasWildcard(q.description)) return true;
  const std::string& text = q.level == PacsLevel::Series ? r.seriesDescription : r.studyDescription;
  return upperAscii(text).find(upperAscii(q.description)) != std::string::npos;
}

std::vector<std::pair<std::string, std::string>> pacsQueryKeys(const PacsQuery& q) {
  std::vector<std::pair<std::string, std::string>> keys;
  auto add = [&](const char* keyword, const std::string& value = {}) { keys.emplace_back(keyword, value); };
  std::string name = cleanValue(q.patientName, "the patient name");
  if (!name.empty() && !hasWildcard(name)) name += "*";
  std::string description = cleanValue(q.description, "the description");
  if (!hasWildcard(description)) description.clear();  // matched by pacsRecordMatches
  const std::string patientId = cleanValue(q.patientId, "the patient ID");
  const std::string modality = upperAscii(cleanValue(q.modality, "the modality"));
  const std::string accession = cleanValue(q.accessionNumber, "the accession number");

  switch (q.level) {
    case PacsLevel::Patient:
      add("QueryRetrieveLevel", "PATIENT");
      add("PatientName", name);
      add("PatientID", patientId);
      add("PatientBirthDate");
      add("PatientSex");
      add("NumberOfPatientRelatedStudies");
      break;
    case PacsLevel::Study:
      add("QueryRetrieveLevel", "STUDY");
      add("PatientName", name);
      add("PatientID", patientId);
      add("PatientBirthDate");
      add("PatientSex");
      add("StudyInstanceUID", cleanValue(q.studyUid, "the study UID"));
      add("StudyDate", dateRange(q));
      add("StudyTime");
      add("AccessionNumber", accession);
      add("StudyDescription", description);
      add("ModalitiesInStudy", modality);
      add("NumberOfStudyRelatedSeries");
      add("NumberOfStudyRelatedInstances");
      break;
    case PacsLevel::Series:
      add("QueryRetrieveLevel", "SERIES");
      add("StudyInstanceUID", cleanValue(q.studyUid, "the study UID"));
      add("SeriesInstanceUID", cleanValue(q.seriesUid, "the series UID"));
      add("Modality", modality);
      add("SeriesNumber");
      add("SeriesDescription", description);
      add("SeriesDate");
      add("NumberOfSeriesRelatedInstances");
      break;
  }
  return keys;
}

}  // namespace slicewise
