#include "app/session/SessionController.h"

#include "model/session/SimulationSession.h"

#include <algorithm>

namespace ps {

namespace {
// Fast-forward advances in slices this long so commands get a look-in.
constexpr TimeNs kFastForwardSliceNs = msToNs(5);
// Live mode sleeps this long between passes (commands wake it at once).
constexpr auto kLivePassInterval = std::chrono::milliseconds(2);
}  // namespace

struct SessionController::Command {
    enum class Kind {
        Open,
        Live,
        Pause,
        FastForward,
        Speed,
        Step,
        StepBack,
        Seek,
        AdvanceBy,
        Stop,
        Audio
    };
    Kind kind = Kind::Pause;
    ScenarioSpec spec;
    std::string name;
    StepUnit unit = StepUnit::Event;
    std::uint64_t position = 0;
    double speed = 1.0;
    TimeNs deltaNs = 0;
    bool enabled = true;
};

namespace {
SessionController::Command simpleCommand(SessionController::Command::Kind kind) {
    SessionController::Command c;
    c.kind = kind;
    return c;
}
}  // namespace

SessionController::SessionController(SessionControllerConfig config)
    : m_config(std::move(config)), m_thread([this] { threadMain(); }) {}

SessionController::~SessionController() {
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_quit = true;
    }
    m_wake.notify_all();
    m_thread.join();
}

void SessionController::enqueue(Command command) {
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_queue.push_back(std::move(command));
        ++m_submitted;
    }
    m_wake.notify_all();
}

void SessionController::open(const ScenarioSpec& spec, const std::string& name) {
    Command c;
    c.kind = Command::Kind::Open;
    c.spec = spec;
    c.name = name;
    enqueue(std::move(c));
}

void SessionController::runLive() {
    enqueue(simpleCommand(Command::Kind::Live));
}

void SessionController::pause() {
    enqueue(simpleCommand(Command::Kind::Pause));
}

void SessionController::fastForward() {
    enqueue(simpleCommand(Command::Kind::FastForward));
}

void SessionController::setSpeed(double speed) {
    Command c;
    c.kind = Command::Kind::Speed;
    c.speed = std::clamp(speed, 0.01, 100.0);
    enqueue(std::move(c));
}

void SessionController::step(StepUnit unit) {
    Command c;
    c.kind = Command::Kind::Step;
    c.unit = unit;
    enqueue(std::move(c));
}

void SessionController::stepBack(StepUnit unit) {
    Command c;
    c.kind = Command::Kind::StepBack;
    c.unit = unit;
    enqueue(std::move(c));
}

void SessionController::seek(std::uint64_t position) {
    Command c;
    c.kind = Command::Kind::Seek;
    c.position = position;
    enqueue(std::move(c));
}

void SessionController::advanceBy(TimeNs deltaNs) {
    Command c;
    c.kind = Command::Kind::AdvanceBy;
    c.deltaNs = std::max<TimeNs>(0, deltaNs);
    enqueue(std::move(c));
}

void SessionController::stop() {
    enqueue(simpleCommand(Command::Kind::Stop));
}

void SessionController::setAudioEnabled(bool enabled) {
    Command c;
    c.kind = Command::Kind::Audio;
    c.enabled = enabled;
    enqueue(std::move(c));
}

void SessionController::waitIdle() {
    std::unique_lock<std::mutex> lock(m_mutex);
    const std::uint64_t target = m_submitted;
    m_idle.wait(lock, [&] { return m_applied >= target || m_quit; });
}

void SessionController::releaseOnSimulationThread(std::shared_ptr<const SessionSnapshot> snapshot) {
    if (!snapshot) {
        return;
    }
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_retired.push_back(std::move(snapshot));
    }
    m_wake.notify_one();
}

std::shared_ptr<const SessionSnapshot> SessionController::latest() const {
    std::lock_guard<std::mutex> lock(m_mutex);
    return m_latest;
}

SessionRunState SessionController::currentState() const {
    if (!m_session || !m_session->ok()) {
        return SessionRunState::Empty;
    }
    if (m_session->finished()) {
        return SessionRunState::Finished;
    }
    return m_mode;
}

void SessionController::publish() {
    SnapshotHeader header;
    header.generation = ++m_generation;
    header.scenarioName = m_name;
    header.runState = currentState();
    header.speed = m_speed;
    std::shared_ptr<const SessionSnapshot> snap;
    if (m_session && m_session->ok()) {
        snap = m_session->snapshot(header);
    } else {
        auto empty = std::make_shared<SessionSnapshot>();
        empty->generation = header.generation;
        empty->scenarioName = m_name;
        empty->error = m_error;
        empty->speed = m_speed;
        snap = std::move(empty);
    }
    m_lastPublish = std::chrono::steady_clock::now();
    std::lock_guard<std::mutex> lock(m_mutex);
    m_latest = std::move(snap);
}

