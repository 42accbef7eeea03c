// INTCTL/INTSTS and the interrupt line (HARDWARE.md §2.1, §2.6, §8.4): SIS per
// stream from its status and enables, the line gated by GIE and SIE, W1C
// re-evaluation; the two §8.4 options; and the render underrun when the DMA is
// held because the driver stops acknowledging BCIS.
#include "HdaFixture.h"

#include "model/hw/hda/HdaTraceNames.h"

#include <cstring>

namespace ps::hda::test {
namespace {

constexpr TimeNs kStartNs = msToNs(1);

class HdaInterrupts : public HdaFixture {
  protected:
    RecordingSink sink;
    unsigned sd = 0;
    std::uint64_t bdl = 0;
    std::vector<Fragment> fragments;
    std::vector<std::uint8_t> expected;

    void build(const HdaConfig& c) {
        create(c);
        sd = hda->streamIndexOfOutput(3);
        hda->setSink(sd, &sink);
        leaveControllerReset();
        bdl = allocContiguous();
        fragments.clear();
        expected.clear();
        for (int k = 0; k < 2; ++k) {
            const std::uint64_t page = allocScatteredPage();
            const auto data = fillPattern(page, PAGE_SIZE, k + 4);
            expected.insert(expected.end(), data.begin(), data.end());
            fragments.push_back({page, PAGE_SIZE, true});
        }
        setupStream(sd, 1, fmt48kStereo16(), bdl, fragments);
        scheduler.runUntil(kStartNs);
    }
    void SetUp() override { build(HdaConfig{}); }
    static TimeNs due(std::int64_t n) { return frameTime(kStartNs, 48'000, n); }
};

TEST_F(HdaInterrupts, TheLineNeedsGieAndSieWhileSisFollowsTheStreamStatus) {
    startStream(sd, SDCTL_IOCE);
    scheduler.runUntil(kStartNs + msToNs(25));  // entry 0 (1024 frames) fetched
    ASSERT_NE(sts(sd) & SDSTS_BCIS, 0);
    EXPECT_EQ(read32(INTSTS), INTSTS_GIS | streamBit(sd)) << "SIS whatever INTCTL says";
    EXPECT_FALSE(hda->interruptAsserted());
    write32(INTCTL, INTCTL_GIE);  // no SIE
    EXPECT_FALSE(hda->interruptAsserted());
    write32(INTCTL, streamBit(sd));  // no GIE
    EXPECT_FALSE(hda->interruptAsserted());
    write32(INTCTL, INTCTL_GIE | streamBit(0));  // another stream's SIE
    EXPECT_FALSE(hda->interruptAsserted());
    EXPECT_TRUE(isrLog.empty());
    write32(INTCTL, INTCTL_GIE | streamBit(sd));
    EXPECT_TRUE(hda->interruptAsserted());
    scheduler.runUntil(scheduler.now() + usToNs(10));
    ASSERT_EQ(isrLog.size(), 1u);
    EXPECT_NE(isrLog[0].sts[sd] & SDSTS_BCIS, 0);
    EXPECT_FALSE(hda->interruptAsserted()) << "the W1C ack deasserted it";
    EXPECT_EQ(read32(INTSTS), 0u);
}

TEST_F(HdaInterrupts, IoceGatesSisButBcisIsStillSetByDefault) {
    enableInterrupts(sd);
    startStream(sd, 0);
    scheduler.runUntil(kStartNs + msToNs(25));
    EXPECT_NE(sts(sd) & SDSTS_BCIS, 0) << "the status bit is set without IOCE";
    EXPECT_EQ(read32(INTSTS), 0u);
    EXPECT_FALSE(hda->interruptAsserted());
    writeCtl(sd, ctl(sd) | SDCTL_IOCE);  // enabling it now raises the pending one
    EXPECT_TRUE(hda->interruptAsserted());
}

TEST_F(HdaInterrupts, VirtualBoxOptionSetsBcisOnlyWithIoce) {
    HdaConfig c;
    c.bcisRequiresIoce = true;
    build(c);
    enableInterrupts(sd);
    startStream(sd, 0);
    scheduler.runUntil(kStartNs + msToNs(50));
    EXPECT_EQ(sts(sd) & SDSTS_BCIS, 0);
    EXPECT_EQ(records(TraceCategory::Dma, "BCIS set").size(), 0u);
    EXPECT_GE(hda->state(sd).iocCompletions, 2u);
}

TEST_F(HdaInterrupts, SeveralCompletionsMergeIntoOneBcisUntilAcked) {
    isrAcks = false;
    startStream(sd, SDCTL_IOCE);  // no GIE: nobody acks
    scheduler.runUntil(kStartNs + msToNs(100));
    EXPECT_GE(hda->state(sd).iocCompletions, 4u);
    const auto bcis = records(TraceCategory::Dma, "BCIS set");
    ASSERT_EQ(bcis.size(), hda->state(sd).iocCompletions);
    EXPECT_FALSE(boolField(bcis[0], "AlreadySet"));
    EXPECT_TRUE(boolField(bcis[1], "AlreadySet"));
    EXPECT_EQ(sink.dataFrames(), sink.frames()) << "the DMA did not wait (default)";
}

TEST_F(HdaInterrupts, HeldDmaUnderrunsAtTheExactTickAndPlaysSilence) {
    HdaConfig c;
    c.pauseDmaWhileBcisPending = true;
    build(c);
    // The driver stops acknowledging: no GIE, BCIS without IOCE; the DMA holds.
    startStream(sd, SDCTL_FEIE);
    scheduler.runUntil(kStartNs + msToNs(40));
    hda->syncAll();
    const auto bcis = records(TraceCategory::Dma, "BCIS set");
    ASSERT_EQ(bcis.size(), 1u) << "held after the first IOC entry";
    const auto bursts = records(TraceCategory::Dma, "DMA burst");
    const TraceRecord& last = bursts.back();
    EXPECT_EQ(last.timeNs, bcis[0].timeNs);
    EXPECT_EQ(intField(last, "LPIB"), PAGE_SIZE);
    // The DAC drains what the FIFO held, then underruns on the next tick.
    const auto clock = PeriodicClock::fromRateHz(kStartNs, 48'000);
    const std::int64_t framesAtHold = clock.ticksDueBy(last.timeNs);
    const std::int64_t glitchFrame = framesAtHold + intField(last, "FifoBytes") / 4;
    const auto underruns = records(TraceCategory::Glitch, "underrun");
    ASSERT_EQ(underruns.size(), 1u);
    EXPECT_EQ(intField(underruns[0], "Frame"), glitchFrame);
    EXPECT_EQ(underruns[0].timeNs, due(glitchFrame)) << "recorded at the starving tick";
    EXPECT_EQ(intField(underruns[0], "FrameTimeNs"), due(glitchFrame));
    EXPECT_EQ(textField(underruns[0], "Filler"), "zeros");
    EXPECT_EQ(glitchFrame, PAGE_SIZE / 4) << "exactly the fetched bytes were played";
    // FIFOE set (with FEIE: SIS), FIFORDY cleared, silence played.
    EXPECT_EQ(sts(sd) & (SDSTS_FIFOE | SDSTS_FIFORDY), SDSTS_FIFOE);
    EXPECT_EQ(read32(INTSTS), INTSTS_GIS | streamBit(sd));
    ASSERT_GT(sink.frames(), static_cast<std::size_t>(glitchFrame));
    for (std::size_t n = 0; n < sink.frames(); ++n) {
        ASSERT_EQ(sink.underrun[n], n >= static_cast<std::size_t>(glitchFrame)) << n;
        if (sink.underrun[n]) {
            const auto frame = sink.frame(n);
            ASSERT_EQ(frame, std::vector<std::uint8_t>(4, 0));
        }
    }
    EXPECT_TRUE(std::equal(expected.begin(), expected.begin() + PAGE_SIZE, sink.bytes.begin()));
    const HdaStreamState s = hda->state(sd);
    EXPECT_TRUE(s.dmaStalled);
    EXPECT_EQ(s.underrunFrames, s.framesPlayed - glitchFrame);
    EXPECT_EQ(s.lpib, PAGE_SIZE) << "LPIB stays; the presentation position moved on";
    // The inspector's mark: where and when the run began, and how long it is.
    const auto& marks = hda->glitchMarks(sd);
    ASSERT_EQ(marks.size(), 1u);
    EXPECT_TRUE(marks[0].underrun);
    EXPECT_EQ(marks[0].firstFrame, glitchFrame);
    EXPECT_EQ(marks[0].atNs, due(glitchFrame));
    EXPECT_EQ(marks[0].lpib, intField(underruns[0], "LPIB"));
    EXPECT_EQ(marks[0].lpib, PAGE_SIZE);
    EXPECT_EQ(marks[0].frames, s.underrunFrames);
    // Acking resumes the DMA at once; the stream data continues where it
    // stopped (the filler was extra, not a loss of buffer bytes).
    writeCtl(sd, ctl(sd) & ~SDCTL_FEIE);
    writeSts(sd, SDSTS_BCIS | SDSTS_FIFOE);
    scheduler.runUntil(scheduler.now() + msToNs(10));
    hda->syncAll();
    std::vector<std::uint8_t> data;
    for (std::size_t n = 0; n < sink.frames(); ++n) {
        if (!sink.underrun[n]) {
            const auto f = sink.frame(n);
            data.insert(data.end(), f.begin(), f.end());
        }
    }
    ASSERT_GT(data.size(), PAGE_SIZE + 100u);
    for (std::size_t b = 0; b < data.size(); ++b) {
        ASSERT_EQ(data[b], expected[b % expected.size()]) << b;
    }
    EXPECT_NE(sts(sd) & SDSTS_FIFORDY, 0) << "filled again";
}

// A register read, setSink() and setSource() sync the converter, and that sync
// may be what finds an underrun: the line must follow FIFOE at that instant,
// not at the next event. Each acts at the starving tick, just before the
// stream's own underrun watch would find it.
TEST_F(HdaInterrupts, ASyncThatFindsTheUnderrunRaisesTheLineAtOnce) {
    HdaConfig c;
    c.pauseDmaWhileBcisPending = true;
    for (int how = 0; how < 3; ++how) {
        sink = RecordingSink{};  // each run plays from frame 0
        build(c);
        enableInterrupts(sd);
        startStream(sd, SDCTL_FEIE);  // BCIS without IOCE: the DMA holds quietly
        bool acted = false;
        bool assertedBefore = true;
        bool assertedAfter = false;
        TimeNs actedAtNs = -1;
        scheduler.setPreEventHook([&](const EventInfo& e) {
            if (acted || std::strcmp(e.label, underrunLabel(sd)) != 0) {
                return;
            }
            acted = true;
            actedAtNs = scheduler.now();
            assertedBefore = hda->interruptAsserted();
            if (how == 0) {
                (void)lpibAlias(sd);
            } else if (how == 1) {
                hda->setSink(sd, nullptr);  // the frames due go to the old sink
            } else {
                hda->setSource(sd, nullptr);
            }
            assertedAfter = hda->interruptAsserted();
        });
        scheduler.runUntil(scheduler.now() + msToNs(40));
        scheduler.setPreEventHook(nullptr);
        ASSERT_TRUE(acted) << how;
        EXPECT_FALSE(assertedBefore) << how;
        EXPECT_TRUE(assertedAfter) << how;
        const auto underruns = records(TraceCategory::Glitch, "underrun");
        ASSERT_FALSE(underruns.empty()) << how;
        EXPECT_EQ(underruns.back().timeNs, actedAtNs) << how << ": found by that sync";
    }
}

}  // namespace
}  // namespace ps::hda::test
