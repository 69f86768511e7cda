#include "ui/panels/LabelsPanel.h"

#include <QColorDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QSlider>
#include <QTableWidget>
#include <QVBoxLayout>

#include "model/LabelTable.h"
#include "ui/StudyDocument.h"
#include "ui/ToolSettings.h"

namespace slicewise {

namespace {
enum Column { kColour, kName, kVisible, kLocked, kVoxels, kVolume, kColumns };
}

LabelsPanel::LabelsPanel(ToolSettings* settings, QWidget* parent) : QWidget(parent), settings_(settings) {
  auto* layout = new QVBoxLayout(this);
  table_ = new QTableWidget(0, kColumns, this);
  table_->setHorizontalHeaderLabels({QString(), tr("Label"), tr("Show"), tr("Lock"), tr("Voxels"), tr("mL")});
  table_->verticalHeader()->setVisible(false);
  table_->setSelectionBehavior(QAbstractItemView::SelectRows);
  table_->setSelectionMode(QAbstractItemView::SingleSelection);
  table_->horizontalHeader()->setSectionResizeMode(kName, QHeaderView::Stretch);
  for (int c : {kColour, kVisible, kLocked, kVoxels, kVolume})
    table_->horizontalHeader()->setSectionResizeMode(c, QHeaderView::ResizeToContents);
  layout->addWidget(table_);
  auto* buttons = new QHBoxLayout;
  add_ = new QPushButton(tr("Add"), this);
  remove_ = new QPushButton(tr("Delete"), this);
  add_->setToolTip(tr("A new label with the first free id"));
  remove_->setToolTip(tr("Delete the active label and its voxels (undoable)"));
  buttons->addWidget(add_);
  buttons->addWidget(remove_);
  layout->addLayout(buttons);
  auto* opacityRow = new QHBoxLayout;
  opacityRow->addWidget(new QLabel(tr("Opacity"), this));
  opacity_ = new QSlider(Qt::Horizontal, this);
  opacity_->setRange(0, 100);
  opacity_->setValue(50);
  opacityRow->addWidget(opacity_);
  layout->addLayout(opacityRow);

  connect(add_, &QPushButton::clicked, this, &LabelsPanel::addLabel);
  connect(remove_, &QPushButton::clicked, this, &LabelsPanel::deleteActive);
  connect(opacity_, &QSlider::valueChanged, this, [this](int v) { Q_EMIT opacityChanged(v / 100.0); });
  connect(table_, &QTableWidget::cellChanged, this, &LabelsPanel::cellChanged);
  connect(table_, &QTableWidget::cellDoubleClicked, this, &LabelsPanel::cellDoubleClicked);
  connect(table_, &QTableWidget::currentCellChanged, this, [this](int row) {
    if (!rebuilding_ && row >= 0) settings_->setActiveLabel(labelAt(row));
  });
  connect(settings_, &ToolSettings::activeLabelChanged, this, &LabelsPanel::selectActive);
  recountTimer_.setSingleShot(true);
  recountTimer_.setInterval(300);
  connect(&recountTimer_, &QTimer::timeout, this, &LabelsPanel::recount);
}

double LabelsPanel::opacity() const { return opacity_->value() / 100.0; }

void LabelsPanel::setDocument(StudyDocument* document) {
  if (document_) disconnect(document_, nullptr, this, nullptr);
  document_ = document;
  if (document_) {
    connect(document_, &StudyDocument::labelTableChanged, this, &LabelsPanel::rebuild);
    connect(document_, &StudyDocument::changed, this, [this](const ChangeSet& c) {
      if (c.hasVoxels()) recountTimer_.start();
    });
    // A study opened with labels starts with the first of them active.
    const auto& all = document_->annotation().table.all();
    if (!all.empty() && !all.count(settings_->activeLabel())) settings_->setActiveLabel(all.begin()->first);
  }
  const bool editable = document_ && !document_->isReadOnly();
  add_->setEnabled(editable);
  remove_->setEnabled(editable);
  recount();
}

Label LabelsPanel::labelAt(int row) const {
  const QTableWidgetItem* item = table_->item(row, kName);
  return item ? Label(item->data(Qt::UserRole).toInt()) : 0;
}

void LabelsPanel::recount() {
  counts_ = document_ ? document_->annotation().labels.labelCounts() : std::map<Label, uint64_t>{};
  rebuild();
}

void LabelsPanel::rebuild() {
  rebuilding_ = true;
  table_->setRowCount(0);
  if (document_) {
    LabelTable shown = document_->annotation().table;
    std::vector<Label> present;
    for (const auto& [id, n] : counts_) present.push_back(id);
    shown.addMissing(present);  // labels in the volume without a table entry still show
    const Vec3& s = document_->geometry().spacing;
    const double voxelMl = s[0] * s[1] * s[2] / 1000.0;
    const bool editable = !document_->isReadOnly();
    for (const auto& [id, info] : shown.all()) {
      const int row = table_->rowCount();
      table_->insertRow(row);
      auto* swatch = new QTableWidgetItem;
      swatch->setBackground(QColor(info.color.r, info.color.g, info.color.b));
      swatch->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable);
      swatch->setToolTip(tr("Double-click to change the colour"));
      table_->setItem(row, kColour, swatch);
      auto* name = new QTableWidgetItem(QString::fromStdString(info.name));
      name->setData(Qt::UserRole, int(id));
      name->setToolTip(tr("Label %1").arg(id));
      name->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable | (editable ? Qt::ItemIsEditable : Qt::NoItemFlags));
      table_->setItem(row, kName, name);
      for (int c : {kVisible, kLocked}) {
        auto* box = new QTableWidgetItem;
        box->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable | (editable ? Qt::ItemIsUserCheckable : Qt::NoItemFlags));
        box->setCheckState((c == kVisible ? info.visible : info.locked) ? Qt::Checked : Qt::Unchecked);
        table_->setItem(row, c, box);
      }
      const uint64_t n = counts_.count(id) ? counts_.at(id) : 0;
      auto* voxels = new QTableWidgetItem(QString::number(n));
      auto* volume = new QTableWidgetItem(QString::number(double(n) * voxelMl, 'f', 2));
      for (QTableWidgetItem* item : {voxels, volume}) {
        item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable);
        item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
      }
      table_->setItem(row, kVoxels, voxels);
      table_->setItem(row, kVolume, volume);
    }
  }
  rebuilding_ = false;
  selectActive();
}

