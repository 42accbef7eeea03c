// WaveRtClient: the OS side of one WaveRT stream, as the audio engine
// (audiodg) drives it: it asks the pin for the cyclic buffer, learns the
// hardware latency and (optionally) the position and clock registers, sets the
// pin's KSSTATE and then, on its own simulated thread, keeps the buffer filled
// (render) or drained (capture) ahead of / behind the device's position.
//
// Setup (constructor). The format is the pin's. The requested size is
// config.bufferMs in whole frames (event mode: a multiple of
// notificationCount frames). Event mode: getBufferWithNotification(requested,
// notificationCount) — STATUS_NOT_SUPPORTED falls back to getBuffer and
// polling when config.fallbackToPolling, any other refusal is an error and
// the client stays stopped (start() returns the setup status) — then
// getHwLatency, the registers (when config.useRegisters), and a
// SynchronizationEvent KEVENT registered with registerNotificationEvent.
// Polling mode: getBuffer instead, and no event. The client uses
// ActualBufferSize as returned (any size; positions wrap byte-wise at it).
//
// Positions. Each service pass observes the device's position: the mapped
// position register (Kernel::readMappedRegisterULONG; 64-bit registers as two
// reads, low word first) when the pin gave one, else getPosition's
// PlayOffset (render: play position, capture: record position). A register
// value outside the buffer is an error and the client goes back to
// getPosition for good. Offsets are unwrapped into a 64-bit stream position
// (CyclicPositionUnwrapper, with the running time since RUN at the nominal
// byte rate), which starts at 0 with each run: KS resets the position at STOP.
// The client's own position (render: write position W, capture: read
// position D) is a stream position too, always a whole number of frames.
//
// Render. Source frames are numbered from 0 for the client's lifetime and
// written in order, each exactly once, at consecutive frame slots of the
// stream from W. start() prefills, then sets RUN: event mode the whole buffer
// (notificationCount packets, packet = buffer / notificationCount), polling
// the write-ahead. On each wake a pass observes the play position P:
//  - Underrun: P > W means the device consumed bytes the client had not
//    written (stale buffer content). The client records a WaveRtGlitch (see
//    WaveRtClientTypes.h) and a Glitch trace record "render underrun" with
//    the missed bytes P - W, and resumes at W = P rounded up to a frame with
//    the next source frame (nothing skipped, nothing replayed).
//  - Fill target. Event mode: T = (floor(P / packet) + notificationCount) *
//    packet: in steady state one packet per notification, the packet that
//    just finished playing, refilled with the next packet of source frames.
//    The position, not the number of wakes, decides, so wakes that collapse
//    into one (the SynchronizationEvent was set twice while the client was
//    busy) are harmless. Polling: T = P (+ CodecDelay, see the config) +
//    writeAhead, so the padding W - P is writeAhead after each pass and at
//    least writeAhead - period * rate before the next one. Both: T <= P +
//    buffer, rounded down to frames; frames [W, T) are written at once.
//  - Notification count 1, the race: the only event comes at the buffer's
//    end, when the device wraps and starts re-reading offset 0, which is
//    exactly the region the client must now refill. The client writes
//    immediately on its wake (simulated code takes no time), so it is in time
//    only if the position it observes is still at the boundary; every byte
//    the device fetched between the boundary and the client's pass (event
//    signalling latency, ISR/DPC latency, FIFO prefetch reported in the
//    position) is a real underrun and is recorded as one. With count 2 the
//    client has half a buffer of slack.
// Capture. D starts at 0. A pass observes the record position R:
//  - Overflow: R - D > buffer means the device overwrote unread data: a
//    glitch "capture overflow" with the lost bytes R - D - buffer; the client
//    resumes at D = R - buffer rounded up to a frame.
//  - Read rule: event mode reads whole finished packets, [D, floor(R /
//    packet) * packet); polling reads everything recorded, [D, R) (both
//    rounded down to frames). Each read is one CapturedPacket to the sink
//    (packetId = the wakeup, firstFrame contiguous across glitches and runs).
//
// Thread. The client's thread waits with Kernel::waitForEvent on the
// notification event (event mode) or on its own timer event, which a
// PeriodicSource sets every pollingPeriodNs from RUN (polling: a waitable
// timer; ticks while the client is busy coalesce). Wakeup n runs its pass at
// once, or config.extraDelayNs(n) later (lateness injection), and then the
// thread waits again. Event waits time out after notificationTimeoutNs
// (an error; the pass runs anyway).
//
// Control. start(): Stopped -> new run (positions from 0, prefill), RUN;
// Paused -> resume(). pause(): Running -> PAUSE (the thread stops); Stopped ->
// new run, prefill, PAUSE. resume(): one top-up pass (no lateness), RUN.
// stop(): STOP; the next start() is a new run that continues the source at
// nextFrame(). close(): STOP if needed, unregister the event, pin close();
// idempotent, and the destructor calls it.
//
// Format change, the audio engine's way (DDI.md §3 SetFormat: the port
// takes a format only in STOP, and the cyclic buffer is sized and aligned for
// the format it was allocated for): changeFormat(format, accepted) stops the
// stream if it is not stopped (stop(): the pin steps down through PAUSE and
// ACQUIRE), unregisters the event, releases the buffer
// (WaveRtClientPin::releaseBuffer), sets the pin's format
// (KSPROPERTY_CONNECTION_DATAFORMAT, the miniport stream's SetFormat), then
// sets up again as at construction (a buffer of config.bufferMs in the
// format it now has, latency, registers, event) and goes back to the mode it
// was in: a new run (positions from 0, prefill, RUN) or PAUSE. When the pin
// takes the format, `accepted` (if set) is called before anything is written
// in it, so the caller can hand the client a source opened at the new rate
// (setSource). When the pin refuses, the error is recorded ("format refused,
// keeping the old format"), the client sets up again in its old format and
// resumes, and changeFormat returns the pin's status. Returns the status of
// stop() when the stream cannot be stopped, else the first failure of the
// format, the new setup or the state change back. Each returns the pin's status for
// the state change, STATUS_INVALID_DEVICE_STATE when the request does not fit
// mode(), or the setup status when setup failed.
//
// Power. setState may answer STATUS_PENDING while the adapter returns from
// D3 (PinStateCompletion.h): the client records "state request pending",
// keeps its mode (start() from Stopped has already prefilled the buffer) and
// returns STATUS_PENDING; start() again while it is pending returns
// STATUS_PENDING and does nothing. When the pin completes the request the
// client records "state request completed" and takes the mode of the target:
// a pending RUN starts the thread, and the stream's time, at that moment, so
// the stream simply starts the exit latency later and the wait is no
// underrun. A failure is an error (the client adopts the pin's state);
// STATUS_CANCELLED (stop(), pause() or close() while pending sends the pin
// its new request, which cancels the old one) changes nothing.
//
// Robustness. Every pin failure (a refused request, a getPosition error, a
// register value outside the buffer, a buffer access fault, a notification
// timeout) is recorded in errors() and as a "client error" trace record,
// never thrown. A refused position or clock register is not an error (most
// miniports have none): it is traced as "register unavailable".
//
// Every client action is a Client trace record (source "client", the
// configured stream id). Lifetime: the Kernel, the pin, the source and the
// sink must outlive the client. Simulation thread only.
#pragma once

