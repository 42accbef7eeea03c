// SessionController: runs a SimulationSession on its own simulation thread,
// the only thread that touches the model.
//
// Commands (open, live, pause, fast-forward, step, step back, seek, speed,
// stop) may be called from any thread; they are queued and applied in order
// on the simulation thread. After every command and every advance the
// thread publishes an immutable SessionSnapshot; latest() returns the newest
// (the GUI takes it on its display timer, about 60 Hz). While running live
// or fast-forward, snapshots are published at most every publishIntervalMs
// of wall time so building them never dominates the run.
//
// Live: simulated time follows the SessionPacer (wall clock x speed); when
// the run cannot keep up for more than maxLagNs, the pacer is restarted at
// the run's time instead of racing to catch up. Fast-forward: as fast as
// possible, no audio. Both stop at the scenario's end (state Finished).
// Step and step back pause first. stop() pauses and rewinds to the start.
//
// Audio: with config.audio set, live play at speed 1 is played through that
// SessionAudioHook and paced by its pacer (the device clock); see
// SessionAudioHook.h for when it is attached, fed and detached. Pause stops
// feeding it; fast-forward, stepping, seeking and other speeds are silent.
// setAudioEnabled(false) detaches it and paces by the wall clock until it is
// enabled again (the audio side swaps its device in between).
//
// latest() is never null (an Empty snapshot before anything is open).
// waitIdle() blocks the caller until every command queued before it has been
// applied and its snapshot published (--run-for, --screenshot and tests use
// it). The destructor stops the thread.
#pragma once

#include "app/session/SessionAudioHook.h"
#include "app/session/SessionPacer.h"
#include "model/scenario/ScenarioRun.h"
#include "model/session/StepUnit.h"
#include "model/snapshot/SessionSnapshot.h"

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace ps {

class SimulationSession;

struct SessionControllerConfig {
    ScenarioRunHooks hooks;  // file sources etc., for every scenario opened
    std::size_t maxTraceRecords = std::size_t{1} << 20;
    int publishIntervalMs = 8;
    TimeNs maxLagNs = msToNs(200);
    // Makes the pacer (default: WallClockPacer).
    std::function<std::unique_ptr<SessionPacer>()> makePacer;
    // Plays live runs (nullptr: silent). Must outlive the controller.
    SessionAudioHook* audio = nullptr;
    // Called on the simulation thread when a scenario is opened, after the
    // old session is gone and before the new one's first run is built (the
    // GUI starts new capture tapes there: every run of one session, replays
    // included, reads the same recorded input, and a new session records
    // afresh).
    std::function<void()> beforeOpen;
};

class SessionController {
  public:
    explicit SessionController(SessionControllerConfig config = {});
    ~SessionController();
    SessionController(const SessionController&) = delete;
    SessionController& operator=(const SessionController&) = delete;

    // Replaces the current session (paused at t = 0). A spec that cannot
    // start leaves an Empty snapshot whose error says why.
    void open(const ScenarioSpec& spec, const std::string& name);
    void runLive();
    void pause();
    void fastForward();
    void setSpeed(double speed);  // clamped to [0.01, 100]
    void step(StepUnit unit);
    void stepBack(StepUnit unit);
    void seek(std::uint64_t position);
    // Paused, advanced by deltaNs of simulated time at once.
    void advanceBy(TimeNs deltaNs);
    void stop();
    // Plays through config.audio (default) or not. After waitIdle() returns
    // following setAudioEnabled(false), the simulation thread no longer
    // touches the hook until it is enabled again.
    void setAudioEnabled(bool enabled);

    void waitIdle();
    std::shared_ptr<const SessionSnapshot> latest() const;
    // Hands a snapshot the GUI has done with to the simulation thread, which
    // drops it there. The last reference to a finished run's trace (hundreds
    // of thousands of records) would otherwise be freed on the GUI thread,
    // in the middle of a display frame.
    void releaseOnSimulationThread(std::shared_ptr<const SessionSnapshot> snapshot);

    struct Command;  // defined in the .cpp

  private:
    void enqueue(Command command);
    void threadMain();
    void apply(const Command& command);
    void advanceRunning();
    void publish();
    SessionRunState currentState() const;
    // The pacer that paces live play now: the audio hook's while attached.
    SessionPacer& activePacer();
    void detachAudio();
    // Attaches, feeds or detaches the audio hook as the mode asks.
    void syncAudio();

    SessionControllerConfig m_config;

    // Shared between threads (m_mutex).
    mutable std::mutex m_mutex;
    std::condition_variable m_wake;  // commands arrived
    std::condition_variable m_idle;  // commands applied
    std::deque<Command> m_queue;
    std::vector<std::shared_ptr<const SessionSnapshot>> m_retired;
    std::uint64_t m_submitted = 0;
    std::uint64_t m_applied = 0;
    bool m_quit = false;
    std::shared_ptr<const SessionSnapshot> m_latest = std::make_shared<const SessionSnapshot>();

    // Simulation thread only.
    std::unique_ptr<SimulationSession> m_session;
    std::unique_ptr<SessionPacer> m_pacer;
    std::string m_name;
    std::string m_error;
    SessionRunState m_mode = SessionRunState::Empty;
    double m_speed = 1.0;
    std::uint64_t m_generation = 0;
    std::chrono::steady_clock::time_point m_lastPublish;
    bool m_audioEnabled = true;
    bool m_audioAttached = false;
    bool m_audioFeeding = false;
    bool m_audioEnded = false;

    std::thread m_thread;  // last: starts after everything above exists
};

}  // namespace ps