void LabelsPanel::selectActive() {
  for (int row = 0; row < table_->rowCount(); ++row)
    if (labelAt(row) == settings_->activeLabel()) {
      rebuilding_ = true;
      table_->setCurrentCell(row, kName);
      rebuilding_ = false;
      return;
    }
}

void LabelsPanel::apply(const LabelInfo& info) {
  if (!document_ || document_->isReadOnly()) return;
  try {
    if (document_->annotation().table.find(info.id))
      document_->record(document_->editor().updateLabel(info));
    else
      document_->record(document_->editor().addLabel(info));
  } catch (const EditError& e) {
    Q_EMIT message(QString::fromStdString(e.what()));
  }
}

void LabelsPanel::cellChanged(int row, int column) {
  if (rebuilding_ || !document_) return;
  LabelInfo info = document_->annotation().table.infoOrDefault(labelAt(row));
  const QTableWidgetItem* item = table_->item(row, column);
  if (column == kName) info.name = item->text().toStdString();
  else if (column == kVisible) info.visible = item->checkState() == Qt::Checked;
  else if (column == kLocked) info.locked = item->checkState() == Qt::Checked;
  else return;
  apply(info);
}

void LabelsPanel::cellDoubleClicked(int row, int column) {
  if (column != kColour || !document_ || document_->isReadOnly()) return;
  LabelInfo info = document_->annotation().table.infoOrDefault(labelAt(row));
  const QColor c = QColorDialog::getColor(QColor(info.color.r, info.color.g, info.color.b), this,
                                          tr("Colour of %1").arg(QString::fromStdString(info.name)));
  if (!c.isValid()) return;
  info.color = {uint8_t(c.red()), uint8_t(c.green()), uint8_t(c.blue())};
  apply(info);
}

void LabelsPanel::cycleActive(int step) {
  const int n = table_->rowCount();
  if (n == 0) return;
  int row = table_->currentRow();
  row = ((row < 0 ? 0 : row + step) % n + n) % n;
  settings_->setActiveLabel(labelAt(row));
}

void LabelsPanel::addLabel() {
  if (!document_ || document_->isReadOnly()) return;
  Label id = 1;
  while (document_->annotation().table.find(id) || counts_.count(id)) ++id;
  apply(LabelInfo{id, tr("Label %1").arg(id).toStdString(), LabelTable::defaultColor(id), true, false});
  settings_->setActiveLabel(id);
}

void LabelsPanel::deleteActive() {
  if (!document_ || document_->isReadOnly()) return;
  const Label id = settings_->activeLabel();
  const LabelInfo info = document_->annotation().table.infoOrDefault(id);
  const uint64_t n = counts_.count(id) ? counts_.at(id) : 0;
  if (QMessageBox::question(this, tr("Delete label"),
                            tr("Delete %1 and its %2 voxels? (Edit \u25b8 Undo brings them back.)")
                                .arg(QString::fromStdString(info.name)).arg(n)) != QMessageBox::Yes)
    return;
  try {
    if (!document_->annotation().table.find(id)) {
      // Voxels without a table entry: give it one first, so the delete has something to remove.
      document_->record(document_->editor().addLabel(info));
    }
    document_->record(document_->editor().deleteLabel(id));
  } catch (const EditError& e) {
    Q_EMIT message(QString::fromStdString(e.what()));
  }
}

void LabelsPanel::toggleActiveLocked() {
  if (!document_) return;
  LabelInfo info = document_->annotation().table.infoOrDefault(settings_->activeLabel());
  info.locked = !info.locked;
  apply(info);
}

void LabelsPanel::toggleActiveVisible() {
  if (!document_) return;
  LabelInfo info = document_->annotation().table.infoOrDefault(settings_->activeLabel());
  info.visible = !info.visible;
  apply(info);
}

}  // namespace slicewise
