// Item models behind the mapping-queue view's details tables, over one
// MappingQueueSnapshot (a copy the view keeps):
// - MappingTableModel: one row per mapping entry, in the snapshot's order
//   (available, then held / loaded / played in acquisition order, then the
//   newest ended); columns Phase, Tag, Packet, Physical address, Bytes, Slot,
//   Stream offset, Acquired, Ended.
// - DescriptorSlotModel: the 32 buffer descriptor list slots; columns Slot,
//   Marks (CIV, LVI, PIV), Address, Samples, Bytes, IOC, BUP, Tag.
// Display text is exact (hexadecimal addresses, decimal bytes, times in
// microseconds); Qt::UserRole gives the raw number. A new snapshot of the same
// shape is a dataChanged over the table, a different row count a reset.
// GUI thread.
#pragma once

#include "model/snapshot/MappingQueueSnapshot.h"

#include <QAbstractTableModel>

namespace ps {

class MappingTableModel : public QAbstractTableModel {
    Q_OBJECT
  public:
    enum Column { Phase, Tag, Packet, Address, Bytes, Slot, Offset, Acquired, Ended, ColumnCount };

    explicit MappingTableModel(QObject* parent = nullptr);
    // Copies the queue (null: empty table).
    void setQueue(const MappingQueueSnapshot* queue);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

  private:
    MappingQueueSnapshot m_copy;
    const MappingQueueSnapshot* m_queue = nullptr;  // &m_copy or null
    int m_rows = 0;
};

class DescriptorSlotModel : public QAbstractTableModel {
    Q_OBJECT
  public:
    enum Column { Slot, Marks, Address, Samples, Bytes, Ioc, Bup, Tag, ColumnCount };

    explicit DescriptorSlotModel(QObject* parent = nullptr);
    void setQueue(const MappingQueueSnapshot* queue);  // copies it

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

  private:
    MappingQueueSnapshot m_copy;
    const MappingQueueSnapshot* m_queue = nullptr;  // &m_copy or null
};

// Shared text: hexAddress -> "0x001f3000"; slotMarks -> "CIV LVI" (the
// registers pointing at a slot); microseconds -> "12345.678 µs" ("" for a
// negative time, the snapshot's "none").
QString hexAddress(std::uint64_t address);
QString slotMarks(const MappingQueueSnapshot& queue, int slot);
QString microseconds(TimeNs ns);

}  // namespace ps
