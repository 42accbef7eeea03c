// Output streams: the cyclic buffer through the FIFO to the DAC at the sample
// clock's times; BCIS when an IOC entry's last byte is fetched; LPIB, the
// position buffer and the presentation position (HARDWARE.md §2.4-§2.6, §8.3,
// §8.4); tag 0, SSYNC, pause and resume, the sample clock's ppm error.
#include "HdaFixture.h"

namespace ps::hda::test {
namespace {

constexpr TimeNs kStartNs = msToNs(1);
constexpr TimeNs kCodecDelayNs = 7'000;
constexpr std::uint32_t kBytesPerFrame = 4;  // 48 kHz, 16-bit stereo
constexpr std::uint32_t kPageBytes = PAGE_SIZE;
constexpr std::uint32_t kCbl = 3 * kPageBytes;  // 3072 frames = 64 ms

class HdaRender : public HdaFixture {
  protected:
    RecordingSink sink;
    unsigned sd = 0;
    std::uint64_t bdl = 0;
    std::vector<Fragment> fragments;
    std::vector<std::uint8_t> expected;  // the cyclic buffer's bytes in BDL order

    void SetUp() override {
        HdaConfig c;
        c.codecDelayNs = kCodecDelayNs;
        create(c);
        sd = hda->streamIndexOfOutput(0);
        hda->setSink(sd, &sink);
        leaveControllerReset();
        bdl = allocContiguous();
        // One BDL entry per page; the pages are not contiguous.
        for (int k = 0; k < 3; ++k) {
            const std::uint64_t page = allocScatteredPage();
            const auto data = fillPattern(page, kPageBytes, k);
            expected.insert(expected.end(), data.begin(), data.end());
            fragments.push_back({page, kPageBytes, k != 1});  // IOC on entries 0 and 2
        }
    }

