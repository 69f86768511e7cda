#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace slicewise {

enum class PacsLevel { Patient, Study, Series };

std::optional<PacsLevel> parsePacsLevel(const std::string& text);  // "patient", "study", "series"
std::string pacsLevelName(PacsLevel level);

// A C-FIND. Empty fields do not filter. Names match from the start ("doe" finds "DOE^JANE";
// * and ? are DICOM wildcards); a description without wildcards matches anywhere in the text,
// ignoring case, which the PACS cannot do (DICOM matching of descriptions is case-sensitive), so
// Slicewise filters those matches itself. Dates are YYYYMMDD or YYYY-MM-DD and either end of the
// range may be open. The modality filters ModalitiesInStudy at study level and Modality at
// series level.
struct PacsQuery {
  PacsLevel level = PacsLevel::Study;
  std::string patientId, patientName;
  std::string dateFrom, dateTo;
  std::string modality, accessionNumber, description;
  std::string studyUid, seriesUid;
};

// One match. Fields the PACS did not return stay empty (counts -1). Patient names are for the
// person choosing images only: nothing in Slicewise logs or prints them.
struct PacsRecord {
  PacsLevel level = PacsLevel::Study;
  std::string patientName, patientId, patientBirthDate, patientSex;
  std::string studyUid, studyDate, studyTime, studyDescription, accessionNumber, modalitiesInStudy;
  std::string seriesUid, modality, seriesDescription, seriesDate;
  int seriesNumber = -1;
  int studies = -1;    // patient level: related studies
  int series = -1;     // study level: related series
  int instances = -1;  // study or series level: related instances
};

// The identifier a C-FIND sends at the query's level, as (DICOM keyword, value) pairs in the
// order sent: the QueryRetrieveLevel, the filters (wildcards and date ranges applied) and the
// keys to return (empty). Series-level filters on patient or study fields go to a study-level
// query first (see PacsClient::find). Throws PacsError for a date that is not a date.
std::vector<std::pair<std::string, std::string>> pacsQueryKeys(const PacsQuery& query);

// True when the record passes the filters the PACS is not asked to apply (descriptions without
// wildcards, compared case-insensitively as substrings).
bool pacsRecordMatches(const PacsQuery& query, const PacsRecord& record);

// "2023-01-05" or "20230105" -> "20230105"; "" stays "". Throws PacsError otherwise.
std::string normalisePacsDate(const std::string& text);

}  // namespace slicewise
