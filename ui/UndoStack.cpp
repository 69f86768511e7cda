#include "ui/UndoStack.h"

#include <QAction>
#include <QKeySequence>

#include "model/AnnotationEditor.h"

namespace slicewise {

UndoStack::UndoStack(AnnotationEditor& editor, size_t byteBudget, QObject* parent)
    : QObject(parent), editor_(editor), history_(byteBudget) {}

void UndoStack::push(std::shared_ptr<const UndoRecord> record) {
  if (!record || record->empty()) return;
  history_.push(std::move(record));
  Q_EMIT changed();
}

QString UndoStack::undoText() const {
  const UndoRecord* r = history_.nextUndo();
  return r ? QString::fromStdString(r->description) : QString();
}

QString UndoStack::redoText() const {
  const UndoRecord* r = history_.nextRedo();
  return r ? QString::fromStdString(r->description) : QString();
}

void UndoStack::undo() {
  if (!canUndo() || editor_.inTransaction()) return;
  history_.undo(editor_);
  Q_EMIT changed();
}

void UndoStack::redo() {
  if (!canRedo() || editor_.inTransaction()) return;
  history_.redo(editor_);
  Q_EMIT changed();
}

void UndoStack::clear() {
  history_.clear();
  Q_EMIT changed();
}

QAction* UndoStack::createUndoAction(QObject* parent) {
  auto* a = new QAction(tr("&Undo"), parent);
  a->setShortcut(QKeySequence::Undo);
  connect(a, &QAction::triggered, this, &UndoStack::undo);
  const auto sync = [this, a] {
    a->setEnabled(canUndo());
    a->setText(canUndo() ? tr("&Undo %1").arg(undoText()) : tr("&Undo"));
  };
  connect(this, &UndoStack::changed, a, sync);
  sync();
  return a;
}

QAction* UndoStack::createRedoAction(QObject* parent) {
  auto* a = new QAction(tr("&Redo"), parent);
  a->setShortcuts({QKeySequence(Qt::CTRL | Qt::Key_Y), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Z)});
  connect(a, &QAction::triggered, this, &UndoStack::redo);
  const auto sync = [this, a] {
    a->setEnabled(canRedo());
    a->setText(canRedo() ? tr("&Redo %1").arg(redoText()) : tr("&Redo"));
  };
  connect(this, &UndoStack::changed, a, sync);
  sync();
  return a;
}

}  // namespace slicewise