#include "model/client/CaptureSink.h"
#include "model/client/CyclicPositionUnwrapper.h"
#include "model/client/PositionJitter.h"
#include "model/client/SampleSource.h"
#include "model/client/WaveRtClientTypes.h"
#include "model/kernel/Kernel.h"
#include "model/portcls/WaveRtClientPin.h"
#include "model/sim/InvariantDivisor.h"
#include "model/sim/PeriodicSource.h"

#include <deque>
#include <functional>
#include <memory>
#include <utility>
#include <vector>

namespace ps {

class WaveRtClient {
  public:
    // Render clients read `source` (nullptr = silence); capture clients deliver
    // to `sink` (nullptr = captured data is counted and dropped).
    WaveRtClient(Kernel& kernel, WaveRtClientPin& pin, const WaveRtClientConfig& config,
                 SampleSource* source, CaptureSink* sink = nullptr);
    ~WaveRtClient();
    WaveRtClient(const WaveRtClient&) = delete;
    WaveRtClient& operator=(const WaveRtClient&) = delete;

    // ---- control (see the header comment)
    NTSTATUS start();
    NTSTATUS pause();
    NTSTATUS resume();
    NTSTATUS stop();
    NTSTATUS close();
    // Called once the pin has taken a new format, before the client writes
    // or reads in it.
    using FormatAccepted = std::function<void(const AudioFormat& format)>;
    NTSTATUS changeFormat(const AudioFormat& format, const FormatAccepted& accepted = {});
    // Render: the source of the frames written from now on (nullptr =
    // silence); it must outlive the client or be replaced first.
    void setSource(SampleSource* source) { m_source = source != nullptr ? source : &m_silence; }

