// Driver input the controller must survive and report, never crash on (run
// under ASan and UBSan): random register traffic of every width and offset,
// garbage BDLs, a position buffer in unallocated memory, accesses across
// register and window boundaries.
#include "HdaFixture.h"

#include <random>

namespace ps::hda::test {
namespace {

class HdaBadInput : public HdaFixture {};

TEST_F(HdaBadInput, PositionBufferInUnallocatedMemoryIsTracedOnceAndHarmless) {
    leaveControllerReset();
    const unsigned sd = hda->streamIndexOfOutput(0);
    const std::uint64_t bdl = allocContiguous();
    setupStream(sd, 1, fmt48kStereo16(), bdl,
                {{allocScatteredPage(), 4096, false}, {allocScatteredPage(), 4096, false}});
    write32(DPLBASE, 0x80000000u | DPLBASE_ENABLE);
    startStream(sd, 0);
    scheduler.runUntil(msToNs(20));
    EXPECT_EQ(records(TraceCategory::Dma, "position buffer write fault").size(), 1u);
    EXPECT_NE(ctl(sd) & SDCTL_RUN, 0u) << "not a descriptor error";
    EXPECT_GT(hda->state(sd).bursts, 10u);
}

TEST_F(HdaBadInput, AccessesStraddlingRegistersAndTheWindowEnd) {
    leaveControllerReset();
    // A 4-byte write at SDnSTS covers STS, LPIB byte 0..2: STS W1C, LPIB RO.
    mmio().WRITE_REGISTER_ULONG(sdAddr(4, SD_STS), 0xFFFFFFFFu);
    EXPECT_EQ(lpib(4), 0u);
    // A 2-byte write across two stream descriptors' boundary.
    mmio().WRITE_REGISTER_USHORT(sdAddr(4, 0x1F), 0xFFFF);
    EXPECT_EQ(mmio().READ_REGISTER_ULONG(sdAddr(4, SD_BDPU)), 0xFF000000u);
    EXPECT_EQ(ctl(5), SDCTL_SRST) << "byte 0 of SD5's CTL: SRST with RUN 0 wins: reset";
    // A 4-byte access across the global block's end reaches SD0's CTL.
    writeCtl(0, SDCTL_IOCE);
    EXPECT_EQ(read32(0x7E), SDCTL_IOCE << 16);
    write32(0x7E, (SDCTL_IOCE | SDCTL_FEIE) << 16);
    EXPECT_EQ(ctl(0), SDCTL_IOCE | SDCTL_FEIE);
    // Straddling the end of the window: the MMIO space does not decode it.
    const std::uint64_t unclaimed = mmio().unclaimedAccesses();
    EXPECT_EQ(mmio().READ_REGISTER_ULONG(config.mmioBase + kMmioLength - 2), 0xFFFFFFFFu);
    EXPECT_EQ(mmio().unclaimedAccesses(), unclaimed + 1);
}

TEST_F(HdaBadInput, RandomRegisterTrafficNeverCrashes) {
    std::mt19937 rng(1234);
    // Some memory to aim at, with random bytes (garbage BDLs and buffers).
    std::vector<std::uint64_t> pages;
    for (int k = 0; k < 8; ++k) {
        pages.push_back(allocScatteredPage());
        std::vector<std::uint8_t> junk(PAGE_SIZE);
        for (auto& b : junk) {
            b = static_cast<std::uint8_t>(rng());
        }
        // Small lengths so that some garbage BDLs sum up and run.
        for (std::size_t e = 0; e < PAGE_SIZE; e += 16) {
            junk[e + 8] = static_cast<std::uint8_t>(rng() % 64);
            junk[e + 9] = junk[e + 10] = junk[e + 11] = 0;
            const std::uint64_t target = pages.empty() ? 0 : pages[rng() % pages.size()];
            for (int i = 0; i < 8; ++i) {
                junk[e + static_cast<std::size_t>(i)] =
                    static_cast<std::uint8_t>((target + rng() % 4000) >> (8 * i));
            }
        }
        ASSERT_TRUE(kernel.memory().write(pages.back(), junk.data(), junk.size()).ok());
    }
    RecordingSink sinks[4];
    CountingSource sources[4];
    for (unsigned k = 0; k < 4; ++k) {
        hda->setSink(hda->streamIndexOfOutput(k), &sinks[k]);
        hda->setSource(hda->streamIndexOfInput(k), &sources[k]);
    }
    const unsigned widths[] = {1, 2, 4};
    for (int step = 0; step < 20000; ++step) {
        const unsigned width = widths[rng() % 3];
        std::uint32_t offset;
        switch (rng() % 4) {
            case 0:
                offset = rng() % 0x80;
                break;
            case 1:
                offset = rng() % kMmioLength;
                break;
            default:
                offset = kStreamBase + rng() % (8 * kStreamStride);
                break;
        }
        if (rng() % 3 == 0) {
            mmio().READ_REGISTER_ULONG(config.mmioBase + (offset & ~3u));
            continue;
        }
        std::uint32_t value = rng();
        if (rng() % 4 == 0) {
            value = static_cast<std::uint32_t>(pages[rng() % pages.size()]) + (rng() % 2) * 0x40;
        }
        if (offset == GCTL && rng() % 8 != 0) {
            value |= GCTL_CRST;  // mostly stay out of reset
        }
        const std::uint32_t a = config.mmioBase + offset;
        if (width == 1) {
            mmio().WRITE_REGISTER_UCHAR(a, static_cast<UCHAR>(value));
        } else if (width == 2) {
            mmio().WRITE_REGISTER_USHORT(a, static_cast<USHORT>(value));
        } else {
            mmio().WRITE_REGISTER_ULONG(a, value);
        }
        if (step % 16 == 0) {
            scheduler.runUntil(scheduler.now() + usToNs(rng() % 3000));
        }
        // Invariants that must hold whatever the driver did.
        if (step % 97 == 0) {
            hda->syncAll();
            for (unsigned i = 0; i < hda->streamCount(); ++i) {
                const HdaStreamState s = hda->state(i);
                ASSERT_LE(s.fifoLevelBytes, s.fifoCapacityBytes);
                if (s.running) {
                    ASSERT_LT(s.lpib, s.cbl);
                }
            }
        }
    }
    scheduler.runUntil(scheduler.now() + msToNs(50));
    hda->syncAll();
    EXPECT_GT(records(TraceCategory::Register).size(), 100u);
}

}  // namespace
}  // namespace ps::hda::test
