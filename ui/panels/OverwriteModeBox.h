#pragma once

#include <QComboBox>

namespace slicewise {

class ToolSettings;
class StudyDocument;

// The overwrite mode the paint tools obey: everything, only unlabelled voxels, or only the voxels
// of one label (chosen from the document's labels). Bound to the shared tool settings.
class OverwriteModeBox : public QComboBox {
  Q_OBJECT

 public:
  OverwriteModeBox(ToolSettings* settings, QWidget* parent = nullptr);
  void setDocument(const StudyDocument* document);
  void refresh();

 private:
  ToolSettings* settings_;
  const StudyDocument* document_ = nullptr;
  bool updating_ = false;
};

}  // namespace slicewise
