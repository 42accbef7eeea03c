// CyclicBufferModel: the exact numbers behind the cyclic-buffer view, as a
// two-column table (Item, Value) over one CyclicBufferSnapshot that the view
// keeps. Rows: the fixed quantities (Row), then one row per BDL entry, then
// one per kept client glitch, then one per kept hardware glitch run (FIFO
// underrun or overrun, with LPIB where it began). Value text is computed when asked, so a new
// snapshot costs a dataChanged (or a reset when the row count changes);
// Qt::UserRole on the value column gives the raw number (bytes, or the BDL
// entry's buffer offset, or the glitch's offset). GUI thread.
#pragma once

#include "model/snapshot/CyclicBufferSnapshot.h"

#include <QAbstractTableModel>

namespace ps {

class CyclicBufferModel : public QAbstractTableModel {
    Q_OBJECT
  public:
    enum Column { Item, Value, ColumnCount };
    enum Row {
        BufferSize,
        Mode,
        FetchOffset,  // LPIB
        FetchPosition,
        PlayOffset,
        PlayPosition,
        ClientOffset,
        ClientPosition,
        Padding,
        Fifo,
        CurrentEntry,
        NotificationPoints,
        Underruns,
        HardwareUnderrunFrames,
        FixedRowCount
    };

    explicit CyclicBufferModel(QObject* parent = nullptr);
    // Copies the buffer's numbers (null: empty table).
    void setBuffer(const CyclicBufferSnapshot* buffer);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

    // First row of the BDL entries and of the underruns.
    int firstBdlRow() const { return FixedRowCount; }
    int firstUnderrunRow() const;
    int firstHardwareGlitchRow() const;

  private:
    QString itemText(int row) const;
    QString valueText(int row) const;
    QVariant rawValue(int row) const;
    int rowsFor(const CyclicBufferSnapshot* buffer) const;

    CyclicBufferSnapshot m_copy;
    const CyclicBufferSnapshot* m_buffer = nullptr;  // &m_copy or null
    int m_rows = 0;
};

// "12344 B (3086 frames, 64.292 ms)": a byte count of the buffer's stream.
QString bytesWithTime(std::int64_t bytes, const CyclicBufferSnapshot& buffer);

}  // namespace ps
