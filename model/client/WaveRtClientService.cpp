// WaveRtClient: the client's thread (waits, lateness, wakeups) and the service
// passes over the cyclic buffer: position observation, underrun and overflow
// detection, writes and reads. The contracts are in WaveRtClient.h.
#include "model/client/WaveRtClient.h"

#include "model/client/SourceRendering.h"

#include <algorithm>

namespace ps {

// ------------------------------------------------------------ the thread

void WaveRtClient::startThread() {
    if (m_streaming == WaveRtStreamingMode::Polling) {
        const TimeNs period = m_config.pollingPeriodNs;
        m_timer.start(PeriodicClock(m_kernel.scheduler().now() + period, period, 1));
    }
    arm();
}

void WaveRtClient::stopThread() {
    ++m_generation;
    if (m_waiting) {
        m_kernel.cancelWait(m_streaming == WaveRtStreamingMode::Event ? &m_event : &m_timerEvent,
                            m_waitId);
        m_waiting = false;
    }
    m_kernel.scheduler().cancel(m_reaction);
    m_timer.stop();
}

void WaveRtClient::arm() {
    if (m_mode != ClientMode::Running || m_waiting) {
        return;
    }
    const bool event = m_streaming == WaveRtStreamingMode::Event;
    const std::uint32_t generation = m_generation;
    std::weak_ptr<int> alive = m_alive;
    m_waiting = true;
    m_waitId = m_kernel.waitForEvent(
        event ? &m_event : &m_timerEvent,
        [this, alive, generation](std::int32_t status) {
            // A wake that was already on its way when the thread stopped (or
            // the client went away) is dropped.
            if (!alive.expired() && generation == m_generation) {
                onWake(generation, status);
            }
        },
        event ? m_waitTimeoutNs : -1);
}

void WaveRtClient::onWake(std::uint32_t generation, std::int32_t status) {
    m_waiting = false;
    const std::uint64_t wakeup = ++m_counters.wakeups;
    if (status == STATUS_TIMEOUT) {
        ++m_counters.timeouts;
        recordError("notification timeout", STATUS_TIMEOUT);
    }
    const TimeNs delayNs = m_config.extraDelayNs ? m_config.extraDelayNs(wakeup) : 0;
    if (delayNs <= 0) {
        react(wakeup);
        return;
    }
    ++m_counters.lateWakeups;
    m_kernel.tracer().record(
        traceRecord("late wakeup").addUInt("Wakeup", wakeup).addInt("DelayNs", delayNs));
    std::weak_ptr<int> alive = m_alive;
    m_reaction = m_kernel.scheduler().scheduleIn(
        delayNs,
        [this, alive, generation, wakeup] {
            if (!alive.expired() && generation == m_generation) {
                react(wakeup);
            }
        },
        "WaveRT client late reaction");
}

void WaveRtClient::react(std::uint64_t wakeup) {
    servicePass(wakeup);
    arm();
}

// ------------------------------------------------------------ positions

TimeNs WaveRtClient::runningNs() const {
    TimeNs ns = m_runningAccumulatedNs;
    if (m_mode == ClientMode::Running) {
        ns += m_kernel.scheduler().now() - m_runningSinceNs;
    }
    return ns;
}

std::uint64_t WaveRtClient::readPositionRegister() {
    ++m_counters.registerReads;
    const ULONGLONG va = m_positionRegister.Register;
    std::uint64_t value = m_kernel.readMappedRegisterULONG(va);
    if (m_positionRegister.Width == 64) {
        value |= std::uint64_t{m_kernel.readMappedRegisterULONG(va + 4)} << 32;
    }
    return value;
}

bool WaveRtClient::observePosition(std::uint64_t* positionBytes) {
    const std::uint64_t size = m_buffer.ActualBufferSize;
    std::uint64_t offset = 0;
    bool fromRegister = false;
    if (m_usePositionRegister) {
        offset = readPositionRegister();
        if (offset < size) {
            fromRegister = true;
        } else {
            recordError("position register outside the buffer; using getPosition",
                        STATUS_UNSUCCESSFUL);
            m_usePositionRegister = false;
        }
    }
    if (!fromRegister) {
        KSAUDIO_POSITION position{};
        ++m_counters.positionReads;
        const NTSTATUS status = m_pin.getPosition(&position);
        if (!NT_SUCCESS(status)) {
            recordError("getPosition failed", status);
            return false;
        }
        offset = position.PlayOffset;
        if (offset >= size) {
            recordError("getPosition offset outside the buffer", STATUS_SUCCESS);
        }
    }
    const std::uint64_t regressionsBefore = m_unwrapper.regressions();
    *positionBytes = m_unwrapper.observe(offset, runningNs());
    m_counters.positionRegressions += m_unwrapper.regressions() - regressionsBefore;

    if (m_mode != ClientMode::Running) {
        return true;  // the top-up at resume: the device is not running, no jitter sample
    }
    PositionSample sample;
    sample.atNs = m_kernel.scheduler().now();
    sample.positionBytes = *positionBytes;
    sample.segment = m_segment;
    sample.fromRegister = fromRegister;
    if (m_hasClockRegister) {
        sample.clockTicks = m_kernel.readMappedRegisterULONG(m_clockRegister.Register);
        if (m_clockRegister.Width == 64) {
            sample.clockTicks |=
                std::uint64_t{m_kernel.readMappedRegisterULONG(m_clockRegister.Register + 4)} << 32;
        }
    }
    keep(m_samples, sample);
    return true;
}

std::vector<PositionSample> WaveRtClient::positionSamplesOfSegment(std::uint32_t segment) const {
    std::vector<PositionSample> out;
    for (const PositionSample& s : m_samples) {
        if (s.segment == segment) {
            out.push_back(s);
        }
    }
    return out;
}

PositionJitterStats WaveRtClient::positionJitter(std::uint32_t segment) const {
    return computePositionJitter(positionSamplesOfSegment(segment), m_format.bytesPerSecond());
}

// ------------------------------------------------------------ passes

std::uint64_t WaveRtClient::roundDownToFrame(std::uint64_t bytes) const {
    return bytes - bytes % m_format.bytesPerFrame();
}

std::uint64_t WaveRtClient::roundUpToFrame(std::uint64_t bytes) const {
    return roundDownToFrame(bytes + m_format.bytesPerFrame() - 1);
}

// The end of packet floor(position / packet) + packetsAhead - 1, i.e. the
// boundary packetsAhead packets after the start of the packet in progress.
std::uint64_t WaveRtClient::packetTarget(std::uint64_t positionBytes,
                                         std::uint64_t packetsAhead) const {
    return (m_perPacket.divide(positionBytes) + packetsAhead) * m_packetBytes;
}

void WaveRtClient::prefill() {
    if (!render()) {
        return;
    }
    const std::uint64_t target = m_streaming == WaveRtStreamingMode::Event
                                     ? packetTarget(0, m_packetsPerBuffer)
                                     : std::uint64_t{m_writeAheadBytes} + m_codecDelayBytes;
    const std::uint64_t end =
        roundDownToFrame(std::min<std::uint64_t>(target, m_buffer.ActualBufferSize));
    WaveRtPass pass;
    pass.atNs = m_kernel.scheduler().now();
    pass.runIndex = m_runIndex;
    pass.firstFrame = m_nextFrame;
    pass.bytes = end;
    writeFrames(0, end / m_format.bytesPerFrame());
    recordPass(pass, "prefill");
}

void WaveRtClient::servicePass(std::uint64_t wakeup) {
    std::uint64_t position = 0;
    if (!observePosition(&position)) {
        return;
    }
    WaveRtPass pass;
    pass.atNs = m_kernel.scheduler().now();
    pass.wakeup = wakeup;
    pass.runIndex = m_runIndex;
    pass.devicePositionBytes = position;
    pass.clientPositionBytes = m_clientPosition;
    // Glitch detection may move the client's position (resynchronisation).
    const std::uint64_t target =
        render() ? renderTarget(wakeup, position) : captureTarget(wakeup, position);
    pass.firstPositionBytes = m_clientPosition;
    pass.firstFrame = m_nextFrame;
    if (target > m_clientPosition) {
        pass.bytes = target - m_clientPosition;
        const std::uint64_t frames = pass.bytes / m_format.bytesPerFrame();
        if (render()) {
            writeFrames(m_clientPosition, frames);
        } else {
            readFrames(m_clientPosition, frames, wakeup);
        }
    }
    recordPass(pass, render() ? "write" : "read");
}

void WaveRtClient::recordGlitch(WaveRtGlitchKind kind, std::uint64_t wakeup,
                                std::uint64_t deviceBytes, std::uint64_t affectedBytes,
                                std::uint64_t resyncBytes) {
    const bool underrun = kind == WaveRtGlitchKind::RenderUnderrun;
    if (underrun) {
        ++m_counters.underruns;
        m_counters.underrunBytes += affectedBytes;
    } else {
        ++m_counters.overflows;
        m_counters.overflowBytes += affectedBytes;
    }
    const std::uint64_t clientBytes = m_clientPosition;
    WaveRtGlitch glitch;
    glitch.kind = kind;
    glitch.atNs = m_kernel.scheduler().now();
    glitch.wakeup = wakeup;
    glitch.runIndex = m_runIndex;
    glitch.clientPositionBytes = clientBytes;
    glitch.devicePositionBytes = deviceBytes;
    glitch.bytesAffected = affectedBytes;
    glitch.resyncPositionBytes = resyncBytes;
    glitch.nextFrame = m_nextFrame;
    keep(m_glitches, glitch);
    m_kernel.tracer().record(
        TraceRecord(TraceCategory::Glitch, "client", waveRtGlitchKindName(kind), m_config.streamId)
            .addUInt(underrun ? "WritePosition" : "ReadPosition", clientBytes)
            .addUInt(underrun ? "PlayPosition" : "RecordPosition", deviceBytes)
            .addUInt(underrun ? "MissedBytes" : "LostBytes", affectedBytes)
            .addUInt("ResyncPosition", resyncBytes)
            .addInt("NextFrame", m_nextFrame)
            .addUInt("Wakeup", wakeup)
            .addUInt("RunIndex", m_runIndex));
}

void WaveRtClient::recordPass(const WaveRtPass& pass, const char* name) {
    keep(m_passes, pass);
    if (pass.wakeup > 0 && pass.bytes == 0) {
        ++m_counters.emptyWakeups;
    }
    m_kernel.tracer().record(
        traceRecord(name)
            .addUInt("Wakeup", pass.wakeup)
            .addUInt(render() ? "PlayPosition" : "RecordPosition", pass.devicePositionBytes)
            .addUInt(render() ? "WritePosition" : "ReadPosition", pass.clientPositionBytes)
            .addUInt("Offset", pass.firstPositionBytes % m_buffer.ActualBufferSize)
            .addUInt("Bytes", pass.bytes)
            .addInt("FirstFrame", pass.firstFrame));
}

std::uint64_t WaveRtClient::renderTarget(std::uint64_t wakeup, std::uint64_t playBytes) {
    if (playBytes > m_clientPosition) {
        const std::uint64_t resync = roundUpToFrame(playBytes);
        recordGlitch(WaveRtGlitchKind::RenderUnderrun, wakeup, playBytes,
                     playBytes - m_clientPosition, resync);
        m_clientPosition = resync;
    }
    const std::uint64_t target = m_streaming == WaveRtStreamingMode::Event
                                     ? packetTarget(playBytes, m_packetsPerBuffer)
                                     : playBytes + m_codecDelayBytes + m_writeAheadBytes;
    // Never past what the device has not played yet.
    return roundDownToFrame(std::min<std::uint64_t>(target, playBytes + m_buffer.ActualBufferSize));
}

std::uint64_t WaveRtClient::captureTarget(std::uint64_t wakeup, std::uint64_t recordBytes) {
    const std::uint64_t size = m_buffer.ActualBufferSize;
    if (recordBytes > m_clientPosition + size) {
        const std::uint64_t resync = roundUpToFrame(recordBytes - size);
        recordGlitch(WaveRtGlitchKind::CaptureOverflow, wakeup, recordBytes,
                     recordBytes - m_clientPosition - size, resync);
        m_clientPosition = resync;
    }
    return roundDownToFrame(m_streaming == WaveRtStreamingMode::Event ? packetTarget(recordBytes, 0)
                                                                      : recordBytes);
}

// ------------------------------------------------------------ buffer access

bool WaveRtClient::copyCyclic(std::uint64_t firstPositionBytes, std::uint8_t* host,
                              std::uint64_t bytes, bool toBuffer) {
    const std::uint64_t size = m_buffer.ActualBufferSize;
    std::uint64_t done = 0;
    bool ok = true;
    while (done < bytes) {
        // At most two pieces: up to the buffer's end, then from its start.
        const std::uint64_t offset = (firstPositionBytes + done) % size;
        const std::uint64_t piece = std::min(bytes - done, size - offset);
        const std::uint64_t va = m_buffer.BufferAddress + offset;
        const MemoryAccess access = toBuffer ? m_kernel.systemSpace().write(va, host + done, piece)
                                             : m_kernel.systemSpace().read(va, host + done, piece);
        ok = ok && access.ok();
        done += piece;
    }
    return ok;
}

void WaveRtClient::writeFrames(std::uint64_t firstPositionBytes, std::uint64_t frames) {
    if (frames == 0) {
        return;
    }
    const std::uint64_t bytes = frames * m_format.bytesPerFrame();
    m_hostBytes.resize(bytes);
    renderEncoded(*m_source, m_format, m_nextFrame, frames, m_hostBytes.data(), m_scratch);
    if (!copyCyclic(firstPositionBytes, m_hostBytes.data(), bytes, true)) {
        recordError("cyclic buffer write fault", STATUS_ACCESS_VIOLATION);
    }
    m_nextFrame += static_cast<std::int64_t>(frames);
    m_counters.framesWritten += frames;
    m_clientPosition = firstPositionBytes + bytes;
}

void WaveRtClient::readFrames(std::uint64_t firstPositionBytes, std::uint64_t frames,
                              std::uint64_t wakeup) {
    const std::uint64_t bytes = frames * m_format.bytesPerFrame();
    m_hostBytes.resize(bytes);
    if (!copyCyclic(firstPositionBytes, m_hostBytes.data(), bytes, false)) {
        recordError("cyclic buffer read fault", STATUS_ACCESS_VIOLATION);
    }
    CapturedPacket packet;
    packet.firstFrame = m_nextFrame;
    packet.frames = static_cast<std::size_t>(frames);
    packet.bytes = m_hostBytes.data();
    packet.byteCount = static_cast<std::size_t>(bytes);
    packet.format = &m_format;
    packet.packetId = wakeup;
    packet.completedAtNs = m_kernel.scheduler().now();
    packet.runIndex = m_runIndex;
    m_nextFrame += static_cast<std::int64_t>(frames);
    m_counters.framesRead += frames;
    m_clientPosition = firstPositionBytes + bytes;
    if (m_sink != nullptr) {
        m_sink->onCapturedPacket(packet);
    }
}

}  // namespace ps
