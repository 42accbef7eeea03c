// StreamSelector: the combo box of a per-stream view. setStreams() gives the
// streams the view can show (id and label, in order); the selection stays on
// the same stream id while that stream is offered, and moves to the first one
// when it goes. The combo is rebuilt only when the offered list changes, so
// feeding it every snapshot costs a comparison. GUI thread.
#pragma once

#include "model/snapshot/SessionSnapshot.h"

#include <QComboBox>
#include <QElapsedTimer>
#include <QSignalBlocker>
#include <QString>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace ps {

struct SessionSnapshot;

class StreamSelector : public QComboBox {
    Q_OBJECT
  public:
    using Entry = std::pair<std::uint16_t, QString>;  // stream id, label

    explicit StreamSelector(QWidget* parent = nullptr);

    void setStreams(const std::vector<Entry>& streams);
    // Offers the streams of `items` (anything with a `streamId`, in order),
    // labelled with their names in `snapshot`, without emitting
    // streamSelected. Rebuilds the combo only when the ids differ from the
    // last offer; returns true when they did.
    template <typename Items>
    bool offerStreamsOf(const Items& items, const SessionSnapshot& snapshot);
    // The selected stream id, or -1 when none is offered.
    int selectedStream() const;
    // Selects `streamId` if offered; false otherwise.
    bool selectStream(int streamId);

  signals:
    void streamSelected(int streamId);

  private:
    std::vector<Entry> m_streams;
    std::vector<std::uint16_t> m_offered;  // ids of the last offerStreamsOf
};

// The item of `items` (anything with a `streamId`) for streamId, or nullptr
// (stream ids are unique within a snapshot's lists).
template <typename Items>
const typename Items::value_type* itemOfStream(const Items& items, int streamId) {
    for (const auto& item : items) {
        if (item.streamId == streamId) {
            return &item;
        }
    }
    return nullptr;
}

// "2: rt out" (the stream's index and its scenario name).
QString streamLabel(std::uint16_t streamId, const std::string& name);

template <typename Items>
bool StreamSelector::offerStreamsOf(const Items& items, const SessionSnapshot& snapshot) {
    bool same = items.size() == m_offered.size();
    for (std::size_t i = 0; same && i < m_offered.size(); ++i) {
        same = items[i].streamId == m_offered[i];
    }
    if (same) {
        return false;
    }
    m_offered.clear();
    std::vector<Entry> entries;
    for (const auto& item : items) {
        m_offered.push_back(item.streamId);
        const std::string name = item.streamId < snapshot.streams.size()
                                     ? snapshot.streams[item.streamId].name
                                     : std::string();
        entries.emplace_back(item.streamId, streamLabel(item.streamId, name));
    }
    const QSignalBlocker blocker(this);
    setStreams(entries);
    return true;
}

// While the session runs live or fast, the details tables follow the
// snapshots at most this often (a table repaint costs more than the whole
// picture, and numbers changing 60 times a second cannot be read); paused,
// stepping or finished, every snapshot.
constexpr int kLiveTableIntervalMs = 250;
// True (and lastShown restarted) when a view should refresh its tables now.
bool tablesDue(const SessionSnapshot& snapshot, QElapsedTimer& lastShown);

}  // namespace ps
