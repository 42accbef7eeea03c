// TimelineView: the timeline dock. Stacked TimelinePlots sharing simulated
// time as their x axis:
// - positions of the selected stream (bytes): the client's write/read
//   position (purple), the device position the client read (green), the
//   bytes the DMA engine moved (blue);
// - padding (frames): written and not yet played (render), recorded and not
//   yet read (capture); WavePci: frames queued in packets;
// - FIFO level (bytes) of the stream's DMA engine;
// - interrupt-to-DPC latency (us) of every interrupt vector (device level).
// Every strip marks the selected stream's KSSTATE changes (grey lines, the
// new state written on the top strip), notifications (orange ticks at the
// bottom edge) and glitches (red lines).
//
// showSnapshot() is called every display frame: it reads the snapshot's new
// trace records into TimelineData (cost: what arrived) and, only when the
// view is visible, moves the time range and replots. While live it replots
// one strip per display frame, in turn (each strip about 15 Hz at 60 Hz):
// replotting all four in one frame made every third frame the slowest of
// the window. Otherwise every strip is replotted at once.
// Running live or fast, the range is the newest `window` of simulated time;
// paused or finished the range stays where the user put it and the strips
// can be zoomed and panned together. Clicking a sample or mark emits
// recordClicked (MainWindow selects that row of the event log);
// showRecordTime() draws the cursor at a record's time and, while paused,
// scrolls to it. GUI thread.
#pragma once

#include "model/snapshot/SessionSnapshot.h"
#include "model/snapshot/TimelineData.h"

#include <QWidget>

#include <array>

#include <vector>

class QDoubleSpinBox;

namespace ps {

class DecimatedCurve;
class StreamSelector;
class TimelinePlot;
class TimeMarksItem;

class TimelineView : public QWidget {
    Q_OBJECT
  public:
    enum Strip { Positions, Padding, Fifo, Latency, StripCount };

    explicit TimelineView(QWidget* parent = nullptr);

    // replotLive false: a frame whose time went elsewhere (the event log
    // repainted); live, no strip is replotted this time and the turn waits.
    void showSnapshot(const SessionSnapshot& snapshot, bool replotLive = true);
    // The cursor at timeNs on every strip; paused, the range moves to show it.
    void showRecordTime(TimeNs timeNs);

    void setWindow(TimeNs windowNs);
    TimeNs window() const;
    bool isLive() const { return m_live; }

    StreamSelector* selector() const { return m_selector; }
    TimelinePlot* plot(Strip strip) const { return m_plots[strip]; }
    const TimelineData& data() const { return m_data; }
    // The strips' visible time range.
    TimeNs fromNs() const;
    TimeNs toNs() const;
    std::uint64_t replots() const { return m_replots; }

  signals:
    void recordClicked(quint64 recordIndex);

  protected:
    void showEvent(QShowEvent* event) override;

  private:
    void bindSelectedStream();
    void updateLatencyCurves();
    void setRange(TimeNs fromNs, TimeNs toNs);
    void replotAll();
    void onUserRange(TimelinePlot* source, TimeNs fromNs, TimeNs toNs);

    StreamSelector* m_selector;
    QDoubleSpinBox* m_windowSeconds;
    TimelinePlot* m_plots[StripCount] = {};
    DecimatedCurve* m_client = nullptr;
    DecimatedCurve* m_device = nullptr;
    DecimatedCurve* m_dma = nullptr;
    DecimatedCurve* m_padding = nullptr;
    DecimatedCurve* m_fifo = nullptr;
    std::vector<DecimatedCurve*> m_latency;  // one per interrupt vector
    std::vector<TimeMarksItem*> m_marks;     // states, notifications, glitches per strip
    TimelineData m_data;
    std::vector<std::uint32_t> m_frameBytes;
    std::vector<std::uint16_t> m_offered;
    TimeNs m_simTimeNs = 0;
    bool m_live = false;
    bool m_dirty = true;  // data changed while hidden
    bool m_syncing = false;
    std::uint64_t m_replots = 0;
    std::size_t m_nextLiveStrip = 0;
    // TimelineData's rebuilds, streams and interrupt vectors when the curves
    // were last bound to it.
    std::array<std::size_t, 3> m_boundShape{};
    // The user zoomed or panned since the run last went live: stepping keeps
    // that range (sliding it when the new time leaves it).
    bool m_userRange = false;  // the strip the next live frame replots
};

}  // namespace ps
