// SimulationSession: one scenario run as the inspector drives it, without
// threads (SessionController puts it on the simulation thread).
//
// It owns the ScenarioRun, a TraceLog of the whole trace and a compact map
// from trace record index to the run's position. A position is the number of
// scheduler events executed: "position N" is the state right after the
// N-th event (0: right after start()). A record's position is the number of
// events executed when it was emitted, so position(r) is the state right
// after the event that emitted r.
//
// Moving:
// - advanceTo(t): every event up to simulated time t (live, fast-forward);
// - step(unit): events one at a time until one emits a record marking the
//   unit (StepUnit.h), stopping after that event;
// - stepBack(unit): to the position of the newest record marking the unit
//   that lies before the current position (Event: one event back), by
//   replaying: the run is rebuilt from the scenario (same spec, same seed)
//   and run forward to that position, one event at a time, exactly as
//   step() runs them, so the state equals a forward run to that position;
// - seekTo(position): forward by stepping, backward by replay.
// Events past the scenario's duration are not stepped into: reaching it
// finishes the run (ScenarioRun::advanceTo), after which nothing moves
// forward but stepping back still works. The close-down (clients and pins
// closing, with the events that takes) is a single step: stepping back from
// the finished run goes to the state before it, and records the close-down
// emitted mark no state to step back to.
//
// Sessions always run one scheduler event and one trace record per DMA burst
// (spec.hardware.coalesceBursts is forced off) so stepping by burst sees each.
// Not thread-safe: one thread (the simulation thread) calls everything.
#pragma once

#include "model/scenario/ScenarioRun.h"
#include "model/session/StepUnit.h"
#include "model/sim/TraceLog.h"
#include "model/snapshot/SnapshotBuilder.h"

#include <cstdint>
#include <deque>
#include <memory>
#include <string>

namespace ps {

class SimulationSession {
  public:
    SimulationSession(const ScenarioSpec& spec, ScenarioRunHooks hooks = {},
                      std::size_t maxTraceRecords = TraceLog::kDefaultMaxRecords);
    ~SimulationSession();
    SimulationSession(const SimulationSession&) = delete;
    SimulationSession& operator=(const SimulationSession&) = delete;

    // Builds and starts the run; "" or the error (the session is then unusable).
    std::string start();
    bool ok() const { return m_instance != nullptr; }

    // Live and fast-forward: every event up to t (clamped to the duration).
    void advanceTo(TimeNs t);
    // One event; false when nothing moved (finished, or no event left).
    bool stepEvent();
    // See the header comment. False when the run finished before a record of
    // the unit appeared (the session is then at the end).
    bool step(StepUnit unit);
    // False (and nothing changes) when already at position 0.
    bool stepBack(StepUnit unit);
    void seekTo(std::uint64_t position);

    bool finished() const;
    TimeNs now() const;
    std::uint64_t position() const;
    std::uint64_t replays() const { return m_replays; }

    // The position of a record (see above); nullopt when the map no longer
    // holds it or it was never emitted.
    std::optional<std::uint64_t> positionOfRecord(std::uint64_t recordIndex) const;

    const ScenarioSpec& spec() const { return m_spec; }
    ScenarioRun& run();
    const TraceLog& traceLog() const;
    std::shared_ptr<const SessionSnapshot> snapshot(const SnapshotHeader& header);

  private:
    class Watcher;
    struct Instance;

    std::unique_ptr<Instance> makeInstance(std::string* error);
    void replayTo(std::uint64_t position);
    // Position to go back to for `unit` (< position()), or nullopt.
    std::optional<std::uint64_t> earlierPosition(StepUnit unit) const;

    ScenarioSpec m_spec;
    ScenarioRunHooks m_hooks;
    std::size_t m_maxTraceRecords;
    std::unique_ptr<Instance> m_instance;
    std::uint64_t m_replays = 0;
};

}  // namespace ps
