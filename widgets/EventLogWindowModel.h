// EventLogWindowModel: the rows of an EventLogModel that fit in the table's
// viewport, as a small table model of their own.
//
// Why: QTableView and QHeaderView keep bookkeeping per row of their model
// (section spans, hidden-section checks), which costs milliseconds a frame
// at a million rows even when nothing is painted. Behind this window the
// view sees at most capacity() rows; EventLogView drives a scroll bar of its
// own over the full log and moves the window with setTopRow().
//
// Window row w shows row topRow() + w of the source (0 <= w < rowCount()).
// capacity() is the number of rows the viewport shows whole; the window holds
// one more (the row cut off at the bottom): rowCount() = min(capacity + 1,
// source rows - topRow), and the last top row, maxTopRow(), shows the
// source's last row whole at the bottom. Moving the window or
// changing what the source holds emits dataChanged over the window (the
// view repaints it; no per-row bookkeeping) and rows inserted or removed at
// the window's end when its row count changes. The horizontal header and
// every role of data() are the source's. GUI thread only.
#pragma once

#include <QAbstractTableModel>

namespace ps {

class EventLogModel;

class EventLogWindowModel : public QAbstractTableModel {
    Q_OBJECT
  public:
    // data() answers this role itself: the source row of a window row (int),
    // which the delegate uses to alternate row colours by source row, so
    // colours do not swap as the window moves.
    enum Role { SourceRowRole = Qt::UserRole + 64 };

    explicit EventLogWindowModel(EventLogModel* source, QObject* parent = nullptr);

    EventLogModel* source() const { return m_source; }
    int topRow() const { return m_top; }
    int capacity() const { return m_capacity; }
    // Largest top row that still fills the window (0 when all rows fit).
    int maxTopRow() const;

    // Clamped to [0, maxTopRow()].
    void setTopRow(int row);
    // Rows the viewport shows whole (at least 1).
    void setCapacity(int rows);
    // Re-reads the source's row count after it changed and clamps the top
    // row. recordsChanged: the source was reset (a new run, a filter), so
    // the rows in view may show other records even where the top row stays;
    // otherwise (records only added or dropped) rows in view are repainted
    // only when the top row moved, and rows that came into view are inserted.
    // showNewest: the top row becomes maxTopRow() in the same step, so a
    // window following the newest rows keeps its row count (no row is
    // inserted and removed again, which would make views lay out later).
    void sourceChanged(bool recordsChanged, bool showNewest = false);
    // The source dropped `count` rows at its top: the window keeps showing
    // the same records (top row - count) and repaints only where that is
    // impossible (records in view were dropped) or where rows change parity
    // (SourceRowRole, which alternating colours follow).
    void rowsDroppedAtTop(int count);

    // Source row of a window row and back (-1 when outside the window).
    int sourceRow(int windowRow) const { return m_top + windowRow; }
    int windowRow(int sourceRow) const;

    int rowCount(const QModelIndex& parent = QModelIndex()) const override;
    int columnCount(const QModelIndex& parent = QModelIndex()) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

  private:
    int wantedRows() const;
    // Brings the announced row count to wantedRows() and marks every shown
    // row changed (all: whether the content of kept rows changed).
    void refresh(bool all = true);

    EventLogModel* m_source;
    int m_top = 0;
    int m_capacity = 1;
    int m_rows = 0;  // rows announced to views
};

}  // namespace ps
