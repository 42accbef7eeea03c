#include "model/scenario/KernelDemo.h"

#include <gtest/gtest.h>

namespace ps {
namespace {

TEST(KernelDemo, InterruptDpcEventChainRunsOncePerPeriod) {
    KernelDemo demo;
    demo.runUntil(secondsToNs(10) + msToNs(5));
    const auto& c = demo.counters();
    EXPECT_EQ(c.interrupts, 1000u);
    EXPECT_EQ(c.dpcs, 1000u);
    EXPECT_EQ(c.clientWakeups, 1000u);
    EXPECT_EQ(c.frames, 48'000 * 10 + 240 + 1);  // frame 0 at t = 0
    // ISR latency 1 us + DPC latency 2 us + exponential jitter: well under a period.
    EXPECT_GT(c.maxWakeLatencyNs, usToNs(3));
    EXPECT_LT(c.maxWakeLatencyNs, msToNs(10));
}

TEST(KernelDemo, SameSeedSameTraceDifferentSeedDifferentTrace) {
    auto digestFor = [](std::uint64_t seed) {
        KernelDemoConfig config;
        config.seed = seed;
        KernelDemo demo(config);
        demo.runUntil(secondsToNs(2));
        return demo.digest().hex();
    };
    EXPECT_EQ(digestFor(7), digestFor(7));
    EXPECT_NE(digestFor(7), digestFor(8));
}

}  // namespace
}  // namespace ps
