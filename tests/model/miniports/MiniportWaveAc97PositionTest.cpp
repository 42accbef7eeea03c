// GetPosition and NormalizePhysicalPosition (DDI.md §2, §14 rule 2): the
// stream-relative byte position of the sample at the DAC, from PS_PCNT.
#include "MiniportFixture.h"

namespace ps::test {
namespace {

class MiniportPositionTest : public MiniportFixture {
  protected:
    void SetUp() override {
        ASSERT_EQ(createAndInit(), STATUS_SUCCESS);
        ASSERT_EQ(openStream(kAc97PinWaveOut, false, format, &s), STATUS_SUCCESS);
    }

    std::vector<std::uint8_t> queuePackets(std::size_t count, std::size_t bytes) {
        std::vector<std::uint8_t> all;
        for (std::size_t i = 0; i < count; ++i) {
            std::vector<std::uint8_t> data = patternPacket(s.port->packetCount(), bytes);
            s.port->addPacket(data);
            all.insert(all.end(), data.begin(), data.end());
        }
        return all;
    }

    LONGLONG normalize(LONGLONG bytes) {
        EXPECT_EQ(s.stream->NormalizePhysicalPosition(&bytes), STATUS_SUCCESS);
        return bytes;
    }

    AudioFormat format = AudioFormat::pcm(48000, 2, 16);
    OpenedStream s;
};

TEST_F(MiniportPositionTest, ZeroAfterCreationAndBeforeTheFirstFrame) {
    EXPECT_EQ(position(s), 0u);
    queuePackets(2, 3840);
    setState(s, KSSTATE_RUN);
    EXPECT_EQ(position(s), 0u);
}

TEST_F(MiniportPositionTest, IsExactlyWhatTheDacHasPlayed) {
    queuePackets(6, 3840);  // 6 x 20 ms
    setState(s, KSSTATE_RUN);
    const TimeNs start = scheduler.now();
    for (TimeNs t : {TimeNs{1'000'000}, TimeNs{7'333'333}, TimeNs{20'000'000}, TimeNs{20'020'833},
                     TimeNs{61'500'000}, TimeNs{119'000'000}}) {
        scheduler.runUntil(start + t);
        const ULONGLONG p = position(s);  // reading PS_PCNT brings the DAC up to now
        EXPECT_EQ(p, dac.bytes.size()) << "at " << t << " ns";
        EXPECT_EQ(p % 4, 0u);
        EXPECT_GT(p, 0u);
    }
    runFor(40 * kMs);
    EXPECT_EQ(position(s), 6u * 3840u);  // clamped to the bytes mapped, not the filler
}

TEST_F(MiniportPositionTest, FrozenWhilePausedAndResumesWithoutLoss) {
    const std::vector<std::uint8_t> expected = queuePackets(4, 3840);
    setState(s, KSSTATE_RUN);
    runFor(25 * kMs);
    setState(s, KSSTATE_PAUSE);
    const ULONGLONG paused = position(s);
    EXPECT_GT(paused, 0u);
    runFor(30 * kMs);
    EXPECT_EQ(position(s), paused);
    setState(s, KSSTATE_ACQUIRE);
    EXPECT_EQ(position(s), paused);
    setState(s, KSSTATE_RUN);
    runFor(10 * kMs);
    EXPECT_GT(position(s), paused);
    runFor(80 * kMs);
    EXPECT_EQ(dac.bytes, expected);  // the pause lost and repeated nothing
    EXPECT_EQ(position(s), expected.size());
}

TEST_F(MiniportPositionTest, ZeroAfterStopAndCountsAgainFromThere) {
    queuePackets(3, 3840);
    setState(s, KSSTATE_RUN);
    runFor(70 * kMs);
    EXPECT_EQ(position(s), 3u * 3840u);
    setState(s, KSSTATE_STOP);
    EXPECT_EQ(position(s), 0u);

    const std::size_t before = dac.bytes.size();
    queuePackets(1, 3840);
    setState(s, KSSTATE_RUN);
    runFor(10 * kMs);
    const ULONGLONG p = position(s);  // first: reading PS_PCNT brings the DAC up to now
    EXPECT_EQ(p, dac.bytes.size() - before);
    EXPECT_GT(p, 0u);
    runFor(20 * kMs);
    EXPECT_EQ(position(s), 3840u);
}

TEST_F(MiniportPositionTest, NeverRunsBackwards) {
    queuePackets(3, 3840);
    setState(s, KSSTATE_RUN);
    ULONGLONG last = 0;
    for (int i = 0; i < 80; ++i) {
        runFor(kMs);
        const ULONGLONG p = position(s);
        EXPECT_GE(p, last);
        last = p;
    }
}

TEST_F(MiniportPositionTest, NormalizesBytesToHundredNanosecondUnits) {
    EXPECT_EQ(normalize(0), 0);
    EXPECT_EQ(normalize(192000), 10'000'000);  // one second at 48 kHz stereo 16-bit
    EXPECT_EQ(normalize(4), 208);              // one frame: 20.83 us, truncated
    EXPECT_EQ(normalize(-192000), -10'000'000);
}

TEST_F(MiniportPositionTest, NormalizesADayAtTheLargestFormatWithoutOverflow) {
    closeStream(s);
    ASSERT_EQ(openStream(kAc97PinWaveOut, false, AudioFormat::extensiblePcm(192000, 8, 32, 32), &s),
              STATUS_SUCCESS);
    const LONGLONG bytesPerSecond = 192000LL * 8 * 4;
    EXPECT_EQ(normalize(bytesPerSecond * 86400), 864'000'000'000LL);
    EXPECT_EQ(normalize(bytesPerSecond * 86400 * 365), 864'000'000'000LL * 365);
    EXPECT_EQ(normalize(bytesPerSecond * 86400 + 32), 864'000'000'000LL + 52);  // +1 frame: 5.2 us
}

TEST_F(MiniportPositionTest, NormalizesCdAudio) {
    closeStream(s);
    ASSERT_EQ(openStream(kAc97PinWaveOut, false, AudioFormat::pcm(44100, 2, 16), &s),
              STATUS_SUCCESS);
    EXPECT_EQ(normalize(176400), 10'000'000);
    EXPECT_EQ(normalize(1764), 100'000);  // 10 ms
    EXPECT_EQ(normalize(4), 226);         // 22.67 us
}

}  // namespace
}  // namespace ps::test
