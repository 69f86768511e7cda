#include "ui/PacsQueryDialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QStandardItemModel>
#include <QTableWidget>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

#include "pacs/PacsCache.h"
#include "pacs/PacsError.h"
#include "pacs/PacsNodeStore.h"
#include "ui/PacsNodesDialog.h"

namespace slicewise {

namespace {

constexpr const char* kNodeKey = "pacs/node";
constexpr const char* kMethodKey = "pacs/method";

QString dateText(const std::string& yyyymmdd) {
  const QString d = QString::fromStdString(yyyymmdd);
  return d.size() == 8 ? d.left(4) + '-' + d.mid(4, 2) + '-' + d.right(2) : d;
}

QString count(int n) { return n < 0 ? QString() : QString::number(n); }

QLineEdit* filterEdit(const QString& name, const QString& placeholder, QWidget* parent) {
  auto* e = new QLineEdit(parent);
  e->setObjectName(name);
  e->setPlaceholderText(placeholder);
  e->setClearButtonEnabled(true);
  return e;
}

QTableWidget* table(const QStringList& headers, QWidget* parent) {
  auto* t = new QTableWidget(0, int(headers.size()), parent);
  t->setHorizontalHeaderLabels(headers);
  t->setSelectionBehavior(QAbstractItemView::SelectRows);
  t->setSelectionMode(QAbstractItemView::SingleSelection);
  t->setEditTriggers(QAbstractItemView::NoEditTriggers);
  t->verticalHeader()->hide();
  t->horizontalHeader()->setStretchLastSection(true);
  return t;
}

void fillRow(QTableWidget* t, int row, const QStringList& cells) {
  for (int col = 0; col < int(cells.size()); ++col) t->setItem(row, col, new QTableWidgetItem(cells[col]));
}

QString megabytes(uint64_t bytes) { return QString::number(double(bytes) / 1e6, 'f', 1); }

}  // namespace

QString PacsQueryDialog::personName(const std::string& dicomName) {
  // Only the alphabetic group (before any '='); components: family^given^middle^prefix^suffix.
  QString alphabetic = QString::fromStdString(dicomName).section(QLatin1Char('='), 0, 0);
  QStringList parts = alphabetic.split(QLatin1Char('^'));
  for (QString& p : parts) p = p.trimmed();
  const QString family = parts.value(0);
  parts.removeFirst();
  parts.removeAll(QString());
  if (parts.isEmpty()) return family;
  return family.isEmpty() ? parts.join(' ') : family + QStringLiteral(", ") + parts.join(' ');
}

PacsQueryDialog::PacsQueryDialog(QString nodesFile, QString cacheRoot, QWidget* parent)
    : QDialog(parent),
      nodesFile_(nodesFile.isEmpty() ? QString::fromStdString(defaultPacsNodesPath()) : std::move(nodesFile)),
      cacheRoot_(cacheRoot.isEmpty() ? QString::fromStdString(PacsCache::defaultRoot()) : std::move(cacheRoot)) {
  setWindowTitle(tr("Query PACS"));
  nodeBox_ = new QComboBox(this);
  auto* editNodes = new QPushButton(tr("&Nodes\u2026"), this);
  auto* top = new QHBoxLayout;
  top->addWidget(new QLabel(tr("PACS"), this));
  top->addWidget(nodeBox_, 1);
  top->addWidget(editNodes);

  patientId_ = filterEdit("patient-id", tr("Patient ID"), this);
  patientName_ = filterEdit("patient-name", tr("Patient name (family^given, from the start)"), this);
  accession_ = filterEdit("accession", tr("Accession number"), this);
  dateFrom_ = filterEdit("date-from", tr("Study date from (YYYY-MM-DD)"), this);
  dateTo_ = filterEdit("date-to", tr("to (YYYY-MM-DD)"), this);
  modality_ = filterEdit("modality", tr("Modality (CT, MR, ...)"), this);
  description_ = filterEdit("description", tr("Description contains"), this);
  search_ = new QPushButton(tr("&Search"), this);
  search_->setDefault(true);
  auto* form = new QGridLayout;
  form->addWidget(patientId_, 0, 0);
  form->addWidget(patientName_, 0, 1);
  form->addWidget(accession_, 0, 2);
  form->addWidget(dateFrom_, 1, 0);
  form->addWidget(dateTo_, 1, 1);
  form->addWidget(modality_, 1, 2);
  form->addWidget(description_, 2, 0, 1, 2);
  form->addWidget(search_, 2, 2);

  studies_ = table({tr("Patient"), tr("Patient ID"), tr("Birth date"), tr("Study date"), tr("Modalities"),
                    tr("Description"), tr("Accession"), tr("Series"), tr("Images")},
                   this);
  series_ = table({tr("Series"), tr("Modality"), tr("Description"), tr("Images"), tr("Date")}, this);

  method_ = new QComboBox(this);
  method_->addItem(tr("C-GET"), QStringLiteral("get"));
  method_->addItem(tr("C-MOVE"), QStringLiteral("move"));
  progress_ = new QProgressBar(this);
  progress_->setVisible(false);
  status_ = new QLabel(this);
  status_->setWordWrap(true);
  status_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  cancel_ = new QPushButton(tr("Cancel"), this);
  cancel_->setVisible(false);
  retrieve_ = new QPushButton(tr("&Retrieve and Open"), this);
  auto* close = new QPushButton(tr("Close"), this);
  auto* bottom = new QHBoxLayout;
  bottom->addWidget(new QLabel(tr("Retrieve by"), this));
  bottom->addWidget(method_);
  bottom->addWidget(progress_, 1);
  bottom->addStretch(1);
  bottom->addWidget(cancel_);
  bottom->addWidget(retrieve_);
  bottom->addWidget(close);

  auto* layout = new QVBoxLayout(this);
  layout->addLayout(top);
  layout->addLayout(form);
  layout->addWidget(studies_, 3);
  layout->addWidget(series_, 2);
  layout->addWidget(status_);
  layout->addLayout(bottom);
  resize(980, 640);

  connect(editNodes, &QPushButton::clicked, this, &PacsQueryDialog::editNodes);
  connect(search_, &QPushButton::clicked, this, &PacsQueryDialog::search);
  for (QLineEdit* e : {patientId_, patientName_, accession_, dateFrom_, dateTo_, modality_, description_})
    connect(e, &QLineEdit::returnPressed, this, &PacsQueryDialog::search);
  connect(studies_, &QTableWidget::itemSelectionChanged, this, &PacsQueryDialog::listSeries);
  connect(series_, &QTableWidget::itemSelectionChanged, this, &PacsQueryDialog::updateButtons);
  connect(series_, &QTableWidget::cellDoubleClicked, this, &PacsQueryDialog::retrieve);
  connect(retrieve_, &QPushButton::clicked, this, &PacsQueryDialog::retrieve);
  connect(cancel_, &QPushButton::clicked, this, [this] {
    cancelFlag_ = true;
    status_->setText(tr("Cancelling\u2026"));
  });
  connect(close, &QPushButton::clicked, this, &QDialog::reject);
  connect(nodeBox_, &QComboBox::currentIndexChanged, this, &PacsQueryDialog::updateButtons);
  connect(method_, &QComboBox::currentIndexChanged, this,
          [this] { QSettings().setValue(kMethodKey, method_->currentData().toString()); });
  connect(&watcher_, &QFutureWatcher<Outcome>::finished, this, &PacsQueryDialog::finished);
  connect(&ticker_, &QTimer::timeout, this, &PacsQueryDialog::showProgress);
  ticker_.setInterval(100);

  const int method = method_->findData(QSettings().value(kMethodKey, QStringLiteral("get")).toString());
  method_->setCurrentIndex(method < 0 ? 0 : method);
  loadNodes(QSettings().value(kNodeKey).toString());
  updateButtons();
}

PacsQueryDialog::~PacsQueryDialog() {
  cancelFlag_ = true;
  watcher_.waitForFinished();
}

QLineEdit* PacsQueryDialog::filter(const QString& name) const { return findChild<QLineEdit*>(name); }

void PacsQueryDialog::loadNodes(const QString& select) {
  nodeBox_->clear();
  try {
    nodes_ = readPacsNodes(nodesFile_.toStdString());
  } catch (const PacsError& e) {
    nodes_.clear();
    status_->setText(QString::fromStdString(e.what()));
  }
  for (const PacsNode& n : nodes_)
    nodeBox_->addItem(QStringLiteral("%1 (%2)").arg(QString::fromStdString(n.name),
                                                    QString::fromStdString(describePacsNode(n))),
                      QString::fromStdString(n.name));
  const int index = nodeBox_->findData(select);
  if (index >= 0) nodeBox_->setCurrentIndex(index);
  if (nodes_.empty() && status_->text().isEmpty())
    status_->setText(tr("No PACS is set up yet: add one with Nodes\u2026"));
}

void PacsQueryDialog::editNodes() {
  PacsNodesDialog dialog(nodesFile_, this);
  if (dialog.exec() == QDialog::Accepted) loadNodes(nodeBox_->currentData().toString());
}

std::optional<PacsNode> PacsQueryDialog::node() {
  const int i = nodeBox_->currentIndex();
  if (i < 0 || i >= int(nodes_.size())) return std::nullopt;
  QSettings().setValue(kNodeKey, QString::fromStdString(nodes_[size_t(i)].name));
  return nodes_[size_t(i)];
}

void PacsQueryDialog::updateButtons() {
  const bool idle = !busy_;
  const auto n = nodeBox_->currentIndex();
  const bool haveNode = n >= 0 && n < int(nodes_.size());
  search_->setEnabled(idle && haveNode);
  retrieve_->setEnabled(idle && haveNode && series_->currentRow() >= 0 && !series_->selectedItems().isEmpty());
  auto* model = qobject_cast<QStandardItemModel*>(method_->model());
  if (haveNode && model) {
    // C-MOVE needs our storage port; without one only C-GET is offered.
    const bool canMove = nodes_[size_t(n)].movePort > 0;
    if (QStandardItem* move = model->item(1)) move->setEnabled(canMove);
    if (!canMove) method_->setCurrentIndex(0);
  }
}

void PacsQueryDialog::setBusy(bool busy) {
  busy_ = busy;
  cancel_->setVisible(busy);
  cancel_->setEnabled(busy);
  progress_->setVisible(busy);
  studies_->setEnabled(!busy);
  series_->setEnabled(!busy);
  updateButtons();
  if (busy) ticker_.start();
  else ticker_.stop();
}

void PacsQueryDialog::run(Outcome::Kind kind, std::function<Outcome()> work, const QString& what) {
  if (busy_) return;
  cancelFlag_ = false;
  done_ = 0;
  total_ = -1;
  bytes_ = 0;
  progress_->setRange(0, 0);
  status_->setText(what);
  watcher_.setFuture(QtConcurrent::run([kind, work] {
    Outcome o;
    try {
      o = work();
    } catch (const PacsCancelled&) {
      o.cancelled = true;
    } catch (const std::exception& e) {
      o.error = QString::fromStdString(e.what());
    }
    o.kind = kind;
    return o;
  }));
  setBusy(true);
}

void PacsQueryDialog::search() {
  const auto n = node();
  if (!n || busy_) return;
  PacsQuery q;
  q.level = PacsLevel::Study;
  q.patientId = patientId_->text().trimmed().toStdString();
  q.patientName = patientName_->text().trimmed().toStdString();
  q.accessionNumber = accession_->text().trimmed().toStdString();
  q.dateFrom = dateFrom_->text().trimmed().toStdString();
  q.dateTo = dateTo_->text().trimmed().toStdString();
  q.modality = modality_->text().trimmed().toStdString();
  q.description = description_->text().trimmed().toStdString();
  if (q.patientId.empty() && q.patientName.empty() && q.accessionNumber.empty() && q.dateFrom.empty() &&
      q.dateTo.empty()) {
    status_->setText(tr("Give a patient ID or name, an accession number or a study date: a whole PACS is too much "
                        "to list."));
    return;
  }
  studies_->setRowCount(0);
  series_->setRowCount(0);
  const PacsNode node = *n;
  run(Outcome::Kind::Studies, [node, q, this] {
    Outcome o;
    o.records = PacsClient(node).find(q, &cancelFlag_);
    return o;
  }, tr("Searching %1\u2026").arg(QString::fromStdString(describePacsNode(node))));
}

void PacsQueryDialog::listSeries() {
  series_->setRowCount(0);
  seriesRecords_.clear();
  updateButtons();
  const int row = studies_->currentRow();
  const auto n = node();
  if (!n || row < 0 || row >= int(studyRecords_.size()) || studies_->selectedItems().isEmpty()) return;
  PacsQuery q;
  q.level = PacsLevel::Series;
  q.studyUid = studyRecords_[size_t(row)].studyUid;
  const PacsNode node = *n;
  run(Outcome::Kind::Series, [node, q, this] {
    Outcome o;
    o.records = PacsClient(node).find(q, &cancelFlag_);
    return o;
  }, tr("Listing the study's series\u2026"));
}

void PacsQueryDialog::retrieve() {
  const int row = series_->currentRow();
  const auto n = node();
  if (!n || row < 0 || row >= int(seriesRecords_.size()) || busy_) return;
  const PacsRecord& r = seriesRecords_[size_t(row)];
  RetrieveRequest request;
  request.seriesUid = r.seriesUid;
  request.studyUid = r.studyUid;
  request.method = method_->currentData().toString() == QStringLiteral("move") ? RetrieveMethod::Move
                                                                                : RetrieveMethod::Get;
  const int expected = r.instances;
  const PacsNode node = *n;
  const std::string cacheRoot = cacheRoot_.toStdString();
  run(Outcome::Kind::Retrieve, [node, request, expected, cacheRoot, this] {
    Outcome o;
    o.retrieved = PacsCache(cacheRoot).fetch(PacsClient(node), request, expected, [this](const PacsProgress& p) {
      done_ = p.done;
      total_ = p.total;
      bytes_ = p.bytes;
    }, &cancelFlag_);
    return o;
  }, tr("Retrieving the series\u2026"));
}

void PacsQueryDialog::showProgress() {
  const int total = total_.load(), done = done_.load();
  if (total > 0) {
    progress_->setRange(0, total);
    progress_->setValue(std::min(done, total));
  }
  if (done > 0 && !cancelFlag_)
    status_->setText(total > 0 ? tr("Received %1 of %2 images (%3 MB)").arg(done).arg(total).arg(megabytes(bytes_))
                               : tr("Received %1 images (%2 MB)").arg(done).arg(megabytes(bytes_)));
}

void PacsQueryDialog::finished() {
  const Outcome o = watcher_.result();
  setBusy(false);
  if (o.cancelled) {
    status_->setText(o.kind == Outcome::Kind::Retrieve ? tr("Cancelled; nothing of the series was kept.")
                                                       : tr("Cancelled."));
    return;
  }
  if (!o.error.isEmpty()) {
    status_->setText(o.error);
    return;
  }
  switch (o.kind) {
    case Outcome::Kind::Studies:
      showStudies(o.records);
      break;
    case Outcome::Kind::Series:
      showSeries(o.records);
      break;
    case Outcome::Kind::Retrieve:
      retrieved_ = QString::fromStdString(o.retrieved.folder);
      status_->setText(o.retrieved.bytes == 0
                           ? tr("%1 images already retrieved.").arg(o.retrieved.images)
                           : tr("Retrieved %1 images (%2 MB) in %3 s.")
                                 .arg(o.retrieved.images)
                                 .arg(megabytes(o.retrieved.bytes))
                                 .arg(o.retrieved.seconds, 0, 'f', 1));
      accept();
      break;
  }
}

void PacsQueryDialog::showStudies(const std::vector<PacsRecord>& records) {
  studyRecords_ = records;
  studies_->setRowCount(int(records.size()));
  for (int row = 0; row < int(records.size()); ++row) {
    const PacsRecord& r = records[size_t(row)];
    fillRow(studies_, row,
            {personName(r.patientName), QString::fromStdString(r.patientId), dateText(r.patientBirthDate),
             dateText(r.studyDate), QString::fromStdString(r.modalitiesInStudy),
             QString::fromStdString(r.studyDescription), QString::fromStdString(r.accessionNumber), count(r.series),
             count(r.instances)});
  }
  studies_->resizeColumnsToContents();
  status_->setText(records.empty() ? tr("No study matches.")
                                   : tr("%n studies; choose one to see its series.", "", int(records.size())));
  if (records.size() == 1) studies_->selectRow(0);
}

void PacsQueryDialog::showSeries(const std::vector<PacsRecord>& records) {
  seriesRecords_ = records;
  series_->setRowCount(int(records.size()));
  int largest = -1;
  for (int row = 0; row < int(records.size()); ++row) {
    const PacsRecord& r = records[size_t(row)];
    fillRow(series_, row,
            {count(r.seriesNumber), QString::fromStdString(r.modality), QString::fromStdString(r.seriesDescription),
             count(r.instances), dateText(r.seriesDate)});
    if (largest < 0 || r.instances > records[size_t(largest)].instances) largest = row;
  }
  series_->resizeColumnsToContents();
  status_->setText(records.empty() ? tr("The study has no series.")
                                   : tr("%n series; choose one and retrieve it.", "", int(records.size())));
  // The series with the most images is the likely one (a localizer rarely is).
  if (largest >= 0) series_->selectRow(largest);
  updateButtons();
}

}  // namespace slicewise
