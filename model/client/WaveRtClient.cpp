// WaveRtClient: construction, setup (buffer, latency, registers, event) and
// the control requests. The thread and the service passes are in
// WaveRtClientService.cpp.
#include "model/client/WaveRtClient.h"

#include "model/client/PcmEncoding.h"

#include <algorithm>

namespace ps {
namespace {

constexpr std::uint32_t kMinBufferMs = 1;
constexpr std::uint32_t kMaxBufferMs = 2000;
constexpr std::size_t kErrorLimit = 256;
constexpr TimeNs kDefaultPollingPeriodNs = msToNs(3);
constexpr TimeNs kMinWaitTimeoutNs = msToNs(20);

ClientMode clientModeFor(KSSTATE state) {
    return state == KSSTATE_STOP  ? ClientMode::Stopped
           : state == KSSTATE_RUN ? ClientMode::Running
                                  : ClientMode::Paused;
}

}  // namespace

WaveRtClient::WaveRtClient(Kernel& kernel, WaveRtClientPin& pin, const WaveRtClientConfig& config,
                           SampleSource* source, CaptureSink* sink)
    : m_kernel(kernel),
      m_pin(pin),
      m_config(config),
      m_source(source != nullptr ? source : &m_silence),
      m_sink(sink),
      m_format(pin.dataFormat()),
      m_streaming(config.mode),
      m_timer(kernel.scheduler(), "WaveRT client timer",
              [this](std::int64_t) { m_kernel.KeSetEvent(&m_timerEvent); }) {
    m_config.bufferMs = std::clamp(m_config.bufferMs, kMinBufferMs, kMaxBufferMs);
    if (m_config.pollingPeriodNs <= 0) {
        m_config.pollingPeriodNs = kDefaultPollingPeriodNs;
    }
    m_kernel.KeInitializeEvent(&m_event, SynchronizationEvent, FALSE, "WaveRT client notification");
    m_kernel.KeInitializeEvent(&m_timerEvent, SynchronizationEvent, FALSE, "WaveRT client timer");
    m_kernel.tracer().record(
        traceRecord("open")
            .addText("Direction", streamDirectionName(m_config.direction))
            .addText("Mode", waveRtStreamingModeName(m_config.mode))
            .addText("Format", m_kernel.tracer().strings().intern(m_format.describe()))
            .addUInt("BufferMs", m_config.bufferMs)
            .addUInt("NotificationCount", m_config.notificationCount)
            .addBool("UseRegisters", m_config.useRegisters));
    std::weak_ptr<int> alive = m_alive;
    m_pin.setStateCompletionRoutine([this, alive](KSSTATE target, NTSTATUS status) {
        if (!alive.expired()) {
            onStateCompleted(target, status);
        }
    });
    setUp();
}

WaveRtClient::~WaveRtClient() {
    if (m_mode != ClientMode::Closed) {
        close();
    }
    stopThread();
    m_alive.reset();
}

TraceRecord WaveRtClient::traceRecord(const char* name) const {
    return TraceRecord(TraceCategory::Client, "client", name, m_config.streamId);
}

void WaveRtClient::recordError(const char* what, NTSTATUS status) {
    ++m_counters.errors;
    m_errors.push_back(ClientError{m_kernel.scheduler().now(), what, 0, status});
    while (m_errors.size() > kErrorLimit) {
        m_errors.pop_front();
    }
    m_kernel.tracer().record(traceRecord("client error").addText("What", what).setStatus(status));
}

// ------------------------------------------------------------ setup

void WaveRtClient::setUp() {
    if (m_format.bytesPerFrame() == 0 || m_format.rateHz == 0) {
        m_setupStatus = STATUS_INVALID_PARAMETER;
        recordError("format has no frame size or rate", m_setupStatus);
        return;
    }
    if (render() && !isPcmEncodable(m_format)) {
        recordError("format is not encodable; the client writes silence", STATUS_NOT_SUPPORTED);
    }
    NTSTATUS status = allocateBuffer();
    if (NT_SUCCESS(status)) {
        queryLatencyAndRegisters();
        if (m_streaming == WaveRtStreamingMode::Event) {
            status = registerEvent();
        }
    }
    if (NT_SUCCESS(status)) {
        choosePacing();
    }
    m_setupStatus = status;
    m_kernel.tracer().record(traceRecord("setup done")
                                 .addText("Mode", waveRtStreamingModeName(m_streaming))
                                 .addUInt("BufferBytes", m_buffer.ActualBufferSize)
                                 .addUInt("PacketBytes", m_packetBytes)
                                 .addUInt("WriteAheadBytes", m_writeAheadBytes)
                                 .addBool("PositionRegister", m_usePositionRegister)
                                 .setStatus(status));
}

NTSTATUS WaveRtClient::allocateBuffer() {
    const ULONG bytesPerFrame = m_format.bytesPerFrame();
    std::uint64_t frames = std::uint64_t{m_format.rateHz} * m_config.bufferMs / 1000u;
    if (m_streaming == WaveRtStreamingMode::Event && m_config.notificationCount > 0) {
        // sysvad refuses a size its notification count does not divide.
        const ULONG count = m_config.notificationCount;
        frames = std::max<std::uint64_t>(frames / count * count, count);
    }
    frames = std::max<std::uint64_t>(frames, 1);
    m_requestedBytes = static_cast<ULONG>(frames * bytesPerFrame);

    NTSTATUS status = STATUS_SUCCESS;
    if (m_streaming == WaveRtStreamingMode::Event) {
        m_kernel.tracer().record(traceRecord("get buffer with notification")
                                     .addUInt("RequestedBytes", m_requestedBytes)
                                     .addUInt("NotificationCount", m_config.notificationCount));
        status = m_pin.getBufferWithNotification(m_requestedBytes, m_config.notificationCount,
                                                 &m_buffer);
        if (status == STATUS_NOT_SUPPORTED && m_config.fallbackToPolling) {
            m_kernel.tracer().record(traceRecord("fallback to polling")
                                         .addText("Reason", "no notification buffer")
                                         .setStatus(status));
            m_streaming = WaveRtStreamingMode::Polling;
        } else if (!NT_SUCCESS(status)) {
            recordError("getBufferWithNotification failed", status);
            return status;
        }
    }
    if (m_streaming == WaveRtStreamingMode::Polling) {
        m_kernel.tracer().record(
            traceRecord("get buffer").addUInt("RequestedBytes", m_requestedBytes));
        status = m_pin.getBuffer(m_requestedBytes, &m_buffer);
        if (!NT_SUCCESS(status)) {
            recordError("getBuffer failed", status);
            return status;
        }
    }
    m_kernel.tracer().record(traceRecord("buffer")
                                 .addHex("BufferAddress", m_buffer.BufferAddress)
                                 .addUInt("ActualBufferSize", m_buffer.ActualBufferSize)
                                 .addUInt("RequestedBytes", m_requestedBytes)
                                 .addBool("CallMemoryBarrier", m_buffer.CallMemoryBarrier));
    if (m_buffer.BufferAddress == 0 || m_buffer.ActualBufferSize == 0) {
        recordError("pin returned an empty buffer", STATUS_INSUFFICIENT_RESOURCES);
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    if (m_buffer.ActualBufferSize % bytesPerFrame != 0) {
        // Not fatal: positions wrap byte-wise, so frames straddle the wrap.
        recordError("buffer is not a whole number of frames", STATUS_SUCCESS);
    }
    return STATUS_SUCCESS;
}

void WaveRtClient::queryLatencyAndRegisters() {
    const NTSTATUS latencyStatus = m_pin.getHwLatency(&m_latency);
    if (!NT_SUCCESS(latencyStatus)) {
        recordError("getHwLatency failed", latencyStatus);
        m_latency = KSRTAUDIO_HWLATENCY{};
    }
    m_kernel.tracer().record(traceRecord("hw latency")
                                 .addUInt("FifoSize", m_latency.FifoSize)
                                 .addUInt("ChipsetDelay", m_latency.ChipsetDelay)
                                 .addUInt("CodecDelay", m_latency.CodecDelay)
                                 .setStatus(latencyStatus));
    if (!m_config.useRegisters) {
        return;
    }
    // Any failure, a null address or an odd width means "no register" (DDI.md §19 row 1).
    auto usable = [](NTSTATUS status, const KSRTAUDIO_HWREGISTER& reg) {
        return NT_SUCCESS(status) && reg.Register != 0 && (reg.Width == 32 || reg.Width == 64);
    };
    auto report = [this](const char* which, NTSTATUS status, const KSRTAUDIO_HWREGISTER& reg,
                         bool ok) {
        m_kernel.tracer().record(traceRecord(ok ? "register mapped" : "register unavailable")
                                     .addText("Register", which)
                                     .addHex("Va", reg.Register)
                                     .addUInt("Width", reg.Width)
                                     .addUInt("Accuracy", reg.Accuracy)
                                     .setStatus(status));
    };
    const NTSTATUS positionStatus = m_pin.getPositionRegister(&m_positionRegister);
    m_usePositionRegister = usable(positionStatus, m_positionRegister);
    report("position", positionStatus, m_positionRegister, m_usePositionRegister);
    const NTSTATUS clockStatus = m_pin.getClockRegister(&m_clockRegister);
    m_hasClockRegister = usable(clockStatus, m_clockRegister);
    report("clock", clockStatus, m_clockRegister, m_hasClockRegister);
}

NTSTATUS WaveRtClient::registerEvent() {
    m_kernel.tracer().record(traceRecord("register notification event"));
    const NTSTATUS status = m_pin.registerNotificationEvent(&m_event);
    if (NT_SUCCESS(status)) {
        m_eventRegistered = true;
        return status;
    }
    recordError("registerNotificationEvent failed", status);
    if (!m_config.fallbackToPolling) {
        return status;
    }
    m_kernel.tracer().record(traceRecord("fallback to polling")
                                 .addText("Reason", "event not registered")
                                 .setStatus(status));
    m_streaming = WaveRtStreamingMode::Polling;
    return STATUS_SUCCESS;
}

void WaveRtClient::unregisterEvent() {
    if (!m_eventRegistered) {
        return;
    }
    m_kernel.tracer().record(traceRecord("unregister notification event"));
    const NTSTATUS status = m_pin.unregisterNotificationEvent(&m_event);
    if (!NT_SUCCESS(status)) {
        recordError("unregisterNotificationEvent failed", status);
    }
    m_eventRegistered = false;
}

void WaveRtClient::releaseBuffer() {
    unregisterEvent();
    if (m_buffer.BufferAddress != 0) {
        m_kernel.tracer().record(traceRecord("release buffer")
                                     .addHex("BufferAddress", m_buffer.BufferAddress)
                                     .addUInt("ActualBufferSize", m_buffer.ActualBufferSize));
        const NTSTATUS status = m_pin.releaseBuffer();
        if (!NT_SUCCESS(status)) {
            recordError("releaseBuffer failed", status);
        }
    }
    // Whatever the pin said, this mapping is no longer the client's.
    m_buffer = KSRTAUDIO_BUFFER{};
    m_usePositionRegister = false;
    m_hasClockRegister = false;
    m_positionRegister = KSRTAUDIO_HWREGISTER{};
    m_clockRegister = KSRTAUDIO_HWREGISTER{};
    m_packetBytes = 0;
    m_writeAheadBytes = 0;
    m_setupStatus = STATUS_DEVICE_NOT_READY;
}

void WaveRtClient::choosePacing() {
    const ULONG bytesPerFrame = m_format.bytesPerFrame();
    const ULONG size = m_buffer.ActualBufferSize;
    const ULONGLONG bytesPerSecond = m_format.bytesPerSecond();
    if (m_streaming == WaveRtStreamingMode::Event) {
        m_packetsPerBuffer = m_config.notificationCount;
        if (m_packetsPerBuffer == 0) {
            recordError("pin accepted notification count 0; pacing as 1", STATUS_SUCCESS);
            m_packetsPerBuffer = 1;
        }
        m_packetBytes = std::max<ULONG>(size / m_packetsPerBuffer, 1);
        m_perPacket = InvariantDivisor(m_packetBytes);
        const TimeNs bufferNs =
            mulDivFloor(size, kNsPerSecond, static_cast<TimeNs>(bytesPerSecond));
        m_waitTimeoutNs = m_config.notificationTimeoutNs < 0 ? -1
                          : m_config.notificationTimeoutNs > 0
                              ? m_config.notificationTimeoutNs
                              : std::max(4 * bufferNs, kMinWaitTimeoutNs);
    } else if (render()) {
        std::uint64_t bytes = m_config.writeAheadBytes;
        if (bytes == 0) {
            bytes = std::uint64_t{m_format.rateHz} * m_config.writeAheadMs / 1000u * bytesPerFrame;
        }
        bytes = bytes / bytesPerFrame * bytesPerFrame;
        const std::uint64_t maxBytes =
            std::max<std::uint64_t>(size / bytesPerFrame, 1) * bytesPerFrame;
        m_writeAheadBytes =
            static_cast<ULONG>(std::clamp<std::uint64_t>(bytes, bytesPerFrame, maxBytes));
    }
    if (m_config.addCodecDelay) {
        // CodecDelay is in 100 ns units; round up to whole frames.
        const std::uint64_t frames =
            (std::uint64_t{m_latency.CodecDelay} * m_format.rateHz + 9'999'999) / 10'000'000;
        m_codecDelayBytes = static_cast<ULONG>(frames * bytesPerFrame);
    }
}

// ------------------------------------------------------------ control

NTSTATUS WaveRtClient::setPinState(KSSTATE state) {
    m_kernel.tracer().record(traceRecord("set state").addText("State", ksStateName(state)));
    const NTSTATUS status = m_pin.setState(state);
    if (status == STATUS_PENDING) {
        // The adapter is on its way back to D0: the request completes in
        // onStateCompleted, and the mode follows then.
        m_statePending = true;
        m_pendingState = state;
        m_kernel.tracer().record(
            traceRecord("state request pending").addText("State", ksStateName(state)));
    } else if (!NT_SUCCESS(status)) {
        recordError("setState failed", status);
        adoptPinState();
    }
    return status;
}

void WaveRtClient::onStateCompleted(KSSTATE target, NTSTATUS status) {
    if (!m_statePending || target != m_pendingState) {
        return;  // not the request this client is waiting for
    }
    m_statePending = false;
    m_kernel.tracer().record(traceRecord("state request completed")
                                 .addText("State", ksStateName(target))
                                 .setStatus(status));
    if (status == STATUS_CANCELLED) {
        return;  // a newer request (or close) replaced it; that one sets the mode
    }
    if (!NT_SUCCESS(status)) {
        recordError("pending setState failed", status);
        adoptPinState();
        return;
    }
    if (m_mode == ClientMode::Closed) {
        return;
    }
    // RUN starts the thread now, so the stream's time starts now too.
    setMode(clientModeFor(target));
}

void WaveRtClient::adoptPinState() {
    setMode(clientModeFor(m_pin.state()));
}

// Mode changes start and stop the thread and keep the running time (time in
// RUN, which the position unwrapper counts) up to date.
void WaveRtClient::setMode(ClientMode mode) {
    if (m_mode == mode) {
        return;
    }
    const TimeNs now = m_kernel.scheduler().now();
    if (m_mode == ClientMode::Running) {
        m_runningAccumulatedNs += now - m_runningSinceNs;
        stopThread();
    }
    m_mode = mode;
    if (mode == ClientMode::Running) {
        m_runningSinceNs = now;
        ++m_segment;
        startThread();
    }
}

void WaveRtClient::beginRun() {
    ++m_runIndex;
    m_clientPosition = 0;
    m_runningAccumulatedNs = 0;
    m_unwrapper.reset(m_buffer.ActualBufferSize, m_format.bytesPerSecond());
    // A notification left over from the previous run means nothing now.
    m_kernel.KeClearEvent(&m_event);
    m_kernel.KeClearEvent(&m_timerEvent);
    m_kernel.tracer().record(
        traceRecord("begin run").addUInt("RunIndex", m_runIndex).addInt("FirstFrame", m_nextFrame));
}

NTSTATUS WaveRtClient::start() {
    m_kernel.tracer().record(traceRecord("start").addText("Mode", clientModeName(m_mode)));
    if (m_mode == ClientMode::Closed) {
        recordError("start after close", STATUS_INVALID_DEVICE_STATE);
        return STATUS_INVALID_DEVICE_STATE;
    }
    if (!NT_SUCCESS(m_setupStatus)) {
        recordError("start without a buffer", m_setupStatus);
        return m_setupStatus;
    }
    if (m_mode == ClientMode::Running) {
        return STATUS_SUCCESS;
    }
    if (m_statePending && m_pendingState == KSSTATE_RUN) {
        return STATUS_PENDING;
    }
    if (m_mode == ClientMode::Paused) {
        return resume();
    }
    beginRun();
    prefill();
    const NTSTATUS status = setPinState(KSSTATE_RUN);
    if (status == STATUS_SUCCESS) {
        setMode(ClientMode::Running);
    }
    return status;
}

NTSTATUS WaveRtClient::pause() {
    m_kernel.tracer().record(traceRecord("pause").addText("Mode", clientModeName(m_mode)));
    if (m_mode == ClientMode::Closed || !NT_SUCCESS(m_setupStatus)) {
        const NTSTATUS status =
            m_mode == ClientMode::Closed ? STATUS_INVALID_DEVICE_STATE : m_setupStatus;
        recordError("pause without an open stream", status);
        return status;
    }
    if (m_mode == ClientMode::Paused) {
        return STATUS_SUCCESS;
    }
    if (m_mode == ClientMode::Stopped) {
        beginRun();
        prefill();
    }
    // The thread stops before the pin leaves RUN.
    setMode(ClientMode::Paused);
    return setPinState(KSSTATE_PAUSE);
}

NTSTATUS WaveRtClient::resume() {
    m_kernel.tracer().record(traceRecord("resume").addText("Mode", clientModeName(m_mode)));
    if (m_mode == ClientMode::Running) {
        return STATUS_SUCCESS;
    }
    if (m_mode != ClientMode::Paused) {
        recordError("resume when not paused", STATUS_INVALID_DEVICE_STATE);
        return STATUS_INVALID_DEVICE_STATE;
    }
    if (m_statePending && m_pendingState == KSSTATE_RUN) {
        return STATUS_PENDING;
    }
    servicePass(0);  // top up before the device runs again
    const NTSTATUS status = setPinState(KSSTATE_RUN);
    if (status == STATUS_SUCCESS) {
        setMode(ClientMode::Running);
    }
    return status;
}

NTSTATUS WaveRtClient::stop() {
    m_kernel.tracer().record(traceRecord("stop").addText("Mode", clientModeName(m_mode)));
    if (m_mode == ClientMode::Closed) {
        recordError("stop after close", STATUS_INVALID_DEVICE_STATE);
        return STATUS_INVALID_DEVICE_STATE;
    }
    if (m_mode == ClientMode::Stopped && m_pin.state() == KSSTATE_STOP && !m_statePending) {
        return STATUS_SUCCESS;
    }
    // A pending request is cancelled by this one (the pin says so through
    // onStateCompleted).
    setMode(ClientMode::Stopped);
    return setPinState(KSSTATE_STOP);
}

NTSTATUS WaveRtClient::changeFormat(const AudioFormat& format, const FormatAccepted& accepted) {
    Tracer& tracer = m_kernel.tracer();
    tracer.record(traceRecord("change format")
                      .addText("Mode", clientModeName(m_mode))
                      .addText("Format", tracer.strings().intern(format.describe())));
    if (m_mode == ClientMode::Closed) {
        recordError("change format after close", STATUS_INVALID_DEVICE_STATE);
        return STATUS_INVALID_DEVICE_STATE;
    }
    // The mode to go back to; a request still pending counts as done.
    const ClientMode resumeMode = m_statePending ? clientModeFor(m_pendingState) : m_mode;
    if (m_mode != ClientMode::Stopped || m_pin.state() != KSSTATE_STOP || m_statePending) {
        const NTSTATUS stopped = stop();
        if (!NT_SUCCESS(stopped) || m_pin.state() != KSSTATE_STOP) {
            return NT_SUCCESS(stopped) ? STATUS_INVALID_DEVICE_STATE : stopped;
        }
    }
    releaseBuffer();
    NTSTATUS status = m_pin.setDataFormat(format);
    if (NT_SUCCESS(status)) {
        m_format = m_pin.dataFormat();
        if (accepted) {
            accepted(m_format);
        }
    } else {
        recordError("format refused, keeping the old format", status);
    }
    setUp();
    if (!NT_SUCCESS(m_setupStatus)) {
        return NT_SUCCESS(status) ? m_setupStatus : status;
    }
    NTSTATUS resumed = STATUS_SUCCESS;
    if (resumeMode == ClientMode::Running) {
        resumed = start();
    } else if (resumeMode == ClientMode::Paused) {
        resumed = pause();
    }
    return NT_SUCCESS(status) ? resumed : status;
}

NTSTATUS WaveRtClient::close() {
    m_kernel.tracer().record(traceRecord("close").addText("Mode", clientModeName(m_mode)));
    if (m_mode == ClientMode::Closed) {
        return STATUS_SUCCESS;
    }
    NTSTATUS status = STATUS_SUCCESS;
    setMode(ClientMode::Stopped);
    if (m_pin.state() != KSSTATE_STOP || m_statePending) {
        status = setPinState(KSSTATE_STOP);
        setMode(ClientMode::Stopped);  // closing goes on whatever the pin said
    }
    // Events are unregistered after stop, before close (DDI.md §9).
    unregisterEvent();
    m_kernel.tracer().record(traceRecord("close pin"));
    m_pin.close();
    m_mode = ClientMode::Closed;
    m_kernel.tracer().record(traceRecord("closed"));
    return status;
}

}  // namespace ps
