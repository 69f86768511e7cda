#pragma once

#include <QObject>
#include <memory>

#include "model/EditHistory.h"

class QAction;

namespace slicewise {

class AnnotationEditor;

// Undo and redo of the annotation, one step per stroke, fill, mark or review action, over the
// engine's undo records. Bounded by the bytes the records hold (a step deleting a large label
// weighs what it changed, not one slot), which QUndoStack, bounded by a count, cannot express.
class UndoStack : public QObject {
  Q_OBJECT

 public:
  static constexpr size_t kDefaultBudget = size_t(256) << 20;

  UndoStack(AnnotationEditor& editor, size_t byteBudget = kDefaultBudget, QObject* parent = nullptr);

  void push(std::shared_ptr<const UndoRecord> record);
  bool canUndo() const { return history_.canUndo(); }
  bool canRedo() const { return history_.canRedo(); }
  QString undoText() const;
  QString redoText() const;
  size_t count() const { return history_.undoCount(); }
  size_t bytes() const { return history_.bytes(); }
  void clear();

  // Menu actions (Ctrl+Z, Ctrl+Y / Ctrl+Shift+Z) that follow the stack's state.
  QAction* createUndoAction(QObject* parent);
  QAction* createRedoAction(QObject* parent);

 public Q_SLOTS:
  void undo();
  void redo();

 Q_SIGNALS:
  void changed();

 private:
  AnnotationEditor& editor_;
  EditHistory history_;
};

}  // namespace slicewise
