#pragma once

#include <QWidget>

namespace slicewise {

class OverwriteModeBox;
class StudyDocument;
class ToolSettings;

// The options of tools with little to set (navigate, polygon, picker): how to use them and, for
// tools that paint, the overwrite mode.
class ToolHintPanel : public QWidget {
  Q_OBJECT

 public:
  ToolHintPanel(const QString& hint, ToolSettings* settings, bool paints, QWidget* parent = nullptr);
  void setDocument(const StudyDocument* document);

 private:
  OverwriteModeBox* overwrite_ = nullptr;
};

}  // namespace slicewise
