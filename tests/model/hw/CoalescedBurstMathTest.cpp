#include "model/hw/CoalescedBurstMath.h"

#include <gtest/gtest.h>

#include <cstdint>

namespace ps {
namespace {

TEST(CoalescedBurstMath, FramesPerWholeBurstNeedsAWholeNumberOfFrames) {
    EXPECT_EQ(framesPerWholeBurst(128, 4), 32u);  // 16-bit stereo
    EXPECT_EQ(framesPerWholeBurst(128, 12), 1u);  // 6 ch 16-bit: 10.67 frames
    EXPECT_EQ(framesPerWholeBurst(8, 16), 1u);    // a burst smaller than a frame
    EXPECT_EQ(framesPerWholeBurst(64, 64), 1u);   // exactly one frame
    EXPECT_EQ(framesPerWholeBurst(64, 0), 1u);    // no format yet
}

TEST(CoalescedBurstMath, SteadyBurstsStopsBeforeTheLastWholeBurstOfTheBuffer) {
    const InvariantDivisor burst(128);
    const InvariantDivisor frames(32);
    // 1,024 bytes left: bursts of 128 repeat while 2 x 128 are left, so 7.
    EXPECT_EQ(steadyBursts(1024, burst, frames, 100, 1'000'000, 1000), 7);
    // Less than two bursts left: none.
    EXPECT_EQ(steadyBursts(255, burst, frames, 100, 1'000'000, 1000), 0);
}

TEST(CoalescedBurstMath, SteadyBurstsCountsOnlyThoseDueAndAtMostTheBound) {
    const InvariantDivisor burst(128);
    const InvariantDivisor frames(32);
    // Burst j is due at frame 100 + 32 j: by frame 195, j = 0, 1, 2.
    EXPECT_EQ(steadyBursts(1 << 20, burst, frames, 100, 195, 1000), 3);
    EXPECT_EQ(steadyBursts(1 << 20, burst, frames, 100, 196, 1000), 4);
    EXPECT_EQ(steadyBursts(1 << 20, burst, frames, 100, 99, 1000), 0);
    EXPECT_EQ(steadyBursts(1 << 20, burst, frames, 100, 1'000'000, 5), 5);
}

TEST(CoalescedBurstMath, PagesValidWalksPageByPageAndAdvancesTheCheckedEnd) {
    PhysicalMemory memory;
    const auto first = memory.allocateContiguous(2);
    ASSERT_TRUE(first.has_value());
    const std::uint64_t base = *first * PAGE_SIZE;
    std::uint64_t validEnd = base + PAGE_SIZE;  // the first page is known good
    EXPECT_TRUE(pagesValid(memory, base + PAGE_SIZE + 10, validEnd));
    EXPECT_EQ(validEnd, base + 2 * PAGE_SIZE);
    // The page after the allocation is not allocated.
    EXPECT_FALSE(pagesValid(memory, base + 2 * PAGE_SIZE, validEnd));
    EXPECT_EQ(validEnd, base + 2 * PAGE_SIZE);
}

}  // namespace
}  // namespace ps
