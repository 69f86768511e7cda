#include "cohort/Cohort.h"

#include <chrono>
#include <filesystem>
#include <fstream>
#include <set>

#include "cohort/CohortError.h"
#include "cohort/CohortLabelCheck.h"
#include "files/LeftoverFiles.h"
#include "io/DicomScanner.h"
#include "io/DicomSeriesReader.h"
#include "io/ImageIO.h"
#include "io/IoError.h"
#include "study/Study.h"

namespace fs = std::filesystem;

namespace slicewise {

namespace {

int64_t now() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

constexpr const char* kOriginFile = "cohort-origin.txt";

// A folder name from free text: letters, digits, '.', '_' and '-' only, at most 60 characters.
std::string safeName(const std::string& text) {
  std::string out;
  for (char c : text) {
    const bool ok = std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-';
    if (ok)
      out += c;
    else if (!out.empty() && out.back() != '-')
      out += '-';
  }
  while (!out.empty() && (out.back() == '-' || out.back() == '.')) out.pop_back();
  while (!out.empty() && out.front() == '.') out.erase(out.begin());
  if (out.size() > 60) out.resize(60);
  return out.empty() ? "study" : out;
}

std::string imageStem(const std::string& path) {
  std::string name = fs::path(path).filename().string();
  for (const char* ext : {".nii.gz", ".nii", ".nrrd", ".nhdr", ".mha", ".mhd"})
    if (name.size() > std::string(ext).size() && name.ends_with(ext)) return name.substr(0, name.size() - std::string(ext).size());
  return fs::path(name).stem().string();
}

// The staging folder of one add: made inside the cohort so the final rename stays on one file
// system; removeLeftovers() knows its name pattern and removes it when its process died.
class StagingFolder {
 public:
  explicit StagingFolder(const std::string& cohortDir) : path_(fs::path(cohortDir) / newStagingName()) {
    std::error_code ec;
    if (!fs::create_directory(path_, ec))
      throw CohortError("cannot add to cohort " + cohortDir + ": " + (ec ? ec.message() : "cannot make a folder"));
  }
  ~StagingFolder() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

}  // namespace

Cohort::Cohort(std::string dir, std::unique_ptr<CohortIndex> index) : dir_(std::move(dir)), index_(std::move(index)) {}
Cohort::~Cohort() = default;

bool Cohort::isCohort(const std::string& dir) {
  std::error_code ec;
  return fs::is_regular_file(fs::path(dir) / CohortIndex::kFileName, ec);
}

std::unique_ptr<Cohort> Cohort::create(const std::string& dirGiven, const LabelTable& labels) {
  const std::string dir = fs::absolute(dirGiven).lexically_normal().string();
  std::error_code ec;
  if (fs::exists(dir, ec) && !(fs::is_directory(dir, ec) && fs::is_empty(dir, ec)))
    throw CohortError("cannot create cohort " + dir + ": the folder exists and is not empty");
  fs::create_directories(fs::path(dir) / "studies", ec);
  if (ec) throw CohortError("cannot create cohort " + dir + ": " + ec.message());
  auto index = std::make_unique<CohortIndex>(dir, true);
  index->setLabelTable(labels);
  return std::unique_ptr<Cohort>(new Cohort(dir, std::move(index)));
}

std::unique_ptr<Cohort> Cohort::open(const std::string& dirGiven) {
  const std::string dir = fs::absolute(dirGiven).lexically_normal().string();
  std::unique_ptr<Cohort> cohort(new Cohort(dir, std::make_unique<CohortIndex>(dir, false)));
  cohort->recoverInterruptedAdds();
  return cohort;
}

void Cohort::recoverInterruptedAdds() {
  if (const int removed = removeLeftovers(dir_, ""); removed > 0)
    openNotes_.push_back("removed " + std::to_string(removed) + " unfinished add(s) of a process that ended");
  // A kill between the rename and the index row leaves a whole study that nobody indexed.
  std::set<std::string> known;
  for (const CohortEntry& e : index_->studies()) known.insert(e.path);
  std::error_code ec;
  for (const auto& item : fs::directory_iterator(fs::path(dir_) / "studies", ec)) {
    const std::string relative = "studies/" + item.path().filename().string();
    if (known.count(relative) || !Study::isStudy(item.path().string())) continue;
    CohortEntry e;
    e.path = relative;
    e.name = item.path().filename().string();
    e.addedUnixSeconds = now();
    // Where it came from, as takeIn() left it beside the study before the rename.
    std::ifstream origin(item.path() / kOriginFile);
    std::getline(origin, e.source);
    std::getline(origin, e.seriesUid);
    index_->addStudy(e);
    openNotes_.push_back("took in " + relative + ", which an interrupted add had left unindexed");
  }
}

std::string Cohort::absolutePath(const CohortEntry& entry) const {
  const fs::path p(entry.path);
  return p.is_absolute() ? p.string() : (fs::path(dir_) / p).lexically_normal().string();
}

std::string Cohort::uniqueName(const std::string& wanted) {
  std::set<std::string> names;
  for (const CohortEntry& e : index_->studies()) names.insert(e.name);
  std::string name = safeName(wanted);
  std::error_code ec;
  for (int n = 2; names.count(name) || fs::exists(fs::path(dir_) / "studies" / name, ec); ++n)
    name = safeName(wanted) + "-" + std::to_string(n);
  return name;
}

std::string Cohort::takeIn(const std::string& staged, const std::string& name, const std::string& source,
                           const std::string& seriesUid) {
  const fs::path target = fs::path(dir_) / "studies" / name;
  std::error_code ec;
  {  // Read back only if a kill comes between the rename and the index row.
    std::ofstream origin(fs::path(staged) / kOriginFile);
    origin << source << '\n' << seriesUid << '\n';
  }
  fs::create_directories(target.parent_path(), ec);
  fs::rename(staged, target, ec);
  if (ec) throw CohortError("cannot add " + name + " to cohort " + dir_ + ": " + ec.message());
  CohortEntry e;
  e.path = "studies/" + name;
  e.name = name;
  e.addedUnixSeconds = now();
  e.source = source;
  e.seriesUid = seriesUid;
  index_->addStudy(e);
  return target.string();
}

std::string Cohort::addImage(const std::string& imagePath) {
  const std::string image = fs::absolute(imagePath).lexically_normal().string();
  StagingFolder staging(dir_);
  StudyCreateOptions options;
  options.labelTable = index_->labelTable();
  try {
    Study::create((staging.path() / "study").string(), image, options);
  } catch (const StudyError& e) {
    throw CohortError(e.what());
  }
  return takeIn((staging.path() / "study").string(), uniqueName(imageStem(image)), image, "");
}

std::string Cohort::addStudy(const std::string& studyDir) {
  const std::string dir = fs::absolute(studyDir).lexically_normal().string();
  if (!Study::isStudy(dir)) throw CohortError(studyDir + " is not a study folder");
  // Studies the cohort made are indexed by their path inside it.
  const std::string inside = fs::path(dir).lexically_relative(dir_).string();
  if (index_->findStudy(dir) || (!inside.empty() && !inside.starts_with("..") && index_->findStudy(inside)))
    throw CohortError(studyDir + " is in the cohort already");
  LabelTable studyTable;
  try {
    studyTable = Study::open(dir, Study::Mode::ReadOnly)->labelTable();
  } catch (const StudyError& e) {
    throw CohortError(e.what());
  }
  const LabelTable cohortTable = index_->labelTable();
  if (CohortLabelCheck::conflicts(cohortTable, studyTable).empty())
    index_->setLabelTable(CohortLabelCheck::merged(cohortTable, studyTable));
  CohortEntry e;
  e.path = dir;
  e.name = uniqueName(fs::path(dir).filename().string());
  e.addedUnixSeconds = now();
  index_->addStudy(e);
  return dir;
}

std::vector<std::string> Cohort::addDicom(const std::string& dicomDir, std::vector<std::string>* notes,
                                          const std::function<void(const std::string&)>& onStudy) {
  DicomScanReport scan;
  try {
    scan = scanDicom(dicomDir);
  } catch (const IoError& e) {
    throw CohortError(e.what());
  }
  if (scan.series.empty()) throw CohortError("no DICOM image series in " + dicomDir);
  std::set<std::string> present;
  for (const CohortEntry& e : index_->studies())
    if (!e.seriesUid.empty()) present.insert(e.seriesUid);
  const std::string source = fs::absolute(dicomDir).lexically_normal().string();
  std::vector<std::string> added;
  for (const DicomSeriesInfo& series : scan.series) {
    if (present.count(series.seriesUid)) {
      if (notes) notes->push_back("series " + series.seriesUid + " is in the cohort already");
      continue;
    }
    DicomImportResult imported;
    try {
      imported = importDicom(scan, dicomDir, series.seriesUid);
    } catch (const IoError& e) {
      throw CohortError("series " + std::to_string(series.seriesNumber) + " (" + series.seriesUid + "): " + e.what() +
                        (added.empty() ? "" : " (" + std::to_string(added.size()) + " series before it were added)"));
    }
    if (notes)
      for (const auto& w : imported.warnings) notes->push_back("series " + series.seriesUid + ": " + w);
    StagingFolder staging(dir_);
    // Through NRRD, whose doubles keep the DICOM geometry exact (NIfTI would round it to float).
    const std::string nrrd = (staging.path() / "image.nrrd").string();
    StudyCreateOptions options;
    options.copyImage = true;
    options.labelTable = index_->labelTable();
    options.dicom = DicomIdentity{imported.ids.studyUid, imported.ids.seriesUid, imported.ids.frameOfReferenceUid};
    try {
      writeImage(imported.volume, nrrd);
      Study::create((staging.path() / "study").string(), nrrd, options);
    } catch (const std::exception& e) {
      throw CohortError("series " + series.seriesUid + ": " + e.what());
    }
    const std::string wanted = (series.modality.empty() ? "series" : series.modality) + "-" +
                               std::to_string(series.seriesNumber) +
                               (series.description.empty() ? "" : "-" + series.description);
    added.push_back(takeIn((staging.path() / "study").string(), uniqueName(wanted), source, series.seriesUid));
    present.insert(series.seriesUid);
    if (onStudy) onStudy(added.back());
  }
  return added;
}

std::vector<CohortStudyStatus> Cohort::status() {
  const LabelTable cohortTable = index_->labelTable();
  std::vector<CohortStudyStatus> out;
  for (const CohortEntry& entry : index_->studies()) {
    CohortStudyStatus s;
    s.entry = entry;
    s.folder = absolutePath(entry);
    try {
      const auto study = Study::open(s.folder, Study::Mode::ReadOnly);
      s.progress = StudyStageAssessor::assess(*study, entry.exportedState);
      s.labelConflicts = CohortLabelCheck::conflicts(cohortTable, study->labelTable());
      s.state = StudyStageAssessor::stateFingerprint(*study);
    } catch (const std::exception& e) {
      s.error = e.what();
    }
    out.push_back(std::move(s));
  }
  return out;
}

CohortTotals Cohort::totals(const std::vector<CohortStudyStatus>& studies) {
  CohortTotals t;
  for (const CohortStudyStatus& s : studies) {
    ++t.studies;
    if (!s.error.empty() || !s.labelConflicts.empty()) ++t.flagged;
    if (!s.error.empty()) continue;
    ++t.stages[s.progress.stage];
    t.drawn += s.progress.drawn;
    t.accepted += s.progress.accepted;
    t.corrected += s.progress.corrected;
    t.rejected += s.progress.rejected;
    t.effortSlices += s.progress.effortSlices();
    t.slices += s.progress.slices;
    t.reviewSeconds += s.progress.reviewSeconds;
  }
  return t;
}

}  // namespace slicewise
