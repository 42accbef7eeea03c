// A WaveRtClientPin for the client tests: a simulated WaveRT device.
//
// - The cyclic buffer is real kernel memory (non-contiguous pages mapped with
//   SystemAddressSpace); its size is the request plus extraBufferBytes.
// - While in RUN the position advances one frame per sample-clock tick of the
//   format's rate (frame n of a RUN segment at PeriodicClock::fromRateHz(RUN
//   time).dueTimeNs(n)); it freezes in PAUSE and is 0 after STOP.
// - Render: whenever the position is looked at (getPosition, a register read,
//   a notification, a state change) the device "plays" the buffer bytes
//   between the previous look and the position, appending them to played()
//   in stream order. The client always observes the position before writing,
//   so played() is exactly what a DAC fed by the buffer would play (the
//   device also looks by itself every quarter buffer).
//   Capture: the same catch-up writes captureSource's frames (stream frame n
//   = source frame n) into the buffer.
// - Event mode: the registered events are signalled (KeSetEvent) when the
//   position reaches each packet boundary (packet = size / count: count 1 at
//   the end of the buffer, count 2 at its middle and end), signalDelayNs late.
// - Registers (registersSupported): a 32-bit position register (the buffer
//   offset, plus registerBias) and a 32-bit 24 MHz clock register, in an MMIO
//   window mapped with Kernel::MmMapIoSpace and read by the client through
//   Kernel::readMappedRegisterULONG.
// - Knobs make it refuse things: notification support, the count (strict:
//   1 or 2), buffer allocation, event registration, positions.
#pragma once

#include "model/client/SampleSource.h"
#include "model/kernel/Kernel.h"
#include "model/portcls/WaveRtClientPin.h"
#include "model/sim/PeriodicClock.h"
#include "model/sim/PeriodicSource.h"

#include <optional>
#include <vector>

namespace ps {

class FakeWaveRtPin : public WaveRtClientPin, public IoDevice {
  public:
    static constexpr std::uint32_t kRegisterWindowBytes = 8;
    static constexpr std::uint64_t kClockHz = 24'000'000;

    FakeWaveRtPin(Kernel& kernel, const AudioFormat& format, bool render);
    ~FakeWaveRtPin() override;

    // ---- WaveRtClientPin
    NTSTATUS setState(KSSTATE state) override;
    KSSTATE state() const override { return m_state; }
    NTSTATUS getPosition(KSAUDIO_POSITION* position) override;
    NTSTATUS setDataFormat(const AudioFormat& format) override;
    const AudioFormat& dataFormat() const override { return m_format; }
    NTSTATUS getBuffer(ULONG requestedBytes, KSRTAUDIO_BUFFER* buffer) override;
    NTSTATUS getBufferWithNotification(ULONG requestedBytes, ULONG notificationCount,
                                       KSRTAUDIO_BUFFER* buffer) override;
    NTSTATUS releaseBuffer() override;
    NTSTATUS getPositionRegister(KSRTAUDIO_HWREGISTER* reg) override;
    NTSTATUS getClockRegister(KSRTAUDIO_HWREGISTER* reg) override;
    NTSTATUS getHwLatency(KSRTAUDIO_HWLATENCY* latency) override;
    NTSTATUS registerNotificationEvent(PKEVENT event) override;
    NTSTATUS unregisterNotificationEvent(PKEVENT event) override;
    void close() override;

    // ---- IoDevice (the register window)
    std::uint32_t ioRead(std::uint32_t offset, unsigned widthBytes) override;
    void ioWrite(std::uint32_t offset, unsigned widthBytes, std::uint32_t value) override;

    // ---- knobs
    bool notificationSupported = true;
    bool strictNotificationCount = true;  // only 1 or 2
    NTSTATUS bufferStatus = STATUS_SUCCESS;
    ULONG extraBufferBytes = 0;
    bool registersSupported = false;
    NTSTATUS registerRefusal = STATUS_NOT_SUPPORTED;
    std::uint32_t registerBias = 0;  // added to the position register's value
    KSRTAUDIO_HWLATENCY latency{0, 0, 0};
    TimeNs signalDelayNs = 0;
    NTSTATUS registerEventStatus = STATUS_SUCCESS;
    NTSTATUS positionStatus = STATUS_SUCCESS;
    SampleSource* captureSource = nullptr;  // capture data (nullptr = silence)

    // ---- observations
    const std::vector<std::uint8_t>& played() const { return m_played; }
    // The device's stream position in bytes since the run's RUN, at now.
    std::uint64_t linearPositionBytes();
    ULONG bufferBytes() const { return m_bufferBytes; }
    std::uint64_t bufferVa() const { return m_bufferVa; }
    ULONG notificationCount() const { return m_notificationCount; }
    const std::vector<KSSTATE>& steps() const { return m_steps; }
    std::uint64_t signals() const { return m_signals; }
    std::size_t registeredEvents() const { return m_events.size(); }
    std::uint64_t getPositionCalls() const { return m_getPositionCalls; }
    std::uint64_t registerReads() const { return m_registerReads; }
    bool closed() const { return m_closed; }
    // Reads the cyclic buffer (for tests).
    std::vector<std::uint8_t> bufferContents();

  private:
    NTSTATUS allocate(ULONG requestedBytes, KSRTAUDIO_BUFFER* buffer);
    std::uint64_t positionFrames() const;
    void catchUp();
    void scheduleNextSignal();
    void onSignal();
    void freeBuffer();

    Kernel& m_kernel;
    AudioFormat m_format;
    bool m_render;
    KSSTATE m_state = KSSTATE_STOP;
    std::vector<PFN_NUMBER> m_pages;
    std::uint64_t m_bufferVa = 0;
    ULONG m_bufferBytes = 0;
    ULONG m_notificationCount = 0;
    std::vector<PKEVENT> m_events;

    // the device clock
    PeriodicClock m_clock{0, 1, 1};
    std::uint64_t m_baseFrames = 0;  // frames before the current RUN segment
    std::uint64_t m_caughtUpBytes = 0;
    std::uint64_t m_nextBoundary = 1;  // packet boundary index of the next signal
    EventId m_signalEvent;
    // Catches up every quarter buffer while running, so played() stays exact
    // even when nobody looks at the position for several buffers.
    PeriodicSource m_catchUpTimer;

    // registers
    std::uint32_t m_registerBase = 0;
    ULONGLONG m_registerVa = 0;

    std::vector<std::uint8_t> m_played;
    std::vector<std::uint8_t> m_scratchBytes;
    std::vector<float> m_scratch;
    std::vector<KSSTATE> m_steps;
    std::uint64_t m_signals = 0;
    std::uint64_t m_getPositionCalls = 0;
    std::uint64_t m_registerReads = 0;
    bool m_closed = false;
};

}  // namespace ps
