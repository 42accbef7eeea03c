#include "model/session/SimulationSession.h"
#include "tests/model/session/SessionSpecs.h"

#include <gtest/gtest.h>

namespace ps {
namespace {

using test::mixedSessionSpec;

// Everything a snapshot says about the run (not the session's own header).
void expectSameState(const SessionSnapshot& a, const SessionSnapshot& b) {
    EXPECT_EQ(a.simTimeNs, b.simTimeNs);
    EXPECT_EQ(a.eventsExecuted, b.eventsExecuted);
    EXPECT_EQ(a.traceRecords, b.traceRecords);
    EXPECT_EQ(a.traceDigestHex, b.traceDigestHex);
    ASSERT_EQ(a.streams.size(), b.streams.size());
    for (std::size_t i = 0; i < a.streams.size(); ++i) {
        const StreamSnapshot& x = a.streams[i];
        const StreamSnapshot& y = b.streams[i];
        EXPECT_EQ(x.state, y.state);
        EXPECT_EQ(x.framesSubmitted, y.framesSubmitted);
        EXPECT_EQ(x.framesPlayed, y.framesPlayed);
        EXPECT_EQ(x.framesCaptured, y.framesCaptured);
        EXPECT_EQ(x.glitches, y.glitches);
        EXPECT_EQ(x.clientPositionBytes, y.clientPositionBytes);
        EXPECT_EQ(x.devicePositionBytes, y.devicePositionBytes);
        EXPECT_EQ(x.packetsInFlight, y.packetsInFlight);
    }
    EXPECT_EQ(a.verifier.violations, b.verifier.violations);
    EXPECT_EQ(a.trace.endIndex(), b.trace.endIndex());
}

std::vector<const TraceRecord*> recordsAtPosition(const SimulationSession& session,
                                                  const TraceLogView& view,
                                                  std::uint64_t position) {
    std::vector<const TraceRecord*> out;
    for (std::uint64_t i = view.firstIndex(); i < view.endIndex(); ++i) {
        if (session.positionOfRecord(i) == position) {
            out.push_back(&view.at(i));
        }
    }
    return out;
}

TEST(SimulationSessionTest, StartsAtPositionZeroWithTheStackBuilt) {
    SimulationSession session(mixedSessionSpec());
    ASSERT_EQ(session.start(), "");
    EXPECT_EQ(session.position(), 0u);
    EXPECT_EQ(session.now(), 0);
    EXPECT_GT(session.traceLog().endIndex(), 0u);  // pins opened during start
    EXPECT_EQ(session.positionOfRecord(0), 0u);
}

TEST(SimulationSessionTest, ABadSpecFailsToStartWithAMessage) {
    ScenarioSpec spec = mixedSessionSpec();
    spec.streams[0].format.channels = 0;
    SimulationSession session(spec);
    EXPECT_NE(session.start(), "");
    EXPECT_FALSE(session.ok());
    EXPECT_FALSE(session.step(StepUnit::Event));
    EXPECT_FALSE(session.stepBack(StepUnit::Event));
}

TEST(SimulationSessionTest, StepByEachUnitStopsRightAfterTheEventThatEmittedOne) {
    for (int u = 0; u < kStepUnitCount; ++u) {
        const StepUnit unit = static_cast<StepUnit>(u);
        SCOPED_TRACE(stepUnitName(unit));
        SimulationSession session(mixedSessionSpec());
        ASSERT_EQ(session.start(), "");
        session.advanceTo(msToNs(40));
        for (int k = 0; k < 3; ++k) {
            const std::uint64_t before = session.position();
            ASSERT_TRUE(session.step(unit));
            const std::uint64_t after = session.position();
            ASSERT_GT(after, before);
            const TraceLogView view = session.traceLog().view();
            // The last event emitted a record of the unit...
            bool marked = false;
            for (const TraceRecord* r : recordsAtPosition(session, view, after)) {
                marked = marked || recordMarksStep(*r, unit);
            }
            EXPECT_TRUE(marked);
            // ... and no event between emitted one.
            for (std::uint64_t p = before + 1; p < after; ++p) {
                for (const TraceRecord* r : recordsAtPosition(session, view, p)) {
                    EXPECT_FALSE(recordMarksStep(*r, unit)) << toCanonicalString(*r);
                }
            }
            if (unit == StepUnit::Event) {
                EXPECT_EQ(after, before + 1);
            }
        }
    }
}

TEST(SimulationSessionTest, StepBackEqualsAForwardRunToTheSamePosition) {
    for (int u = 0; u < kStepUnitCount; ++u) {
        const StepUnit unit = static_cast<StepUnit>(u);
        SCOPED_TRACE(stepUnitName(unit));
        SimulationSession session(mixedSessionSpec());
        ASSERT_EQ(session.start(), "");
        session.advanceTo(msToNs(30));
        ASSERT_TRUE(session.step(unit));
        const std::uint64_t first = session.position();
        ASSERT_TRUE(session.step(unit));
        ASSERT_TRUE(session.step(unit));

        ASSERT_TRUE(session.stepBack(unit));
        ASSERT_TRUE(session.stepBack(unit));
        EXPECT_EQ(session.position(), first);
        EXPECT_EQ(session.replays(), 2u);
        const auto back = session.snapshot({});

        SimulationSession fresh(mixedSessionSpec());
        ASSERT_EQ(fresh.start(), "");
        fresh.seekTo(first);
        ASSERT_EQ(fresh.position(), first);
        expectSameState(*back, *fresh.snapshot({}));
    }
}

TEST(SimulationSessionTest, SeekBackwardThenForwardReachesTheSameTraceAsNeverGoingBack) {
    SimulationSession straight(mixedSessionSpec());
    ASSERT_EQ(straight.start(), "");
    straight.seekTo(400);

    SimulationSession wandering(mixedSessionSpec());
    ASSERT_EQ(wandering.start(), "");
    wandering.advanceTo(msToNs(50));
    const std::uint64_t far = wandering.position();
    ASSERT_GT(far, 400u);
    wandering.seekTo(120);
    EXPECT_EQ(wandering.position(), 120u);
    wandering.seekTo(400);
    expectSameState(*straight.snapshot({}), *wandering.snapshot({}));
}

TEST(SimulationSessionTest, StepBackAtTheStartDoesNothing) {
    SimulationSession session(mixedSessionSpec());
    ASSERT_EQ(session.start(), "");
    EXPECT_FALSE(session.stepBack(StepUnit::Event));
    EXPECT_EQ(session.replays(), 0u);
    ASSERT_TRUE(session.step(StepUnit::Event));
    EXPECT_TRUE(session.stepBack(StepUnit::DmaBurst));  // none earlier: the start
    EXPECT_EQ(session.position(), 0u);
}

TEST(SimulationSessionTest, BuildingSnapshotsDoesNotChangeTheRun) {
    SimulationSession quiet(mixedSessionSpec());
    ASSERT_EQ(quiet.start(), "");
    quiet.advanceTo(msToNs(100));

    SimulationSession watched(mixedSessionSpec());
    ASSERT_EQ(watched.start(), "");
    for (TimeNs t = msToNs(1); t <= msToNs(100); t += msToNs(1)) {
        watched.advanceTo(t);
        const auto snap = watched.snapshot({});
        ASSERT_FALSE(snap->stack.children.empty());
    }
    EXPECT_EQ(quiet.run().machine().digest().hex(), watched.run().machine().digest().hex());
    EXPECT_EQ(quiet.run().machine().tracer().recordCount(),
              watched.run().machine().tracer().recordCount());
}

TEST(SimulationSessionTest, SessionsNeverCoalesceBursts) {
    ScenarioSpec spec = mixedSessionSpec();
    spec.hardware.coalesceBursts = true;
    SimulationSession session(spec);
    EXPECT_FALSE(session.spec().hardware.coalesceBursts);
}

TEST(SimulationSessionTest, RunsToTheEndAndStopsMoving) {
    SimulationSession session(mixedSessionSpec(msToNs(20)));
    ASSERT_EQ(session.start(), "");
    session.advanceTo(msToNs(30));
    EXPECT_TRUE(session.finished());
    EXPECT_EQ(session.now(), msToNs(20));
    const std::uint64_t end = session.position();
    EXPECT_FALSE(session.step(StepUnit::DmaBurst));
    EXPECT_EQ(session.position(), end);
    session.seekTo(end / 2);
    EXPECT_EQ(session.position(), end / 2);
    EXPECT_FALSE(session.finished());
}

// The last step of a run closes every pin (records without an event of
// their own); stepping back from there goes to a state before that close-down
// and running forward again finishes with the same trace.
TEST(SimulationSessionTest, StepBackFromTheFinishedRunAndForwardAgainEndsTheSame) {
    for (int u = 0; u < kStepUnitCount; ++u) {
        const StepUnit unit = static_cast<StepUnit>(u);
        SCOPED_TRACE(stepUnitName(unit));
        SimulationSession session(mixedSessionSpec(msToNs(20)));
        ASSERT_EQ(session.start(), "");
        session.advanceTo(msToNs(20));
        ASSERT_TRUE(session.finished());
        const auto finished = session.snapshot({});
        const std::uint64_t end = session.position();

        ASSERT_TRUE(session.stepBack(unit));
        EXPECT_FALSE(session.finished());
        EXPECT_LT(session.position(), end);
        const std::uint64_t back = session.position();
        SimulationSession fresh(mixedSessionSpec(msToNs(20)));
        ASSERT_EQ(fresh.start(), "");
        fresh.seekTo(back);
        expectSameState(*session.snapshot({}), *fresh.snapshot({}));

        while (session.step(StepUnit::Event)) {
        }
        ASSERT_TRUE(session.finished());
        expectSameState(*finished, *session.snapshot({}));
    }
}

}  // namespace
}  // namespace ps
