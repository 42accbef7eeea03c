#include "model/session/SimulationSession.h"

#include <algorithm>
#include <stdexcept>

namespace ps {

// Watches every record: keeps the record -> position map (one entry per run
// of records with the same position) and notes whether a record marking the
// unit being stepped has appeared.
class SimulationSession::Watcher : public TraceSink {
  public:
    Watcher(const Scheduler& scheduler, const TraceLog& log) : m_scheduler(scheduler), m_log(log) {}

    void onTraceRecord(const TraceRecord& record) override {
        // The scheduler counts an event as executed before running it, so a
        // record emitted by the event with index i sees i + 1: the state
        // right after that event.
        const std::uint64_t position = m_scheduler.executedCount();
        if (m_runs.empty() || m_runs.back().position != position) {
            m_runs.push_back({record.index, position});
            if (m_runs.size() % kPruneEvery == 0) {
                prune();
            }
        }
        m_endIndex = record.index + 1;
        if (m_watching && !m_hit && recordMarksStep(record, m_unit)) {
            m_hit = true;
        }
    }

    void watch(StepUnit unit) {
        m_unit = unit;
        m_watching = true;
        m_hit = false;
    }
    void unwatch() { m_watching = false; }
    bool hit() const { return m_hit; }

    std::optional<std::uint64_t> positionOf(std::uint64_t recordIndex) const {
        if (m_runs.empty() || recordIndex >= m_endIndex ||
            recordIndex < m_runs.front().firstRecord) {
            return std::nullopt;
        }
        auto it = std::upper_bound(
            m_runs.begin(), m_runs.end(), recordIndex,
            [](std::uint64_t index, const Run& run) { return index < run.firstRecord; });
        return std::prev(it)->position;
    }

  private:
    struct Run {
        std::uint64_t firstRecord;
        std::uint64_t position;
    };
    static constexpr std::size_t kPruneEvery = 1u << 16;

    // Entries for records the log has dropped can go (keep the one that
    // covers the log's first record).
    void prune() {
        const std::uint64_t first = m_log.firstIndex();
        while (m_runs.size() > 1 && m_runs[1].firstRecord <= first) {
            m_runs.pop_front();
        }
    }

    const Scheduler& m_scheduler;
    const TraceLog& m_log;
    std::deque<Run> m_runs;
    std::uint64_t m_endIndex = 0;
    StepUnit m_unit = StepUnit::Event;
    bool m_watching = false;
    bool m_hit = false;
};

struct SimulationSession::Instance {
    // Declaration order matters: the run is destroyed first, while the sinks
    // it still traces to (closing pins emits records) are alive.
    std::unique_ptr<TraceLog> log;
    std::unique_ptr<Watcher> watcher;
    std::unique_ptr<ScenarioRun> run;
    // The run's close-down (clients and pins closing, its own events run to
    // completion) is one step: the position and the first record before it.
    // Positions inside it are not states a session can stop at.
    std::uint64_t closeDownFrom = 0;
    std::uint64_t closeDownFirstRecord = 0;

