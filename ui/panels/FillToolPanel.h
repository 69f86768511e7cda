#pragma once

#include <QWidget>

class QDoubleSpinBox;

namespace slicewise {

class OverwriteModeBox;
class StudyDocument;
class ToolSettings;

// The fill tool's options (its twin): the intensity tolerance around the clicked value and the
// overwrite mode.
class FillToolPanel : public QWidget {
  Q_OBJECT

 public:
  FillToolPanel(ToolSettings* settings, QWidget* parent = nullptr);
  void setDocument(const StudyDocument* document);

 private:
  ToolSettings* settings_;
  QDoubleSpinBox* tolerance_;
  OverwriteModeBox* overwrite_;
};

}  // namespace slicewise
