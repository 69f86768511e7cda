#pragma once

#include <QWidget>

class QComboBox;
class QDoubleSpinBox;
class QWidget;

namespace slicewise {

class OverwriteModeBox;
class StudyDocument;
class ToolSettings;

// The options of the brush, eraser and threshold brush (the BrushTool's twin): size in mm, disc
// or sphere, overwrite mode and, for the threshold brush, the intensity window.
class BrushToolPanel : public QWidget {
  Q_OBJECT

 public:
  BrushToolPanel(ToolSettings* settings, bool threshold, QWidget* parent = nullptr);
  void setDocument(const StudyDocument* document);
  QDoubleSpinBox* sizeBox() const { return size_; }

 private:
  void sync();

  ToolSettings* settings_;
  QDoubleSpinBox* size_;
  QComboBox* shape_;
  OverwriteModeBox* overwrite_;
  QDoubleSpinBox* low_ = nullptr;
  QDoubleSpinBox* high_ = nullptr;
};

}  // namespace slicewise