    bool advanceOne() {
        if (run->finished()) {
            return false;
        }
        Scheduler& scheduler = run->machine().scheduler();
        const std::optional<TimeNs> next = scheduler.nextEventTime();
        if (!next || *next > run->spec().durationNs) {
            closeDownFrom = scheduler.executedCount();
            closeDownFirstRecord = log->view().endIndex();
            run->advanceTo(run->spec().durationNs);  // finishes the run
            return true;
        }
        return scheduler.step();
    }
};

SimulationSession::SimulationSession(const ScenarioSpec& spec, ScenarioRunHooks hooks,
                                     std::size_t maxTraceRecords)
    : m_spec(spec), m_hooks(std::move(hooks)), m_maxTraceRecords(maxTraceRecords) {
    m_spec.hardware.coalesceBursts = false;
}

SimulationSession::~SimulationSession() = default;

std::unique_ptr<SimulationSession::Instance> SimulationSession::makeInstance(std::string* error) {
    auto in = std::make_unique<Instance>();
    auto run = std::make_unique<ScenarioRun>(m_spec, m_hooks);
    in->log = TraceLog::attachTo(run->machine().tracer(), m_maxTraceRecords);
    in->watcher = std::make_unique<Watcher>(run->machine().scheduler(), *in->log);
    run->machine().tracer().addSink(in->watcher.get());
    in->run = std::move(run);
    *error = in->run->start();
    if (!error->empty()) {
        return nullptr;
    }
    return in;
}

std::string SimulationSession::start() {
    std::string error;
    m_instance = makeInstance(&error);
    return error;
}

ScenarioRun& SimulationSession::run() {
    if (!m_instance) {
        throw std::logic_error("SimulationSession: no run (start() failed or was not called)");
    }
    return *m_instance->run;
}

const TraceLog& SimulationSession::traceLog() const {
    if (!m_instance) {
        throw std::logic_error("SimulationSession: no run (start() failed or was not called)");
    }
    return *m_instance->log;
}

bool SimulationSession::finished() const {
    return m_instance && m_instance->run->finished();
}

TimeNs SimulationSession::now() const {
    return m_instance ? m_instance->run->now() : 0;
}

std::uint64_t SimulationSession::position() const {
    return m_instance ? m_instance->run->machine().scheduler().executedCount() : 0;
}

void SimulationSession::advanceTo(TimeNs t) {
    if (!m_instance) {
        return;
    }
    const TimeNs end = m_spec.durationNs;
    if (t < end || end <= 0) {
        m_instance->run->advanceTo(t);
        return;
    }
    // Up to the end, then the events due at the end and the close-down one
    // step at a time, so the close-down is known as such.
    m_instance->run->advanceTo(end - 1);
    while (m_instance->advanceOne()) {
    }
}

bool SimulationSession::stepEvent() {
    return m_instance && m_instance->advanceOne();
}

bool SimulationSession::step(StepUnit unit) {
    if (!m_instance) {
        return false;
    }
    if (unit == StepUnit::Event) {
        return m_instance->advanceOne();
    }
    Watcher& watcher = *m_instance->watcher;
    watcher.watch(unit);
    bool hit = false;
    while (m_instance->advanceOne()) {
        if (watcher.hit()) {
            hit = true;
            break;
        }
    }
    watcher.unwatch();
    return hit;
}

std::optional<std::uint64_t> SimulationSession::positionOfRecord(std::uint64_t recordIndex) const {
    return m_instance ? m_instance->watcher->positionOf(recordIndex) : std::nullopt;
}

std::optional<std::uint64_t> SimulationSession::earlierPosition(StepUnit unit) const {
    const std::uint64_t current = position();
    // From a finished run the latest earlier state is the one before the
    // close-down; the close-down's own records mark no reachable state.
    const bool closedDown = finished();
    if (current == 0 && !closedDown) {
        return std::nullopt;
    }
    const std::uint64_t latest = closedDown ? m_instance->closeDownFrom : current - 1;
    if (unit == StepUnit::Event) {
        return latest;
    }
    const TraceLogView view = m_instance->log->view();
    const std::uint64_t end =
        closedDown ? std::min(view.endIndex(), m_instance->closeDownFirstRecord) : view.endIndex();
    for (std::uint64_t i = end; i > view.firstIndex(); --i) {
        const TraceRecord& r = view.at(i - 1);
        if (!recordMarksStep(r, unit)) {
            continue;
        }
        const std::optional<std::uint64_t> p = positionOfRecord(i - 1);
        if (p && *p <= latest) {
            return p;
        }
    }
    return 0;  // none earlier: back to the start
}

bool SimulationSession::stepBack(StepUnit unit) {
    if (!m_instance) {
        return false;
    }
    const std::optional<std::uint64_t> target = earlierPosition(unit);
    if (!target) {
        return false;
    }
    replayTo(*target);
    return true;
}

void SimulationSession::seekTo(std::uint64_t target) {
    if (!m_instance) {
        return;
    }
    if (target < position()) {
        replayTo(target);
        return;
    }
    while (position() < target && m_instance->advanceOne()) {
    }
}

void SimulationSession::replayTo(std::uint64_t target) {
    std::string error;
    std::unique_ptr<Instance> fresh = makeInstance(&error);
    if (!fresh) {
        // The spec started once, so it starts again; a failure here means
        // the model is not deterministic, which is a bug.
        throw std::logic_error("SimulationSession: replay failed to start: " + error);
    }
    m_instance = std::move(fresh);
    ++m_replays;
    while (position() < target && m_instance->advanceOne()) {
    }
}

std::shared_ptr<const SessionSnapshot> SimulationSession::snapshot(const SnapshotHeader& header) {
    if (!m_instance) {
        auto empty = std::make_shared<SessionSnapshot>();
        empty->generation = header.generation;
        empty->scenarioName = header.scenarioName;
        empty->runState = SessionRunState::Empty;
        return empty;
    }
    return buildSessionSnapshot(*m_instance->run, m_instance->log.get(), header);
}

}  // namespace ps
