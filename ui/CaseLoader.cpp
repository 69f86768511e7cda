#include "ui/CaseLoader.h"

#include <QDir>
#include <QFileInfo>
#include <string>
#include <vector>

#include "sample/SamplePhantom.h"
#include "io/DicomSeriesReader.h"
#include "io/ImageIO.h"
#include "io/LabelDescriptionIO.h"
#include "io/LabelMapLoader.h"

namespace slicewise {

namespace {

QString stemOf(const QString& path) {
  QString name = QFileInfo(path).fileName();
  for (const char* ext : {".nii.gz", ".nii", ".nrrd", ".nhdr", ".mha", ".mhd", ".gipl.gz", ".gipl"})
    if (name.endsWith(QLatin1String(ext), Qt::CaseInsensitive)) {
      name.chop(int(qstrlen(ext)));
      break;
    }
  return name;
}

LabelTable describedLabels(const QString& labelsPath, const QString& colorsPath) {
  if (!colorsPath.isEmpty()) return readLabelDescriptions(colorsPath.toStdString());
  if (auto sidecar = readSidecarFor(labelsPath.toStdString())) return *sidecar;
  const QString itkSnap = QFileInfo(labelsPath).dir().filePath(stemOf(labelsPath) + ".label");
  if (QFileInfo::exists(itkSnap)) return readItkSnapLabels(itkSnap.toStdString());
  return {};
}

// Puts a label map (on the image grid, or resampled onto it on request) and its names and
// colours into an opened case.
void attachLabels(OpenedCase& c, const QString& labelsPath, const QString& colorsPath,
                  QStringList* warnings, bool resampleLabels) {
  if (labelsPath.isEmpty()) {
    c.labels = LabelVolume(c.image.geometry());
    return;
  }
  std::vector<std::string> w;
  c.labels = loadLabelMapFor(c.image.geometry(), labelsPath.toStdString(), resampleLabels, &w);
  if (warnings)
    for (const std::string& line : w) warnings->append(QString::fromStdString(line));
  c.table = describedLabels(labelsPath, colorsPath);
  std::vector<Label> present;
  for (const auto& [id, count] : c.labels.labelCounts()) present.push_back(id);
  c.table.addMissing(present);
  c.title += QStringLiteral(" + ") + QFileInfo(labelsPath).fileName();
}

}  // namespace

OpenedCase CaseLoader::sample() {
  SampleCase s = SamplePhantom::generate();
  return {std::move(s.image), std::move(s.labels), std::move(s.table),
          QStringLiteral("Built-in sample (synthetic abdomen)")};
}

OpenedCase CaseLoader::open(const QString& imagePath, const QString& labelsPath,
                            const QString& colorsPath, QStringList* warnings,
                            bool resampleLabels) {
  OpenedCase c;
  c.image = readImage(imagePath.toStdString());
  c.title = QFileInfo(imagePath).fileName();
  attachLabels(c, labelsPath, colorsPath, warnings, resampleLabels);
  return c;
}

OpenedCase CaseLoader::openDicom(const DicomSeriesInfo& series, const QString& labelsPath,
                                 const QString& colorsPath, QStringList* warnings,
                                 bool resampleLabels) {
  DicomImportResult r = readDicomSeries(series);
  if (warnings)
    for (const std::string& line : r.warnings) warnings->append(QString::fromStdString(line));
  OpenedCase c;
  c.image = std::move(r.volume);
  QStringList parts{QString::fromStdString(series.modality), QString::fromStdString(series.description)};
  parts.removeAll(QString());
  c.title = (parts.isEmpty() ? QStringLiteral("DICOM series") : parts.join(' ')) +
            QStringLiteral(" (%1 images)").arg(r.slicesRead);
  attachLabels(c, labelsPath, colorsPath, warnings, resampleLabels);
  return c;
}

bool CaseLoader::isDicomPath(const QString& path) {
  const QFileInfo info(path);
  return info.isDir() || info.fileName().compare(QLatin1String("DICOMDIR"), Qt::CaseInsensitive) == 0 ||
         info.suffix().compare(QLatin1String("dcm"), Qt::CaseInsensitive) == 0;
}

}  // namespace slicewise
