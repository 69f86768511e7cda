#include "cohort/CohortExporter.h"

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "cohort/Cohort.h"
#include "cohort/CohortError.h"
#include "files/LeftoverFiles.h"
#include "io/DicomScanner.h"
#include "io/DicomSeg.h"
#include "io/LabelMapExport.h"
#include "study/Study.h"

namespace fs = std::filesystem;

namespace slicewise {

namespace {

// RFC 4180: quote fields holding a comma, a quote or a line break.
std::string csvField(const std::string& s) {
  if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

std::string exportSeg(const Study& study, const CohortEntry& entry, const fs::path& file) {
  if (entry.seriesUid.empty() || entry.source.empty()) return "it was not imported from DICOM";
  std::error_code ec;
  if (!fs::exists(entry.source, ec)) return "its DICOM folder " + entry.source + " is gone";
  const DicomScanReport scan = scanDicom(entry.source);
  for (const DicomSeriesInfo& series : scan.series)
    if (series.seriesUid == entry.seriesUid) {
      DicomSegExportOptions options;
      options.table = study.labelTable();
      options.provenance = &study.provenance();
      writeDicomSeg(study.labels(), series, file.string(), options);
      return "";
    }
  return "series " + entry.seriesUid + " is no longer in " + entry.source;
}

}  // namespace

CohortExportReport CohortExporter::exportFinished(Cohort& cohort, const std::string& outGiven) {
  const fs::path out = fs::absolute(outGiven).lexically_normal();
  std::error_code ec;
  if (fs::exists(out, ec) && !(fs::is_directory(out, ec) && fs::is_empty(out, ec)))
    throw CohortError("--out " + out.string() + " exists and is not empty (export writes a new folder)");
  const fs::path cohortDir = fs::path(cohort.folder());
  const auto [inside, end] = std::mismatch(cohortDir.begin(), cohortDir.end(), out.begin(), out.end());
  if (inside == cohortDir.end())
    throw CohortError("--out " + out.string() + " is inside the cohort: export next to it instead");
  fs::create_directories(out.parent_path(), ec);
  removeLeftovers(out.parent_path().string(), "");  // of exports killed before
  const fs::path staging = out.parent_path() / newStagingName();
  if (!fs::create_directory(staging, ec)) throw CohortError("cannot write into " + out.parent_path().string());
  struct Cleanup {
    fs::path p;
    ~Cleanup() {
      std::error_code e;
      if (!p.empty()) fs::remove_all(p, e);
    }
  } cleanup{staging};

  CohortExportReport report;
  report.folder = out.string();
  const int64_t now =
      std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
  std::ostringstream csv;
  csv << "study,stage,labels,dicom_seg,keys_drawn,accepted,corrected,rejected,review_seconds,note\n";
  std::vector<std::pair<int64_t, std::string>> exported;  // recorded once the folder is in place
  for (const CohortStudyStatus& s : cohort.status()) {
    CohortExportRow row;
    row.name = s.entry.name;
    row.stage = s.error.empty() ? std::string(studyStageName(s.progress.stage)) : "unreadable";
    const bool finished = s.error.empty() && (s.progress.stage == StudyStage::Done ||
                                              s.progress.stage == StudyStage::Exported);
    if (!s.error.empty())
      row.note = s.error;
    else if (!finished)
      row.note = "not finished";
    else {
      const auto study = Study::open(s.folder, Study::Mode::ReadOnly);
      const fs::path dir = staging / s.entry.name;
      fs::create_directories(dir, ec);
      try {
        exportLabelMap(study->labels(), study->labelTable(), (dir / "labels.nii.gz").string());
        row.labels = s.entry.name + "/labels.nii.gz";
        row.note = exportSeg(*study, s.entry, dir / "segmentation.dcm");
        if (row.note.empty()) row.dicomSeg = s.entry.name + "/segmentation.dcm";
      } catch (const std::exception& e) {
        throw CohortError("cannot export " + s.entry.name + ": " + e.what());
      }
      exported.emplace_back(s.entry.id, StudyStageAssessor::stateFingerprint(*study));
      ++report.exported;
    }
    csv << csvField(row.name) << ',' << row.stage << ',' << csvField(row.labels) << ',' << csvField(row.dicomSeg)
        << ',' << s.progress.drawn << ',' << s.progress.accepted << ',' << s.progress.corrected << ','
        << s.progress.rejected << ',' << s.progress.reviewSeconds << ',' << csvField(row.note) << '\n';
    report.rows.push_back(row);
  }
  {
    std::ofstream f(staging / "manifest.csv", std::ios::binary);
    f << csv.str();
    f.flush();
    if (!f) throw CohortError("cannot write the manifest in " + staging.string() + " (disk full?)");
  }
  if (fs::exists(out, ec)) fs::remove(out, ec);  // the empty folder the caller may have made
  fs::rename(staging, out, ec);
  if (ec) throw CohortError("cannot move the export into " + out.string() + ": " + ec.message());
  cleanup.p.clear();
  for (const auto& [id, state] : exported) cohort.index().recordExport(id, state, now);
  return report;
}

}  // namespace slicewise
