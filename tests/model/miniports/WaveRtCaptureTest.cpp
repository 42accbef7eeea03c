// A capture stream: the ADC's frames land in the cyclic buffer through an
// input descriptor, the record position is LPIB, and the events come when a
// packet has been written to memory (DDI.md §8, §9; HARDWARE.md §2.6).
#include "WaveRtFixture.h"

namespace ps::test {
namespace {

const AudioFormat kStereo48 = AudioFormat::pcm(48000, 2, 16);

class WaveRtCaptureTest : public WaveRtFixture {
  protected:
    void SetUp() override {
        ASSERT_EQ(createAndInit(), STATUS_SUCCESS);
        ASSERT_EQ(openStream(kHdaRtPinCapture, true, kStereo48, &s), STATUS_SUCCESS);
        kernel.KeInitializeEvent(&event, NotificationEvent, FALSE, "capture event");
    }
    void TearDown() override {
        if (s.stream) {
            setState(s, KSSTATE_STOP);
            s.notification->UnregisterNotificationEvent(&event);
            closeStream(s);
        }
    }
    void waitForEvents() {
        kernel.waitForEvent(&event, [this](std::int32_t status) {
            if (status == STATUS_SUCCESS) {
                wakes.push_back(scheduler.now());
                storedAtWake.push_back(hwState(s).bytesStored);
                kernel.KeClearEvent(&event);
                waitForEvents();
            }
        });
    }

    WaveRtOpenedStream s;
    KEVENT event;
    std::vector<TimeNs> wakes;
    std::vector<std::uint64_t> storedAtWake;
};

TEST_F(WaveRtCaptureTest, TheBufferHoldsWhatTheAdcRecorded) {
    ASSERT_EQ(allocate(s, 8192, 2), STATUS_SUCCESS);
    EXPECT_EQ(s.impl->descriptorIndex(), controller->streamIndexOfInput(0));
    setState(s, KSSTATE_RUN);
    runFor(100 * kRtMs);  // more than two laps of 42.67 ms
    setState(s, KSSTATE_PAUSE);
    const hda::HdaStreamState hw = hwState(s);
    const std::uint64_t stored = hw.bytesStored;
    ASSERT_GT(stored, 2u * s.actualSize);
    EXPECT_EQ(hw.lpib, stored % s.actualSize);
    EXPECT_EQ(position(s).PlayOffset, hw.lpib);  // the record position
    // Offset o holds the newest stream byte j < stored with j % size == o.
    const std::vector<std::uint8_t> buffer = readBuffer(s);
    for (std::uint64_t o = 0; o < s.actualSize; ++o) {
        const std::uint64_t j = o + (stored - 1 - o) / s.actualSize * s.actualSize;
        ASSERT_EQ(buffer[o], waveRtPatternByte(7, j)) << "offset " << o;
    }
    EXPECT_EQ(hw.overrunFrames, 0);
}

TEST_F(WaveRtCaptureTest, EventsComeOnceEachPacketIsInMemory) {
    ASSERT_EQ(allocate(s, 8192, 2), STATUS_SUCCESS);
    ASSERT_EQ(s.notification->RegisterNotificationEvent(&event), STATUS_SUCCESS);
    waitForEvents();
    setState(s, KSSTATE_RUN);
    const TimeNs runNs = scheduler.now();
    runFor(3 * 42 * kRtMs + 10 * kRtMs);
    ASSERT_EQ(wakes.size(), 6u);
    const ULONGLONG bytesPerSecond = kStereo48.bytesPerSecond();
    const ULONGLONG fifo = hwState(s).fifoCapacityBytes;
    for (std::size_t k = 0; k < wakes.size(); ++k) {
        const ULONGLONG end = (k + 1) * 4096ull;
        EXPECT_GE(storedAtWake[k], end) << k;  // the packet is in the buffer
        // The ADC produced the packet's last frame, then at most a FIFO's worth more.
        const TimeNs earliest = runNs + static_cast<TimeNs>((end - kStereo48.bytesPerFrame()) *
                                                            1'000'000'000ull / bytesPerSecond);
        const TimeNs latest =
            runNs + static_cast<TimeNs>((end + fifo) * 1'000'000'000ull / bytesPerSecond) + 50'000;
        EXPECT_GE(wakes[k], earliest) << k;
        EXPECT_LE(wakes[k], latest) << k;
    }
}

TEST_F(WaveRtCaptureTest, StopResetsTheRecordPosition) {
    ASSERT_EQ(allocate(s, 8192, 1), STATUS_SUCCESS);
    setState(s, KSSTATE_RUN);
    runFor(10 * kRtMs);
    EXPECT_GT(position(s).PlayOffset, 0u);
    setState(s, KSSTATE_STOP);
    EXPECT_EQ(position(s).PlayOffset, 0u);
    EXPECT_EQ(hwState(s).bytesStored, 0u);
}

}  // namespace
}  // namespace ps::test
