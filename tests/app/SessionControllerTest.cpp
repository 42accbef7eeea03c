// The session controller on its simulation thread: stepping, stepping back to
// the same trace index as a forward run, pause and resume, commands while
// running, a scenario that cannot start.
#include "app/session/SessionController.h"
#include "model/session/SimulationSession.h"
#include "tests/widgets/WidgetTestSnapshots.h"

#include <QtTest>

#include <thread>

namespace ps {

namespace {
constexpr int kWaitMs = 60000;  // generous: the machine is shared

std::shared_ptr<const SessionSnapshot> forwardTo(std::uint64_t position) {
    SimulationSession session(test::widgetTestSpec());
    if (!session.start().empty()) {
        return nullptr;
    }
    session.seekTo(position);
    return session.snapshot({});
}
}  // namespace

class SessionControllerTest : public QObject {
    Q_OBJECT
  private slots:
    void opensPausedAtTheStart() {
        SessionController controller;
        controller.open(test::widgetTestSpec(), "widget-test");
        controller.waitIdle();
        const auto snap = controller.latest();
        QVERIFY(snap);
        QCOMPARE(snap->runState, SessionRunState::Paused);
        QCOMPARE(snap->scenarioName, std::string("widget-test"));
        QCOMPARE(snap->eventsExecuted, std::uint64_t{0});
        QCOMPARE(snap->streams.size(), std::size_t{3});
        QVERIFY(!snap->stack.children.empty());
        QVERIFY(snap->trace.size() > 0);
    }

    void stepsAndStepsBackToTheSameTraceIndexAsAForwardRun() {
        SessionController controller;
        controller.open(test::widgetTestSpec(), "widget-test");
        controller.advanceBy(msToNs(20));
        for (int u = 0; u < kStepUnitCount; ++u) {
            const StepUnit unit = static_cast<StepUnit>(u);
            controller.step(unit);
            controller.waitIdle();
            const auto first = controller.latest();
            controller.step(unit);
            controller.step(unit);
            controller.waitIdle();
            QVERIFY2(controller.latest()->eventsExecuted > first->eventsExecuted,
                     stepUnitName(unit));
            controller.stepBack(unit);
            controller.stepBack(unit);
            controller.waitIdle();
            const auto back = controller.latest();
            QCOMPARE(back->eventsExecuted, first->eventsExecuted);
            QCOMPARE(back->runState, SessionRunState::Paused);

            const auto forward = forwardTo(first->eventsExecuted);
            QVERIFY(forward);
            QCOMPARE(back->traceRecords, forward->traceRecords);
            QCOMPARE(back->trace.endIndex(), forward->trace.endIndex());
            QCOMPARE(back->traceDigestHex, forward->traceDigestHex);
            QCOMPARE(back->simTimeNs, forward->simTimeNs);
            QCOMPARE(back->traceDigestHex, first->traceDigestHex);
            for (std::size_t i = 0; i < back->streams.size(); ++i) {
                QCOMPARE(back->streams[i].framesPlayed, forward->streams[i].framesPlayed);
                QCOMPARE(back->streams[i].state, forward->streams[i].state);
            }
        }
    }

    void pausesAndResumes() {
        SessionController controller;
        controller.open(test::widgetTestSpec(), "widget-test");
        controller.setSpeed(4.0);
        controller.runLive();
        QTRY_VERIFY_WITH_TIMEOUT(controller.latest()->simTimeNs > msToNs(10), kWaitMs);
        QCOMPARE(controller.latest()->runState, SessionRunState::Live);
        QCOMPARE(controller.latest()->speed, 4.0);

        controller.pause();
        controller.waitIdle();
        const auto paused = controller.latest();
        QCOMPARE(paused->runState, SessionRunState::Paused);
        // Paused means nothing moves: a later command round trip sees the
        // same state.
        controller.setSpeed(4.0);
        controller.waitIdle();
        QCOMPARE(controller.latest()->eventsExecuted, paused->eventsExecuted);
        QCOMPARE(controller.latest()->simTimeNs, paused->simTimeNs);

        controller.runLive();
        QTRY_VERIFY_WITH_TIMEOUT(controller.latest()->simTimeNs > paused->simTimeNs, kWaitMs);
        controller.pause();
        controller.waitIdle();
    }

