// The render mixer's channel downmix on a real timeline, streams whose
// format changes part-way (blocks stamped with PcmBlock::format, as
// ScenarioRun's StreamDac stamps them after a change-format action), and
// late underrun filler in the built-in scenarios.
#include "app/audio/RenderMixer.h"

#include "app/scenario/ScenarioLoader.h"
#include "model/ks/SpeakerMask.h"
#include "model/scenario/ScenarioRun.h"
#include "tests/e2e/ToneAnalysis.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

namespace ps {
namespace {

constexpr double kPi = 3.14159265358979323846;
constexpr double kM3 = 0.70710678118654752;

std::vector<float> channel(const std::vector<float>& interleaved, int channels, int c) {
    std::vector<float> out;
    for (std::size_t i = static_cast<std::size_t>(c); i < interleaved.size();
         i += static_cast<std::size_t>(channels)) {
        out.push_back(interleaved[i]);
    }
    return out;
}

float peak(const std::vector<float>& x) {
    float p = 0;
    for (const float v : x) {
        p = std::max(p, std::fabs(v));
    }
    return p;
}

// Writes sample v (in [-1, 1)) in f's integer container at p.
void putSample(const AudioFormat& f, double v, std::uint8_t* p) {
    const int bytes = f.containerBits / 8;
    const auto full = static_cast<std::int64_t>(1) << (f.containerBits - 1);
    const auto s = static_cast<std::int64_t>(std::lround(v * static_cast<double>(full - 1)));
    for (int b = 0; b < bytes; ++b) {
        p[b] = static_cast<std::uint8_t>((static_cast<std::uint64_t>(s) >> (8 * b)) & 0xFF);
    }
}

// A DAC playing a tone in some channels of `format`, stamping its blocks.
struct StampedPlayer {
    AudioFormat format;
    std::vector<double> channelLevels;  // amplitude per channel
    double toneHz = 1000;
    std::int64_t frame = 0;
    TimeNs startNs = 0;

