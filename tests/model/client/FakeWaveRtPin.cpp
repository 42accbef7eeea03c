#include "FakeWaveRtPin.h"

#include "model/client/SourceRendering.h"

#include <algorithm>

namespace ps {
namespace {
constexpr std::uint32_t kFirstRegisterBase = 0xFEB00000u;
}  // namespace

FakeWaveRtPin::FakeWaveRtPin(Kernel& kernel, const AudioFormat& format, bool render)
    : m_kernel(kernel),
      m_format(format),
      m_render(render),
      m_catchUpTimer(kernel.scheduler(), "fake WaveRT catch-up",
                     [this](std::int64_t) { catchUp(); }) {}

FakeWaveRtPin::~FakeWaveRtPin() {
    close();
    if (m_registerBase != 0) {
        m_kernel.mmioSpace().unregisterDevice(this);
    }
}

// ------------------------------------------------------------ the device clock

std::uint64_t FakeWaveRtPin::positionFrames() const {
    std::uint64_t frames = m_baseFrames;
    if (m_state == KSSTATE_RUN) {
        frames += static_cast<std::uint64_t>(m_clock.ticksDueBy(m_kernel.scheduler().now()) - 1);
    }
    return frames;
}

std::uint64_t FakeWaveRtPin::linearPositionBytes() {
    return positionFrames() * m_format.bytesPerFrame();
}

// Plays (render) or records (capture) everything between the previous look
// and the position now.
void FakeWaveRtPin::catchUp() {
    if (m_bufferBytes == 0) {
        return;
    }
    const std::uint64_t bpf = m_format.bytesPerFrame();
    const std::uint64_t target = positionFrames() * bpf;
    if (target <= m_caughtUpBytes) {
        return;
    }
    const std::uint64_t bytes = target - m_caughtUpBytes;
    m_scratchBytes.resize(bytes);
    if (!m_render) {
        SilenceSource silence;
        SampleSource& source = captureSource != nullptr ? *captureSource : silence;
        renderEncoded(source, m_format, static_cast<std::int64_t>(m_caughtUpBytes / bpf),
                      bytes / bpf, m_scratchBytes.data(), m_scratch);
    }
    for (std::uint64_t done = 0; done < bytes;) {
        const std::uint64_t offset = (m_caughtUpBytes + done) % m_bufferBytes;
        const std::uint64_t piece = std::min<std::uint64_t>(bytes - done, m_bufferBytes - offset);
        if (m_render) {
            m_kernel.systemSpace().read(m_bufferVa + offset, m_scratchBytes.data() + done, piece);
        } else {
            m_kernel.systemSpace().write(m_bufferVa + offset, m_scratchBytes.data() + done, piece);
        }
        done += piece;
    }
    if (m_render) {
        m_played.insert(m_played.end(), m_scratchBytes.begin(), m_scratchBytes.end());
    }
    m_caughtUpBytes = target;
}

void FakeWaveRtPin::scheduleNextSignal() {
    if (m_notificationCount == 0 || m_bufferBytes == 0) {
        return;
    }
    const std::uint64_t packet = m_bufferBytes / m_notificationCount;
    const std::uint64_t bpf = m_format.bytesPerFrame();
    const std::uint64_t boundaryFrame = (m_nextBoundary * packet + bpf - 1) / bpf;
    const TimeNs due =
        m_clock.dueTimeNs(static_cast<std::int64_t>(boundaryFrame - m_baseFrames)) + signalDelayNs;
    m_signalEvent = m_kernel.scheduler().schedule(
        std::max(due, m_kernel.scheduler().now()), [this] { onSignal(); }, "fake WaveRT signal");
}

void FakeWaveRtPin::onSignal() {
    catchUp();
    ++m_signals;
    for (PKEVENT event : m_events) {
        m_kernel.KeSetEvent(event);
    }
    ++m_nextBoundary;
    scheduleNextSignal();
}

// ------------------------------------------------------------ WaveRtClientPin

NTSTATUS FakeWaveRtPin::setState(KSSTATE target) {
    for (KSSTATE step : ksStatePath(m_state, target)) {
        catchUp();
        if (m_state == KSSTATE_RUN) {
            m_baseFrames = positionFrames();
            m_kernel.scheduler().cancel(m_signalEvent);
            m_catchUpTimer.stop();
        }
        m_state = step;
        m_steps.push_back(step);
        if (step == KSSTATE_RUN) {
            m_clock = PeriodicClock::fromRateHz(m_kernel.scheduler().now(), m_format.rateHz);
            const std::uint64_t packet =
                m_notificationCount == 0 ? 1 : m_bufferBytes / m_notificationCount;
            m_nextBoundary = m_baseFrames * m_format.bytesPerFrame() / packet + 1;
            scheduleNextSignal();
            const TimeNs quarterNs =
                std::max<TimeNs>(mulDivFloor(m_bufferBytes, kNsPerSecond,
                                             static_cast<std::int64_t>(m_format.bytesPerSecond())) /
                                     4,
                                 1);
            m_catchUpTimer.start(
                PeriodicClock(m_kernel.scheduler().now() + quarterNs, quarterNs, 1));
        }
        if (step == KSSTATE_STOP) {
            m_baseFrames = 0;
            m_caughtUpBytes = 0;
        }
    }
    return STATUS_SUCCESS;
}

NTSTATUS FakeWaveRtPin::getPosition(KSAUDIO_POSITION* position) {
    ++m_getPositionCalls;
    if (!NT_SUCCESS(positionStatus)) {
        return positionStatus;
    }
    catchUp();
    const std::uint64_t offset = m_bufferBytes == 0 ? 0 : linearPositionBytes() % m_bufferBytes;
    position->PlayOffset = offset;
    position->WriteOffset = offset;  // sysvad reports Write = Play
    return STATUS_SUCCESS;
}

NTSTATUS FakeWaveRtPin::setDataFormat(const AudioFormat& format) {
    if (m_state != KSSTATE_STOP) {
        return STATUS_INVALID_DEVICE_STATE;
    }
    m_format = format;
    return STATUS_SUCCESS;
}

NTSTATUS FakeWaveRtPin::allocate(ULONG requestedBytes, KSRTAUDIO_BUFFER* buffer) {
    if (!NT_SUCCESS(bufferStatus)) {
        return bufferStatus;
    }
    if (requestedBytes == 0) {
        return STATUS_INVALID_PARAMETER;
    }
    freeBuffer();
    const ULONG size = requestedBytes + extraBufferBytes;
    auto pages = m_kernel.memory().allocatePages((size + PAGE_SIZE - 1) / PAGE_SIZE);
    if (!pages) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    const auto va = m_kernel.systemSpace().map(*pages);
    if (!va) {
        m_kernel.memory().freePages(*pages);
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    m_pages = std::move(*pages);
    m_bufferVa = *va;
    m_bufferBytes = size;
    buffer->BufferAddress = m_bufferVa;
    buffer->ActualBufferSize = size;
    buffer->CallMemoryBarrier = false;
    return STATUS_SUCCESS;
}

NTSTATUS FakeWaveRtPin::getBuffer(ULONG requestedBytes, KSRTAUDIO_BUFFER* buffer) {
    m_notificationCount = 0;
    return allocate(requestedBytes, buffer);
}

NTSTATUS FakeWaveRtPin::getBufferWithNotification(ULONG requestedBytes, ULONG notificationCount,
                                                  KSRTAUDIO_BUFFER* buffer) {
    if (!notificationSupported) {
        return STATUS_NOT_SUPPORTED;
    }
    if (notificationCount == 0 ||
        (strictNotificationCount && notificationCount != 1 && notificationCount != 2)) {
        return STATUS_INVALID_PARAMETER;
    }
    const NTSTATUS status = allocate(requestedBytes, buffer);
    if (NT_SUCCESS(status)) {
        m_notificationCount = notificationCount;
    }
    return status;
}

NTSTATUS FakeWaveRtPin::getPositionRegister(KSRTAUDIO_HWREGISTER* reg) {
    if (!registersSupported) {
        return registerRefusal;
    }
    if (m_registerBase == 0) {
        std::uint32_t base = kFirstRegisterBase;
        while (!m_kernel.mmioSpace().registerDevice(base, kRegisterWindowBytes, this)) {
            base += PAGE_SIZE;
        }
        m_registerBase = base;
    }
    if (m_registerVa == 0) {
        m_registerVa = reinterpret_cast<std::uintptr_t>(
            m_kernel.MmMapIoSpace(m_registerBase, kRegisterWindowBytes));
    }
    *reg = KSRTAUDIO_HWREGISTER{m_registerVa, 32, 0, 0, m_format.bytesPerFrame()};
    return STATUS_SUCCESS;
}

NTSTATUS FakeWaveRtPin::getClockRegister(KSRTAUDIO_HWREGISTER* reg) {
    KSRTAUDIO_HWREGISTER position{};
    const NTSTATUS status = getPositionRegister(&position);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    *reg = KSRTAUDIO_HWREGISTER{position.Register + 4, 32, kClockHz, 1, 1};
    return STATUS_SUCCESS;
}

NTSTATUS FakeWaveRtPin::getHwLatency(KSRTAUDIO_HWLATENCY* out) {
    *out = latency;
    return STATUS_SUCCESS;
}

NTSTATUS FakeWaveRtPin::registerNotificationEvent(PKEVENT event) {
    if (!NT_SUCCESS(registerEventStatus)) {
        return registerEventStatus;
    }
    if (std::find(m_events.begin(), m_events.end(), event) != m_events.end()) {
        return STATUS_UNSUCCESSFUL;
    }
    m_events.push_back(event);
    return STATUS_SUCCESS;
}

NTSTATUS FakeWaveRtPin::unregisterNotificationEvent(PKEVENT event) {
    auto it = std::find(m_events.begin(), m_events.end(), event);
    if (it == m_events.end()) {
        return STATUS_NOT_FOUND;
    }
    m_events.erase(it);
    return STATUS_SUCCESS;
}

NTSTATUS FakeWaveRtPin::releaseBuffer() {
    if (m_state != KSSTATE_STOP) {
        return STATUS_INVALID_DEVICE_STATE;
    }
    freeBuffer();
    m_notificationCount = 0;
    return STATUS_SUCCESS;
}

void FakeWaveRtPin::freeBuffer() {
    if (m_bufferVa != 0) {
        m_kernel.systemSpace().unmap(m_bufferVa);
        m_kernel.memory().freePages(m_pages);
    }
    m_pages.clear();
    m_bufferVa = 0;
    m_bufferBytes = 0;
}

void FakeWaveRtPin::close() {
    if (m_closed) {
        return;
    }
    setState(KSSTATE_STOP);
    m_events.clear();
    freeBuffer();
    if (m_registerVa != 0) {
        m_kernel.MmUnmapIoSpace(reinterpret_cast<PVOID>(static_cast<std::uintptr_t>(m_registerVa)),
                                kRegisterWindowBytes);
        m_registerVa = 0;
    }
    m_closed = true;
}

std::vector<std::uint8_t> FakeWaveRtPin::bufferContents() {
    std::vector<std::uint8_t> out(m_bufferBytes);
    m_kernel.systemSpace().read(m_bufferVa, out.data(), out.size());
    return out;
}

// ------------------------------------------------------------ registers

std::uint32_t FakeWaveRtPin::ioRead(std::uint32_t offset, unsigned /*widthBytes*/) {
    if (offset == 0) {
        ++m_registerReads;
        catchUp();
        const std::uint64_t position =
            m_bufferBytes == 0 ? 0 : linearPositionBytes() % m_bufferBytes;
        return static_cast<std::uint32_t>(position + registerBias);
    }
    return static_cast<std::uint32_t>(
        mulDivFloor(m_kernel.scheduler().now(), static_cast<std::int64_t>(kClockHz), kNsPerSecond));
}

void FakeWaveRtPin::ioWrite(std::uint32_t, unsigned, std::uint32_t) {}

}  // namespace ps