    // ---- setup results
    // STATUS_SUCCESS when the buffer (and, in event mode, the event) is set up.
    NTSTATUS setupStatus() const { return m_setupStatus; }
    bool isReady() const { return NT_SUCCESS(m_setupStatus) && m_mode != ClientMode::Closed; }
    const WaveRtClientConfig& config() const { return m_config; }
    // Event or polling as actually used (after any fallback).
    WaveRtStreamingMode streamingMode() const { return m_streaming; }
    const AudioFormat& format() const { return m_format; }
    ULONG requestedBufferBytes() const { return m_requestedBytes; }
    std::uint64_t bufferVa() const { return m_buffer.BufferAddress; }
    ULONG bufferBytes() const { return m_buffer.ActualBufferSize; }
    // Event mode: bufferBytes() / notificationCount; polling: 0.
    ULONG packetBytes() const { return m_packetBytes; }
    // Polling render: the write-ahead in bytes (whole frames); 0 otherwise.
    ULONG writeAheadBytes() const { return m_writeAheadBytes; }
    // CodecDelay in bytes (whole frames, rounded up), added when configured.
    ULONG codecDelayBytes() const { return m_codecDelayBytes; }
    const KSRTAUDIO_HWLATENCY& hwLatency() const { return m_latency; }
    bool usesPositionRegister() const { return m_usePositionRegister; }
    bool hasClockRegister() const { return m_hasClockRegister; }
    const KSRTAUDIO_HWREGISTER& positionRegister() const { return m_positionRegister; }
    const KSRTAUDIO_HWREGISTER& clockRegister() const { return m_clockRegister; }
    const KEVENT& notificationEvent() const { return m_event; }
    bool eventRegistered() const { return m_eventRegistered; }

    // ---- streaming state
    ClientMode mode() const { return m_mode; }
    // A state request the pin answered with STATUS_PENDING, and its target.
    bool statePending() const { return m_statePending; }
    KSSTATE pendingState() const { return m_pendingState; }
    std::uint32_t runIndex() const { return m_runIndex; }
    // RUN segments: a new one at each transition to RUN (start or resume).
    std::uint32_t segment() const { return m_segment; }
    // Render: W, the end of what was written. Capture: D, the read position.
    std::uint64_t clientPositionBytes() const { return m_clientPosition; }
    // The last observed play / record position (stream bytes, this run).
    std::uint64_t devicePositionBytes() const { return m_unwrapper.positionBytes(); }
    // Render: the next source frame to write. Capture: the sink frame index
    // the next delivered frame gets.
    std::int64_t nextFrame() const { return m_nextFrame; }

    // ---- records
    const WaveRtClientCounters& counters() const { return m_counters; }
    const std::deque<WaveRtPass>& passes() const { return m_passes; }
    const std::deque<WaveRtGlitch>& glitches() const { return m_glitches; }
    const std::deque<ClientError>& errors() const { return m_errors; }
    // One sample per position observation while Running (not the top-up at
    // resume, taken while the device is paused), tagged with the segment.
    const std::deque<PositionSample>& positionSamples() const { return m_samples; }
    std::vector<PositionSample> positionSamplesOfSegment(std::uint32_t segment) const;
    // computePositionJitter over one RUN segment's samples at the format's rate.
    PositionJitterStats positionJitter(std::uint32_t segment) const;

  private:
    bool render() const { return m_config.direction == StreamDirection::Render; }
    TraceRecord traceRecord(const char* name) const;
    void recordError(const char* what, NTSTATUS status);
    // Appends to a history, dropping the oldest beyond config.historyLimit.
    template <typename T>
    void keep(std::deque<T>& history, T value) {
        history.push_back(std::move(value));
        if (m_config.historyLimit > 0 && history.size() > m_config.historyLimit) {
            history.pop_front();
        }
    }

    // setup (WaveRtClient.cpp)
    void setUp();
    NTSTATUS allocateBuffer();
    void queryLatencyAndRegisters();
    NTSTATUS registerEvent();
    void unregisterEvent();
    // Unregisters the event and gives the buffer back to the pin (STOP only).
    void releaseBuffer();
    void choosePacing();
    NTSTATUS setPinState(KSSTATE state);
    void onStateCompleted(KSSTATE target, NTSTATUS status);
    void adoptPinState();
    void setMode(ClientMode mode);
    void beginRun();

