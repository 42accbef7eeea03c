// ScenarioRun: one scenario (ScenarioSpec) wired into one emulated Machine and
// run. start() builds the board: as many AC'97 WavePci adapters as the
// wavepci streams need (one PCM Out and one PCM In engine each: the k-th
// wavepci render stream and the k-th wavepci capture stream share adapter k)
// and as many HD Audio WaveRT controllers as the wavert streams need (up to
// 15 output and 15 input descriptors each, sized to the streams they carry),
// each adapter with its own I/O or MMIO window and interrupt vector. Every
// controller gets spec.hardware, every adapter the spec's miniport options
// (WaveRT CodecDelay = hardware.codecDelayNs / 100). Then it opens one pin per
// stream (stream id = the stream's index) and creates its client
// (WavePciClient / WaveRtClient) with the stream's settings and signal, and
// schedules the stream starts and stops, the timed actions and the faults.
//
// Time: t = 0 is when start() returns; advanceTo(t) runs every event up to t
// (clamped to spec.durationNs). When the run reaches the duration, streams
// still open are stopped and closed cleanly (WavePci clients get their
// buffers back first, which may take simulated time past the duration),
// every controller is synced and the verifier's end-of-run checks run.
//
// Faults: DpcDelay adds delayNs to every DPC drain in its window; LostInterrupt
// loses up to `count` interrupts of the stream's controller vector from
// fromNs (until untilNs); LateClient delays each client wakeup (WaveRT) or
// refill (WavePci) in its window by delayNs; StalledClient delays them to the
// end of its window; DescriptorError makes the stream's next descriptor fetch
// after fromNs fault (Ac97Controller / HdaController::injectDescriptorFault).
// Every stream start and stop, action and fault window start is a "scenario"
// trace record.
//
// The machine's kernel runs spec.osVersion (which stream resource interfaces
// PortCls offers) and spec.interference, its delays drawn from a Random
// seeded with spec.seed.
//
// Hot path: the run adds a per-block DAC counter and one TraceSink that
// counts DdiCall and Glitch records per stream (no allocation once every
// DDI name has been seen). Simulation thread only.
#pragma once

