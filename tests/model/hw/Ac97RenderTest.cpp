// PCM Out: DMA from scattered buffers through the FIFO to the DAC, at the
// sample clock's times; BCIS/LVBCI timing; underrun filler; appending by LVI;
// pause and resume (HARDWARE.md §1.4-1.5).
#include "Ac97Fixture.h"

#include <numeric>

namespace ps::ac97::test {
namespace {

constexpr Engine kPO = Engine::PcmOut;
constexpr TimeNs kStartNs = msToNs(1);
constexpr TimeNs kCodecDelayNs = 5'000;
constexpr std::uint32_t kFifoBytes = 256;
constexpr std::uint32_t kBytesPerFrame = 4;  // reset format: stereo, 16-bit

struct Buffer {
    std::uint32_t address;
    std::uint16_t samples;
    std::uint32_t bytes;
};

class Ac97Render : public Ac97Fixture {
  protected:
    RecordingSink sink;
    std::uint32_t bdl = 0;
    std::vector<Buffer> buffers;
    std::vector<std::uint8_t> expected;  // every buffer's bytes, in list order

    void SetUp() override {
        Ac97Config c;
        c.codecDelayNs = kCodecDelayNs;
        create(c);
        ac97->setSink(kPO, &sink);
        bdl = allocPages();
        writeBdbar(kPO, bdl);
    }

    // Appends descriptors at the end of `buffers`, each buffer on its own page.
    void addBuffers(const std::vector<std::uint16_t>& samples, const std::vector<bool>& ioc,
                    const std::vector<bool>& bup = {}) {
        for (std::size_t i = 0; i < samples.size(); ++i) {
            Buffer b{allocScatteredPage(), samples[i], samples[i] * 2u};
            const auto data = fillPattern(b.address, b.bytes, static_cast<int>(buffers.size()));
            expected.insert(expected.end(), data.begin(), data.end());
            setDescriptor(bdl, static_cast<int>(buffers.size()), b.address, b.samples, ioc[i],
                          i < bup.size() && bup[i]);
            buffers.push_back(b);
        }
    }

    void startAt(TimeNs t, std::uint8_t lastValid) {
        scheduler.runUntil(t);
        writeLvi(kPO, lastValid);
        writeCr(kPO, CR_IOCE | CR_LVBIE | CR_FEIE | CR_RPBM);
    }

