#include "ui/DicomSeriesDialog.h"

#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>
#include <cmath>

#include "io/DicomScanner.h"
#include "io/DicomSeriesReader.h"
#include "viewers/SliceComposer.h"
#include "viewers/SliceOrientation.h"

namespace slicewise {

namespace {

// Size and spacing as the importer will build them: in-plane from the header, the third
// dimension from the number of distinct positions along the slice normal.
QString sizeText(const DicomSeriesInfo& s) {
  if (s.slices.empty()) return {};
  const DicomSliceHeader& h = s.slices.front();
  return QStringLiteral("%1 × %2 × %3").arg(h.columns).arg(h.rows).arg(s.slices.size());
}

QString spacingText(const DicomSeriesInfo& s) {
  if (s.slices.empty()) return {};
  const DicomSliceHeader& h = s.slices.front();
  QString text = QStringLiteral("%1 × %2").arg(h.columnSpacing, 0, 'g', 4).arg(h.rowSpacing, 0, 'g', 4);
  if (s.slices.size() > 1) {
    // Distance between the first two positions along the normal: enough to tell 1 mm from 5 mm.
    const auto& o = h.orientation;
    const Vec3 n{o[1] * o[5] - o[2] * o[4], o[2] * o[3] - o[0] * o[5], o[0] * o[4] - o[1] * o[3]};
    double lo = 1e300, hi = -1e300;
    for (const DicomSliceHeader& x : s.slices) {
      const double d = x.position[0] * n[0] + x.position[1] * n[1] + x.position[2] * n[2];
      lo = std::min(lo, d), hi = std::max(hi, d);
    }
    text += QStringLiteral(" × %1").arg((hi - lo) / double(s.slices.size() - 1), 0, 'g', 4);
  }
  return text + QStringLiteral(" mm");
}

QString dateText(const std::string& yyyymmdd) {
  const QString d = QString::fromStdString(yyyymmdd);
  return d.size() == 8 ? d.left(4) + '-' + d.mid(4, 2) + '-' + d.right(2) : d;
}

}  // namespace

DicomSeriesDialog::DicomSeriesDialog(const DicomScanReport& report, QWidget* parent)
    : QDialog(parent), table_(new QTableWidget(this)) {
  setWindowTitle(tr("Choose a DICOM series"));
  auto* layout = new QVBoxLayout(this);
  layout->addWidget(new QLabel(QString::fromStdString(summarizeDicomScan(report)), this));

  const QStringList headers{tr("Study date"), tr("Modality"), tr("Description"), tr("Series"),
                            tr("Images"), tr("Size"), tr("Spacing")};
  table_->setColumnCount(int(headers.size()));
  table_->setHorizontalHeaderLabels(headers);
  table_->setRowCount(int(report.series.size()));
  table_->setSelectionBehavior(QAbstractItemView::SelectRows);
  table_->setSelectionMode(QAbstractItemView::SingleSelection);
  table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
  table_->verticalHeader()->hide();
  for (int row = 0; row < int(report.series.size()); ++row) {
    const DicomSeriesInfo& s = report.series[size_t(row)];
    const QStringList cells{dateText(s.studyDate),
                            QString::fromStdString(s.modality),
                            QString::fromStdString(s.description),
                            QString::number(s.seriesNumber),
                            QString::number(s.slices.size()),
                            sizeText(s),
                            spacingText(s)};
    for (int col = 0; col < int(cells.size()); ++col)
      table_->setItem(row, col, new QTableWidgetItem(cells[col]));
  }
  table_->resizeColumnsToContents();
  table_->horizontalHeader()->setStretchLastSection(true);
  auto* row = new QHBoxLayout;
  row->addWidget(table_, 1);
  auto* side = new QVBoxLayout;
  preview_ = new QLabel(this);
  preview_->setFixedSize(kPreview, kPreview);
  preview_->setAlignment(Qt::AlignCenter);
  preview_->setStyleSheet(QStringLiteral("background: black; color: #bbb"));
  count_ = new QLabel(this);
  count_->setAlignment(Qt::AlignCenter);
  side->addWidget(preview_);
  side->addWidget(count_);
  side->addStretch(1);
  row->addLayout(side);
  layout->addLayout(row);
  connect(table_, &QTableWidget::itemSelectionChanged, this, [this, series = report.series] {
    const int i = selectedSeries();
    if (i >= 0) showPreview(series[size_t(i)]);
  });

  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Open | QDialogButtonBox::Cancel, this);
  layout->addWidget(buttons);
  connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
  connect(table_, &QTableWidget::cellDoubleClicked, this, &QDialog::accept);
  auto updateOpen = [this, buttons] {
    buttons->button(QDialogButtonBox::Open)->setEnabled(selectedSeries() >= 0);
  };
  connect(table_, &QTableWidget::itemSelectionChanged, this, updateOpen);
  // The series with the most images is the usual choice (not a localizer or a dose report).
  int largest = -1;
  for (int row = 0; row < int(report.series.size()); ++row)
    if (largest < 0 || report.series[size_t(row)].slices.size() > report.series[size_t(largest)].slices.size())
      largest = row;
  selectSeries(largest);
  updateOpen();
  resize(1040, 340);
}

void DicomSeriesDialog::showPreview(const DicomSeriesInfo& series) {
  count_->setText(series.slices.size() == 1 ? tr("1 slice") : tr("%1 slices").arg(series.slices.size()));
  preview_->setPixmap({});
  preview_->setText(tr("no preview"));
  if (series.slices.empty()) return;
  // The middle image alone: reading one file takes milliseconds, the series may take seconds.
  DicomSeriesInfo middle = series;
  middle.slices = {series.slices[series.slices.size() / 2]};
  try {
    const DicomImportResult one = readDicomSeries(middle, 1);
    SliceLayers layers;
    layers.image = &one.volume;
    layers.window = WindowLevel::suggest(one.volume);
    const SliceOrientation o = SliceOrientation::forAxis(one.volume.geometry(), SliceAxis::Axial);
    const QImage image = SliceComposer::compose(layers, o, 0);
    if (image.isNull()) return;
    preview_->setPixmap(QPixmap::fromImage(image.scaled(kPreview, kPreview, Qt::KeepAspectRatio, Qt::SmoothTransformation)));
  } catch (const std::exception&) {
    // A file that cannot be read now is listed again when the series opens.
  }
}

int DicomSeriesDialog::selectedSeries() const {
  const auto rows = table_->selectionModel()->selectedRows();
  return rows.isEmpty() ? -1 : rows.front().row();
}

void DicomSeriesDialog::selectSeries(int index) {
  if (index >= 0 && index < table_->rowCount()) table_->selectRow(index);
}

}  // namespace slicewise