    TimeNs timeOf(std::int64_t n) const {
        return startNs + static_cast<TimeNs>(static_cast<double>(n) * 1e9 / format.rateHz);
    }
    // The tone's value at stream frame n (continuous in time across formats).
    double toneAt(std::int64_t n) const {
        return std::sin(2 * kPi * toneHz * static_cast<double>(timeOf(n)) / 1e9);
    }
    void play(PcmSink* sink, std::size_t frames) {
        const std::size_t bpf = format.bytesPerFrame();
        const std::size_t bps = format.containerBits / 8u;
        std::vector<std::uint8_t> bytes(frames * bpf);
        for (std::size_t i = 0; i < frames; ++i) {
            const double v = toneAt(frame + static_cast<std::int64_t>(i));
            for (std::size_t c = 0; c < format.channels; ++c) {
                putSample(format, v * channelLevels[c], bytes.data() + i * bpf + c * bps);
            }
        }
        PcmBlock block;
        block.firstFrame = frame;
        block.firstFrameTimeNs = timeOf(frame);
        block.frameCount = frames;
        block.bytesPerFrame = format.bytesPerFrame();
        block.bytes = bytes.data();
        block.format = &format;
        sink->onFrames(block);
        frame += static_cast<std::int64_t>(frames);
    }
};

TEST(RenderMixerDownmixTest, AFivePointOneCentreToneIsInBothSidesAtTheDownmixLevel) {
    // 48 kHz in and out: no resampler, so every device frame is exactly the
    // decoded centre sample times the centre's gain.
    RenderMixer mixer(48000, 2, 0);
    StampedPlayer p{AudioFormat::extensiblePcm(48000, 6, 16, 16, KSAUDIO_SPEAKER_5POINT1),
                    {0, 0, 0.5, 0, 0, 0}};
    PcmSink* sink = mixer.addStream(p.format);
    std::vector<float> out;
    for (int i = 0; i < 10; ++i) {
        p.play(sink, 480);
        mixer.mixUpTo(p.timeOf(p.frame), &out);
    }
    ASSERT_EQ(out.size(), 4800u * 2);
    const double gain = kM3 / (1 + 2 * kM3);
    for (std::size_t i = 0; i < 4800; ++i) {
        const double centre =
            std::lround(0.5 * p.toneAt(static_cast<std::int64_t>(i)) * 32767) / 32768.0;
        ASSERT_NEAR(out[2 * i], centre * gain, 1e-6) << "frame " << i;
        ASSERT_EQ(out[2 * i], out[2 * i + 1]) << "frame " << i;
    }
    const std::vector<float> left = channel(out, 2, 0);
    EXPECT_NEAR(tone::fitTone(left.data(), left.size(), 48000, 1000).amplitude, 0.5 * gain, 1e-4);
}

TEST(RenderMixerDownmixTest, ASurroundLeftToneIsOnlyInLeftAndLfeIsSilent) {
    RenderMixer mixer(48000, 2, 0);
    // FL FR FC LFE SL SR: a tone in SL and a louder one in LFE.
    StampedPlayer p{AudioFormat::extensiblePcm(48000, 6, 16, 16, KSAUDIO_SPEAKER_5POINT1_SURROUND),
                    {0, 0, 0, 0.9, 0.5, 0}};
    PcmSink* sink = mixer.addStream(p.format);
    std::vector<float> out;
    for (int i = 0; i < 10; ++i) {
        p.play(sink, 480);
        mixer.mixUpTo(p.timeOf(p.frame), &out);
    }
    const std::vector<float> left = channel(out, 2, 0);
    EXPECT_EQ(peak(channel(out, 2, 1)), 0.0f);
    EXPECT_NEAR(tone::fitTone(left.data(), left.size(), 48000, 1000).amplitude,
                0.5 * kM3 / (1 + 2 * kM3), 1e-4);
}

TEST(RenderMixerFormatChangeTest, AStampedFormatChangeRebuildsTheConverterOnTheTimeline) {
    // 0.5 s of 48 kHz 16-bit stereo, then at once 44.1 kHz 24-bit stereo: the
    // tone goes on at 1 kHz, at the same level, with no gap at the change.
    RenderMixer mixer(48000, 2);
    StampedPlayer a{AudioFormat::pcm(48000, 2, 16), {0.5, 0.5}};
    PcmSink* sink = mixer.addStream(a.format);
    std::vector<float> out;
    for (int i = 0; i < 50; ++i) {
        a.play(sink, 480);
        mixer.mixUpTo(a.timeOf(a.frame), &out);
    }
    StampedPlayer b{AudioFormat::pcm(44100, 2, 24), {0.5, 0.5}};
    b.startNs = a.timeOf(a.frame);  // 0.5 s
    for (int i = 0; i < 50; ++i) {
        b.play(sink, 441);
        mixer.mixUpTo(b.timeOf(b.frame), &out);
    }
    mixer.finish(&out);
    EXPECT_EQ(mixer.streamError(0), "");
    EXPECT_EQ(mixer.refusedBlocks(), 0);
    EXPECT_EQ(mixer.lateFrames(), 0);
    const std::vector<float> left = channel(out, 2, 0);
    ASSERT_GE(left.size(), 48000u);
    const tone::Span span = tone::loudSpan(left.data(), left.size(), 0.1f);
    EXPECT_NEAR(static_cast<double>(span.end), 48000.0, 48.0);
    EXPECT_LE(tone::longestQuietRun(left.data() + 480, 48000 - 960, 0.005f).length, 2u);
    EXPECT_LE(peak(left), 0.51f);
    for (const std::size_t from : {2400u, 26400u}) {  // 50-450 ms, 550-950 ms
        const float* x = left.data() + from;
        const double hz = tone::dominantFrequencyHz(x, 19200, 48000, 900, 1100);
        EXPECT_NEAR(hz, 1000.0, 0.05) << "from frame " << from;
        const tone::ToneFit fit = tone::fitTone(x, 19200, 48000, hz);
        EXPECT_NEAR(fit.amplitude, 0.5, 0.002) << "from frame " << from;
        EXPECT_GT(fit.snrDb, 70.0) << "from frame " << from;
    }
}

TEST(RenderMixerFormatChangeTest, AnUnreadableNewFormatSilencesTheStreamAndSaysWhy) {
    RenderMixer mixer(48000, 1, 0);
    StampedPlayer a{AudioFormat::pcm(48000, 1, 16), {0.5}};
    PcmSink* sink = mixer.addStream(a.format);
    std::vector<float> out;
    a.play(sink, 480);
    AudioFormat odd = AudioFormat::pcm(48000, 1, 16);
    odd.containerBits = 20;
    PcmBlock b;
    std::vector<std::uint8_t> bytes(480 * 4);
    b.firstFrame = a.frame;
    b.firstFrameTimeNs = a.timeOf(a.frame);
    b.frameCount = 480;
    b.bytesPerFrame = 4;
    b.bytes = bytes.data();
    b.format = &odd;
    sink->onFrames(b);
    EXPECT_EQ(mixer.streamError(0), "20-bit PCM samples are not supported");
    mixer.mixUpTo(20'000'000, &out);
    // What arrived before the change still plays.
    ASSERT_EQ(out.size(), 960u);
    EXPECT_NEAR(peak(std::vector<float>(out.begin(), out.begin() + 480)), 0.5f, 0.01f);
    EXPECT_EQ(peak(std::vector<float>(out.begin() + 480, out.end())), 0.0f);
    // A readable format later is heard again.
    a.frame += 480;
    a.play(sink, 480);
    EXPECT_EQ(mixer.streamError(0), "");
}

// The built-in wavepci-actions scenario, its change-format action made a
// 48 kHz 16-bit -> 44.1 kHz 24-bit change: before and after, the mix holds
// the 1 kHz tone at its level (before this, the 24-bit blocks were refused
// and the mix was silent; a rate-only change played at the wrong pitch).
TEST(RenderMixerFormatChangeTest, AScenarioRunsChangeFormatIsFollowed) {
    ScenarioLoadResult loaded = ScenarioLoader::loadBuiltin(QStringLiteral("wavepci-actions"));
    ASSERT_TRUE(loaded.ok());
    ScenarioSpec spec = *loaded.spec;
    const AudioFormat before = spec.streams[0].format;
    ASSERT_EQ(before, AudioFormat::pcm(48000, 2, 16));
    bool changed = false;
    for (ActionSpec& a : spec.actions) {
        if (a.kind == ActionKind::ChangeFormat) {
            a.format = AudioFormat::pcm(44100, 2, 24);
            changed = true;
            ASSERT_EQ(a.atNs, 1'500'000'000);
        }
    }
    ASSERT_TRUE(changed);

    RenderMixer mixer(48000, 2);
    ScenarioRun run(spec);
    run.setRenderTap(0, mixer.addStream(before));
    ASSERT_EQ(run.start(), "");
    std::vector<float> out;
    for (TimeNs t = 5'000'000; !run.finished(); t += 5'000'000) {
        run.advanceTo(t);
        mixer.mixUpTo(run.now(), &out);
    }
    mixer.finish(&out);
    ASSERT_EQ(run.reports()[0].format, AudioFormat::pcm(44100, 2, 24));
    EXPECT_EQ(mixer.streamError(0), "");
    EXPECT_EQ(mixer.refusedBlocks(), 0);
    EXPECT_EQ(mixer.lateFrames(), 0);
    const std::vector<float> left = channel(out, 2, 0);
    ASSERT_GE(left.size(), 144000u);  // 3 s
    // The signal's amplitude is 0.5; no garbage anywhere. Before the change
    // (48 kHz: no resampler) the samples are the client's; after it the
    // resampler band-limits the tone's abrupt starts (the run at 1600 ms and
    // the restart at 2200 ms begin mid-cycle), whose ringing overshoots by a
    // few percent (measured 0.5196). Misread samples would reach full scale.
    EXPECT_LE(peak(std::vector<float>(left.begin(), left.begin() + 72000)), 0.5f + 1e-4f);
    EXPECT_LE(peak(left), 0.55f);
    EXPECT_EQ(channel(out, 2, 1), left);
    // 100-380 ms (before the first pause) and 1650-2150 ms (running again
    // after the change at 1500 ms, before the restart at 2200 ms).
    struct Window {
        std::size_t from;
        std::size_t frames;
    };
    for (const Window w : {Window{4800, 13440}, Window{79200, 24000}}) {
        const float* x = left.data() + w.from;
        const double hz = tone::dominantFrequencyHz(x, w.frames, 48000, 900, 1100);
        EXPECT_NEAR(hz, 1000.0, 0.1) << "from frame " << w.from;
        const tone::ToneFit fit = tone::fitTone(x, w.frames, 48000, hz);
        EXPECT_NEAR(fit.amplitude, 0.5, 0.005) << "from frame " << w.from;
        EXPECT_GT(fit.snrDb, 60.0) << "from frame " << w.from;
        EXPECT_LE(tone::longestQuietRun(x, w.frames, 0.005f).length, 2u) << "from " << w.from;
    }
}

// Every built-in scenario played through the mixer as the live output does
// (5 ms advances, the default hold-back): the frames that come late are
// underrun filler only (faults-descriptor's halted DMA engine reports its
// filler at the next sync), never stream data. Measured: faults-descriptor
// 59,999 late filler frames, faults-interrupts 43,919, faults-client 5,999.
TEST(RenderMixerLateTest, BuiltInScenariosLoseNoStreamData) {
    for (const char* name :
         {"faults-descriptor", "faults-held-dma", "faults-client", "faults-interrupts",
          "wavepci-actions", "wavert-actions", "multistream", "eight-streams"}) {
        ScenarioLoadResult loaded = ScenarioLoader::loadBuiltin(QString::fromLatin1(name));
        ASSERT_TRUE(loaded.ok()) << name;
        RenderMixer mixer(48000, 2);
        ScenarioRun run(*loaded.spec);
        for (std::size_t i = 0; i < loaded.spec->streams.size(); ++i) {
            if (loaded.spec->streams[i].direction == StreamDirection::Render) {
                run.setRenderTap(i, mixer.addStream(loaded.spec->streams[i].format));
            }
        }
        ASSERT_EQ(run.start(), "") << name;
        std::vector<float> out;
        for (TimeNs t = 5'000'000; !run.finished(); t += 5'000'000) {
            run.advanceTo(t);
            out.clear();
            mixer.mixUpTo(run.now(), &out);
        }
        out.clear();
        mixer.finish(&out);
        EXPECT_EQ(mixer.lateFrames(), 0) << name;
        if (std::string(name) == "faults-descriptor") {
            EXPECT_GT(mixer.lateFillerFrames(), 0) << name;
        }
    }
}

}  // namespace
}  // namespace ps
