#pragma once

#include <QStringList>

class QTableWidget;
class QWidget;

namespace slicewise {

// A read-only table of whole-row items (one job, one study per row) as the queue and cohort
// panels and the morning summary show them: no row numbers, one row selected at a time, columns
// sized to their contents, the first (a name) taking the spare width.
QTableWidget* makeRowTable(const QStringList& headers, QWidget* parent);

}  // namespace slicewise