    // The four-buffer stream most tests play: 1500 bytes, 375 frames, IOC on 1 and 3.
    void standardStream(bool bupOnLast = false) {
        addBuffers({200, 100, 300, 150}, {false, true, false, true},
                   {false, false, false, bupOnLast});
    }
    std::size_t totalFrames() const { return expected.size() / kBytesPerFrame; }
    static TimeNs due(std::int64_t n) { return frameTime(kStartNs, 48'000, n); }
    static std::int64_t dueBy(TimeNs t) {
        return PeriodicClock::fromRateHz(kStartNs, 48'000).ticksDueBy(t);
    }
    std::vector<std::uint8_t> dataBytes() const {
        std::vector<std::uint8_t> out;
        for (std::size_t n = 0; n < sink.frames(); ++n) {
            if (!sink.underrun[n]) {
                const auto f = sink.frame(n);
                out.insert(out.end(), f.begin(), f.end());
            }
        }
        return out;
    }
};

TEST_F(Ac97Render, PlaysEveryByteOnceInOrderAtTheSampleClock) {
    standardStream();
    for (std::size_t i = 0; i + 1 < buffers.size(); ++i) {
        ASSERT_NE(buffers[i + 1].address, buffers[i].address + PAGE_SIZE) << "scattered pages";
    }
    startAt(kStartNs, 3);
    scheduler.runUntil(kStartNs + msToNs(20));
    ac97->syncAll();

    ASSERT_GE(sink.frames(), totalFrames());
    EXPECT_EQ(static_cast<std::int64_t>(sink.frames()), dueBy(kStartNs + msToNs(20)));
    EXPECT_EQ(sink.dataFrames(), totalFrames());
    for (std::size_t n = 0; n < sink.frames(); ++n) {
        ASSERT_EQ(sink.underrun[n], n >= totalFrames()) << "frame " << n;
    }
    EXPECT_TRUE(std::equal(expected.begin(), expected.end(), sink.bytes.begin()));
    for (const auto& block : sink.blocks) {
        EXPECT_EQ(block.firstFrameTimeNs, due(block.firstFrame) + kCodecDelayNs)
            << "frame " << block.firstFrame;
    }
    EXPECT_EQ(sink.blocks.front().firstFrameTimeNs, kStartNs + kCodecDelayNs);
    const Ac97EngineState s = ac97->state(kPO);
    EXPECT_EQ(s.bytesFetched, expected.size());
    EXPECT_EQ(s.descriptorsCompleted, 4u);
    EXPECT_EQ(pcnt(kPO), static_cast<std::uint32_t>(sink.frames()));
}

TEST_F(Ac97Render, BurstsRunTheInstantTheDacHasMadeRoom) {
    standardStream();
    startAt(kStartNs, 3);
    scheduler.runUntil(kStartNs + msToNs(20));
    auto bursts = records(TraceCategory::Dma, "DMA burst");
    ASSERT_FALSE(bursts.empty());
    std::uint64_t fetched = 0;
    TimeNs previousNs = -1;
    for (const auto& b : bursts) {
        const auto bytes = static_cast<std::uint64_t>(intField(b, "Bytes"));
        const auto level = static_cast<std::uint64_t>(intField(b, "FifoBytes"));
        fetched += bytes;
        EXPECT_LE(bytes, 64u);
        EXPECT_LE(level, kFifoBytes);
        if (b.timeNs > kStartNs) {
            // After the initial fill the DAC has taken every frame due by now.
            EXPECT_EQ(level, fetched - kBytesPerFrame * static_cast<std::uint64_t>(dueBy(b.timeNs)))
                << "burst at " << b.timeNs;
        }
        if (b.timeNs > kStartNs && b.timeNs != previousNs) {
            // Room for this burst appeared with the frame due now, not earlier.
            const std::uint64_t freeBefore = kFifoBytes - (level - bytes);
            EXPECT_GE(freeBefore, bytes);
            EXPECT_LT(freeBefore - kBytesPerFrame, bytes) << "burst at " << b.timeNs;
            EXPECT_EQ(dueBy(b.timeNs - 1) + 1, dueBy(b.timeNs)) << "bursts run on a DAC tick";
        }
        previousNs = b.timeNs;
    }
    EXPECT_EQ(fetched, expected.size());
}

TEST_F(Ac97Render, BufferCompletionIsRaisedWhenTheLastByteIsFetched) {
    standardStream();
    startAt(kStartNs, 3);
    scheduler.runUntil(kStartNs + msToNs(20));
    auto bcis = records(TraceCategory::Dma, "BCIS set");
    ASSERT_EQ(bcis.size(), 2u) << "IOC only on buffers 1 and 3";
    auto bursts = records(TraceCategory::Dma, "DMA burst");
    for (std::size_t k = 0; k < bcis.size(); ++k) {
        const Buffer& b = buffers[k == 0 ? 1 : 3];
        // The burst that fetched the buffer's last byte.
        const TraceRecord* last = nullptr;
        for (const auto& r : bursts) {
            if (static_cast<std::uint64_t>(intField(r, "Address") + intField(r, "Bytes")) ==
                std::uint64_t{b.address} + b.bytes) {
                last = &r;
            }
        }
        ASSERT_NE(last, nullptr);
        EXPECT_EQ(bcis[k].timeNs, last->timeNs);
        EXPECT_GT(bcis[k].index, last->index);
        EXPECT_EQ(intField(bcis[k], "CIV"), k == 0 ? 1 : 3);
    }
    // The ISR saw each one, an interrupt latency later, and acked it.
    ASSERT_EQ(isrLog.size(), 2u);
    for (std::size_t k = 0; k < 2; ++k) {
        EXPECT_EQ(isrLog[k].timeNs, bcis[k].timeNs + kernel.config().interruptLatencyNs);
        EXPECT_NE(isrLog[k].globSta & GLOB_STA_POINT, 0u);
        EXPECT_NE(isrLog[k].sr[1] & SR_BCIS, 0);
    }
    EXPECT_FALSE(ac97->interruptAsserted());
}

TEST_F(Ac97Render, FetchPositionRegistersBetweenEvents) {
    standardStream();
    const std::vector<std::uint64_t> ends = {400, 600, 1200, 1500};
    startAt(kStartNs, 3);
    EXPECT_EQ(civ(kPO), 0);
    EXPECT_EQ(piv(kPO), 1);
    EXPECT_EQ(picb(kPO), 200) << "descriptor 0 fetched at start, nothing moved yet";
    EXPECT_EQ(sr(kPO) & SR_DCH, 0);
    std::uint64_t lastFetched = 0;
    int checks = 0;
    while (scheduler.now() < kStartNs + msToNs(20) && scheduler.step()) {
        const std::uint64_t fetched = ac97->state(kPO).bytesFetched;
        if (fetched == lastFetched) {
            continue;
        }
        ASSERT_LE(fetched - lastFetched, 64u);
        lastFetched = fetched;
        std::size_t i = 0;
        while (i + 1 < ends.size() && ends[i] <= fetched) {
            ++i;
        }
        SCOPED_TRACE(testing::Message() << "fetched " << fetched);
        EXPECT_EQ(civ(kPO), i);
        EXPECT_EQ(piv(kPO), i + 1);
        EXPECT_EQ(picb(kPO), (ends[i] - fetched) / 2);
        EXPECT_EQ((sr(kPO) & SR_DCH) != 0, fetched == 1500);
        ++checks;
    }
    // One check per burst; bursts stop at buffer ends: 7 + 4 + 10 + 5.
    EXPECT_EQ(checks, 26);
}

TEST_F(Ac97Render, EndOfListHaltsAfterTheLastFetchThenRepeatsTheLastFrame) {
    standardStream();
    startAt(kStartNs, 3);
    scheduler.runUntil(kStartNs + msToNs(20));
    ac97->syncAll();
    // Intel: LVBCI once the last valid buffer is fetched, while the FIFO still plays.
    auto lvbci = records(TraceCategory::Dma, "LVBCI set");
    ASSERT_EQ(lvbci.size(), 1u);
    const TimeNs lastDataFrameNs = due(static_cast<std::int64_t>(totalFrames()) - 1);
    EXPECT_LT(lvbci[0].timeNs, lastDataFrameNs);
    ASSERT_EQ(isrLog.size(), 2u);
    EXPECT_EQ(isrLog[1].sr[1] & (SR_LVBCI | SR_DCH | SR_CELV | SR_BCIS),
              SR_LVBCI | SR_DCH | SR_CELV | SR_BCIS);
    EXPECT_EQ(sr(kPO), SR_DCH | SR_CELV) << "acked; halted at the last valid index";
    // The FIFO ran dry at exactly the first frame without data.
    auto glitches = records(TraceCategory::Glitch, "underrun");
    ASSERT_EQ(glitches.size(), 1u);
    EXPECT_EQ(intField(glitches[0], "Frame"), static_cast<std::int64_t>(totalFrames()));
    EXPECT_EQ(glitches[0].timeNs, due(static_cast<std::int64_t>(totalFrames())));
    EXPECT_EQ(intField(glitches[0], "FrameTimeNs"), glitches[0].timeNs);
    EXPECT_FALSE(boolField(glitches[0], "FIFOE")) << "no more valid buffers";
    EXPECT_EQ(textField(glitches[0], "Filler"), "repeat last frame");
    // BUP = 0: every underrun frame repeats the last frame of the stream.
    const auto lastFrame = sink.frame(totalFrames() - 1);
    ASSERT_GT(sink.frames(), totalFrames() + 100);
    for (std::size_t n = totalFrames(); n < sink.frames(); ++n) {
        ASSERT_EQ(sink.frame(n), lastFrame) << n;
    }
    EXPECT_EQ(ac97->state(kPO).underrunFrames,
              static_cast<std::int64_t>(sink.frames() - totalFrames()));
    EXPECT_EQ(sr(kPO) & SR_FIFOE, 0);
}

TEST_F(Ac97Render, UnderrunPolicyOnePlaysZeros) {
    standardStream(true);
    startAt(kStartNs, 3);
    scheduler.runUntil(kStartNs + msToNs(12));
    ac97->syncAll();
    ASSERT_GT(sink.frames(), totalFrames());
    EXPECT_NE(sink.frame(totalFrames() - 1), std::vector<std::uint8_t>(4, 0));
    for (std::size_t n = totalFrames(); n < sink.frames(); ++n) {
        ASSERT_EQ(sink.frame(n), std::vector<std::uint8_t>(4, 0)) << n;
    }
    auto glitches = records(TraceCategory::Glitch, "underrun");
    ASSERT_EQ(glitches.size(), 1u);
    EXPECT_EQ(textField(glitches[0], "Filler"), "zeros");
}

TEST_F(Ac97Render, WritingLviWhileHaltedAppendsToTheRunningStream) {
    addBuffers({100, 100}, {false, true});
    startAt(kStartNs, 1);
    const TimeNs appendNs = kStartNs + msToNs(5);
    scheduler.runUntil(appendNs);
    ASSERT_EQ(sr(kPO) & (SR_DCH | SR_CELV), SR_DCH | SR_CELV);
    addBuffers({100, 50}, {false, true});
    writeLvi(kPO, 3);
    EXPECT_EQ(civ(kPO), 2) << "restart: CIV <- PIV, fetch";
    EXPECT_EQ(picb(kPO), 100);
    EXPECT_EQ(sr(kPO) & (SR_DCH | SR_CELV), 0);
    auto lviWrites = records(TraceCategory::Register, "PO LVI write");
    EXPECT_TRUE(boolField(lviWrites.back(), "Restart"));
    scheduler.runUntil(appendNs + msToNs(10));
    ac97->syncAll();

    EXPECT_EQ(dataBytes(), expected) << "every byte once, in order, across the gap";
    const auto resumedAt = static_cast<std::size_t>(dueBy(appendNs));
    ASSERT_GT(sink.frames(), resumedAt + 75);
    for (std::size_t n = 0; n < sink.frames(); ++n) {
        const bool data = n < 100 || (n >= resumedAt && n < resumedAt + 75);
        ASSERT_EQ(sink.underrun[n], !data) << n;
    }
    auto glitches = records(TraceCategory::Glitch, "underrun");
    ASSERT_EQ(glitches.size(), 2u) << "one per underrun run";
    EXPECT_EQ(intField(glitches[0], "Frame"), 100);
    EXPECT_EQ(intField(glitches[1], "Frame"), static_cast<std::int64_t>(resumedAt + 75));
    EXPECT_EQ(glitches[1].timeNs, due(static_cast<std::int64_t>(resumedAt + 75)));
    EXPECT_EQ(ac97->state(kPO).descriptorsCompleted, 4u);
}

TEST_F(Ac97Render, LviWrittenEqualToCivDoesNotRestart) {
    addBuffers({100}, {false});
    startAt(kStartNs, 0);
    scheduler.runUntil(kStartNs + msToNs(5));
    writeLvi(kPO, 0);
    EXPECT_EQ(sr(kPO) & (SR_DCH | SR_CELV), SR_DCH | SR_CELV);
    EXPECT_FALSE(boolField(records(TraceCategory::Register, "PO LVI write").back(), "Restart"));
    EXPECT_EQ(records(TraceCategory::Dma, "descriptor fetch").size(), 1u);
}

TEST_F(Ac97Render, PauseStopsTheDacAndResumeContinuesWithoutLossOrRepeat) {
    standardStream();
    startAt(kStartNs, 3);
    const TimeNs pauseNs = kStartNs + msToNs(3);
    scheduler.runUntil(pauseNs);
    const std::uint8_t enables = CR_IOCE | CR_LVBIE | CR_FEIE;
    writeCr(kPO, enables);
    const std::uint32_t framesAtPause = pcnt(kPO);
    EXPECT_EQ(framesAtPause, static_cast<std::uint32_t>(dueBy(pauseNs)));
    EXPECT_NE(sr(kPO) & SR_DCH, 0);
    const Ac97EngineState paused = ac97->state(kPO);
    const std::size_t dmaRecords = records(TraceCategory::Dma).size();
    const std::uint16_t picbAtPause = picb(kPO);

    const TimeNs resumeNs = pauseNs + msToNs(4);
    scheduler.runUntil(resumeNs - 1);
    EXPECT_EQ(pcnt(kPO), framesAtPause) << "the DAC is stopped";
    EXPECT_EQ(sink.frames(), framesAtPause);
    EXPECT_EQ(records(TraceCategory::Dma).size(), dmaRecords) << "no DMA while paused";
    EXPECT_EQ(picb(kPO), picbAtPause);
    EXPECT_EQ(ac97->state(kPO).fifoLevelBytes, paused.fifoLevelBytes) << "the FIFO is kept";

    scheduler.runUntil(resumeNs);
    writeCr(kPO, enables | CR_RPBM);
    EXPECT_EQ(civ(kPO), paused.civ) << "resume does not advance to the next descriptor";
    EXPECT_EQ(sr(kPO) & SR_DCH, 0);
    scheduler.runUntil(resumeNs + msToNs(10));
    ac97->syncAll();

    EXPECT_EQ(sink.dataFrames(), totalFrames());
    for (std::size_t n = 0; n < totalFrames(); ++n) {
        ASSERT_FALSE(sink.underrun[n]) << n;
    }
    EXPECT_TRUE(std::equal(expected.begin(), expected.end(), sink.bytes.begin()));
    for (const auto& block : sink.blocks) {
        const TimeNs expectedNs =
            block.firstFrame < framesAtPause
                ? due(block.firstFrame)
                : frameTime(resumeNs, 48'000, block.firstFrame - framesAtPause);
        EXPECT_EQ(block.firstFrameTimeNs, expectedNs + kCodecDelayNs) << block.firstFrame;
        EXPECT_FALSE(block.firstFrame < framesAtPause &&
                     block.firstFrame + static_cast<std::int64_t>(block.frameCount) > framesAtPause)
            << "no block spans the pause";
    }
    EXPECT_EQ(records(TraceCategory::Glitch, "underrun").size(), 1u) << "only at the end";
}

TEST_F(Ac97Render, PauseAtTheStartInstantClocksNoFiller) {
    standardStream();
    startAt(kStartNs, 3);
    writeCr(kPO, 0);  // pause before the first burst has run
    EXPECT_EQ(pcnt(kPO), 0u) << "frame 0 waited for the burst, so it was not clocked";
    const TimeNs resumeNs = kStartNs + msToNs(1);
    scheduler.runUntil(resumeNs);
    writeCr(kPO, CR_RPBM);
    scheduler.runUntil(resumeNs + msToNs(10));
    ac97->syncAll();
    EXPECT_EQ(sink.blocks.front().firstFrameTimeNs, resumeNs + kCodecDelayNs);
    EXPECT_EQ(sink.dataFrames(), totalFrames());
    EXPECT_FALSE(sink.underrun.front());
    EXPECT_EQ(records(TraceCategory::Glitch, "underrun").size(), 1u) << "only at the end";
}

}  // namespace
}  // namespace ps::ac97::test
