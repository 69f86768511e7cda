#include "ui/PacsNodesDialog.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

#include "pacs/PacsClient.h"
#include "pacs/PacsError.h"
#include "pacs/PacsNodeStore.h"

namespace slicewise {

namespace {

QLineEdit* lineEdit(const QString& name, QWidget* parent, int maxLength = 0) {
  auto* e = new QLineEdit(parent);
  e->setObjectName(name);
  if (maxLength > 0) e->setMaxLength(maxLength);
  return e;
}

QSpinBox* spinBox(const QString& name, int lo, int hi, QWidget* parent) {
  auto* s = new QSpinBox(parent);
  s->setObjectName(name);
  s->setRange(lo, hi);
  return s;
}

std::string text(const QLineEdit* e) { return e->text().trimmed().toStdString(); }

}  // namespace

PacsNodesDialog::PacsNodesDialog(QString nodesFile, QWidget* parent)
    : QDialog(parent), file_(std::move(nodesFile)), list_(new QListWidget(this)) {
  setWindowTitle(tr("PACS Nodes"));
  name_ = lineEdit("name", this);
  aet_ = lineEdit("aet", this, 16);
  host_ = lineEdit("host", this);
  ourAet_ = lineEdit("our-aet", this, 16);
  ca_ = lineEdit("ca", this);
  cert_ = lineEdit("cert", this);
  key_ = lineEdit("key", this);
  port_ = spinBox("port", 1, 65535, this);
  movePort_ = spinBox("move-port", 0, 65535, this);
  movePort_->setSpecialValueText(tr("none (C-GET only)"));
  timeout_ = spinBox("timeout", 1, 3600, this);
  timeout_->setSuffix(tr(" s"));
  tls_ = new QCheckBox(tr("DICOM over TLS"), this);
  verify_ = new QCheckBox(tr("Check the PACS's certificate"), this);
  ca_->setPlaceholderText(tr("PEM file; empty: the system's certificates"));
  cert_->setPlaceholderText(tr("only where the PACS asks for one"));

  auto* form = new QFormLayout;
  form->addRow(tr("Name"), name_);
  form->addRow(tr("PACS AE title"), aet_);
  form->addRow(tr("Host"), host_);
  form->addRow(tr("Port"), port_);
  form->addRow(tr("Our AE title"), ourAet_);
  form->addRow(tr("Our C-MOVE port"), movePort_);
  form->addRow(tr("Timeout"), timeout_);
  auto* tlsBox = new QGroupBox(tr("Security"), this);
  auto* tlsForm = new QFormLayout(tlsBox);
  tlsForm->addRow(tls_);
  tlsForm->addRow(verify_);
  tlsForm->addRow(tr("Trusted certificates"), ca_);
  tlsForm->addRow(tr("Our certificate"), cert_);
  tlsForm->addRow(tr("Our private key"), key_);
  form->addRow(tlsBox);

  auto* add = new QPushButton(tr("&Add"), this);
  auto* remove = new QPushButton(tr("&Remove"), this);
  test_ = new QPushButton(tr("&Test (C-ECHO)"), this);
  status_ = new QLabel(this);
  status_->setWordWrap(true);
  auto* listButtons = new QHBoxLayout;
  listButtons->addWidget(add);
  listButtons->addWidget(remove);
  auto* left = new QVBoxLayout;
  left->addWidget(list_);
  left->addLayout(listButtons);
  auto* right = new QVBoxLayout;
  right->addLayout(form);
  right->addWidget(test_);
  right->addWidget(status_);
  auto* columns = new QHBoxLayout;
  columns->addLayout(left, 1);
  columns->addLayout(right, 2);
  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, this);
  auto* layout = new QVBoxLayout(this);
  layout->addWidget(new QLabel(tr("Nodes file: %1").arg(file_), this));
  layout->addLayout(columns);
  layout->addWidget(buttons);

  connect(add, &QPushButton::clicked, this, &PacsNodesDialog::addNode);
  connect(remove, &QPushButton::clicked, this, &PacsNodesDialog::removeNode);
  connect(test_, &QPushButton::clicked, this, &PacsNodesDialog::testNode);
  connect(list_, &QListWidget::currentRowChanged, this, &PacsNodesDialog::showNode);
  connect(name_, &QLineEdit::textEdited, this, [this](const QString& t) {
    if (QListWidgetItem* item = list_->currentItem()) item->setText(t);
  });
  connect(buttons, &QDialogButtonBox::accepted, this, [this] {
    if (save()) accept();
  });
  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
  connect(&echo_, &QFutureWatcher<QString>::finished, this, [this] {
    status_->setText(echo_.result());
    test_->setEnabled(true);
  });
  reload();
}

