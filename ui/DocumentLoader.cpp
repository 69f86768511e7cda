#include "ui/DocumentLoader.h"

#include <QDir>
#include <QFileInfo>
#include <string>
#include <vector>

#include "io/DicomSeriesReader.h"
#include "io/ImageIO.h"
#include "io/LabelDescriptionIO.h"
#include "io/LabelMapLoader.h"
#include "sample/SamplePhantom.h"
#include "study/Study.h"
#include "ui/RecoveryStore.h"

namespace slicewise {

namespace {

// A label map (on the image grid, or resampled onto it on request) and its names and colours.
void addLabels(StudyCreateOptions& create, const ImageGeometry& grid, const QString& labelsPath,
               const QString& colorsPath, bool resample, LoadedDocument& out) {
  if (labelsPath.isEmpty()) return;
  std::vector<std::string> w;
  create.labels = loadLabelMapFor(grid, labelsPath.toStdString(), resample, &w);
  for (const std::string& line : w) out.warnings << QString::fromStdString(line);
  create.labelTable = describeLabelMap(labelsPath.toStdString(), colorsPath.toStdString());
  out.origin.title += QStringLiteral(" + ") + QFileInfo(labelsPath).fileName();
}

}  // namespace

LoadedDocument DocumentLoader::sample() {
  SampleCase s = SamplePhantom::generate();
  LoadedDocument out;
  out.origin.title = QStringLiteral("Built-in sample (synthetic abdomen)");
  out.origin.unnamed = true;
  StudyCreateOptions create;
  create.labels = std::move(s.labels);
  create.labelTable = s.table;
  out.study = Study::createStoringImage(RecoveryStore::newStudyFolder(QStringLiteral("sample")).toStdString(),
                                        s.image, create);
  out.image = std::move(s.image);
  return out;
}

LoadedDocument DocumentLoader::image(const QString& imagePath, const QString& labelsPath,
                                     const QString& colorsPath, bool resampleLabels) {
  LoadedDocument out;
  out.image = readImage(imagePath.toStdString());
  out.origin.title = QFileInfo(imagePath).fileName();
  out.origin.unnamed = true;
  StudyCreateOptions create;
  create.image = &out.image;  // read once
  addLabels(create, out.image.geometry(), labelsPath, colorsPath, resampleLabels, out);
  out.study = Study::create(RecoveryStore::newStudyFolder(out.origin.title).toStdString(),
                            QFileInfo(imagePath).absoluteFilePath().toStdString(), create);
  return out;
}

LoadedDocument DocumentLoader::dicom(const DicomSeriesInfo& series, const QString& folder,
                                     const QString& labelsPath, const QString& colorsPath,
                                     bool resampleLabels) {
  DicomImportResult r = readDicomSeries(series);
  LoadedDocument out;
  for (const std::string& line : r.warnings) out.warnings << QString::fromStdString(line);
  QStringList parts{QString::fromStdString(series.modality), QString::fromStdString(series.description)};
  parts.removeAll(QString());
  out.origin.title = (parts.isEmpty() ? QStringLiteral("DICOM series") : parts.join(' ')) +
                     QStringLiteral(" (%1 images)").arg(r.slicesRead);
  out.origin.unnamed = true;
  out.origin.dicomFolder = folder;
  StudyCreateOptions create;
  create.dicom = DicomIdentity{r.ids.studyUid, r.ids.seriesUid, r.ids.frameOfReferenceUid};
  addLabels(create, r.volume.geometry(), labelsPath, colorsPath, resampleLabels, out);
  out.study = Study::createStoringImage(RecoveryStore::newStudyFolder(QStringLiteral("dicom")).toStdString(),
                                        r.volume, create);
  out.image = std::move(r.volume);
  return out;
}

LoadedDocument DocumentLoader::study(const QString& path, bool readOnly) {
  const QString folder = studyFolderOf(path);
  LoadedDocument out;
  out.study = Study::open(folder.toStdString(), readOnly ? Study::Mode::ReadOnly : Study::Mode::ReadWrite);
  for (const std::string& note : out.study->openNotes()) out.warnings << QString::fromStdString(note);
  out.image = out.study->loadImage();
  out.origin.unnamed = RecoveryStore::holds(folder);
  out.origin.title = out.origin.unnamed ? QStringLiteral("Unsaved work") : QDir(folder).dirName();
  return out;
}

QString DocumentLoader::studyFolderOf(const QString& path) {
  const QFileInfo info(path);
  // A file manager opens a study through its database file (the study MIME type).
  if (info.fileName() == QLatin1String("study.sqlite")) return info.absolutePath();
  return path;
}

bool DocumentLoader::isStudyPath(const QString& path) { return Study::isStudy(studyFolderOf(path).toStdString()); }

bool DocumentLoader::isDicomPath(const QString& path) {
  const QFileInfo info(path);
  if (info.isDir()) return !isStudyPath(path);
  return info.fileName().compare(QLatin1String("DICOMDIR"), Qt::CaseInsensitive) == 0 ||
         info.suffix().compare(QLatin1String("dcm"), Qt::CaseInsensitive) == 0;
}

}  // namespace slicewise
