// MappingQueueView: the WavePci mapping-queue dock. A stream selector (the
// open WavePci streams of the snapshot), a line with the AC'97 engine's
// registers (CIV, LVI, PIV, PICB, SR and CR decoded, FIFO level, the
// miniport's ring), the MappingQueueCanvas, and the exact numbers in two
// tables: every mapping entry (MappingTableModel) and the 32 descriptor slots
// (DescriptorSlotModel). Clicking a box selects its row.
//
// showSnapshot() copies the snapshot's mapping queues (vector assignment, no
// reallocation once grown) and animates changes when the session is paused,
// that is when the user steps. GUI thread.
#pragma once

#include "model/snapshot/SessionSnapshot.h"

#include <QElapsedTimer>
#include <QWidget>

#include <vector>

class QTableView;
class QTabWidget;

namespace ps {

class DescriptorSlotModel;
class MappingQueueCanvas;
class MappingTableModel;
class TextLine;
class StreamSelector;

class MappingQueueView : public QWidget {
    Q_OBJECT
  public:
    explicit MappingQueueView(QWidget* parent = nullptr);

    void showSnapshot(const SessionSnapshot& snapshot);

    StreamSelector* selector() const { return m_selector; }
    MappingQueueCanvas* canvas() const { return m_canvas; }
    MappingTableModel* mappingModel() const { return m_mappings; }
    DescriptorSlotModel* slotModel() const { return m_slots; }
    QTableView* mappingTable() const { return m_mappingTable; }
    QString registerText() const;

  private:
    // tables: refresh the details tables too (see kLiveTableIntervalMs).
    void showSelected(bool animate, bool tables = true);

    StreamSelector* m_selector;
    TextLine* m_registers;
    MappingQueueCanvas* m_canvas;
    QTabWidget* m_tabs;
    QTableView* m_mappingTable;
    QTableView* m_slotTable;
    MappingTableModel* m_mappings;
    DescriptorSlotModel* m_slots;
    // The newest snapshot's queues (copy-assigned: storage is reused), so
    // that another stream can be selected while the session is paused.
    std::vector<MappingQueueSnapshot> m_queues;
    int m_shownStream = -1;
    QElapsedTimer m_tablesShown;
    std::uint64_t m_shownGeneration = 0;
};

// "SR 0x0009 (DCH BCIS)", "CR 0x15 (RPBM LVBIE IOCE)".
QString ac97StatusText(std::uint16_t sr);
QString ac97ControlText(std::uint8_t cr);

}  // namespace ps
