// CyclicBufferView: the WaveRT cyclic-buffer dock. A stream selector (the
// open WaveRT streams of the snapshot), the CyclicBufferCanvas (ring and
// unrolled bar) and the exact numbers in a table (CyclicBufferModel).
// showSnapshot() copy-assigns the snapshot's cyclic buffers (storage reused)
// so that another stream can be chosen while paused. GUI thread.
#pragma once

#include "model/snapshot/SessionSnapshot.h"

#include <QElapsedTimer>
#include <QWidget>

#include <vector>

class QTableView;

namespace ps {

class CyclicBufferCanvas;
class CyclicBufferModel;
class StreamSelector;

class CyclicBufferView : public QWidget {
    Q_OBJECT
  public:
    explicit CyclicBufferView(QWidget* parent = nullptr);

    void showSnapshot(const SessionSnapshot& snapshot);
    // See CyclicBufferCanvas::setAudibleLagNs.
    void setAudibleLagNs(TimeNs lagNs);

    StreamSelector* selector() const { return m_selector; }
    CyclicBufferCanvas* canvas() const { return m_canvas; }
    CyclicBufferModel* model() const { return m_model; }
    QTableView* table() const { return m_table; }

  private:
    void showSelected(bool tables = true);

    StreamSelector* m_selector;
    CyclicBufferCanvas* m_canvas;
    CyclicBufferModel* m_model;
    QTableView* m_table;
    std::vector<CyclicBufferSnapshot> m_buffers;
    QElapsedTimer m_tableShown;
};

}  // namespace ps
