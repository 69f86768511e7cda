#pragma once

#include <QDialog>
#include <QFutureWatcher>
#include <vector>

#include "pacs/PacsNode.h"

class QCheckBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;
class QSpinBox;

namespace slicewise {

// Edits the PACS nodes in the shared nodes file (the one slicewise-cli reads): the PACS's AE
// title, host and port, our AE title, the C-MOVE port, the timeout and TLS; Test sends a C-ECHO
// with what the form holds. Save writes the file only when every node is valid.
class PacsNodesDialog : public QDialog {
  Q_OBJECT
 public:
  explicit PacsNodesDialog(QString nodesFile, QWidget* parent = nullptr);
  ~PacsNodesDialog() override;

  QListWidget* list() const { return list_; }
  QLineEdit* field(const QString& name) const;  // "name", "aet", "host", "our-aet", "ca", "cert", "key"
  QSpinBox* number(const QString& name) const;  // "port", "move-port", "timeout"
  QCheckBox* tlsBox() const { return tls_; }
  QPushButton* testButton() const { return test_; }
  QLabel* status() const { return status_; }
  const std::vector<PacsNode>& nodes() const { return nodes_; }
  // Writes the nodes file; false (with the reason shown) when a node is invalid.
  bool save();

 private:
  void reload();
  void showNode(int row);
  void storeForm();
  void addNode();
  void removeNode();
  void testNode();

  QString file_;
  std::vector<PacsNode> nodes_;
  int current_ = -1;
  QListWidget* list_;
  QLineEdit *name_, *aet_, *host_, *ourAet_, *ca_, *cert_, *key_;
  QSpinBox *port_, *movePort_, *timeout_;
  QCheckBox *tls_, *verify_;
  QPushButton* test_;
  QLabel* status_;
  QFutureWatcher<QString> echo_;
};

}  // namespace slicewise
