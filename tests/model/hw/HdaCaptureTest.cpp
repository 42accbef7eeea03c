// Input streams: the ADC's frames through the FIFO into the cyclic buffer,
// byte for byte; BCIS when an IOC entry's last byte reached memory; LPIB
// trails the ADC by the FIFO level; overrun while the DMA is held
// (HARDWARE.md §2.6 input rules, §8.4).
#include "HdaFixture.h"

namespace ps::hda::test {
namespace {

constexpr TimeNs kStartNs = msToNs(2);
constexpr std::uint32_t kBytesPerFrame = 4;
constexpr std::uint32_t kCbl = 3 * PAGE_SIZE;

class HdaCapture : public HdaFixture {
  protected:
    CountingSource source;
    unsigned sd = 0;
    std::uint64_t bdl = 0;
    std::vector<Fragment> fragments;

    void build(const HdaConfig& c) {
        create(c);
        sd = hda->streamIndexOfInput(1);
        hda->setSource(sd, &source);
        leaveControllerReset();
        enableInterrupts(sd);
        bdl = allocContiguous();
        fragments.clear();
        for (int k = 0; k < 3; ++k) {
            fragments.push_back({allocScatteredPage(), PAGE_SIZE, k != 0});  // IOC on 1 and 2
        }
        setupStream(sd, 2, fmt48kStereo16(), bdl, fragments);
    }
    void SetUp() override { build(HdaConfig{}); }

