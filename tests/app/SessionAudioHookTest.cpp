// The session controller drives its SessionAudioHook: attached when the run
// plays live at speed 1, fed and unfed across pauses, detached by anything
// that moves the run without playing it (step, fast-forward, another speed,
// stop, a new scenario, audio switched off), told when the run ends, and
// pacing the run while attached.
#include "app/session/SessionController.h"
#include "model/scenario/ScenarioRun.h"
#include "tests/widgets/WidgetTestSnapshots.h"

#include <QtTest>

#include <mutex>
#include <string>
#include <vector>

namespace ps {

namespace {
constexpr int kWaitMs = 60000;  // generous: the machine is shared

class RecordingHook final : public SessionAudioHook {
  public:
    void attach(ScenarioRun&, TimeNs simNowNs) override {
        record(simNowNs == 0 ? "attach@0" : "attach@later");
        m_pacer.restart(simNowNs, 1.0);
    }
    void setFeeding(bool feeding) override { record(feeding ? "feed" : "unfeed"); }
    void advanced(TimeNs) override {
        std::lock_guard<std::mutex> lock(m_mutex);
        ++m_advances;
    }
    void ended() override { record("ended"); }
    void detach(ScenarioRun&) override { record("detach"); }
    SessionPacer& pacer() override {
        std::lock_guard<std::mutex> lock(m_mutex);
        ++m_pacerUses;
        return m_pacer;
    }

    // The calls since the last take() (advances and pacer uses aside).
    std::vector<std::string> take() {
        std::lock_guard<std::mutex> lock(m_mutex);
        return std::exchange(m_calls, {});
    }
    int advances() const {
        std::lock_guard<std::mutex> lock(m_mutex);
        return m_advances;
    }
    int pacerUses() const {
        std::lock_guard<std::mutex> lock(m_mutex);
        return m_pacerUses;
    }

  private:
    void record(const char* call) {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_calls.emplace_back(call);
    }
    mutable std::mutex m_mutex;
    std::vector<std::string> m_calls;
    int m_advances = 0;
    int m_pacerUses = 0;
    WallClockPacer m_pacer;
};

using Calls = std::vector<std::string>;
}  // namespace

class SessionAudioHookTest : public QObject {
    Q_OBJECT
  private slots:
    void theHookFollowsLivePlayAndLetsGoOfJumps() {
        RecordingHook hook;
        SessionControllerConfig config;
        config.audio = &hook;
        {
            SessionController controller(config);
            ScenarioSpec spec = test::widgetTestSpec();
            spec.durationNs = msToNs(60000);
            controller.open(spec, "long");
            controller.waitIdle();
            QCOMPARE(hook.take(), Calls{});

            controller.runLive();
            controller.waitIdle();
            QCOMPARE(hook.take(), Calls{"attach@0"});
            QTRY_VERIFY_WITH_TIMEOUT(hook.advances() > 2, kWaitMs);
            QVERIFY(hook.pacerUses() > 2);  // its pacer paces the run

            controller.pause();
            controller.waitIdle();
            QCOMPARE(hook.take(), Calls{"unfeed"});
            const int advances = hook.advances();
            controller.runLive();
            controller.waitIdle();
            QCOMPARE(hook.take(), Calls{"feed"});  // the same timeline goes on
            QTRY_VERIFY_WITH_TIMEOUT(hook.advances() > advances, kWaitMs);

            controller.step(StepUnit::Event);  // stepping is silent
            controller.waitIdle();
            QCOMPARE(hook.take(), Calls{"detach"});
            controller.runLive();
            controller.waitIdle();
            QCOMPARE(hook.take(), Calls{"attach@later"});

            controller.setSpeed(2.0);  // only speed 1 plays
            controller.waitIdle();
            QCOMPARE(hook.take(), Calls{"detach"});
            controller.setSpeed(1.0);
            controller.waitIdle();
            QCOMPARE(hook.take(), Calls{"attach@later"});

            controller.fastForward();
            controller.waitIdle();
            QCOMPARE(hook.take(), Calls{"detach"});
            controller.pause();
            controller.setAudioEnabled(false);
            controller.runLive();
            controller.waitIdle();
            QCOMPARE(hook.take(), Calls{});  // off: the wall clock paces
            controller.setAudioEnabled(true);
            controller.waitIdle();
            QCOMPARE(hook.take(), Calls{"attach@later"});

            controller.stop();
            controller.waitIdle();
            QCOMPARE(hook.take(), Calls{"detach"});
            controller.runLive();
            controller.waitIdle();
            QCOMPARE(hook.take(), Calls{"attach@0"});
        }
        // The controller lets go of the hook before it goes.
        QCOMPARE(hook.take(), Calls{"detach"});
    }

    void theHookHearsTheEndOfTheRun() {
        RecordingHook hook;
        SessionControllerConfig config;
        config.audio = &hook;
        SessionController controller(config);
        ScenarioSpec spec = test::widgetTestSpec();
        spec.durationNs = msToNs(100);
        controller.open(spec, "short");
        controller.runLive();
        QTRY_VERIFY_WITH_TIMEOUT(controller.latest()->runState == SessionRunState::Finished,
                                 kWaitMs);
        QCOMPARE(hook.take(), (Calls{"attach@0", "ended", "unfeed"}));
        controller.open(spec, "again");  // a new scenario: the old run goes
        controller.waitIdle();
        QCOMPARE(hook.take(), Calls{"detach"});
    }
};

}  // namespace ps

QTEST_GUILESS_MAIN(ps::SessionAudioHookTest)
#include "SessionAudioHookTest.moc"
