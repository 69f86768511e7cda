#pragma once

#include <QObject>
#include <QString>

#include "viewers/SliceViewTool.h"

namespace slicewise {

class StudyDocument;
class ToolSettings;

// A tool of the workstation: mouse handling on the slice views (the view knows nothing of edits)
// that turns into edits of the document through the engine's edit API. Each tool has an options
// panel of its own (its twin in ui/panels), as MITK pairs a tool and its GUI.
class AnnotationTool : public QObject, public SliceViewTool {
  Q_OBJECT

 public:
  AnnotationTool(QString name, StudyDocument* document, ToolSettings* settings, QObject* parent)
      : QObject(parent), name_(std::move(name)), document_(document), settings_(settings) {}

  const QString& name() const { return name_; }
  // The tool works on this document from now on (nullptr: none open). An edit in progress on the
  // previous one is abandoned.
  virtual void setDocument(StudyDocument* document) {
    cancel();
    document_ = document;
  }
  // Abandons an edit in progress (Escape).
  virtual void cancel() {}

 Q_SIGNALS:
  void message(const QString& text);  // one line for the status bar (a refusal, a hint)

 protected:
  bool editable() const;

  QString name_;
  StudyDocument* document_;
  ToolSettings* settings_;
};

}  // namespace slicewise
