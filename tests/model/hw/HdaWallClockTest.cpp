// GCTL.CRST and WALCLK (HARDWARE.md §2.2, §8.5): 24 MHz from the instant the
// controller left reset, exact integer arithmetic, 32-bit wrap after
// 178.96 s, 0 in reset; readable through a mapped VA as a WaveRT clock
// register is.
#include "HdaFixture.h"

namespace ps::hda::test {
namespace {

class HdaWallClock : public HdaFixture {
  protected:
    static std::uint32_t expectedTicks(TimeNs elapsedNs) {
        // floor(t * 24e6 / 1e9) mod 2^32, in 128-bit arithmetic.
        return static_cast<std::uint32_t>(mulDivFloor(elapsedNs, 24, 1000) & 0xFFFFFFFF);
    }
};

TEST_F(HdaWallClock, CountsExactly24MillionTicksPerSecondFromCrst) {
    scheduler.runUntil(msToNs(3) + 17);
    EXPECT_EQ(wallClock(), 0u) << "in reset";
    const TimeNs origin = scheduler.now();
    leaveControllerReset();
    EXPECT_EQ(wallClock(), 0u);
    scheduler.runUntil(origin + 41);
    EXPECT_EQ(wallClock(), 0u);
    scheduler.runUntil(origin + 42);
    EXPECT_EQ(wallClock(), 1u);
    scheduler.runUntil(origin + secondsToNs(1));
    EXPECT_EQ(wallClock(), 24'000'000u);
    scheduler.runUntil(origin + secondsToNs(2) + 999);
    EXPECT_EQ(wallClock(), 48'000'023u);
    EXPECT_EQ(hda->wallClock(), wallClock());
}

TEST_F(HdaWallClock, WrapsAtTwoToThe32AcrossOneHundredEightySeconds) {
    leaveControllerReset();
    const TimeNs origin = scheduler.now();
    // 2^32 ticks = 178,956,970,666.67 ns.
    const TimeNs wrapNs = 178'956'970'667;
    std::uint32_t previous = 0;
    int wraps = 0;
    const auto check = [&](TimeNs t) {
        scheduler.runUntil(t);
        const std::uint32_t now = wallClock();
        EXPECT_EQ(now, expectedTicks(t - origin)) << "t = " << t;
        wraps += now < previous ? 1 : 0;
        previous = now;
    };
    for (TimeNs t = origin; t < origin + wrapNs - msToNs(300); t += msToNs(250) + 13) {
        check(t);
    }
    check(origin + wrapNs - 1);
    EXPECT_EQ(wallClock(), 0xFFFFFFFFu);
    check(origin + wrapNs);
    EXPECT_EQ(wallClock(), 0u);
    for (TimeNs t = origin + wrapNs + 1; t <= origin + secondsToNs(180); t += msToNs(250) + 13) {
        check(t);
    }
    EXPECT_EQ(wraps, 1);
    scheduler.runUntil(origin + secondsToNs(180));
    EXPECT_EQ(wallClock(), expectedTicks(secondsToNs(180)));
    EXPECT_EQ(wallClock(), static_cast<std::uint32_t>(4'320'000'000ull - 4'294'967'296ull));
}

TEST_F(HdaWallClock, ControllerResetStopsAndRestartsIt) {
    leaveControllerReset();
    scheduler.runUntil(msToNs(5));
    EXPECT_EQ(wallClock(), 120'000u);
    write32(GCTL, 0);
    EXPECT_TRUE(hda->inReset());
    EXPECT_EQ(wallClock(), 0u);
    scheduler.runUntil(msToNs(7));
    EXPECT_EQ(wallClock(), 0u);
    leaveControllerReset();
    scheduler.runUntil(msToNs(8));
    EXPECT_EQ(wallClock(), 24'000u) << "counts from the new CRST 0 -> 1";
}

TEST_F(HdaWallClock, ReadableThroughAMappedVaLikeAWaveRtClockRegister) {
    leaveControllerReset();
    PVOID wall = kernel.MmMapIoSpace(config.mmioBase + WALCLK, 4);
    ASSERT_NE(wall, nullptr);
    const auto va = static_cast<ULONGLONG>(reinterpret_cast<std::uintptr_t>(wall));
    scheduler.runUntil(msToNs(10));
    EXPECT_EQ(kernel.readMappedRegisterULONG(va), 240'000u);
    const std::size_t before = tracer.ring().size();
    kernel.readMappedRegisterULONG(va);
    EXPECT_EQ(tracer.ring().size(), before) << "WALCLK reads are not traced";
    kernel.MmUnmapIoSpace(wall, 4);
    EXPECT_EQ(kernel.readMappedRegisterULONG(va), 0xFFFFFFFFu);
    EXPECT_EQ(kernel.mappedRegisterFaults(), 1u);
}

TEST_F(HdaWallClock, ControllerResetStopsEveryStreamAndClearsGlobals) {
    leaveControllerReset();
    const unsigned sd = hda->streamIndexOfOutput(1);
    const std::uint64_t bdl = allocContiguous();
    const std::uint64_t page = allocScatteredPage();
    setupStream(sd, 2, fmt48kStereo16(), bdl, {{page, 2048, true}, {page + 2048, 2048, true}});
    write32(INTCTL, INTCTL_GIE | 0xFF);
    write32(SSYNC, 0x1);
    write32(DPLBASE, static_cast<std::uint32_t>(bdl + 0x800) | DPLBASE_ENABLE);
    startStream(sd);
    scheduler.runUntil(msToNs(30));
    EXPECT_TRUE(hda->interruptAsserted() || !isrLog.empty());
    write32(GCTL, 0);
    EXPECT_FALSE(hda->interruptAsserted());
    const HdaStreamState s = hda->state(sd);
    EXPECT_FALSE(s.running);
    EXPECT_FALSE(s.linkActive);
    EXPECT_EQ(s.lpib, 0u);
    EXPECT_EQ(s.cbl, 0u);
    EXPECT_EQ(s.fifoLevelBytes, 0u);
    leaveControllerReset();
    EXPECT_EQ(read32(INTCTL), 0u);
    EXPECT_EQ(read32(SSYNC), 0u);
    EXPECT_EQ(read32(DPLBASE), 0u);
    EXPECT_EQ(ctl(sd), 0u);
    const std::uint64_t bursts = records(TraceCategory::Dma, "DMA burst").size();
    scheduler.runUntil(msToNs(40));
    EXPECT_EQ(records(TraceCategory::Dma, "DMA burst").size(), bursts);
}

}  // namespace
}  // namespace ps::hda::test