    void takesCommandsWhileRunning() {
        SessionController controller;
        ScenarioSpec spec = test::widgetTestSpec();
        spec.durationNs = secondsToNs(600);  // still running when the step arrives
        controller.open(spec, "widget-test");
        controller.fastForward();
        QTRY_VERIFY_WITH_TIMEOUT(controller.latest()->eventsExecuted > 100, kWaitMs);
        // A step while fast-forwarding pauses right after its event.
        controller.step(StepUnit::Event);
        controller.waitIdle();
        const auto stepped = controller.latest();
        QCOMPARE(stepped->runState, SessionRunState::Paused);
        controller.stepBack(StepUnit::Event);
        controller.waitIdle();
        QCOMPARE(controller.latest()->eventsExecuted, stepped->eventsExecuted - 1);
        SimulationSession forward(spec);
        QCOMPARE(forward.start(), std::string());
        forward.seekTo(stepped->eventsExecuted - 1);
        QCOMPARE(controller.latest()->traceDigestHex, forward.run().machine().digest().hex());

        controller.seek(50);
        controller.waitIdle();
        QCOMPARE(controller.latest()->eventsExecuted, std::uint64_t{50});
        controller.stop();
        controller.waitIdle();
        QCOMPARE(controller.latest()->eventsExecuted, std::uint64_t{0});
    }

    void fastForwardRunsToTheEnd() {
        SessionController controller;
        controller.open(test::widgetTestSpec(), "widget-test");
        controller.fastForward();
        QTRY_COMPARE_WITH_TIMEOUT(controller.latest()->runState, SessionRunState::Finished,
                                  kWaitMs);
        QCOMPARE(controller.latest()->simTimeNs, msToNs(300));
        // Finished: going back still works.
        controller.stepBack(StepUnit::DmaBurst);
        controller.waitIdle();
        QCOMPARE(controller.latest()->runState, SessionRunState::Paused);
        QVERIFY(controller.latest()->simTimeNs < msToNs(300));
    }

    // A snapshot handed back is freed on the simulation thread, not the
    // caller's (the GUI's).
    void releasesHandedBackSnapshotsOnTheSimulationThread() {
        SessionController controller;
        std::thread::id freedOn;
        std::shared_ptr<const SessionSnapshot> snapshot(new SessionSnapshot,
                                                        [&freedOn](const SessionSnapshot* s) {
                                                            freedOn = std::this_thread::get_id();
                                                            delete s;
                                                        });
        std::weak_ptr<const SessionSnapshot> watch = snapshot;
        controller.releaseOnSimulationThread(std::move(snapshot));
        controller.pause();
        controller.waitIdle();
        QVERIFY(watch.expired());
        QVERIFY(freedOn != std::thread::id());
        QVERIFY(freedOn != std::this_thread::get_id());
    }

    void aScenarioThatCannotStartLeavesAnEmptySessionWithItsError() {
        SessionController controller;
        ScenarioSpec spec = test::widgetTestSpec();
        spec.streams[0].format.channels = 0;
        controller.open(spec, "broken");
        controller.step(StepUnit::Event);  // ignored, no crash
        controller.waitIdle();
        const auto snap = controller.latest();
        QCOMPARE(snap->runState, SessionRunState::Empty);
        QVERIFY(!snap->error.empty());
        QCOMPARE(snap->scenarioName, std::string("broken"));
    }
};

}  // namespace ps

QTEST_GUILESS_MAIN(ps::SessionControllerTest)
#include "SessionControllerTest.moc"