    // the thread and the passes (WaveRtClientService.cpp)
    void startThread();
    void stopThread();
    void arm();
    void onWake(std::uint32_t generation, std::int32_t status);
    void react(std::uint64_t wakeup);
    void prefill();
    void servicePass(std::uint64_t wakeup);
    bool observePosition(std::uint64_t* positionBytes);
    std::uint64_t readPositionRegister();
    TimeNs runningNs() const;
    // Glitch detection and resynchronisation, then the stream position up to
    // which this pass writes (render) or reads (capture).
    std::uint64_t renderTarget(std::uint64_t wakeup, std::uint64_t playBytes);
    std::uint64_t captureTarget(std::uint64_t wakeup, std::uint64_t recordBytes);
    // Copies bytes between host memory and the cyclic buffer from stream
    // position firstPositionBytes, wrapping; false on a memory fault.
    bool copyCyclic(std::uint64_t firstPositionBytes, std::uint8_t* host, std::uint64_t bytes,
                    bool toBuffer);
    void writeFrames(std::uint64_t firstPositionBytes, std::uint64_t frames);
    void readFrames(std::uint64_t firstPositionBytes, std::uint64_t frames, std::uint64_t wakeup);
    std::uint64_t packetTarget(std::uint64_t positionBytes, std::uint64_t packetsAhead) const;
    std::uint64_t roundDownToFrame(std::uint64_t bytes) const;
    std::uint64_t roundUpToFrame(std::uint64_t bytes) const;
    void recordGlitch(WaveRtGlitchKind kind, std::uint64_t wakeup, std::uint64_t deviceBytes,
                      std::uint64_t affectedBytes, std::uint64_t resyncBytes);
    void recordPass(const WaveRtPass& pass, const char* name);

    Kernel& m_kernel;
    WaveRtClientPin& m_pin;
    WaveRtClientConfig m_config;
    SampleSource* m_source;
    CaptureSink* m_sink;
    SilenceSource m_silence;
    AudioFormat m_format;
    WaveRtStreamingMode m_streaming;

    // setup results
    NTSTATUS m_setupStatus = STATUS_DEVICE_NOT_READY;
    ULONG m_requestedBytes = 0;
    KSRTAUDIO_BUFFER m_buffer{};
    ULONG m_packetBytes = 0;
    InvariantDivisor m_perPacket{1};  // divides by m_packetBytes (event mode)
    ULONG m_packetsPerBuffer = 0;
    ULONG m_writeAheadBytes = 0;
    ULONG m_codecDelayBytes = 0;
    KSRTAUDIO_HWLATENCY m_latency{};
    KSRTAUDIO_HWREGISTER m_positionRegister{};
    KSRTAUDIO_HWREGISTER m_clockRegister{};
    bool m_usePositionRegister = false;
    bool m_hasClockRegister = false;
    bool m_eventRegistered = false;
    TimeNs m_waitTimeoutNs = -1;

    // streaming state
    ClientMode m_mode = ClientMode::Stopped;
    bool m_statePending = false;
    KSSTATE m_pendingState = KSSTATE_STOP;
    std::uint32_t m_runIndex = 0;
    std::uint32_t m_segment = 0;
    std::uint64_t m_clientPosition = 0;
    std::int64_t m_nextFrame = 0;
    CyclicPositionUnwrapper m_unwrapper;
    TimeNs m_runningAccumulatedNs = 0;
    TimeNs m_runningSinceNs = 0;

    // the thread
    KEVENT m_event;       // the notification event registered with the pin
    KEVENT m_timerEvent;  // polling: set by m_timer every period
    PeriodicSource m_timer;
    std::uint32_t m_generation = 0;  // bumped when the thread stops; stale wakes are ignored
    bool m_waiting = false;
    std::uint64_t m_waitId = 0;
    EventId m_reaction;

    // records
    WaveRtClientCounters m_counters;
    std::deque<WaveRtPass> m_passes;
    std::deque<WaveRtGlitch> m_glitches;
    std::deque<ClientError> m_errors;
    std::deque<PositionSample> m_samples;

    std::vector<float> m_scratch;
    std::vector<std::uint8_t> m_hostBytes;
    // Scheduled wake-ups hold a weak reference: once the client is gone they do nothing.
    std::shared_ptr<int> m_alive = std::make_shared<int>(0);
};

}  // namespace ps
