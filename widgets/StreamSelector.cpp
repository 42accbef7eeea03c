#include "widgets/StreamSelector.h"

#include "model/snapshot/SessionSnapshot.h"

namespace ps {

QString streamLabel(std::uint16_t streamId, const std::string& name) {
    return QStringLiteral("%1: %2").arg(streamId).arg(
        name.empty() ? QStringLiteral("stream %1").arg(streamId) : QString::fromStdString(name));
}

bool tablesDue(const SessionSnapshot& snapshot, QElapsedTimer& lastShown) {
    const bool running = snapshot.runState == SessionRunState::Live ||
                         snapshot.runState == SessionRunState::FastForward;
    if (running && lastShown.isValid() && lastShown.elapsed() < kLiveTableIntervalMs) {
        return false;
    }
    lastShown.start();
    return true;
}

StreamSelector::StreamSelector(QWidget* parent) : QComboBox(parent) {
    setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    setMinimumContentsLength(14);
    setAccessibleName(tr("Stream"));
    connect(this, QOverload<int>::of(&QComboBox::currentIndexChanged), this,
            [this](int) { emit streamSelected(selectedStream()); });
}

void StreamSelector::setStreams(const std::vector<Entry>& streams) {
    if (streams == m_streams) {
        return;
    }
    const int keep = selectedStream();
    m_streams = streams;
    {
        const QSignalBlocker blocker(this);
        clear();
        for (const Entry& e : m_streams) {
            addItem(e.second, static_cast<int>(e.first));
        }
    }
    if (!selectStream(keep)) {
        setCurrentIndex(m_streams.empty() ? -1 : 0);
        emit streamSelected(selectedStream());
    }
}

int StreamSelector::selectedStream() const {
    const int i = currentIndex();
    return i >= 0 && static_cast<std::size_t>(i) < m_streams.size() ? m_streams[i].first : -1;
}

bool StreamSelector::selectStream(int streamId) {
    for (std::size_t i = 0; i < m_streams.size(); ++i) {
        if (m_streams[i].first == streamId) {
            const QSignalBlocker blocker(this);
            setCurrentIndex(static_cast<int>(i));
            return true;
        }
    }
    return false;
}

}  // namespace ps
