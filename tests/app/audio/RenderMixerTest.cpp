#include "app/audio/RenderMixer.h"

#include "tests/e2e/ToneAnalysis.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <vector>

namespace ps {
namespace {

constexpr double kPi = 3.14159265358979323846;

// Plays `seconds` of a tone into `sink` the way a DAC does (blocks of
// blockFrames frames stamped with their clock time), mixing after each block.
struct Player {
    AudioFormat format;
    double toneHz = 1000;
    double amplitude = 0.5;
    std::int64_t frame = 0;
    TimeNs startNs = 0;
    bool underrun = false;  // the blocks are the DAC's underrun filler

    TimeNs timeOf(std::int64_t n) const {
        return startNs + static_cast<TimeNs>(static_cast<double>(n) * 1e9 / format.rateHz);
    }
    void play(PcmSink* sink, std::size_t frames) {
        std::vector<std::uint8_t> bytes(frames * format.bytesPerFrame());
        for (std::size_t i = 0; i < frames; ++i) {
            const double v =
                amplitude *
                std::sin(2 * kPi * toneHz *
                         static_cast<double>(frame + static_cast<std::int64_t>(i)) / format.rateHz);
            const auto s = static_cast<std::int16_t>(std::lround(v * 32767));
            for (int c = 0; c < format.channels; ++c) {
                std::uint8_t* p =
                    bytes.data() + i * format.bytesPerFrame() + static_cast<std::size_t>(c) * 2;
                p[0] = static_cast<std::uint8_t>(s & 0xFF);
                p[1] = static_cast<std::uint8_t>((s >> 8) & 0xFF);
            }
        }
        PcmBlock block;
        block.firstFrame = frame;
        block.firstFrameTimeNs = timeOf(frame);
        block.frameCount = frames;
        block.bytesPerFrame = format.bytesPerFrame();
        block.bytes = bytes.data();
        block.underrun = underrun;
        sink->onFrames(block);
        frame += static_cast<std::int64_t>(frames);
    }
};

std::vector<float> channel(const std::vector<float>& interleaved, int channels, int c) {
    std::vector<float> out;
    for (std::size_t i = static_cast<std::size_t>(c); i < interleaved.size();
         i += static_cast<std::size_t>(channels)) {
        out.push_back(interleaved[i]);
    }
    return out;
}

TEST(RenderMixerTest, A1kHzToneAt44100ComesOutAt48000Still1kHz) {
    RenderMixer mixer(48000, 2);
    Player player{AudioFormat::pcm(44100, 2, 16)};
    PcmSink* sink = mixer.addStream(player.format);
    EXPECT_EQ(mixer.streamError(0), "");
    std::vector<float> out;
    for (int i = 0; i < 200; ++i) {  // 2 s in 10 ms blocks
        player.play(sink, 441);
        mixer.mixUpTo(player.timeOf(player.frame), &out);
    }
    mixer.finish(&out);
    EXPECT_EQ(mixer.lateFrames(), 0);
    // 2 s of 44.1 kHz become 2 s of 48 kHz, frame-exact after the drain.
    EXPECT_EQ(mixer.framesMixed(), 96000);
    ASSERT_EQ(out.size(), 96000u * 2);
    const std::vector<float> left = channel(out, 2, 0);
    // Skip the resampler's start-up transient.
    const float* x = left.data() + 4800;
    const std::size_t n = 96000 - 9600;
    const double hz = tone::dominantFrequencyHz(x, n, 48000, 900, 1100);
    EXPECT_NEAR(hz, 1000.0, 0.01);
    const tone::ToneFit fit = tone::fitTone(x, n, 48000, hz);
    EXPECT_NEAR(fit.amplitude, 0.5, 0.001);
    EXPECT_GT(fit.snrDb, 80.0);
    EXPECT_EQ(channel(out, 2, 1), left);
}

TEST(RenderMixerTest, AStoppedStreamsResamplerTailIsMixedInTime) {
    // 44.1 kHz stops after 0.5 s; the run goes on. What libsoxr held back
    // must come out right after the stream's last frames, not be dropped as
    // late at the end of the run.
    RenderMixer mixer(48000, 2);
    Player player{AudioFormat::pcm(44100, 2, 16)};
    PcmSink* sink = mixer.addStream(player.format);
    std::vector<float> out;
    for (int i = 0; i < 50; ++i) {
        player.play(sink, 441);
        mixer.mixUpTo(player.timeOf(player.frame), &out);
    }
    for (TimeNs t = 510'000'000; t <= 1'000'000'000; t += 10'000'000) {
        mixer.mixUpTo(t, &out);
    }
    mixer.finish(&out);
    EXPECT_EQ(mixer.lateFrames(), 0);
    const std::vector<float> left = channel(out, 2, 0);
    const tone::Span span = tone::loudSpan(left.data(), left.size(), 0.1f);
    // The tone ends at 0.5 s = device frame 24000 (give or take the
    // resampler's ringing), with no gap before it.
    EXPECT_NEAR(static_cast<double>(span.end), 24000.0, 48.0);
    EXPECT_LE(tone::longestQuietRun(left.data() + 480, 24000 - 960, 0.005f).length, 2u);
}

TEST(RenderMixerTest, FramesArePlacedByTheirClockTime) {
    // 48 kHz in and out: no resampler, exact placement. The stream starts at
    // t = 100 ms, so the first 4800 device frames are silent.
    RenderMixer mixer(48000, 2, 0);
    Player player{AudioFormat::pcm(48000, 2, 16)};
    player.startNs = 100'000'000;
    PcmSink* sink = mixer.addStream(player.format);
    std::vector<float> out;
    player.toneHz = 12000;  // 0, +0.5, 0, -0.5 ...: the first loud sample is frame 1
    for (int i = 0; i < 10; ++i) {
        player.play(sink, 480);
        mixer.mixUpTo(player.timeOf(player.frame), &out);
    }
    ASSERT_EQ(out.size(), (4800u + 4800u) * 2);
    const std::vector<float> left = channel(out, 2, 0);
    const tone::Span span = tone::loudSpan(left.data(), left.size(), 0.1f);
    EXPECT_EQ(span.begin, 4801u);
}

TEST(RenderMixerTest, ARestartedStreamIsPlacedByItsNewTime) {
    // 100 ms of tone from t = 0, then the stream restarts at t = 300 ms (its
    // frame count goes on, its clock time jumps): silence in between.
    RenderMixer mixer(48000, 1, 0);
    Player player{AudioFormat::pcm(48000, 1, 16)};
    player.toneHz = 12000;  // 0, +0.5, 0, -0.5, ...
    PcmSink* sink = mixer.addStream(player.format);
    std::vector<float> out;
    for (int i = 0; i < 10; ++i) {
        player.play(sink, 480);
        mixer.mixUpTo(player.timeOf(player.frame), &out);
    }
    mixer.mixUpTo(300'000'000, &out);
    player.startNs = 300'000'000 - player.timeOf(player.frame);  // frame 4800 at 300 ms
    for (int i = 0; i < 10; ++i) {
        player.play(sink, 480);
        mixer.mixUpTo(player.timeOf(player.frame), &out);
    }
    ASSERT_EQ(out.size(), 19200u);
    const tone::QuietRun gap = tone::longestQuietRun(out.data(), out.size(), 0.1f);
    // Last loud sample of the first stretch: frame 4799; first of the
    // second: 14401.
    EXPECT_EQ(gap.start, 4800u);
    EXPECT_EQ(gap.length, 14401u - 4800u);
    EXPECT_EQ(mixer.lateFrames(), 0);
}

TEST(RenderMixerTest, MuteAndSoloSelectStreams) {
    RenderMixer mixer(48000, 1, 0);
    // Two constant streams: A = +0.25, B = -0.5 (amplitude 0 tone plus DC).
    struct Dc {
        std::int16_t value;
        std::int64_t frame = 0;
        void play(PcmSink* sink, std::size_t frames) {
            std::vector<std::uint8_t> bytes(frames * 2);
            for (std::size_t i = 0; i < frames; ++i) {
                bytes[2 * i] = static_cast<std::uint8_t>(value & 0xFF);
                bytes[2 * i + 1] = static_cast<std::uint8_t>((value >> 8) & 0xFF);
            }
            PcmBlock b;
            b.firstFrame = frame;
            b.firstFrameTimeNs = frame * 1'000'000'000LL / 48000;
            b.frameCount = frames;
            b.bytesPerFrame = 2;
            b.bytes = bytes.data();
            sink->onFrames(b);
            frame += static_cast<std::int64_t>(frames);
        }
    };
    Dc a{8192};
    Dc b{-16384};
    PcmSink* sa = mixer.addStream(AudioFormat::pcm(48000, 1, 16));
    PcmSink* sb = mixer.addStream(AudioFormat::pcm(48000, 1, 16));
    auto step = [&] {
        a.play(sa, 480);
        b.play(sb, 480);
        std::vector<float> out;
        mixer.mixUpTo(a.frame * 1'000'000'000LL / 48000, &out);
        EXPECT_EQ(out.size(), 480u);
        return out.empty() ? 99.0f : out[240];
    };
    EXPECT_FLOAT_EQ(step(), -0.25f);  // both
    mixer.setMuted(1, true);
    EXPECT_FALSE(mixer.audible(1));
    EXPECT_FLOAT_EQ(step(), 0.25f);  // A only
    mixer.setMuted(1, false);
    mixer.setSolo(1, true);
    EXPECT_FALSE(mixer.audible(0));
    EXPECT_FLOAT_EQ(step(), -0.5f);  // B soloed
    mixer.setSolo(0, true);
    EXPECT_FLOAT_EQ(step(), -0.25f);  // both soloed
    mixer.setMuted(0, true);
    EXPECT_FLOAT_EQ(step(), -0.5f);  // a muted solo stream stays silent
    mixer.setSolo(0, false);
    mixer.setSolo(1, false);
    mixer.setMuted(0, false);
    EXPECT_FLOAT_EQ(step(), -0.25f);
    EXPECT_EQ(mixer.framesMixed(), 6 * 480);
}

TEST(RenderMixerTest, SumIsClipped) {
    RenderMixer mixer(48000, 1, 0);
    Player p1{AudioFormat::pcm(48000, 1, 16)};
    Player p2{AudioFormat::pcm(48000, 1, 16)};
    p1.amplitude = p2.amplitude = 0.9;
    PcmSink* s1 = mixer.addStream(p1.format);
    PcmSink* s2 = mixer.addStream(p2.format);
    p1.play(s1, 480);
    p2.play(s2, 480);
    std::vector<float> out;
    mixer.mixUpTo(10'000'000, &out);
    ASSERT_EQ(out.size(), 480u);
    EXPECT_FLOAT_EQ(out[12], 1.0f);  // peak of 1.8 clipped
    EXPECT_FLOAT_EQ(out[36], -1.0f);
}

TEST(RenderMixerTest, LateFramesAreDroppedAndCounted) {
    RenderMixer mixer(48000, 1, 0);
    Player p{AudioFormat::pcm(48000, 1, 16)};
    PcmSink* s = mixer.addStream(p.format);
    std::vector<float> out;
    mixer.mixUpTo(5'000'000, &out);  // 240 frames mixed before anything arrived
    p.play(s, 480);
    mixer.mixUpTo(10'000'000, &out);
    EXPECT_EQ(mixer.lateFrames(), 240);
    EXPECT_EQ(mixer.lateFillerFrames(), 0);
    EXPECT_EQ(out.size(), 480u);
}

TEST(RenderMixerTest, LateUnderrunFillerIsCountedApartFromLateData) {
    // 10 ms of data on time, then 20 ms of filler and 10 ms of data that
    // arrive only after 40 ms were mixed (a DAC synced late).
    RenderMixer mixer(48000, 1, 0);
    Player p{AudioFormat::pcm(48000, 1, 16)};
    PcmSink* s = mixer.addStream(p.format);
    std::vector<float> out;
    p.play(s, 480);
    mixer.mixUpTo(40'000'000, &out);
    p.underrun = true;
    p.play(s, 960);
    p.underrun = false;
    p.play(s, 480);
    p.play(s, 480);  // due at 40 ms: on time
    mixer.mixUpTo(50'000'000, &out);
    EXPECT_EQ(mixer.lateFillerFrames(), 960);
    EXPECT_EQ(mixer.lateFrames(), 480);
    EXPECT_EQ(out.size(), 2400u);
}

TEST(RenderMixerTest, LateFillerOfAResampledStreamIsCountedByItsDeviceFrames) {
    // 44.1 kHz: 441 stream frames are 480 device frames.
    RenderMixer mixer(48000, 1, 0);
    Player p{AudioFormat::pcm(44100, 1, 16)};
    PcmSink* s = mixer.addStream(p.format);
    std::vector<float> out;
    p.play(s, 441);
    mixer.mixUpTo(100'000'000, &out);
    p.underrun = true;
    for (int i = 0; i < 4; ++i) {
        p.play(s, 441);
    }
    mixer.mixUpTo(110'000'000, &out);
    EXPECT_EQ(mixer.lateFillerFrames(), 4 * 480);
    EXPECT_EQ(mixer.lateFrames(), 0);
}

TEST(RenderMixerTest, AFormatItCannotReadStaysSilentAndSaysWhy) {
    RenderMixer mixer(48000, 2);
    AudioFormat odd = AudioFormat::pcm(48000, 2, 16);
    odd.containerBits = 20;
    mixer.addStream(odd);
    EXPECT_EQ(mixer.streamError(0), "20-bit PCM samples are not supported");
    std::vector<float> out;
    mixer.mixUpTo(100'000'000, &out);
    EXPECT_EQ(out.size(), 2u * static_cast<std::size_t>(
                                   mixer.deviceFrameAt(100'000'000 - mixer.mixLatencyNs())));
}

TEST(RenderMixerTest, BlocksOfAnotherFrameSizeAreRefused) {
    RenderMixer mixer(48000, 2);
    PcmSink* sink = mixer.addStream(AudioFormat::pcm(48000, 2, 16));
    std::vector<std::uint8_t> bytes(48 * 6);
    PcmBlock b;
    b.frameCount = 48;
    b.bytesPerFrame = 6;
    b.bytes = bytes.data();
    sink->onFrames(b);
    EXPECT_EQ(mixer.refusedBlocks(), 1);
}

}  // namespace
}  // namespace ps
