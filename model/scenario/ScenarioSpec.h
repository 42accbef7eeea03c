// ScenarioSpec: the plain description of one run, as a scenario file states
// it (docs/scenario.md). Parsing and checking files is app/'s job
// (ScenarioLoader); ScenarioRun wires a spec into one emulated machine.
//
// Units are in the names. Times are simulated nanoseconds from the start of
// the run (t = 0 is when the machine has started its adapters). Stream
// indices are positions in `streams`.
//
// A spec says what the user asked for; it can still be impossible (0
// channels, notification count 3 in event mode). ScenarioLoader refuses such
// files with a message naming the JSON path; ScenarioRun refuses what slips
// through with a message rather than crashing.
#pragma once

#include "model/client/WavePciClientTypes.h"
#include "model/client/WaveRtClientTypes.h"
#include "model/kernel/OsVersion.h"
#include "model/kernel/SystemInterference.h"
#include "model/ks/AudioFormat.h"
#include "model/miniports/WavePciMiniportOptions.h"
#include "model/miniports/WaveRtMiniportOptions.h"
#include "model/portcls/AdapterPower.h"
#include "model/sim/SimTime.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace ps {

enum class StackKind : std::uint8_t { WavePci, WaveRt };
const char* stackKindName(StackKind stack);  // "wavepci", "wavert"

// What a render stream plays, or what a capture stream's ADC hears.
enum class SignalKind : std::uint8_t { Tone, Sweep, Noise, Silence, File };
const char* signalKindName(SignalKind kind);  // "tone", "sweep", "noise", "silence", "file"

struct SignalSpec {
    SignalKind kind = SignalKind::Tone;
    double frequencyHz = 1000.0;  // tone
    double amplitude = 0.5;       // tone, sweep, noise: peak, 0..1
    double sweepStartHz = 20.0;   // sweep: logarithmic from start to end
    double sweepEndHz = 20000.0;
    TimeNs sweepDurationNs = 5'000'000'000;
    std::string filePath;  // file: an audio file, opened by the app layer
    bool loop = false;     // file: start again at its end instead of silence
};

struct WaveRtStreamSettings {
    WaveRtStreamingMode mode = WaveRtStreamingMode::Event;
    std::uint32_t bufferMs = 10;
    ULONG notificationCount = 2;         // event mode
    TimeNs pollingPeriodNs = 3'000'000;  // polling mode
    std::uint32_t writeAheadMs = 10;     // polling render
    bool useRegisters = true;
};

struct WavePciStreamSettings {
    std::uint32_t packetMs = 10;
    std::uint32_t packetsQueued = 4;
};

struct StreamSpec {
    std::string name;  // for reports and file suffixes; "" = "stream<N>"
    StackKind stack = StackKind::WaveRt;
    StreamDirection direction = StreamDirection::Render;
    AudioFormat format;
    SignalSpec signal;
    WaveRtStreamSettings wavert;    // used when stack == WaveRt
    WavePciStreamSettings wavepci;  // used when stack == WavePci
    TimeNs startNs = 0;
    std::optional<TimeNs> stopNs;  // unset: runs to the end of the scenario
};

// Board parameters, applied to every controller of the machine. 0 (or unset)
// keeps the controller's default.
struct HardwareSpec {
    std::uint32_t fifoBytes = 0;
    std::uint32_t burstBytes = 0;
    std::int32_t sampleClockErrorPpm = 0;
    TimeNs codecDelayNs = 0;
    // Run the DMA bursts nothing can observe in catch-up instead of one
    // scheduler event each (HdaConfig / Ac97Config::coalesceBursts): faster,
    // one summary trace record per catch-up instead of one per burst.
    bool coalesceBursts = false;
    // HD Audio only (HdaConfig::pauseDmaWhileBcisPending, HARDWARE.md §8.4):
    // a stream's DMA holds while its BCIS is unacknowledged, as old QEMU and
    // VirtualBox do, so a late or lost interrupt starves the FIFO and the
    // DAC underruns. Default: the DMA keeps moving data (current QEMU).
    bool hdaDmaWaitsForBcisAck = false;
};

enum class ActionKind : std::uint8_t {
    Pause,          // RUN -> PAUSE
    Run,            // PAUSE -> RUN
    Stop,           // -> STOP (the stream can be run again)
    Restart,        // -> STOP, then -> RUN at once
    CancelPackets,  // WavePci: the client cancels what it has queued
    ChangeFormat,   // SetFormat with `format` (refusal is traced, not fatal)
};
const char* actionKindName(ActionKind kind);  // "pause", "run", "stop", "restart",
                                              // "cancel-packets", "change-format"

struct ActionSpec {
    TimeNs atNs = 0;
    std::size_t stream = 0;
    ActionKind kind = ActionKind::Pause;
    AudioFormat format;  // ChangeFormat only
};

enum class FaultKind : std::uint8_t {
    DpcDelay,         // every DPC drain in [fromNs, untilNs) starts delayNs later
    LostInterrupt,    // `count` interrupts of the stream's controller lost, from fromNs
    LateClient,       // the stream's client reacts delayNs late to wakeups in the window
    StalledClient,    // the stream's client does nothing in [fromNs, untilNs)
    DescriptorError,  // the stream's next descriptor fetch after fromNs faults
};
const char* faultKindName(FaultKind kind);  // "dpc-delay", "lost-interrupt", "late-client",
                                            // "stalled-client", "descriptor-error"

struct FaultSpec {
    FaultKind kind = FaultKind::DpcDelay;
    std::optional<std::size_t> stream;  // which stream (not used by DpcDelay)
    TimeNs fromNs = 0;
    std::optional<TimeNs> untilNs;  // unset: to the end
    TimeNs delayNs = 0;
    std::uint32_t count = 1;  // LostInterrupt
};

struct ScenarioSpec {
    std::string name;
    std::string description;  // one line
    std::uint64_t seed = 1;
    TimeNs durationNs = 1'000'000'000;
    OsVersion osVersion = OsVersion::Windows10V1511;
    std::vector<StreamSpec> streams;
    HardwareSpec hardware;
    WavePciMiniportOptions wavepciMiniport;  // policies and bug switches
    WaveRtMiniportOptions wavertMiniport;
    std::vector<ActionSpec> actions;  // any order; run in time order, ties in list order
    std::vector<FaultSpec> faults;
    SystemInterferenceConfig interference;
    // Adapter power policy of every adapter (WaveRT and WavePci): idle
    // timeout to D3 and the PC_EXIT_LATENCY values (AdapterPower.h).
    AdapterPowerConfig power;
};

}  // namespace ps
