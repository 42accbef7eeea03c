// SessionSnapshot: an immutable picture of one inspector session at one
// moment, built on the simulation thread (SnapshotBuilder) and handed to the
// GUI thread as std::shared_ptr<const SessionSnapshot>. Plain values only: no
// pointer into the model, so a snapshot stays valid after the run that made
// it is gone (the trace view shares its chunks and strings, see TraceLog.h).
//
// Times are simulated nanoseconds from the run's start (ScenarioRun's t = 0).
// Counts are totals since the run's start. New kinds of state (mapping
// queues, cyclic buffers, registers, resources) are added as further members
// next to `streams` and `stack`; views read only what they draw.
#pragma once

#include "model/ks/AudioFormat.h"
#include "model/scenario/ScenarioSpec.h"
#include "model/sim/SimTime.h"
#include "model/sim/TraceLog.h"
#include "model/snapshot/CyclicBufferSnapshot.h"
#include "model/snapshot/MappingQueueSnapshot.h"
#include "model/snapshot/RegisterSnapshot.h"
#include "model/snapshot/StreamResourcesSnapshot.h"

#include <cstdint>
#include <string>
#include <vector>

namespace ps {

// What the session is doing. Empty: no scenario is open (or it failed to
// start, `error` says why).
enum class SessionRunState : std::uint8_t { Empty, Paused, Live, FastForward, Finished };
const char* sessionRunStateName(SessionRunState state);  // "paused", "live", ...

struct StreamSnapshot {
    std::uint16_t streamId = 0;  // the stream's index in the scenario
    std::string name;
    StackKind stack = StackKind::WaveRt;
    StreamDirection direction = StreamDirection::Render;
    std::string state;  // KSSTATE name of the pin ("KSSTATE_RUN")
    AudioFormat format;
    std::string formatText;  // AudioFormat::describe()
    std::uint64_t framesSubmitted = 0;
    std::uint64_t framesPlayed = 0;    // render
    std::uint64_t framesCaptured = 0;  // capture
    std::uint64_t glitches = 0;        // see StreamReport::glitches
    std::uint64_t underruns = 0;       // device-level underruns / overruns
    std::uint64_t underrunFrames = 0;
    std::uint64_t clientErrors = 0;
    // Positions the client keeps (bytes since the stream's current run).
    // WaveRT: the cyclic buffer's size, the client's write (render) or read
    // (capture) position and the last device position it observed. WavePci:
    // bufferBytes 0, packets in flight instead.
    std::uint32_t bufferBytes = 0;
    std::uint64_t clientPositionBytes = 0;
    std::uint64_t devicePositionBytes = 0;
    std::uint64_t packetsInFlight = 0;  // WavePci: submitted - returned
};

// One node of the stack tree: adapter -> port, miniport, filter -> pins ->
// streams (port pin and miniport stream objects). COM objects list the
// interfaces they answer to QueryInterface and their reference count.
struct StackNode {
    enum class Kind : std::uint8_t {
        Machine,
        Adapter,
        Port,
        Miniport,
        Filter,
        Pin,
        PortStream,      // the port's pin instance (CPortPin...)
        MiniportStream,  // the miniport's stream object
    };
    Kind kind = Kind::Machine;
    std::string name;    // "HD Audio WaveRT adapter 0", "CPortWaveRT", "pin 0 (render)"
    std::string detail;  // state, format, device names: one line
    std::vector<std::string> interfaces;  // DDI names, "IPortWaveRT"
    std::int64_t refCount = -1;           // -1: not a COM object
    int streamId = -1;                    // PortStream / MiniportStream: the stream
    std::vector<StackNode> children;
};
const char* stackNodeKindName(StackNode::Kind kind);  // "adapter", "port", ...
// Same kind, texts, interfaces, count, stream and children (recursively).
bool operator==(const StackNode& a, const StackNode& b);
inline bool operator!=(const StackNode& a, const StackNode& b) {
    return !(a == b);
}

struct VerifierSnapshot {
    std::uint64_t violations = 0;
    std::vector<std::string> newestMessages;  // newest last, at most a few
};

struct SessionSnapshot {
    std::uint64_t generation = 0;  // increases with every published snapshot
    std::string scenarioName;
    std::string error;  // why the session is Empty ("" when it is not)
    SessionRunState runState = SessionRunState::Empty;
    double speed = 1.0;  // live pacing: simulated seconds per wall second

    TimeNs simTimeNs = 0;
    TimeNs durationNs = 0;
    std::uint64_t eventsExecuted = 0;
    std::uint64_t traceRecords = 0;
    std::string traceDigestHex;  // digest of every record so far

    std::vector<StreamSnapshot> streams;
    std::vector<MappingQueueSnapshot> mappingQueues;       // open WavePci streams, by streamId
    std::vector<CyclicBufferSnapshot> cyclicBuffers;       // open WaveRT streams, by streamId
    std::vector<DeviceRegistersSnapshot> deviceRegisters;  // open streams, by streamId
    StreamResourcesSnapshot resources;
    StackNode stack;
    VerifierSnapshot verifier;
    TraceLogView trace;  // every record the session keeps, read-only

    std::uint64_t totalGlitches() const;
    // The entry of `streamId`, or nullptr (not that stack, or its pin closed).
    const MappingQueueSnapshot* mappingQueueOf(std::uint16_t streamId) const;
    const CyclicBufferSnapshot* cyclicBufferOf(std::uint16_t streamId) const;
    const DeviceRegistersSnapshot* registersOf(std::uint16_t streamId) const;
};

}  // namespace ps
