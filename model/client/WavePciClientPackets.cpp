// WavePciClient: the packet flow. Submission fills (render) or offers
// (capture) one buffer; completions are matched to their submission through
// the routine each submission hands the pin, checked, recorded and turned back
// into idle buffers; refilling runs later as its own scheduler event.
#include "model/client/WavePciClient.h"

#include "model/client/SourceRendering.h"

#include <algorithm>

namespace ps {

SubmittedPacket* WavePciClient::historyFor(std::uint64_t serial) {
    if (serial < m_historyFirstSerial || serial - m_historyFirstSerial >= m_history.size()) {
        return nullptr;
    }
    return &m_history[static_cast<std::size_t>(serial - m_historyFirstSerial)];
}

void WavePciClient::trimHistory() {
    const std::size_t limit = m_config.historyLimit;
    if (limit == 0) {
        return;
    }
    while (m_history.size() > limit) {
        m_history.pop_front();
        ++m_historyFirstSerial;
    }
    while (m_lost.size() > limit) {
        m_lost.pop_front();
    }
}

void WavePciClient::schedulePump() {
    if (m_mode != ClientMode::Running && m_mode != ClientMode::Paused) {
        return;
    }
    Scheduler& scheduler = m_kernel.scheduler();
    if (scheduler.isPending(m_pumpEvent)) {
        return;
    }
    const std::uint64_t refill = ++m_counters.refills;
    TimeNs delayNs = 0;
    if (m_config.extraDelayNs) {
        delayNs = std::max<TimeNs>(0, m_config.extraDelayNs(refill));
    }
    if (delayNs > 0) {
        ++m_counters.lateRefills;
        m_kernel.tracer().record(
            traceRecord("late refill").addUInt("Refill", refill).addInt("DelayNs", delayNs));
    }
    m_pumpEvent = scheduler.scheduleIn(
        delayNs, [this] { pump(); }, "client refill");
}

void WavePciClient::scheduleRetry() {
    Scheduler& scheduler = m_kernel.scheduler();
    if (scheduler.isPending(m_retryEvent) || m_format.rateHz == 0) {
        return;
    }
    const TimeNs delayNs = mulDivFloor(m_packetFrames, kNsPerSecond, m_format.rateHz);
    m_retryEvent = scheduler.scheduleIn(
        delayNs, [this] { pump(); }, "client submit retry");
}

void WavePciClient::pump() {
    // At most one submission per buffer per call: a pin that completes
    // packets synchronously cannot keep this loop going forever.
    std::size_t budget = m_slots.size();
    while (budget-- > 0 && m_ready &&
           (m_mode == ClientMode::Running || m_mode == ClientMode::Paused) && !m_idle.empty()) {
        const std::size_t slot = m_idle.front();
        m_idle.pop_front();
        const SubmitResult result = submitInto(slot);
        if (result == SubmitResult::Failed) {
            scheduleRetry();
        }
        if (result != SubmitResult::Submitted) {
            break;
        }
    }
}

ULONG WavePciClient::fillRenderPacket(Slot& slot, std::int64_t firstFrame, bool* nothingLeft) {
    const ULONG bytesPerFrame = m_format.bytesPerFrame();
    SampleSource& source = m_source != nullptr ? *m_source : m_silence;
    m_hostBytes.resize(std::size_t{m_packetFrames} * bytesPerFrame);
    if (!renderEncoded(source, m_format, firstFrame, m_packetFrames, m_hostBytes.data(),
                       m_scratch) &&
        !m_reportedUnencodable) {
        m_reportedUnencodable = true;
        recordError("format not encodable; submitting zeros", 0, STATUS_NOT_SUPPORTED);
    }
    ULONG frames = m_packetFrames;
    if (const auto end = source.endFrame()) {
        if (!m_endOfData) {
            m_endOfData = true;
            m_kernel.tracer().record(traceRecord("end of data").addInt("EndFrame", *end));
        }
        if (m_config.stopAtEndOfData) {
            if (*end <= firstFrame) {
                *nothingLeft = true;
                return 0;
            }
            frames = static_cast<ULONG>(std::min<std::int64_t>(frames, *end - firstFrame));
        }
    }
    const MemoryAccess access = m_kernel.systemSpace().write(
        slot.buffer->dataVa(), m_hostBytes.data(), std::size_t{frames} * bytesPerFrame);
    if (!access.ok()) {
        recordError("writing the packet buffer faulted", 0, access.status);
    }
    return frames;
}

WavePciClient::SubmitResult WavePciClient::submitInto(std::size_t slotIndex) {
    Slot& slot = m_slots[slotIndex];
    const ULONG bytesPerFrame = m_format.bytesPerFrame();
    InFlight packet;
    packet.serial = m_nextSerial;
    packet.slot = slotIndex;
    packet.runIndex = m_runIndex;

    KSSTREAM_HEADER header{};
    header.Size = sizeof(KSSTREAM_HEADER);
    header.FrameExtent = slot.buffer->capacityBytes();
    header.Data = slot.buffer->dataVa();
    if (render()) {
        bool nothingLeft = false;
        packet.firstFrame = m_nextRenderFrame;
        packet.frames = fillRenderPacket(slot, m_nextRenderFrame, &nothingLeft);
        if (nothingLeft) {
            m_idle.push_front(slotIndex);
            return SubmitResult::NothingToSubmit;
        }
        header.DataUsed = packet.frames * bytesPerFrame;
        packet.transferBytes = header.DataUsed;
    } else {
        packet.firstFrame = -1;
        packet.frames = header.FrameExtent / bytesPerFrame;
        header.DataUsed = 0;
        packet.transferBytes = header.FrameExtent;
    }
    ++m_nextSerial;

    // Built in place: a record built on the stack field by field and then
    // copied in with vector loads stalled on the failed store forwarding.
    SubmittedPacket& record = m_history.emplace_back();
    record.serial = packet.serial;
    record.runIndex = packet.runIndex;
    record.bufferIndex = static_cast<std::uint32_t>(slotIndex);
    record.firstFrame = packet.firstFrame;
    record.frames = packet.frames;
    record.submittedAtNs = m_kernel.scheduler().now();
    trimHistory();
    m_inFlight.push_back(packet);
    slot.heldByPin = true;

    m_kernel.tracer().record(traceRecord("submit packet")
                                 .addUInt("Serial", packet.serial)
                                 .addUInt("RunIndex", packet.runIndex)
                                 .addUInt("Buffer", slotIndex)
                                 .addInt("FirstFrame", packet.firstFrame)
                                 .addUInt("Frames", packet.frames)
                                 .addUInt("DataUsed", header.DataUsed)
                                 .addUInt("FrameExtent", header.FrameExtent)
                                 .addHex("Data", header.Data)
                                 .addUInt("QueuedFrames", framesQueued()));

    std::uint64_t packetId = 0;
    const std::uint64_t serial = packet.serial;
    const NTSTATUS status =
        m_pin.submitPacket(header, PacketCompletionRoutine(m_completionLink, serial), &packetId);

    SubmittedPacket* history = historyFor(serial);
    auto it = std::find_if(m_inFlight.begin(), m_inFlight.end(),
                           [serial](const InFlight& p) { return p.serial == serial; });
    if (NT_SUCCESS(status)) {
        ++m_counters.packetsSubmitted;
        m_counters.framesSubmitted += packet.frames;
        if (render()) {
            m_nextRenderFrame += packet.frames;
        }
        std::uint64_t idSeen = packetId;
        if (it != m_inFlight.end()) {
            if (!it->idKnown) {
                it->packetId = packetId;
                it->idKnown = true;
            }
            idSeen = it->packetId;
        } else if (history != nullptr) {
            idSeen = history->packetId;  // completed inside submitPacket
        }
        if (idSeen != packetId) {
            recordError("completion id differs from the id submitPacket returned", packetId,
                        status);
        }
        if (history != nullptr) {
            history->submitStatus = status;
            history->packetId = packetId;
        }
        return SubmitResult::Submitted;
    }

    ++m_counters.submitFailures;
    recordError("submitPacket failed", packetId, status);
    if (history != nullptr) {
        history->status = PacketStatus::SubmitFailed;
        history->submitStatus = status;
        history->packetId = 0;
    }
    if (it != m_inFlight.end()) {
        if (it->completed) {
            recordError("completion for a failed submission", it->packetId, status);
        }
        m_inFlight.erase(it);
    } else {
        recordError("completion for a failed submission", packetId, status);
    }
    if (slot.heldByPin) {
        slot.heldByPin = false;
        m_idle.push_front(slotIndex);
    }
    return SubmitResult::Failed;
}

void WavePciClient::CompletionLink::onPacketCompletion(std::uint64_t serial,
                                                       const PacketCompletion& completion) {
    if (m_client != nullptr) {
        m_client->onCompletion(serial, completion);
        return;
    }
    // The client is gone; the pin is done with the memory now.
    for (const auto& held : m_heldBuffers) {
        if (held.first == serial) {
            held.second->release();
        }
    }
}

void WavePciClient::CompletionLink::orphan(
    std::vector<std::pair<std::uint64_t, std::shared_ptr<ClientPacketBuffer>>> heldBuffers) {
    m_client = nullptr;
    m_heldBuffers = std::move(heldBuffers);
}

void WavePciClient::onCompletion(std::uint64_t serial, const PacketCompletion& completion) {
    auto it = std::find_if(m_inFlight.begin(), m_inFlight.end(),
                           [serial](const InFlight& p) { return p.serial == serial; });
    if (it == m_inFlight.end()) {
        const SubmittedPacket* history = historyFor(serial);
        const bool failedSubmit =
            history != nullptr && history->status == PacketStatus::SubmitFailed;
        recordError(failedSubmit ? "completion for a failed submission" : "duplicate completion",
                    completion.packetId, completion.status);
        return;
    }
    if (it->completed) {
        recordError("duplicate completion", completion.packetId, completion.status);
        return;
    }
    if (it->idKnown && completion.packetId != it->packetId) {
        // Not ours: the buffer stays held, since the pin may still use it.
        recordError("completion with an unknown packet id", completion.packetId, completion.status);
        return;
    }
    if (!it->idKnown) {  // completed inside submitPacket, before it returned the id
        it->packetId = completion.packetId;
        it->idKnown = true;
        if (SubmittedPacket* history = historyFor(serial)) {
            history->packetId = completion.packetId;
        }
    }
    it->completed = true;
    it->completion = completion;
    if (render()) {
        const InFlight done = *it;
        m_inFlight.erase(it);
        finishPacket(done);
        return;
    }
    // Capture data goes to the sink in submission order.
    while (!m_inFlight.empty() && m_inFlight.front().completed) {
        const InFlight done = m_inFlight.front();
        m_inFlight.pop_front();
        finishPacket(done);
    }
}

void WavePciClient::finishPacket(const InFlight& done) {
    const PacketCompletion& completion = done.completion;
    const ULONG bytesPerFrame = m_format.bytesPerFrame();
    PacketStatus status = PacketStatus::Failed;
    const char* name = "packet failed";
    if (completion.status == STATUS_SUCCESS) {
        status = PacketStatus::Completed;
        name = "packet completed";
        ++m_counters.packetsCompleted;
    } else if (completion.status == STATUS_CANCELLED) {
        status = PacketStatus::Cancelled;
        name = "packet cancelled";
        ++m_counters.packetsCancelled;
    } else {
        ++m_counters.packetsFailed;
    }
    m_kernel.tracer().record(traceRecord(name)
                                 .addUInt("Serial", done.serial)
                                 .addUInt("PacketId", done.packetId)
                                 .addUInt("Buffer", done.slot)
                                 .addUInt("Bytes", completion.bytes)
                                 .addInt("CompletedAtNs", completion.completedAtNs)
                                 .addUInt("QueuedFrames", framesQueued())
                                 .setStatus(completion.status));

    ULONG bytes = completion.bytes;
    if (bytes > done.transferBytes) {
        recordError("completion reports more bytes than the packet holds", done.packetId,
                    completion.status);
        bytes = done.transferBytes;
    }
    if (bytes % bytesPerFrame != 0) {
        recordError("completion bytes are not whole frames", done.packetId, completion.status);
    }
    const ULONG frames = bytes / bytesPerFrame;

    SubmittedPacket* history = historyFor(done.serial);
    if (history != nullptr) {
        history->status = status;
        history->completionStatus = completion.status;
        history->completionBytes = completion.bytes;
        history->completedAtNs = completion.completedAtNs;
        history->completedFrames = frames;
    }

    if (render()) {
        m_counters.framesCompleted += frames;
        if (frames < done.frames) {
            LostFrameRange lost;
            lost.firstFrame = done.firstFrame + frames;
            lost.frames = done.frames - frames;
            lost.packetId = done.packetId;
            lost.cause = status == PacketStatus::Cancelled ? LossCause::Cancelled
                         : status == PacketStatus::Failed  ? LossCause::Failed
                                                           : LossCause::ShortCompletion;
            m_counters.framesLost += static_cast<std::uint64_t>(lost.frames);
            m_lost.push_back(lost);
            trimHistory();
            m_kernel.tracer().record(traceRecord("frames lost")
                                         .addUInt("PacketId", lost.packetId)
                                         .addInt("FirstFrame", lost.firstFrame)
                                         .addInt("Frames", lost.frames)
                                         .addText("Cause", lossCauseName(lost.cause)));
        }
    } else {
        deliverCapture(done, frames, history);
    }
    returnBuffer(done.slot);
}

void WavePciClient::deliverCapture(const InFlight& done, ULONG frames, SubmittedPacket* history) {
    if (history != nullptr) {
        history->firstFrame = m_nextCaptureFrame;
    }
    if (frames == 0 || m_mode == ClientMode::Closing || m_mode == ClientMode::Closed) {
        if (history != nullptr) {
            history->completedFrames = 0;
        }
        return;
    }
    const Slot& slot = m_slots[done.slot];
    const std::size_t bytes = std::size_t{frames} * m_format.bytesPerFrame();
    m_hostBytes.resize(bytes);
    const MemoryAccess access =
        m_kernel.systemSpace().read(slot.buffer->dataVa(), m_hostBytes.data(), bytes);
    if (!access.ok()) {
        recordError("reading the capture buffer faulted", done.packetId, access.status);
    }
    CapturedPacket packet;
    packet.firstFrame = m_nextCaptureFrame;
    packet.frames = frames;
    packet.bytes = m_hostBytes.data();
    packet.byteCount = bytes;
    packet.format = &m_format;
    packet.packetId = done.packetId;
    packet.status = done.completion.status;
    packet.completedAtNs = done.completion.completedAtNs;
    packet.runIndex = done.runIndex;
    m_nextCaptureFrame += frames;
    m_counters.framesCompleted += frames;
    m_kernel.tracer().record(traceRecord("capture delivered")
                                 .addUInt("PacketId", done.packetId)
                                 .addInt("FirstFrame", packet.firstFrame)
                                 .addUInt("Frames", frames));
    if (m_sink != nullptr) {
        m_sink->onCapturedPacket(packet);
    }
}

void WavePciClient::returnBuffer(std::size_t slotIndex) {
    if (slotIndex >= m_slots.size() || !m_slots[slotIndex].heldByPin) {
        return;
    }
    Slot& slot = m_slots[slotIndex];
    slot.heldByPin = false;
    if (m_mode == ClientMode::Closing || m_mode == ClientMode::Closed) {
        if (slot.buffer && slot.buffer->isAllocated()) {
            m_kernel.tracer().record(traceRecord("free buffer").addUInt("Index", slotIndex));
            slot.buffer->release();
        }
        finishCloseIfIdle();
        return;
    }
    m_idle.push_back(slotIndex);
    schedulePump();
}

}  // namespace ps