    // Byte p of the cyclic buffer as memory holds it.
    std::uint8_t bufferByte(std::uint32_t p) {
        const Fragment& f = fragments[p / PAGE_SIZE];
        return readMemory(f.address + p % PAGE_SIZE, 1)[0];
    }
    // What byte p must hold after `stored` bytes were written in order.
    static std::uint8_t expectedByte(std::uint32_t p, std::uint64_t stored) {
        std::uint64_t g = p;
        while (g + kCbl < stored) {
            g += kCbl;
        }
        return sourceByte(static_cast<std::int64_t>(g / kBytesPerFrame), g % kBytesPerFrame);
    }
};

TEST_F(HdaCapture, ExactSourceBytesLandInTheCyclicBufferInOrder) {
    scheduler.runUntil(kStartNs);
    startStream(sd);
    EXPECT_NE(sts(sd) & SDSTS_FIFORDY, 0) << "input: a valid descriptor is loaded";
    scheduler.runUntil(kStartNs + msToNs(50));  // less than one lap
    hda->syncAll();
    HdaStreamState s = hda->state(sd);
    ASSERT_GT(s.bytesStored, 9000u);
    for (std::uint32_t p = 0; p < s.bytesStored; ++p) {
        ASSERT_EQ(bufferByte(p), expectedByte(p, s.bytesStored)) << "byte " << p;
    }
    // Three laps later every byte holds the newest frame written there.
    scheduler.runUntil(kStartNs + msToNs(230));
    hda->syncAll();
    s = hda->state(sd);
    ASSERT_GT(s.bytesStored, 3u * kCbl);
    for (std::uint32_t p = 0; p < kCbl; ++p) {
        ASSERT_EQ(bufferByte(p), expectedByte(p, s.bytesStored)) << "byte " << p;
    }
    EXPECT_EQ(s.overrunFrames, 0);
    EXPECT_EQ(s.framesRecorded,
              PeriodicClock::fromRateHz(kStartNs, 48'000).ticksDueBy(kStartNs + msToNs(230)));
    EXPECT_EQ(records(TraceCategory::Glitch).size(), 0u);
}

TEST_F(HdaCapture, LpibTrailsTheAdcByTheFifoAndBcisFollowsTheLastStoredByte) {
    scheduler.runUntil(kStartNs);
    startStream(sd);
    const std::uint32_t fifoBytes = fifosBytes(kInputFifosReset);
    while (scheduler.now() < kStartNs + msToNs(140) && scheduler.step()) {
        hda->syncAll();
        const HdaStreamState s = hda->state(sd);
        ASSERT_EQ(lpib(sd), s.bytesStored % kCbl);
        ASSERT_EQ(s.bytesProduced - s.bytesStored, s.fifoLevelBytes);
        ASSERT_LE(s.fifoLevelBytes, fifoBytes);
        ASSERT_EQ(s.linkPositionBytes, s.bytesProduced % kCbl);
    }
    const auto bcis = records(TraceCategory::Dma, "BCIS set");
    const auto bursts = records(TraceCategory::Dma, "DMA burst");
    ASSERT_GE(bcis.size(), 4u);
    for (const auto& r : bcis) {
        const TraceRecord* burst = nullptr;
        for (const auto& b : bursts) {
            if (b.index < r.index) {
                burst = &b;
            }
        }
        ASSERT_NE(burst, nullptr);
        EXPECT_EQ(burst->timeNs, r.timeNs);
        EXPECT_TRUE(boolField(*burst, "IOC"));
        const auto entry = intField(*burst, "Entry");
        EXPECT_NE(entry, 0) << "no IOC on entry 0";
        EXPECT_EQ(
            static_cast<std::uint64_t>(intField(*burst, "Address") + intField(*burst, "Bytes")),
            fragments[static_cast<std::size_t>(entry)].address + PAGE_SIZE);
        // The entry's last frame was sampled no later than this instant.
        EXPECT_EQ(intField(r, "LPIB"), entry == 1 ? 2 * PAGE_SIZE : 0);
    }
    // First BCIS: entry 1's last byte (byte 8191) stored once the ADC made frame 2047.
    const TimeNs frame2047 = frameTime(kStartNs, 48'000, 2047);
    EXPECT_GE(bcis[0].timeNs, frame2047);
    EXPECT_LE(bcis[0].timeNs, frameTime(kStartNs, 48'000, 2047 + config.burstBytes / 4));
}

TEST_F(HdaCapture, OverrunWhileTheDmaIsHeldDropsFramesAtTheExactTick) {
    HdaConfig c;
    c.pauseDmaWhileBcisPending = true;
    build(c);
    scheduler.runUntil(kStartNs);
    startStream(sd, 0);  // no enables: the ISR must not ack BCIS behind our back
    scheduler.runUntil(kStartNs + msToNs(60));
    hda->syncAll();
    const auto bcis = records(TraceCategory::Dma, "BCIS set");
    ASSERT_EQ(bcis.size(), 1u);
    const auto overruns = records(TraceCategory::Glitch, "overrun");
    ASSERT_EQ(overruns.size(), 1u);
    // After BCIS the DMA holds; the ADC fills the FIFO (120 B = 30 frames)
    // and the first frame that does not fit is the overrun.
    const HdaStreamState s = hda->state(sd);
    EXPECT_TRUE(s.dmaStalled);
    EXPECT_EQ(s.fifoLevelBytes, 120u);
    const auto clock = PeriodicClock::fromRateHz(kStartNs, 48'000);
    const std::int64_t frame = intField(overruns[0], "Frame");
    EXPECT_EQ(overruns[0].timeNs, clock.dueTimeNs(frame)) << "recorded at the exact tick";
    EXPECT_EQ(intField(overruns[0], "FrameTimeNs"), clock.dueTimeNs(frame));
    EXPECT_GE(frame, clock.ticksDueBy(bcis[0].timeNs));
    EXPECT_LE(frame, clock.ticksDueBy(bcis[0].timeNs) + 30);
    EXPECT_EQ(s.bytesProduced, static_cast<std::uint64_t>(frame) * kBytesPerFrame);
    EXPECT_EQ(s.bytesProduced - s.bytesStored, 120u);
    EXPECT_EQ(s.overrunFrames, s.framesRecorded - frame);
    EXPECT_EQ(sts(sd) & (SDSTS_FIFOE | SDSTS_BCIS), SDSTS_FIFOE | SDSTS_BCIS);
    EXPECT_FALSE(hda->interruptAsserted()) << "FEIE clear: status only (§2.6)";
    writeCtl(sd, ctl(sd) | SDCTL_FEIE);
    EXPECT_TRUE(hda->interruptAsserted());
    EXPECT_EQ(read32(INTSTS), INTSTS_GIS | streamBit(sd));
    // Acking BCIS lets the DMA go on; recording resumes with the next frame
    // the ADC makes (the dropped ones are gone for good).
    writeCtl(sd, ctl(sd) & ~SDCTL_FEIE);
    writeSts(sd, SDSTS_BCIS | SDSTS_FIFOE);
    hda->syncAll();
    const HdaStreamState atAck = hda->state(sd);
    scheduler.runUntil(scheduler.now() + msToNs(5));
    hda->syncAll();
    const HdaStreamState after = hda->state(sd);
    EXPECT_FALSE(after.dmaStalled);
    EXPECT_GT(after.bytesStored, atAck.bytesStored + 120);
    EXPECT_EQ(after.overrunFrames, atAck.overrunFrames);
    EXPECT_EQ(
        after.bytesProduced - atAck.bytesProduced,
        static_cast<std::uint64_t>(after.framesRecorded - atAck.framesRecorded) * kBytesPerFrame);
    // The byte after the held FIFO's contents in memory is the first frame
    // sampled after the ack.
    const std::uint64_t g = atAck.bytesStored + 120;  // global index of that byte
    const std::uint32_t p = static_cast<std::uint32_t>(g % kCbl);
    EXPECT_EQ(bufferByte(p), sourceByte(atAck.framesRecorded, 0));
    EXPECT_EQ(sts(sd) & SDSTS_FIFOE, 0);
}

}  // namespace
}  // namespace ps::hda::test
