#include "FakeWavePciPin.h"

#include "model/client/SourceRendering.h"

#include <algorithm>

namespace ps {

FakeWavePciPin::FakeWavePciPin(Kernel& kernel, const AudioFormat& format, bool render)
    : m_kernel(kernel), m_format(format), m_render(render) {
    framing.RequirementsFlags = KSALLOCATOR_REQUIREMENTF_SYSTEM_MEMORY;
    framing.Frames = 8;
    framing.FrameSize = format.bytesPerFrame() * (format.rateHz / 100);
}

NTSTATUS FakeWavePciPin::setState(KSSTATE target) {
    for (KSSTATE step : ksStatePath(m_state, target)) {
        if (failStep && *failStep == step) {
            return failStepStatus;
        }
        const KSSTATE previous = m_state;
        m_state = step;
        m_steps.push_back(step);
        if (previous == KSSTATE_RUN) {
            m_kernel.scheduler().cancel(m_headEvent);  // the head starts over on the next RUN
        }
        if (step == KSSTATE_RUN) {
            startHead();
        }
        if (step == KSSTATE_STOP) {
            m_playOffset = 0;
            m_writeOffset = 0;
            cancelAllForStop();
        }
    }
    return STATUS_SUCCESS;
}

NTSTATUS FakeWavePciPin::getPosition(KSAUDIO_POSITION* position) {
    position->PlayOffset = m_playOffset;
    position->WriteOffset = m_writeOffset;
    return STATUS_SUCCESS;
}

NTSTATUS FakeWavePciPin::setDataFormat(const AudioFormat& format) {
    if (m_state != KSSTATE_STOP) {
        return STATUS_INVALID_DEVICE_STATE;
    }
    if (formatStatus == STATUS_SUCCESS) {
        m_format = format;
    }
    return formatStatus;
}

NTSTATUS FakeWavePciPin::getAllocatorFraming(KSALLOCATOR_FRAMING* out) {
    *out = framing;
    return framingStatus;
}

NTSTATUS FakeWavePciPin::submitPacket(const KSSTREAM_HEADER& header,
                                      PacketCompletionRoutine onComplete, std::uint64_t* packetId) {
    if (failSubmits > 0) {
        --failSubmits;
        *packetId = 0;
        return submitFailStatus;
    }
    Entry entry;
    entry.id = m_nextId++;
    entry.header = header;
    entry.routine = std::move(onComplete);
    *packetId = entry.id;

    Received received;
    received.packetId = entry.id;
    received.header = header;
    received.submittedAtNs = m_kernel.scheduler().now();
    if (m_render) {
        received.bytesAtSubmit.resize(header.DataUsed);
        m_kernel.systemSpace().read(header.Data, received.bytesAtSubmit.data(), header.DataUsed);
    }
    m_received.push_back(std::move(received));
    m_writeOffset += transferBytes(header);

    if (completeInsideSubmit > 0) {
        --completeInsideSubmit;
        complete(std::move(entry), STATUS_SUCCESS, transferBytes(header));
        return STATUS_PENDING;
    }
    m_queue.push_back(std::move(entry));
    m_maxPending = std::max(m_maxPending, m_queue.size());
    if (m_state == KSSTATE_RUN && m_queue.size() == 1) {
        startHead();
    }
    return STATUS_PENDING;
}

bool FakeWavePciPin::cancelPacket(std::uint64_t packetId) {
    auto it = std::find_if(m_queue.begin(), m_queue.end(),
                           [packetId](const Entry& e) { return e.id == packetId; });
    if (it == m_queue.end()) {
        return false;
    }
    const bool wasHead = it == m_queue.begin();
    Entry entry = std::move(*it);
    m_queue.erase(it);
    if (wasHead) {
        m_kernel.scheduler().cancel(m_headEvent);
    }
    if (asyncCancel) {
        auto shared = std::make_shared<Entry>(std::move(entry));
        m_kernel.scheduler().scheduleIn(
            0, [this, shared] { complete(std::move(*shared), STATUS_CANCELLED, 0); },
            "fake pin cancel");
    } else {
        complete(std::move(entry), STATUS_CANCELLED, 0);
    }
    if (wasHead && m_state == KSSTATE_RUN) {
        startHead();
    }
    return true;
}

bool FakeWavePciPin::completeNow(std::uint64_t packetId, NTSTATUS status, ULONG bytes) {
    auto it = std::find_if(m_queue.begin(), m_queue.end(),
                           [packetId](const Entry& e) { return e.id == packetId; });
    if (it == m_queue.end()) {
        return false;
    }
    const bool wasHead = it == m_queue.begin();
    Entry entry = std::move(*it);
    m_queue.erase(it);
    if (wasHead) {
        m_kernel.scheduler().cancel(m_headEvent);
    }
    complete(std::move(entry), status, bytes);
    if (wasHead && m_state == KSSTATE_RUN) {
        startHead();
    }
    return true;
}

std::vector<std::uint64_t> FakeWavePciPin::pendingIds() const {
    std::vector<std::uint64_t> ids;
    for (const Entry& e : m_queue) {
        ids.push_back(e.id);
    }
    return ids;
}

void FakeWavePciPin::startHead() {
    if (m_queue.empty() || m_kernel.scheduler().isPending(m_headEvent)) {
        return;
    }
    const std::int64_t frames = transferBytes(m_queue.front().header) / m_format.bytesPerFrame();
    const TimeNs durationNs = mulDivFloor(frames, kNsPerSecond, m_format.rateHz);
    m_headEvent = m_kernel.scheduler().scheduleIn(
        durationNs, [this] { finishHead(); }, "fake pin play");
}

void FakeWavePciPin::finishHead() {
    Entry entry = std::move(m_queue.front());
    m_queue.pop_front();
    const ULONG bytes = transferBytes(entry.header);
    if (m_render) {
        const std::size_t old = m_played.size();
        m_played.resize(old + bytes);
        m_kernel.systemSpace().read(entry.header.Data, m_played.data() + old, bytes);
    } else {
        const std::size_t frames = bytes / m_format.bytesPerFrame();
        std::vector<std::uint8_t> data(bytes);
        if (captureSource != nullptr) {
            data = renderEncoded(*captureSource, m_format, m_captureFrame, frames);
        } else {
            for (std::size_t i = 0; i < data.size(); ++i) {
                data[i] = static_cast<std::uint8_t>(m_captureFrame * 7 + i);
            }
        }
        m_kernel.systemSpace().write(entry.header.Data, data.data(), data.size());
        m_captureFrame += static_cast<std::int64_t>(frames);
    }
    m_playOffset += bytes;
    complete(std::move(entry), STATUS_SUCCESS, bytes);
    if (m_state == KSSTATE_RUN) {
        startHead();
    }
}

void FakeWavePciPin::complete(Entry entry, NTSTATUS status, ULONG bytes) {
    if (bytesToReport) {
        bytes = bytesToReport(bytes);
    }
    PacketCompletion completion;
    completion.packetId = entry.id + idSkew;
    completion.status = status;
    completion.bytes = bytes;
    completion.completedAtNs = m_kernel.scheduler().now();
    ++m_completions;
    entry.routine(completion);
    if (completeTwice) {
        entry.routine(completion);
    }
}

void FakeWavePciPin::cancelAllForStop() {
    m_kernel.scheduler().cancel(m_headEvent);
    std::deque<Entry> queue = std::move(m_queue);
    m_queue.clear();
    std::size_t index = 0;
    for (Entry& entry : queue) {
        if (index++ < holdOnStop) {
            // Left to "the miniport": completes later, reading memory then.
            auto shared = std::make_shared<Entry>(std::move(entry));
            m_kernel.scheduler().scheduleIn(
                holdDelayNs,
                [this, shared] {
                    const ULONG bytes = transferBytes(shared->header);
                    if (m_render) {
                        std::vector<std::uint8_t> data(bytes);
                        m_kernel.systemSpace().read(shared->header.Data, data.data(), bytes);
                    }
                    complete(std::move(*shared), STATUS_SUCCESS, bytes);
                },
                "fake pin held completion");
        } else if (asyncCancel) {
            auto shared = std::make_shared<Entry>(std::move(entry));
            m_kernel.scheduler().scheduleIn(
                0, [this, shared] { complete(std::move(*shared), STATUS_CANCELLED, 0); },
                "fake pin cancel");
        } else {
            complete(std::move(entry), STATUS_CANCELLED, 0);
        }
    }
}

}  // namespace ps