PacsNodesDialog::~PacsNodesDialog() { echo_.waitForFinished(); }

QLineEdit* PacsNodesDialog::field(const QString& name) const { return findChild<QLineEdit*>(name); }

QSpinBox* PacsNodesDialog::number(const QString& name) const { return findChild<QSpinBox*>(name); }

void PacsNodesDialog::reload() {
  try {
    nodes_ = readPacsNodes(file_.toStdString());
  } catch (const PacsError& e) {
    nodes_.clear();
    status_->setText(QString::fromStdString(e.what()));
  }
  list_->clear();
  for (const PacsNode& n : nodes_) list_->addItem(QString::fromStdString(n.name));
  current_ = -1;
  if (nodes_.empty()) addNode();
  else list_->setCurrentRow(0);
}

void PacsNodesDialog::storeForm() {
  if (current_ < 0 || current_ >= int(nodes_.size())) return;
  PacsNode& n = nodes_[size_t(current_)];
  n.name = text(name_);
  n.calledAeTitle = text(aet_);
  n.host = text(host_);
  n.port = port_->value();
  n.callingAeTitle = text(ourAet_);
  n.movePort = movePort_->value();
  n.timeoutSeconds = timeout_->value();
  n.tls.enabled = tls_->isChecked();
  n.tls.verifyPeer = verify_->isChecked();
  n.tls.trustedCertificates = text(ca_);
  n.tls.certificate = text(cert_);
  n.tls.privateKey = text(key_);
}

void PacsNodesDialog::showNode(int row) {
  storeForm();
  current_ = row;
  const bool any = row >= 0 && row < int(nodes_.size());
  for (QWidget* w : std::initializer_list<QWidget*>{name_, aet_, host_, port_, ourAet_, movePort_, timeout_, tls_,
                                                    verify_, ca_, cert_, key_, test_})
    w->setEnabled(any);
  if (!any) return;
  const PacsNode& n = nodes_[size_t(row)];
  name_->setText(QString::fromStdString(n.name));
  aet_->setText(QString::fromStdString(n.calledAeTitle));
  host_->setText(QString::fromStdString(n.host));
  port_->setValue(n.port);
  ourAet_->setText(QString::fromStdString(n.callingAeTitle));
  movePort_->setValue(n.movePort);
  timeout_->setValue(n.timeoutSeconds);
  tls_->setChecked(n.tls.enabled);
  verify_->setChecked(n.tls.verifyPeer);
  ca_->setText(QString::fromStdString(n.tls.trustedCertificates));
  cert_->setText(QString::fromStdString(n.tls.certificate));
  key_->setText(QString::fromStdString(n.tls.privateKey));
  status_->clear();
}

void PacsNodesDialog::addNode() {
  storeForm();
  PacsNode n;
  n.name = tr("pacs%1").arg(nodes_.size() + 1).toStdString();
  nodes_.push_back(n);
  list_->addItem(QString::fromStdString(n.name));
  list_->setCurrentRow(int(nodes_.size()) - 1);
  aet_->setFocus();
}

void PacsNodesDialog::removeNode() {
  const int row = list_->currentRow();
  if (row < 0) return;
  current_ = -1;  // the form belongs to the node going away
  nodes_.erase(nodes_.begin() + row);
  delete list_->takeItem(row);
  if (list_->currentRow() >= 0) showNode(list_->currentRow());
  else showNode(-1);
}

void PacsNodesDialog::testNode() {
  storeForm();
  if (current_ < 0 || echo_.isRunning()) return;
  const PacsNode node = nodes_[size_t(current_)];
  status_->setText(tr("Testing %1\u2026").arg(QString::fromStdString(describePacsNode(node))));
  test_->setEnabled(false);
  echo_.setFuture(QtConcurrent::run([node] {
    try {
      const double ms = PacsClient(node).echo();
      return tr("%1 answered in %2 ms.").arg(QString::fromStdString(describePacsNode(node))).arg(qRound(ms));
    } catch (const std::exception& e) {
      return QString::fromStdString(e.what());
    }
  }));
}

bool PacsNodesDialog::save() {
  storeForm();
  for (size_t i = 0; i < nodes_.size(); ++i) {
    try {
      checkPacsNode(nodes_[i]);
    } catch (const PacsError& e) {
      list_->setCurrentRow(int(i));
      status_->setText(tr("%1: %2").arg(QString::fromStdString(nodes_[i].name), QString::fromStdString(e.what())));
      return false;
    }
  }
  try {
    writePacsNodes(file_.toStdString(), nodes_);
  } catch (const PacsError& e) {
    status_->setText(QString::fromStdString(e.what()));
    return false;
  }
  return true;
}

}  // namespace slicewise
