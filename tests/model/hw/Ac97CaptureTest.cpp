// PCM In and Mic In: the ADC's frames land in memory exactly, BCIS per IOC
// descriptor when its last byte is written, and overruns once the DMA halts
// (HARDWARE.md §1.4-1.5).
#include "Ac97Fixture.h"

namespace ps::ac97::test {
namespace {

constexpr TimeNs kStartNs = msToNs(2);
constexpr std::uint32_t kFifoBytes = 256;
constexpr std::uint32_t kBytesPerFrame = 4;

class Ac97Capture : public Ac97Fixture, public ::testing::WithParamInterface<Engine> {
  protected:
    CountingSource source;
    std::uint32_t bdl = 0;
    std::vector<std::uint32_t> addresses;
    std::vector<std::uint32_t> sizes;

    Engine engine() const { return GetParam(); }
    void SetUp() override {
        Ac97Fixture::SetUp();
        ac97->setSource(engine(), &source);
        bdl = allocPages();
        writeBdbar(engine(), bdl);
    }
    // Three IOC buffers: 900 bytes, 225 frames.
    void standardList() {
        const std::uint16_t samples[] = {150, 250, 50};
        for (int i = 0; i < 3; ++i) {
            addresses.push_back(allocScatteredPage());
            sizes.push_back(samples[i] * 2u);
            setDescriptor(bdl, i, addresses.back(), samples[i], true);
        }
    }
    void start(std::uint8_t lastValid) {
        scheduler.runUntil(kStartNs);
        writeLvi(engine(), lastValid);
        writeCr(engine(), CR_IOCE | CR_LVBIE | CR_FEIE | CR_RPBM);
    }
    static std::int64_t dueBy(TimeNs t) {
        return PeriodicClock::fromRateHz(kStartNs, 48'000).ticksDueBy(t);
    }
    static TimeNs due(std::int64_t n) { return frameTime(kStartNs, 48'000, n); }
};

TEST_P(Ac97Capture, SourceFramesLandInMemoryInOrder) {
    standardList();
    start(2);
    scheduler.runUntil(kStartNs + msToNs(10));
    std::int64_t frame = 0;
    for (std::size_t i = 0; i < addresses.size(); ++i) {
        const auto data = readMemory(addresses[i], sizes[i]);
        for (std::size_t k = 0; k < data.size(); ++k, frame += (k % kBytesPerFrame == 0)) {
            ASSERT_EQ(data[k], sourceByte(frame, k % kBytesPerFrame))
                << "buffer " << i << " byte " << k;
        }
    }
    EXPECT_EQ(frame, 225);
    // The byte after the last buffer is untouched.
    EXPECT_EQ(readMemory(addresses[2] + sizes[2], 4), std::vector<std::uint8_t>(4, 0));
    const Ac97EngineState s = ac97->state(engine());
    EXPECT_EQ(s.bytesStored, 900u);
    EXPECT_TRUE(s.endOfList);
}

TEST_P(Ac97Capture, BurstsRunWhenTheAdcHasFilledThem) {
    standardList();
    start(2);
    scheduler.runUntil(kStartNs + msToNs(10));
    std::uint64_t stored = 0;
    TimeNs previousNs = -1;
    for (const auto& b : records(TraceCategory::Dma, "DMA burst")) {
        const auto bytes = static_cast<std::uint64_t>(intField(b, "Bytes"));
        const auto level = static_cast<std::uint64_t>(intField(b, "FifoBytes"));
        stored += bytes;
        EXPECT_EQ(level + stored, kBytesPerFrame * static_cast<std::uint64_t>(dueBy(b.timeNs)))
            << "every frame due by the burst was recorded, none lost";
        if (b.timeNs != previousNs) {
            EXPECT_LT(level + bytes - kBytesPerFrame, bytes) << "one frame earlier was too soon";
        }
        previousNs = b.timeNs;
    }
    EXPECT_EQ(stored, 900u);
}

TEST_P(Ac97Capture, CompletionIsRaisedWhenTheLastByteIsWritten) {
    standardList();
    start(2);
    scheduler.runUntil(kStartNs + msToNs(10));
    auto bcis = records(TraceCategory::Dma, "BCIS set");
    auto bursts = records(TraceCategory::Dma, "DMA burst");
    ASSERT_EQ(bcis.size(), 3u);
    for (std::size_t i = 0; i < 3; ++i) {
        const TraceRecord* last = nullptr;
        for (const auto& r : bursts) {
            if (intField(r, "Address") + intField(r, "Bytes") ==
                static_cast<std::int64_t>(addresses[i] + sizes[i])) {
                last = &r;
            }
        }
        ASSERT_NE(last, nullptr);
        EXPECT_EQ(bcis[i].timeNs, last->timeNs);
        // Capture: the last byte is written once the ADC has recorded it.
        const std::int64_t framesNeeded =
            (sizes[0] + (i > 0 ? sizes[1] : 0) + (i > 1 ? sizes[2] : 0)) / kBytesPerFrame;
        EXPECT_EQ(bcis[i].timeNs, due(framesNeeded - 1));
    }
    ASSERT_EQ(isrLog.size(), 3u);
    EXPECT_NE(isrLog[0].globSta & globStaBit(engine()), 0u);
    EXPECT_NE(isrLog[2].sr[static_cast<int>(engine())] & SR_LVBCI, 0);
}

TEST_P(Ac97Capture, OverrunAfterTheEndOfTheListDropsFramesWithoutFifoError) {
    standardList();
    start(2);
    scheduler.runUntil(kStartNs + msToNs(20));
    ac97->syncAll();
    auto overruns = records(TraceCategory::Glitch, "overrun");
    ASSERT_EQ(overruns.size(), 1u);
    // 225 frames went to memory, 64 more filled the FIFO: frame 289 is the first lost.
    const std::int64_t firstLost = 225 + kFifoBytes / kBytesPerFrame;
    EXPECT_EQ(intField(overruns[0], "Frame"), firstLost);
    EXPECT_EQ(overruns[0].timeNs, due(firstLost));
    EXPECT_FALSE(boolField(overruns[0], "FIFOE")) << "no more valid buffers";
    const Ac97EngineState s = ac97->state(engine());
    EXPECT_EQ(s.framesClocked, dueBy(kStartNs + msToNs(20)));
    EXPECT_EQ(s.overrunFrames, s.framesClocked - firstLost);
    EXPECT_EQ(s.fifoLevelBytes, kFifoBytes);
    EXPECT_EQ(sr(engine()) & SR_FIFOE, 0);
    EXPECT_EQ(source.nextFrame, firstLost) << "lost frames are never sampled";
}

TEST_P(Ac97Capture, OverrunWithValidBuffersLeftSetsFifoError) {
    standardList();
    // Buffer 1 points outside allocated memory: the DMA faults there and halts
    // with LVI still ahead, so the ADC's overrun is a FIFO error too.
    setDescriptor(bdl, 1, 0x7FF00000, 250, true);
    start(2);
    scheduler.runUntil(kStartNs + msToNs(20));
    auto faults = records(TraceCategory::Dma, "buffer write fault");
    ASSERT_EQ(faults.size(), 1u);
    EXPECT_EQ(intField(faults[0], "Address"), 0x7FF00000);
    auto overruns = records(TraceCategory::Glitch, "overrun");
    ASSERT_EQ(overruns.size(), 1u);
    EXPECT_TRUE(boolField(overruns[0], "FIFOE"));
    auto fifoe = records(TraceCategory::Dma, "FIFOE set");
    ASSERT_EQ(fifoe.size(), 2u);
    EXPECT_EQ(textField(fifoe[0], "Cause"), "buffer write fault");
    EXPECT_EQ(textField(fifoe[1], "Cause"), "overrun");
    // The ISR saw (and acked) each FIFO error: buffer 0's BCIS, the fault, the overrun.
    int fifoErrors = 0;
    for (const auto& e : isrLog) {
        fifoErrors += (e.sr[static_cast<int>(engine())] & SR_FIFOE) != 0;
    }
    EXPECT_EQ(fifoErrors, 2);
    EXPECT_EQ(civ(engine()), 1);
    EXPECT_NE(sr(engine()) & SR_DCH, 0);
}

TEST_P(Ac97Capture, PauseKeepsTheFifoAndResumeLosesNothing) {
    standardList();
    start(2);
    const TimeNs pauseNs = kStartNs + msToNs(1) + 7;
    scheduler.runUntil(pauseNs);
    writeCr(engine(), CR_IOCE | CR_LVBIE | CR_FEIE);
    const std::int64_t framesAtPause = dueBy(pauseNs);
    scheduler.runUntil(pauseNs + msToNs(3));
    EXPECT_EQ(static_cast<std::int64_t>(pcnt(engine())), framesAtPause);
    writeCr(engine(), CR_IOCE | CR_LVBIE | CR_FEIE | CR_RPBM);
    scheduler.runUntil(pauseNs + msToNs(13));
    std::int64_t frame = 0;
    for (std::size_t i = 0; i < addresses.size(); ++i) {
        const auto data = readMemory(addresses[i], sizes[i]);
        for (std::size_t k = 0; k < data.size(); ++k, frame += (k % kBytesPerFrame == 0)) {
            ASSERT_EQ(data[k], sourceByte(frame, k % kBytesPerFrame)) << i << ":" << k;
        }
    }
}

INSTANTIATE_TEST_SUITE_P(Engines, Ac97Capture, ::testing::Values(Engine::PcmIn, Engine::MicIn),
                         [](const ::testing::TestParamInfo<Engine>& info) {
                             return std::string(engineName(info.param));
                         });

}  // namespace
}  // namespace ps::ac97::test
