#include "app/audio/CaptureTape.h"
#include "app/audio/LiveInputSource.h"

#include <gtest/gtest.h>

#include <cmath>
#include <memory>
#include <vector>

namespace ps {
namespace {

// Values that 16-bit storage keeps exactly.
float q(int v) {
    return static_cast<float>(v) / 32768.0f;
}

std::vector<float> ramp(int from, std::size_t frames, int channels) {
    std::vector<float> v;
    for (std::size_t i = 0; i < frames; ++i) {
        for (int c = 0; c < channels; ++c) {
            v.push_back(q(from + static_cast<int>(i) * 10 + c));
        }
    }
    return v;
}

std::vector<float> readFrames(CaptureTape& tape, std::int64_t first, std::size_t frames,
                              int channels) {
    std::vector<float> out(frames * static_cast<std::size_t>(channels), 9.0f);
    tape.read(first, out.data(), frames, channels);
    return out;
}

TEST(CaptureTapeTest, FramesReadTwiceAreIdentical) {
    CaptureTape tape(2, 64, 0, 0, 1000);
    const auto in = ramp(100, 8, 2);
    ASSERT_EQ(tape.push(in.data(), 8), 8u);
    const auto first = readFrames(tape, 0, 8, 2);
    EXPECT_EQ(first, in);
    EXPECT_EQ(tape.frames(), 8);
    // More frames arrive in between: the replay still reads what was heard.
    const auto later = ramp(5000, 8, 2);
    tape.push(later.data(), 8);
    EXPECT_EQ(readFrames(tape, 0, 8, 2), first);
    EXPECT_EQ(readFrames(tape, 3, 2, 2), std::vector<float>(first.begin() + 6, first.begin() + 10));
    EXPECT_EQ(tape.frames(), 8);
}

TEST(CaptureTapeTest, ReadsPastTheEndPullFromTheRingAndAppend) {
    CaptureTape tape(1, 64, 0, 0, 1000);
    const auto a = ramp(0, 4, 1);
    tape.push(a.data(), 4);
    EXPECT_EQ(readFrames(tape, 0, 4, 1), a);
    const auto b = ramp(1000, 4, 1);
    tape.push(b.data(), 4);
    // [2, 6): two frames from the tape, two new ones from the ring.
    EXPECT_EQ(readFrames(tape, 2, 4, 1), (std::vector<float>{a[2], a[3], b[0], b[1]}));
    EXPECT_EQ(tape.frames(), 6);
    // A request that skips frames takes them from the ring too: frame n of
    // the tape stays frame n of the stream.
    EXPECT_EQ(readFrames(tape, 7, 1, 1), (std::vector<float>{b[3]}));
    EXPECT_EQ(readFrames(tape, 0, 8, 1),
              (std::vector<float>{a[0], a[1], a[2], a[3], b[0], b[1], b[2], b[3]}));
    EXPECT_EQ(tape.shortfallFrames(), 0);
}

TEST(CaptureTapeTest, ShortfallIsSilenceOnTheTapeToo) {
    CaptureTape tape(1, 64, 0, 0, 1000);
    const float one = q(123);
    tape.push(&one, 1);
    EXPECT_EQ(readFrames(tape, 0, 3, 1), (std::vector<float>{one, 0, 0}));
    EXPECT_EQ(tape.shortfallFrames(), 2);
    const float late = q(456);
    tape.push(&late, 1);
    // The replay hears the silence the first pass heard; the late frame is
    // frame 3.
    EXPECT_EQ(readFrames(tape, 0, 4, 1), (std::vector<float>{one, 0, 0, late}));
}

TEST(CaptureTapeTest, SilentUntilPrimed) {
    CaptureTape tape(2, 64, 4, 0, 1000);
    const auto in = ramp(10, 4, 2);
    tape.push(in.data(), 3);
    EXPECT_EQ(readFrames(tape, 0, 2, 2), (std::vector<float>{0, 0, 0, 0}));
    EXPECT_FALSE(tape.primed());
    tape.push(in.data() + 6, 1);
    EXPECT_EQ(readFrames(tape, 2, 2, 2), std::vector<float>(in.begin(), in.begin() + 4));
    EXPECT_TRUE(tape.primed());
    EXPECT_EQ(tape.shortfallFrames(), 0);
    EXPECT_EQ(readFrames(tape, 0, 2, 2), (std::vector<float>{0, 0, 0, 0}));
}

TEST(CaptureTapeTest, ABacklogBeyondTheLimitKeepsTheNewestPrimeFrames) {
    CaptureTape tape(1, 64, 2, 4, 1000);
    const auto in = ramp(0, 10, 1);
    tape.push(in.data(), 10);
    EXPECT_EQ(readFrames(tape, 0, 3, 1), (std::vector<float>{in[8], in[9], 0}));
    EXPECT_EQ(tape.skippedFrames(), 8);
    EXPECT_EQ(tape.shortfallFrames(), 1);
}

TEST(CaptureTapeTest, AFullRingLetsItsOldAudioGoAndTheReaderPrimesAgain) {
    CaptureTape tape(1, 8, 2, 0, 1000);
    const auto old = ramp(0, 8, 1);
    const auto now = ramp(3000, 4, 1);
    EXPECT_EQ(tape.push(old.data(), 8), 8u);
    EXPECT_EQ(readFrames(tape, 0, 1, 1), (std::vector<float>{old[0]}));
    // Nobody reads while the device goes on: the seven old frames go; one
    // new frame fits where old[0] was.
    EXPECT_EQ(tape.push(now.data(), 4), 1u);
    EXPECT_EQ(tape.discardedFrames(), 7);
    // Fewer than the priming's two fresh frames: silence.
    EXPECT_EQ(readFrames(tape, 1, 2, 1), (std::vector<float>{0, 0}));
    EXPECT_EQ(tape.push(now.data() + 1, 2), 2u);
    EXPECT_EQ(readFrames(tape, 3, 3, 1), (std::vector<float>{now[0], now[1], now[2]}));
    EXPECT_EQ(tape.shortfallFrames(), 0);
    // The tape keeps what was heard, silence included.
    EXPECT_EQ(readFrames(tape, 0, 6, 1),
              (std::vector<float>{old[0], 0, 0, now[0], now[1], now[2]}));
}

TEST(CaptureTapeTest, TheCapStopsTheTapeAndAReplayPastItIsSilentAndCounted) {
    CaptureTape tape(1, 64, 0, 0, 4);
    const auto in = ramp(0, 8, 1);
    tape.push(in.data(), 8);
    // The first pass hears all six frames: four recorded, two live.
    EXPECT_EQ(readFrames(tape, 0, 6, 1), std::vector<float>(in.begin(), in.begin() + 6));
    EXPECT_TRUE(tape.full());
    EXPECT_EQ(tape.frames(), 4);
    EXPECT_EQ(tape.inexactFrames(), 0);
    // A replay: the recorded four, then silence where it cannot repeat what
    // was heard, then new frames live again.
    EXPECT_EQ(readFrames(tape, 0, 7, 1),
              (std::vector<float>{in[0], in[1], in[2], in[3], 0, 0, in[6]}));
    EXPECT_EQ(tape.inexactFrames(), 2);
    EXPECT_EQ(tape.frames(), 4);
}

TEST(CaptureTapeTest, ChannelsAreMapped) {
    CaptureTape mono(1, 64, 0, 0, 100);
    const float m = q(100);
    mono.push(&m, 1);
    EXPECT_EQ(readFrames(mono, 0, 1, 3), (std::vector<float>{m, m, m}));  // every channel

    CaptureTape stereo(2, 64, 0, 0, 100);
    const float st[2] = {q(200), q(-200)};
    stereo.push(st, 1);
    EXPECT_EQ(readFrames(stereo, 0, 1, 4), (std::vector<float>{st[0], st[1], 0, 0}));
    EXPECT_EQ(readFrames(stereo, 0, 1, 1), (std::vector<float>{st[0]}));
}

TEST(CaptureTapeTest, SamplesAreKeptAsSixteenBitAndTheFirstPassHearsThemSo) {
    CaptureTape tape(1, 64, 0, 0, 100);
    const float in[3] = {0.123456f, 2.0f, -2.0f};
    tape.push(in, 3);
    const auto first = readFrames(tape, 0, 3, 1);
    EXPECT_EQ(first, (std::vector<float>{std::nearbyint(0.123456f * 32768.0f) / 32768.0f, q(32767),
                                         q(-32768)}));
    EXPECT_EQ(readFrames(tape, 0, 3, 1), first);
    EXPECT_EQ(tape.peak(), 1.0f);
}

TEST(CaptureTapeTest, SourcesOfLaterRunsShareTheTape) {
    auto tape = std::make_shared<CaptureTape>(1, 64, 0, 0, 100);
    const auto in = ramp(0, 4, 1);
    tape->push(in.data(), 4);
    std::vector<float> a(4);
    std::vector<float> b(4);
    {
        LiveInputSource firstRun(tape);
        firstRun.render(0, a.data(), 4, 1);
    }
    LiveInputSource secondRun(tape);
    secondRun.render(0, b.data(), 4, 1);
    EXPECT_EQ(a, in);
    EXPECT_EQ(b, in);
}

TEST(CaptureTapeTest, GrowsAcrossBlocks) {
    CaptureTape tape(1, 2 * CaptureTape::kBlockFrames, 0, 0, 3 * CaptureTape::kBlockFrames);
    const std::size_t n = CaptureTape::kBlockFrames + 100;
    std::vector<float> in(n);
    for (std::size_t i = 0; i < n; ++i) {
        in[i] = q(static_cast<int>(i % 30000));
    }
    tape.push(in.data(), n);
    EXPECT_EQ(readFrames(tape, 0, n, 1), in);
    EXPECT_EQ(readFrames(tape, CaptureTape::kBlockFrames - 2, 4, 1),
              std::vector<float>(in.begin() + CaptureTape::kBlockFrames - 2,
                                 in.begin() + CaptureTape::kBlockFrames + 2));
}

}  // namespace
}  // namespace ps