void SessionController::apply(const Command& c) {
    using Kind = Command::Kind;
    const bool haveRun = m_session && m_session->ok();
    switch (c.kind) {
        case Kind::Open: {
            detachAudio();
            m_session.reset();  // the old run first: one model at a time
            if (m_config.beforeOpen) {
                m_config.beforeOpen();
            }
            m_name = c.name;
            m_session = std::make_unique<SimulationSession>(c.spec, m_config.hooks,
                                                            m_config.maxTraceRecords);
            m_error = m_session->start();
            m_mode = m_error.empty() ? SessionRunState::Paused : SessionRunState::Empty;
            break;
        }
        case Kind::Live:
            if (haveRun && !m_session->finished()) {
                m_mode = SessionRunState::Live;
                syncAudio();
                activePacer().restart(m_session->now(), m_speed);
            }
            break;
        case Kind::FastForward:
            if (haveRun && !m_session->finished()) {
                detachAudio();
                m_mode = SessionRunState::FastForward;
            }
            break;
        case Kind::Pause:
            if (haveRun) {
                m_mode = SessionRunState::Paused;
                syncAudio();
            }
            break;
        case Kind::Speed:
            m_speed = c.speed;
            if (haveRun) {
                if (m_speed != 1.0) {
                    detachAudio();
                }
                syncAudio();
                activePacer().restart(m_session->now(), m_speed);
            }
            break;
        case Kind::Audio:
            m_audioEnabled = c.enabled;
            if (!m_audioEnabled) {
                detachAudio();
            }
            if (haveRun) {
                syncAudio();
                activePacer().restart(m_session->now(), m_speed);
            }
            break;
        case Kind::Step:
            if (haveRun) {
                detachAudio();
                m_mode = SessionRunState::Paused;
                m_session->step(c.unit);
            }
            break;
        case Kind::StepBack:
            if (haveRun) {
                detachAudio();
                m_mode = SessionRunState::Paused;
                m_session->stepBack(c.unit);
            }
            break;
        case Kind::Seek:
            if (haveRun) {
                detachAudio();
                m_mode = SessionRunState::Paused;
                m_session->seekTo(c.position);
            }
            break;
        case Kind::AdvanceBy:
            if (haveRun) {
                detachAudio();
                m_mode = SessionRunState::Paused;
                m_session->advanceTo(m_session->now() + c.deltaNs);
            }
            break;
        case Kind::Stop:
            if (haveRun) {
                detachAudio();
                m_mode = SessionRunState::Paused;
                m_session->seekTo(0);
            }
            break;
    }
}

SessionPacer& SessionController::activePacer() {
    return m_audioAttached ? m_config.audio->pacer() : *m_pacer;
}

void SessionController::detachAudio() {
    if (m_audioAttached && m_session && m_session->ok()) {
        m_config.audio->detach(m_session->run());
    }
    m_audioAttached = false;
    m_audioFeeding = false;
    m_audioEnded = false;
}

void SessionController::syncAudio() {
    if (m_config.audio == nullptr || !m_session || !m_session->ok()) {
        return;
    }
    const bool play = m_audioEnabled && m_speed == 1.0 && m_mode == SessionRunState::Live &&
                      !m_session->finished();
    if (play && !m_audioAttached) {
        m_config.audio->attach(m_session->run(), m_session->now());
        m_audioAttached = true;
        m_audioFeeding = true;
        m_audioEnded = false;
    } else if (m_audioAttached && play != m_audioFeeding) {
        m_config.audio->setFeeding(play);
        m_audioFeeding = play;
    }
}

void SessionController::advanceRunning() {
    if (!m_session || !m_session->ok() || m_session->finished()) {
        return;
    }
    if (m_mode == SessionRunState::Live) {
        SessionPacer& pacer = activePacer();
        TimeNs target = pacer.target();
        if (target - m_session->now() > m_config.maxLagNs) {
            // Too far behind (a slow machine or a stall): drop the lag.
            target = m_session->now() + m_config.maxLagNs;
            pacer.restart(target, m_speed);
        }
        m_session->advanceTo(target);
        if (m_audioAttached) {
            m_config.audio->advanced(m_session->now());
            if (m_session->finished() && !m_audioEnded) {
                m_config.audio->ended();
                m_audioEnded = true;
            }
        }
    } else if (m_mode == SessionRunState::FastForward) {
        m_session->advanceTo(m_session->now() + kFastForwardSliceNs);
    }
}

void SessionController::threadMain() {
    m_pacer = m_config.makePacer ? m_config.makePacer() : std::make_unique<WallClockPacer>();
    publish();
    for (;;) {
        std::deque<Command> commands;
        std::vector<std::shared_ptr<const SessionSnapshot>> retired;
        {
            std::unique_lock<std::mutex> lock(m_mutex);
            const bool running =
                m_mode == SessionRunState::Live || m_mode == SessionRunState::FastForward;
            const auto due = [&] { return m_quit || !m_queue.empty() || !m_retired.empty(); };
            if (!running) {
                m_wake.wait(lock, due);
            } else if (m_mode == SessionRunState::Live && m_queue.empty()) {
                m_wake.wait_for(lock, kLivePassInterval, due);
            }
            if (m_quit) {
                break;
            }
            commands.swap(m_queue);
            retired.swap(m_retired);
        }
        retired.clear();  // here, not on the GUI thread
        for (const Command& c : commands) {
            apply(c);
        }
        if (!commands.empty()) {
            publish();
            {
                std::lock_guard<std::mutex> lock(m_mutex);
                m_applied += commands.size();
            }
            m_idle.notify_all();
        }
        if (m_mode == SessionRunState::Live || m_mode == SessionRunState::FastForward) {
            advanceRunning();
            const bool done = !m_session || !m_session->ok() || m_session->finished();
            if (done) {
                m_mode =
                    m_session && m_session->ok() ? SessionRunState::Paused : SessionRunState::Empty;
                syncAudio();
            }
            const auto since = std::chrono::steady_clock::now() - m_lastPublish;
            if (done || since >= std::chrono::milliseconds(m_config.publishIntervalMs)) {
                publish();
            }
        }
    }
    detachAudio();
    m_session.reset();
    m_idle.notify_all();
}

}  // namespace ps
