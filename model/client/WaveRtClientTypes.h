// The configuration of a WaveRtClient and the records it keeps for the views
// and the tests (passes over the cyclic buffer, glitches, counters). Shared
// vocabulary (StreamDirection, ClientMode, ClientError) comes from the WavePci
// client's types.
//
// Positions named ...PositionBytes are stream positions: bytes since the
// run's RUN started (the device's position is 0 at STOP), unwrapped by the
// client from the cyclic offsets the pin reports. A stream position s lives at
// buffer offset s % bufferBytes.
#pragma once

#include "model/client/WavePciClientTypes.h"
#include "model/kernel/KernelTypes.h"
#include "model/sim/SimTime.h"
#include "model/sim/TraceRecord.h"

#include <cstddef>
#include <cstdint>
#include <functional>

namespace ps {

// How the client learns that it is time to refill (render) or drain (capture).
enum class WaveRtStreamingMode : std::uint8_t {
    Event,    // KSPROPERTY_RTAUDIO_BUFFER_WITH_NOTIFICATION + a registered KEVENT
    Polling,  // KSPROPERTY_RTAUDIO_BUFFER + the client's own periodic timer
};
const char* waveRtStreamingModeName(WaveRtStreamingMode mode);  // "event", "polling"

struct WaveRtClientConfig {
    StreamDirection direction = StreamDirection::Render;
    WaveRtStreamingMode mode = WaveRtStreamingMode::Event;
    // Requested cyclic buffer length, clamped to 1 ms .. 2000 ms, in whole
    // frames of the pin's format (event mode: rounded down to a multiple of
    // notificationCount frames, at least notificationCount frames).
    std::uint32_t bufferMs = 20;
    // Event mode: passed to getBufferWithNotification unchanged (a pin
    // accepts 1 or 2; anything else is the pin's to refuse).
    ULONG notificationCount = 2;
    // Polling mode: the period of the client's timer (> 0; 0 means 3 ms).
    TimeNs pollingPeriodNs = msToNs(3);
    // Polling render: how far ahead of the play position the client keeps its
    // write position. writeAheadBytes > 0 wins over writeAheadMs; the result
    // is rounded down to whole frames and clamped to [1 frame, buffer].
    std::uint32_t writeAheadMs = 10;
    std::uint32_t writeAheadBytes = 0;
    // Ask for the position (and clock) register and read the position through
    // Kernel::readMappedRegisterULONG; any refusal leaves the client on
    // getPosition (DDI.md §19 row 1).
    bool useRegisters = true;
    // Polling render: add KSRTAUDIO_HWLATENCY::CodecDelay (converted to whole
    // frames, rounded up) to the observed play position when pacing, as the
    // Docs' timer thread does ("Stream Latency during Playback"): the client
    // then keeps CodecDelay more audio written ahead. Underrun detection
    // always uses the raw position.
    bool addCodecDelay = false;
    // Event mode: when the pin refuses the notification buffer with
    // STATUS_NOT_SUPPORTED (no IMiniportWaveRTStreamNotification), or refuses
    // to register the event, stream in polling mode instead of failing.
    bool fallbackToPolling = false;
    // Event mode: a wait longer than this is a "notification timeout" error
    // and the client services the buffer anyway. 0 = four buffer durations,
    // at least 20 ms; < 0 = wait forever.
    TimeNs notificationTimeoutNs = 0;
    // Lateness injection: extra delay between wakeup n (1-based, counted over
    // the client's lifetime, every event, timer tick or timeout) and the
    // client's reaction to it. Unset or <= 0: the client reacts at once.
    std::function<TimeNs(std::uint64_t wakeup)> extraDelayNs;
    std::uint16_t streamId = kNoStream;
    // Newest pass, glitch and position-sample records kept (0 = keep all).
    std::size_t historyLimit = 65536;
};

// One service of the cyclic buffer: what the client saw and what it did.
struct WaveRtPass {
    TimeNs atNs = 0;
    std::uint64_t wakeup = 0;  // 0 for the prefill and the top-up at resume
    std::uint32_t runIndex = 0;
    // The observed play (render) or record (capture) position; for the
    // prefill, 0.
    std::uint64_t devicePositionBytes = 0;
    // Render: the write position before the pass. Capture: the read position.
    std::uint64_t clientPositionBytes = 0;
    // Render: bytes written; capture: bytes read. Starting at stream position
    // firstPositionBytes (after any resynchronisation).
    std::uint64_t firstPositionBytes = 0;
    std::uint64_t bytes = 0;
    // Render: the source frame written at firstPositionBytes. Capture: the
    // sink frame index of the first frame delivered.
    std::int64_t firstFrame = 0;
};

enum class WaveRtGlitchKind : std::uint8_t { RenderUnderrun, CaptureOverflow };
const char* waveRtGlitchKindName(WaveRtGlitchKind kind);  // "render underrun", "capture overflow"

// A glitch the client detected from the positions it observed.
//
// Render underrun: the play position P overtook the write position W; the
// device played bytesAffected = P - W bytes of stale buffer content at stream
// positions [W, P) (and whatever it plays in [P, resync) while the client
// writes). The client resumes writing at resyncPositionBytes = P rounded up to
// a whole frame, with source frame nextFrame: no source frame is skipped or
// written twice, so the device plays source frames [0, nextFrame) at their
// earlier stream positions and nextFrame onwards from resyncPositionBytes.
//
// Capture overflow: the record position R is more than a buffer ahead of the
// read position D; the device overwrote bytesAffected = R - D - buffer bytes
// (stream positions [D, R - buffer)) before the client read them. The client
// resumes reading at resyncPositionBytes = R - buffer rounded up to a whole
// frame; nextFrame is the sink frame index the next delivered frame gets
// (deliveries stay contiguous in that index).
struct WaveRtGlitch {
    WaveRtGlitchKind kind = WaveRtGlitchKind::RenderUnderrun;
    TimeNs atNs = 0;
    std::uint64_t wakeup = 0;
    std::uint32_t runIndex = 0;
    std::uint64_t clientPositionBytes = 0;  // W (render) or D (capture)
    std::uint64_t devicePositionBytes = 0;  // P (render) or R (capture)
    std::uint64_t bytesAffected = 0;
    std::uint64_t resyncPositionBytes = 0;
    std::int64_t nextFrame = 0;
};

struct WaveRtClientCounters {
    std::uint64_t wakeups = 0;              // events, timer ticks and timeouts reacted to
    std::uint64_t lateWakeups = 0;          // wakeups given an injected extra delay
    std::uint64_t emptyWakeups = 0;         // wakeups with nothing to write or read
    std::uint64_t timeouts = 0;             // event waits that timed out
    std::uint64_t positionReads = 0;        // getPosition calls
    std::uint64_t registerReads = 0;        // position register reads
    std::uint64_t positionRegressions = 0;  // observed positions behind the previous one
    std::uint64_t framesWritten = 0;
    std::uint64_t framesRead = 0;
    std::uint64_t underruns = 0;
    std::uint64_t underrunBytes = 0;
    std::uint64_t overflows = 0;
    std::uint64_t overflowBytes = 0;
    std::uint64_t errors = 0;
};

}  // namespace ps
