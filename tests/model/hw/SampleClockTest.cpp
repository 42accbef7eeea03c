#include "model/hw/SampleClock.h"

#include <gtest/gtest.h>

#include <stdexcept>

namespace ps {
namespace {

TEST(SampleClock, NominalRateMatchesAPlainRateClock) {
    SampleClock clock;
    clock.start(1'000, 44'100, 0, 0);
    const PeriodicClock plain = PeriodicClock::fromRateHz(1'000, 44'100);
    for (std::int64_t n : {0, 1, 2, 441, 44'100, 10'000'000}) {
        EXPECT_EQ(clock.dueTimeNs(n), plain.dueTimeNs(n)) << n;
    }
    EXPECT_EQ(clock.framesDueBy(999), 0);
    EXPECT_EQ(clock.framesDueBy(1'000), 1) << "the first tick is at the origin";
    EXPECT_EQ(clock.framesDueBy(1'000 + secondsToNs(1)), 44'101);
}

TEST(SampleClock, PpmErrorIsExactWithoutDrift) {
    SampleClock fast;
    fast.start(0, 48'000, 100, 0);
    // 48000 * 1.0001 = 48004.8 ticks a second: 48005 are due by 1 s (tick 0 at 0).
    EXPECT_EQ(fast.framesDueBy(secondsToNs(1)), 48'005);
    // 480048 ticks take exactly 10 s.
    EXPECT_EQ(fast.dueTimeNs(480'048), secondsToNs(10));
    EXPECT_EQ(fast.framesDueBy(secondsToNs(10)), 480'049);
    EXPECT_EQ(fast.framesDueBy(secondsToNs(10) - 1), 480'048);
    SampleClock slow;
    slow.start(0, 48'000, -100, 0);
    EXPECT_EQ(slow.framesDueBy(secondsToNs(1)), 47'996);  // 47995.2 + tick 0
}

TEST(SampleClock, SegmentsContinueTheFrameCount) {
    SampleClock clock;
    clock.start(0, 8'000, 0, 0);
    EXPECT_EQ(clock.framesDueBy(msToNs(1)), 9);
    clock.stop();
    EXPECT_FALSE(clock.running());
    clock.start(msToNs(5), 8'000, 0, 9);
    EXPECT_EQ(clock.segmentFirstFrame(), 9);
    EXPECT_EQ(clock.dueTimeNs(9), msToNs(5));
    EXPECT_EQ(clock.dueTimeNs(10), msToNs(5) + 125'000);
    EXPECT_EQ(clock.framesDueBy(msToNs(4)), 9) << "nothing due before the new origin";
}

TEST(SampleClock, RejectsOutOfRangeParameters) {
    EXPECT_FALSE(SampleClock::isValid(0, 0));
    EXPECT_FALSE(SampleClock::isValid(SampleClock::kMaxRateHz + 1, 0));
    EXPECT_FALSE(SampleClock::isValid(48'000, -SampleClock::kMaxErrorPpm - 1));
    EXPECT_TRUE(SampleClock::isValid(192'000, 1'000));
    SampleClock clock;
    EXPECT_THROW(clock.start(0, 0, 0, 0), std::invalid_argument);
}

}  // namespace
}  // namespace ps
