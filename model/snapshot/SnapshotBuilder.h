// SnapshotBuilder: reads a ScenarioRun (and the session's TraceLog) on the
// simulation thread and returns an immutable SessionSnapshot.
//
// It only reads: no trace record, no QueryInterface, no AddRef or Release,
// no scheduled event. The interfaces in the stack tree come from the static
// ComInterfaceTable, the reference counts from CUnknown::refCount(), so
// building a snapshot never changes the run's trace or its determinism.
// Cost grows with the number of streams and adapters, not with the trace
// (the trace view shares the log's chunks).
#pragma once

#include "model/scenario/ScenarioRun.h"
#include "model/sim/TraceLog.h"
#include "model/snapshot/SessionSnapshot.h"

#include <memory>
#include <optional>
#include <string>

namespace ps {

// What the session knows that the run does not.
struct SnapshotHeader {
    std::uint64_t generation = 0;
    std::string scenarioName;
    SessionRunState runState = SessionRunState::Paused;
    double speed = 1.0;
};

// Verifier messages a snapshot keeps (the newest).
constexpr std::size_t kSnapshotVerifierMessages = 8;

// run must have been started; log may be null (the snapshot's trace view is
// then empty).
std::shared_ptr<const SessionSnapshot> buildSessionSnapshot(ScenarioRun& run, const TraceLog* log,
                                                            const SnapshotHeader& header);

// One WavePci stream's mapping queue (nullopt when the stream has no open
// WavePci pin) and one WaveRT stream's cyclic buffer (nullopt without an open
// WaveRT pin). Bounded in size (MappingQueueSnapshot.h, CyclicBufferSnapshot.h).
std::optional<MappingQueueSnapshot> buildMappingQueueSnapshot(ScenarioRun& run, std::size_t stream);
std::optional<CyclicBufferSnapshot> buildCyclicBufferSnapshot(ScenarioRun& run, std::size_t stream);

// The registers of one stream's device (nullopt when the stream has no open
// pin) and the stream resources and power state of every adapter. Neither
// syncs, counts or traces anything (RegisterSnapshot.h).
std::optional<DeviceRegistersSnapshot> buildDeviceRegisters(ScenarioRun& run, std::size_t stream);
StreamResourcesSnapshot buildStreamResources(ScenarioRun& run);

// The stack tree alone (adapters, ports, miniports, filters, pins, streams).
StackNode buildStackTree(ScenarioRun& run);

}  // namespace ps