    void setupAndStart(TimeNs at, unsigned tag = 1) {
        setupStream(sd, tag, fmt48kStereo16(), bdl, fragments);
        enableInterrupts(sd);
        scheduler.runUntil(at);
        startStream(sd);
    }
    static std::int64_t dueBy(TimeNs t) {
        return PeriodicClock::fromRateHz(kStartNs, 48'000).ticksDueBy(t);
    }
    static TimeNs due(std::int64_t n) { return frameTime(kStartNs, 48'000, n); }
};

TEST_F(HdaRender, PlaysTheNonContiguousCyclicBufferInOrderLooping) {
    ASSERT_NE(fragments[1].address, fragments[0].address + kPageBytes);
    ASSERT_NE(fragments[2].address, fragments[1].address + kPageBytes);
    setupAndStart(kStartNs);
    const TimeNs end = kStartNs + msToNs(200);  // a bit over three laps
    scheduler.runUntil(end);
    hda->syncAll();
    ASSERT_EQ(static_cast<std::int64_t>(sink.frames()), dueBy(end));
    EXPECT_EQ(sink.dataFrames(), sink.frames()) << "the cyclic DMA never runs dry";
    for (std::size_t b = 0; b < sink.bytes.size(); ++b) {
        ASSERT_EQ(sink.bytes[b], expected[b % kCbl]) << "byte " << b;
    }
    for (const auto& block : sink.blocks) {
        EXPECT_EQ(block.firstFrameTimeNs, due(block.firstFrame) + kCodecDelayNs);
    }
    EXPECT_EQ(sink.blocks.front().firstFrameTimeNs, kStartNs + kCodecDelayNs);
    const HdaStreamState s = hda->state(sd);
    EXPECT_EQ(s.framesPlayed, dueBy(end));
    EXPECT_EQ(s.underrunFrames, 0);
    EXPECT_EQ(s.bytesConsumed, sink.bytes.size());
    EXPECT_TRUE(s.linkActive);
    EXPECT_EQ(records(TraceCategory::Glitch).size(), 0u);
}

TEST_F(HdaRender, BcisIsSetExactlyWhenTheLastByteOfAnIocEntryIsFetched) {
    setupAndStart(kStartNs);
    scheduler.runUntil(kStartNs + msToNs(200));
    const auto bcis = records(TraceCategory::Dma, "BCIS set");
    const auto bursts = records(TraceCategory::Dma, "DMA burst");
    std::size_t iocBursts = 0;
    for (const auto& b : bursts) {
        iocBursts += boolField(b, "IOC") ? 1 : 0;
    }
    ASSERT_EQ(bcis.size(), iocBursts);
    ASSERT_GE(bcis.size(), 6u);
    for (const auto& r : bcis) {
        // The record right before it is the burst that finished the IOC entry.
        const TraceRecord* burst = nullptr;
        for (const auto& b : bursts) {
            if (b.index < r.index) {
                burst = &b;
            }
        }
        ASSERT_NE(burst, nullptr);
        EXPECT_EQ(burst->timeNs, r.timeNs);
        EXPECT_TRUE(boolField(*burst, "EntryDone"));
        EXPECT_TRUE(boolField(*burst, "IOC"));
        const auto entry = intField(*burst, "Entry");
        EXPECT_NE(entry, 1);
        const auto& f = fragments[static_cast<std::size_t>(entry)];
        EXPECT_EQ(
            static_cast<std::uint64_t>(intField(*burst, "Address") + intField(*burst, "Bytes")),
            f.address + f.bytes);
        // LPIB was already past the entry when BCIS was raised (§8.4).
        EXPECT_EQ(intField(r, "LPIB"), entry == 0 ? kPageBytes : 0);
    }
    // Entry 0 completes first at the start (the FIFO fill), long before it is heard.
    EXPECT_LT(bcis[0].timeNs, due(kPageBytes / kBytesPerFrame));
    // The ISR saw each one an interrupt latency later and acked it.
    ASSERT_EQ(isrLog.size(), bcis.size());
    for (std::size_t k = 0; k < bcis.size(); ++k) {
        EXPECT_EQ(isrLog[k].timeNs, bcis[k].timeNs + kernel.config().interruptLatencyNs);
        EXPECT_NE(isrLog[k].intsts & streamBit(sd), 0u);
        EXPECT_NE(isrLog[k].sts[sd] & SDSTS_BCIS, 0);
    }
    EXPECT_FALSE(hda->interruptAsserted());
}

TEST_F(HdaRender, LpibLeadsThePresentationPositionByTheFifoLevel) {
    setupAndStart(kStartNs);
    const std::uint32_t fifoBytes = fifosBytes(kOutputFifosReset);
    int checks = 0;
    std::uint32_t previousLpib = 0;
    int wraps = 0;
    while (scheduler.now() < kStartNs + msToNs(150) && scheduler.step()) {
        hda->syncAll();
        const HdaStreamState s = hda->state(sd);
        ASSERT_EQ(lpib(sd), s.lpib);
        ASSERT_EQ(lpibAlias(sd), s.lpib);
        ASSERT_LT(s.lpib, kCbl);
        ASSERT_EQ(s.lpib, s.bytesFetched % kCbl);
        ASSERT_EQ(s.bytesFetched - s.bytesConsumed, s.fifoLevelBytes);
        ASSERT_LE(s.fifoLevelBytes, fifoBytes) << "never more than FIFOS + 1 bytes ahead";
        ASSERT_EQ(s.linkPositionBytes, s.bytesConsumed % kCbl);
        ASSERT_EQ(s.bytesConsumed, static_cast<std::uint64_t>(s.framesPlayed) * kBytesPerFrame);
        if (s.lpib < previousLpib) {
            ++wraps;
            ASSERT_EQ(s.bytesFetched % kCbl, s.lpib);
            ASSERT_LT(s.lpib, config.burstBytes) << "LPIB wraps exactly at CBL";
        }
        previousLpib = s.lpib;
        ++checks;
    }
    EXPECT_EQ(wraps, 2);
    EXPECT_GT(checks, 400);
}

TEST_F(HdaRender, LpibWrapsExactlyAtCblBurstByBurst) {
    setupAndStart(kStartNs);
    scheduler.runUntil(kStartNs + msToNs(140));
    std::uint64_t fetched = 0;
    for (const auto& b : records(TraceCategory::Dma, "DMA burst")) {
        fetched += static_cast<std::uint64_t>(intField(b, "Bytes"));
        ASSERT_EQ(static_cast<std::uint64_t>(intField(b, "LPIB")), fetched % kCbl);
        ASSERT_LE(intField(b, "Bytes"), config.burstBytes);
    }
    EXPECT_GT(fetched, 2u * kCbl);
}

TEST_F(HdaRender, PositionBufferSlotEqualsLpibAfterEveryBurst) {
    const std::uint64_t posbuf = allocContiguous();
    ASSERT_TRUE(kernel.memory().fill(posbuf, 0xEE, 64).ok());
    write32(DPUBASE, static_cast<std::uint32_t>(posbuf >> 32));
    write32(DPLBASE, static_cast<std::uint32_t>(posbuf) | DPLBASE_ENABLE);
    setupAndStart(kStartNs);
    int checks = 0;
    while (scheduler.now() < kStartNs + msToNs(80) && scheduler.step()) {
        const auto slot = kernel.memory().readU32(posbuf + positionSlotOffset(sd));
        ASSERT_TRUE(slot.has_value());
        if (hda->state(sd).bursts > 0) {
            ASSERT_EQ(*slot, lpib(sd));
            ++checks;
        }
    }
    EXPECT_GT(checks, 100);
    // Other streams' slots and the reserved half of this one are untouched.
    EXPECT_EQ(*kernel.memory().readU32(posbuf + positionSlotOffset(sd) + 4), 0xEEEEEEEEu);
    EXPECT_EQ(*kernel.memory().readU32(posbuf + positionSlotOffset(0)), 0xEEEEEEEEu);
    // Disabled: no more writes.
    write32(DPLBASE, static_cast<std::uint32_t>(posbuf));
    const std::uint32_t frozen = *kernel.memory().readU32(posbuf + positionSlotOffset(sd));
    scheduler.runUntil(scheduler.now() + msToNs(5));
    EXPECT_EQ(*kernel.memory().readU32(posbuf + positionSlotOffset(sd)), frozen);
    EXPECT_NE(lpib(sd), frozen);
}

TEST_F(HdaRender, BurstsRunOnTheDacTickThatMadeRoom) {
    setupAndStart(kStartNs);
    scheduler.runUntil(kStartNs + msToNs(30));
    const auto bursts = records(TraceCategory::Dma, "DMA burst");
    std::uint64_t fetched = 0;
    const std::uint32_t fifoBytes = fifosBytes(kOutputFifosReset);
    for (const auto& b : bursts) {
        const auto bytes = static_cast<std::uint64_t>(intField(b, "Bytes"));
        fetched += bytes;
        const auto level = static_cast<std::uint64_t>(intField(b, "FifoBytes"));
        if (b.timeNs == kStartNs) {
            continue;  // the initial fill
        }
        // The DAC has taken every frame due by now, and the burst filled what it made.
        EXPECT_EQ(level, fetched - kBytesPerFrame * static_cast<std::uint64_t>(dueBy(b.timeNs)));
        EXPECT_EQ(dueBy(b.timeNs - 1) + 1, dueBy(b.timeNs)) << "bursts run on a DAC tick";
        EXPECT_GE(fifoBytes - (level - bytes), bytes);
    }
}

TEST_F(HdaRender, TagZeroHasNoLinkSlotTheFifoFillsAndWaits) {
    setupAndStart(kStartNs, 0);
    scheduler.runUntil(kStartNs + msToNs(10));
    hda->syncAll();
    HdaStreamState s = hda->state(sd);
    EXPECT_TRUE(s.running);
    EXPECT_FALSE(s.linkActive);
    EXPECT_EQ(sink.frames(), 0u);
    EXPECT_EQ(s.fifoLevelBytes, s.fifoCapacityBytes);
    EXPECT_NE(sts(sd) & SDSTS_FIFORDY, 0);
    EXPECT_EQ(lpib(sd), s.fifoCapacityBytes);
    // Giving it a tag starts the DAC at that instant.
    const TimeNs tagAt = scheduler.now();
    writeCtl(sd, withStreamTag(ctl(sd), 3));
    scheduler.runUntil(tagAt + msToNs(10));
    hda->syncAll();
    ASSERT_FALSE(sink.blocks.empty());
    EXPECT_EQ(sink.blocks.front().firstFrameTimeNs, tagAt + kCodecDelayNs);
    EXPECT_EQ(sink.dataFrames(), sink.frames());
    EXPECT_TRUE(std::equal(sink.bytes.begin(), sink.bytes.end(), expected.begin()));
}

TEST_F(HdaRender, SsyncHoldsTheLinkUntilClearedThenStartsOnThatInstant) {
    write32(SSYNC, streamBit(sd));
    setupAndStart(kStartNs);
    EXPECT_EQ(sts(sd) & SDSTS_FIFORDY, 0) << "the fill bursts have not run yet";
    scheduler.runUntil(kStartNs);  // the bursts due at this instant
    EXPECT_NE(sts(sd) & SDSTS_FIFORDY, 0) << "the DMA filled the FIFO at RUN";
    scheduler.runUntil(kStartNs + msToNs(3));
    EXPECT_EQ(sink.frames(), 0u);
    EXPECT_TRUE(hda->state(sd).linkBlockedBySsync);
    const TimeNs go = scheduler.now();
    write32(SSYNC, 0);
    scheduler.runUntil(go + msToNs(5));
    hda->syncAll();
    EXPECT_EQ(sink.blocks.front().firstFrameTimeNs, go + kCodecDelayNs);
    EXPECT_EQ(static_cast<std::int64_t>(sink.frames()),
              PeriodicClock::fromRateHz(go, 48'000).ticksDueBy(go + msToNs(5)));
    EXPECT_EQ(sink.dataFrames(), sink.frames());
}

TEST_F(HdaRender, StopKeepsLpibAndTheFifoAndRunResumesWithoutLoss) {
    setupAndStart(kStartNs);
    scheduler.runUntil(kStartNs + msToNs(20));
    writeCtl(sd, ctl(sd) & ~SDCTL_RUN);
    const HdaStreamState paused = hda->state(sd);
    EXPECT_FALSE(paused.running);
    EXPECT_FALSE(paused.linkActive);
    EXPECT_EQ(lpib(sd), paused.lpib);
    const std::size_t framesAtPause = sink.frames();
    scheduler.runUntil(kStartNs + msToNs(30));
    EXPECT_EQ(sink.frames(), framesAtPause);
    EXPECT_EQ(lpib(sd), paused.lpib);
    startStream(sd);
    scheduler.runUntil(kStartNs + msToNs(100));
    hda->syncAll();
    EXPECT_EQ(sink.dataFrames(), sink.frames());
    for (std::size_t b = 0; b < sink.bytes.size(); ++b) {
        ASSERT_EQ(sink.bytes[b], expected[b % kCbl]) << "byte " << b;
    }
}

TEST_F(HdaRender, SampleClockErrorInPpmIsExactAfterTenSeconds) {
    HdaConfig c;
    c.sampleClockErrorPpm = 250;
    c.codecDelayNs = kCodecDelayNs;
    create(c);
    hda->setSink(sd, &sink);
    leaveControllerReset();
    setupAndStart(kStartNs);
    const TimeNs end = kStartNs + secondsToNs(10);
    scheduler.runUntil(end);
    hda->syncAll();
    const auto clock = SampleClock::makeClock(kStartNs, 48'000, 250);
    EXPECT_EQ(static_cast<std::int64_t>(sink.frames()), clock.ticksDueBy(end));
    EXPECT_EQ(static_cast<std::int64_t>(sink.frames()), 480'000 + 120 + 1);
    EXPECT_EQ(sink.dataFrames(), sink.frames());
    EXPECT_EQ(sink.blocks.back().firstFrameTimeNs,
              clock.dueTimeNs(sink.blocks.back().firstFrame) + kCodecDelayNs);
}

TEST_F(HdaRender, PackedTwentyFourBitAndEightChannelFormatsPlayByteExact) {
    struct Case {
        StreamFormat format;
        std::uint32_t bytesPerFrame;
    };
    const Case cases[] = {{{false, false, 1, 1, 24, 2, true}, 6},
                          {{false, true, 1, 1, 32, 8, false}, 32},
                          {{false, false, 1, 6, 8, 1, false}, 1}};
    for (const Case& k : cases) {
        SCOPED_TRACE(k.bytesPerFrame);
        RecordingSink s;
        hda->setSink(sd, &s);
        resetStream(sd);
        // 3 pages = 12288 bytes: whole frames for 6, 32 and 1 byte frames.
        setupStream(sd, 1, encodeFormat(k.format), bdl, fragments);
        const TimeNs t0 = scheduler.now();
        startStream(sd, 0);
        const std::uint32_t rate = rateHz(k.format);
        const TimeNs end = t0 + msToNs(100);
        scheduler.runUntil(end);
        hda->syncAll();
        EXPECT_EQ(s.bytesPerFrame, k.bytesPerFrame);
        EXPECT_EQ(static_cast<std::int64_t>(s.frames()),
                  PeriodicClock::fromRateHz(t0, rate).ticksDueBy(end));
        EXPECT_EQ(s.dataFrames(), s.frames());
        for (std::size_t b = 0; b < s.bytes.size(); ++b) {
            ASSERT_EQ(s.bytes[b], expected[b % kCbl]) << "byte " << b;
        }
        writeCtl(sd, 0);
        hda->setSink(sd, nullptr);
    }
}

}  // namespace
}  // namespace ps::hda::test