#include "model/client/SampleSource.h"
#include "model/client/WavePciClient.h"
#include "model/client/WaveRtClient.h"
#include "model/hw/PcmEndpoints.h"
#include "model/scenario/Machine.h"
#include "model/scenario/ScenarioSpec.h"
#include "model/scenario/WavePciAdapter.h"
#include "model/scenario/WaveRtAdapter.h"

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace ps {

// What the embedding program supplies.
struct ScenarioRunHooks {
    // Opens a SignalKind::File signal as a source in the stream's format; on
    // failure returns nullptr and sets *error. Unset: a file signal is an
    // error at start().
    std::function<std::unique_ptr<SampleSource>(const SignalSpec&, const AudioFormat&,
                                                std::string* error)>
        openFileSource;
    // When set, capture stream `stream` records from the source it returns
    // (a live input device, say) instead of its signal; nullptr keeps the
    // signal. Called from start(), once per capture stream.
    std::function<std::unique_ptr<SampleSource>(std::size_t stream, const AudioFormat& format)>
        openCaptureSource;
    // Records the machine's trace ring keeps (Tracer::ring()).
    std::size_t traceRingCapacity = Tracer::kDefaultRingCapacity;
};

struct StreamReport {
    std::string name;
    StackKind stack = StackKind::WaveRt;
    StreamDirection direction = StreamDirection::Render;
    AudioFormat format;  // as of the end (after any change-format action)
    // Render: frames the client handed to the device (WavePci: DataUsed of
    // accepted packets; WaveRT: frames written to the cyclic buffer).
    // Capture: frames of buffer space offered (WavePci) or read (WaveRT).
    std::uint64_t framesSubmitted = 0;
    std::uint64_t framesPlayed = 0;    // render: stream frames the DAC played
    std::uint64_t framesCaptured = 0;  // capture: frames the client received
    // Glitch trace records of the stream other than the hardware's own
    // underrun/overrun records: what the client (render underrun, capture
    // overflow) and the driver (starved, FIFO error) saw.
    std::uint64_t glitches = 0;
    // Device level: FIFO underruns (render) or overruns (capture) as the
    // hardware saw them (each run of glitching frames counts once).
    std::uint64_t underruns = 0;
    std::uint64_t underrunFrames = 0;  // render: frames of underrun filler played
    // DdiCall records of this stream, per "Interface::Method".
    std::map<std::string, std::uint64_t> ddiCalls;
    std::string finalState;  // the pin's KSSTATE at the end of the duration
    std::uint64_t clientErrors = 0;
};

class ScenarioRun {
  public:
    // "" when the spec can run, else the first problem naming the field, like
    // "streams[1].format.channels: must be 1..8".
    static std::string check(const ScenarioSpec& spec);

    // Creates the machine only; add trace sinks to machine().tracer() before
    // start() to see every record.
    explicit ScenarioRun(const ScenarioSpec& spec, ScenarioRunHooks hooks = {});
    ~ScenarioRun();
    ScenarioRun(const ScenarioRun&) = delete;
    ScenarioRun& operator=(const ScenarioRun&) = delete;

    // Checks the spec, builds the board and the streams and schedules
    // everything; "" or an error message (nothing runs after an error).
    std::string start();
    // Runs events up to t (clamped to the duration); finishes at the duration.
    void advanceTo(TimeNs t);
    void runToEnd() { advanceTo(m_spec.durationNs); }
    bool started() const { return m_started; }
    bool finished() const { return m_finished; }
    // Simulated time of the run (the duration once finished).
    TimeNs now() const;

    const ScenarioSpec& spec() const { return m_spec; }
    Machine& machine() { return m_machine; }
    const Machine& machine() const { return m_machine; }

    // A sink that sees every block render stream `stream` plays (nullptr =
    // none). Ignored for capture streams and indices out of range.
    void setRenderTap(std::size_t stream, PcmSink* tap);

    std::vector<StreamReport> reports() const;
    std::uint64_t lostInterrupts() const { return m_lostInterrupts; }

    // The wiring, for tests and views (empty before start()).
    std::size_t wavePciAdapterCount() const { return m_pciAdapters.size(); }
    std::size_t waveRtAdapterCount() const { return m_rtAdapters.size(); }
    WavePciAdapter& wavePciAdapter(std::size_t i) { return *m_pciAdapters.at(i); }
    WaveRtAdapter& waveRtAdapter(std::size_t i) { return *m_rtAdapters.at(i); }
    // The client of a stream (nullptr if it is not of that stack or not built).
    WavePciClient* wavePciClient(std::size_t stream);
    WaveRtClient* waveRtClient(std::size_t stream);
    // The stream's open pin (nullptr if it is not of that stack, not built or
    // already closed), and the index of its adapter among wavePciAdapter(i) /
    // waveRtAdapter(i) (-1 when not built). For the inspector's stack tree.
    std::size_t streamCount() const { return m_streams.size(); }
    CPortPinWavePci* wavePciPin(std::size_t stream) const;
    CPortPinWaveRT* waveRtPin(std::size_t stream) const;
    int adapterIndexOf(std::size_t stream) const;

  private:
    struct Stream;
    class TraceCounter;

    std::string buildAdapters();
    std::string buildStream(std::size_t index);
    std::string openSignal(Stream& s);
    void attachEndpoints(Stream& s);
    void scheduleAll();
    void startStream(std::size_t index);
    void stopStream(std::size_t index);
    void runAction(const ActionSpec& action);
    NTSTATUS changeFormat(Stream& s, const AudioFormat& format);
    // The pin took `format`: the stream's format, the DAC's stamp and the
    // signal (render) or the ADC (capture) follow.
    void adoptFormat(Stream& s, const AudioFormat& format);
    void reopenRenderSignal(Stream& s);
    void beginFault(std::size_t faultIndex);
    TimeNs clientDelayNs(std::size_t stream) const;
    TimeNs dpcDelayNs() const;
    bool loseInterrupt(ULONG vector);
    bool inWindow(const FaultSpec& fault, TimeNs t) const;
    void finish();
    void teardown();

    ScenarioSpec m_spec;
    ScenarioRunHooks m_hooks;
    Machine m_machine;
    std::unique_ptr<TraceCounter> m_counter;
    std::vector<std::unique_ptr<Stream>> m_streams;
    std::vector<std::unique_ptr<WavePciAdapter>> m_pciAdapters;
    std::vector<std::unique_ptr<WaveRtAdapter>> m_rtAdapters;
    std::vector<PcmSink*> m_pendingTaps;    // taps set before start()
    std::vector<std::uint32_t> m_lostLeft;  // per fault: interrupts still to lose
    std::uint64_t m_lostInterrupts = 0;
    bool m_started = false;
    bool m_finished = false;
    bool m_failed = false;
};

}  // namespace ps
