#include "model/sim/PeriodicClock.h"
#include "model/sim/PeriodicSource.h"
#include "model/sim/Scheduler.h"

#include <gtest/gtest.h>

#include <stdexcept>
#include <vector>

namespace ps {
namespace {

TEST(PeriodicClock, FrameClockAt44100HzHasNoDriftAfterTenMillionPeriods) {
    const auto clock = PeriodicClock::fromRateHz(0, 44'100);
    // Frame 10,000,000 is nominally at 10^7 / 44100 s = 226.757369614512... s.
    EXPECT_EQ(clock.dueTimeNs(10'000'000), 226'757'369'614);
    // A simulated day ends exactly on frame 86400 * 44100.
    EXPECT_EQ(clock.dueTimeNs(86'400LL * 44'100), secondsToNs(86'400));
    EXPECT_EQ(clock.ticksDueBy(secondsToNs(86'400)), 86'400LL * 44'100 + 1);
}

TEST(PeriodicSource, TenMillionScheduledPeriodsLandOnTheNominalTime) {
    Scheduler s;
    std::int64_t lastTick = -1;
    TimeNs lastTime = -1;
    TimeNs maxStepNs = 0;
    TimeNs minStepNs = 1'000'000;
    PeriodicSource source(s, "frame", [&](std::int64_t n) {
        if (lastTime >= 0) {
            maxStepNs = std::max(maxStepNs, s.now() - lastTime);
            minStepNs = std::min(minStepNs, s.now() - lastTime);
        }
        lastTick = n;
        lastTime = s.now();
    });
    source.start(PeriodicClock::fromRateHz(0, 44'100));
    // Tick 0 is at the origin, so tick 10,000,000 is the 10,000,001st event.
    for (std::int64_t i = 0; i <= 10'000'000; ++i) {
        ASSERT_TRUE(s.step());
    }
    EXPECT_EQ(lastTick, 10'000'000);
    EXPECT_EQ(lastTime, 226'757'369'614);
    // Steps alternate between floor and ceil of 22675.7 ns: never more.
    EXPECT_EQ(minStepNs, 22'675);
    EXPECT_EQ(maxStepNs, 22'676);
}

TEST(PeriodicClock, TicksDueByInvertsDueTime) {
    const PeriodicClock clock(1'000, 10'000'000, 3);  // 3.333... ms period, origin at 1 us
    EXPECT_EQ(clock.ticksDueBy(999), 0);
    EXPECT_EQ(clock.ticksDueBy(1'000), 1);
    for (std::int64_t n = 0; n < 2'000; ++n) {
        const TimeNs t = clock.dueTimeNs(n);
        ASSERT_EQ(clock.ticksDueBy(t), n + 1) << n;
        ASSERT_EQ(clock.ticksDueBy(t - 1), n) << n;
    }
}

TEST(PeriodicClock, RejectsNonPositivePeriods) {
    EXPECT_THROW(PeriodicClock(0, 0, 1), std::invalid_argument);
    EXPECT_THROW(PeriodicClock(0, 1, 0), std::invalid_argument);
    EXPECT_THROW(PeriodicClock(0, -5, 1), std::invalid_argument);
}

TEST(PeriodicSource, StopCancelsAndRestartUsesNewOrigin) {
    Scheduler s;
    std::vector<std::pair<std::int64_t, TimeNs>> ticks;
    PeriodicSource source(s, "timer", [&](std::int64_t n) { ticks.emplace_back(n, s.now()); });
    source.start(PeriodicClock(0, msToNs(10), 1));
    s.runUntil(msToNs(25));
    EXPECT_EQ(ticks.size(), 3u);  // 0, 10, 20 ms
    source.stop();
    EXPECT_FALSE(source.isRunning());
    s.runUntil(msToNs(100));
    EXPECT_EQ(ticks.size(), 3u);
    source.start(PeriodicClock(msToNs(105), msToNs(10), 1), 1);
    s.runUntil(msToNs(130));
    ASSERT_EQ(ticks.size(), 5u);
    EXPECT_EQ(ticks[3], std::make_pair(std::int64_t{1}, msToNs(115)));
    EXPECT_EQ(ticks[4], std::make_pair(std::int64_t{2}, msToNs(125)));
}

TEST(PeriodicSource, CallbackMayStopItsOwnSource) {
    Scheduler s;
    int count = 0;
    PeriodicSource* self = nullptr;
    PeriodicSource source(s, "once", [&](std::int64_t) {
        if (++count == 3) {
            self->stop();
        }
    });
    self = &source;
    source.start(PeriodicClock(0, 100, 1));
    s.runUntil(10'000);
    EXPECT_EQ(count, 3);
    EXPECT_EQ(s.pendingCount(), 0u);
}

}  // namespace
}  // namespace ps
