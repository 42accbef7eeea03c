#include "model/client/SampleSource.h"
#include "model/client/SineSource.h"
#include "model/client/SourceRendering.h"
#include "model/client/SweepSource.h"
#include "model/client/WhiteNoiseSource.h"

#include <gtest/gtest.h>

#include <cmath>
#include <utility>
#include <vector>

namespace ps {
namespace {

constexpr double kPi = 3.14159265358979323846;

std::vector<float> renderBlock(SampleSource& source, std::int64_t first, std::size_t frames,
                               int channels) {
    std::vector<float> out(frames * static_cast<std::size_t>(channels), 99.0f);
    source.render(first, out.data(), frames, channels);
    return out;
}

// render(first, n) must equal the matching slice of one long render from 0.
void expectFrameIndexedPurity(SampleSource& source, int channels) {
    const std::vector<float> all = renderBlock(source, 0, 2000, channels);
    const std::vector<float> part = renderBlock(source, 1000, 10, channels);
    const std::vector<float> slice(all.begin() + 1000 * channels, all.begin() + 1010 * channels);
    EXPECT_EQ(part, slice);  // bit for bit
    // Rendering something else in between changes nothing.
    renderBlock(source, 77, 500, channels);
    EXPECT_EQ(renderBlock(source, 1000, 10, channels), slice);
}

TEST(SineSource, IsAPureFunctionOfTheFrameIndex) {
    SineSource sine(997.0, 0.8, 48000, {0.0, 1.0});
    expectFrameIndexedPurity(sine, 2);
}

TEST(SineSource, ProducesTheExpectedValuesAndPerChannelPhase) {
    SineSource sine(1000.0, 0.5, 48000, {0.0, kPi / 2});
    const std::vector<float> v = renderBlock(sine, 0, 13, 2);
    EXPECT_FLOAT_EQ(v[0], 0.0f);         // frame 0, sin(0)
    EXPECT_FLOAT_EQ(v[1], 0.5f);         // frame 0, cos(0)
    EXPECT_NEAR(v[12 * 2], 0.5f, 1e-6);  // a quarter cycle: 12 frames of 48
    EXPECT_NEAR(v[12 * 2 + 1], 0.0f, 1e-6);
    EXPECT_FLOAT_EQ(sine.sampleAt(12, 0), v[24]);
    // A third channel has no phase entry: phase 0.
    const std::vector<float> three = renderBlock(sine, 12, 1, 3);
    EXPECT_FLOAT_EQ(three[2], three[0]);
    // Amplitude is clamped to [0, 1].
    SineSource loud(1000.0, 7.0, 48000);
    EXPECT_NEAR(loud.sampleAt(12, 0), 1.0f, 1e-6);
}

TEST(SineSource, DoesNotDriftOverASimulatedDay) {
    SineSource sine(1000.0, 1.0, 48000);
    const std::int64_t day = std::int64_t{48000} * 86400;
    for (std::int64_t k = 0; k < 48; ++k) {
        EXPECT_NEAR(sine.sampleAt(day + k, 0), sine.sampleAt(k, 0), 1e-6) << k;
    }
    SineSource odd(441.3, 1.0, 44100);
    const std::int64_t hour = std::int64_t{44100} * 3600;
    // 441.3 Hz * 3600 s is a whole number of cycles too.
    EXPECT_NEAR(odd.sampleAt(hour + 5, 0), odd.sampleAt(5, 0), 1e-5);
}

TEST(SineSource, AWholeNumberFrequencyRepeatsBitExactlyAfterItsPeriod) {
    SineSource tone(1000.0, 0.5, 48000, {0.0, 0.25});
    EXPECT_EQ(tone.periodFrames(), 48);
    EXPECT_EQ(SineSource(440.0, 1.0, 44100).periodFrames(), 2205);  // 44100 / gcd 20
    EXPECT_EQ(SineSource(441.3, 1.0, 44100).periodFrames(), 0);
    EXPECT_EQ(SineSource(0.0, 1.0, 48000).periodFrames(), 1);
    const std::int64_t year = std::int64_t{48000} * 86400 * 365;
    for (std::int64_t k = 0; k < 96; ++k) {
        for (int c = 0; c < 2; ++c) {
            ASSERT_EQ(tone.sampleAt(k + 48, c), tone.sampleAt(k, c)) << k;
            ASSERT_EQ(tone.sampleAt(year + k, c), tone.sampleAt(k, c)) << k;
        }
    }
}

TEST(SineSource, CachedPeriodsRenderExactlyWhatSampleAtGives) {
    // 1 kHz (period 48) and 440 Hz at 44.1 kHz (period 2205, longer than the
    // minimum cache) at odd offsets, lengths that cross the cache end, and a
    // change of channel count in between.
    for (const auto& [hz, rate] : {std::pair<double, std::int64_t>{1000.0, 48000},
                                   std::pair<double, std::int64_t>{440.0, 44100}}) {
        SineSource tone(hz, 0.7, rate, {0.0, 1.0, 2.0});
        for (int channels : {2, 3, 1, 2}) {
            for (const auto& [first, frames] : {std::pair<std::int64_t, std::size_t>{0, 1},
                                                {47, 5000},
                                                {1'000'003, 2300},
                                                {std::int64_t{1} << 40, 77}}) {
                const std::vector<float> v = renderBlock(tone, first, frames, channels);
                for (std::size_t i = 0; i < frames; ++i) {
                    for (int c = 0; c < channels; ++c) {
                        ASSERT_EQ(
                            v[i * static_cast<std::size_t>(channels) + static_cast<std::size_t>(c)],
                            tone.sampleAt(first + static_cast<std::int64_t>(i), c))
                            << hz << " " << channels << " " << first << " " << i;
                    }
                }
            }
        }
    }
}

TEST(SineSource, DirectEncodingIsByteIdenticalToRenderThenEncode) {
    SineSource tone(1000.0, 0.5, 48000, {0.0, 0.5});
    SineSource reference(1000.0, 0.5, 48000, {0.0, 0.5});
    const AudioFormat formats[] = {AudioFormat::pcm(48000, 2, 16), AudioFormat::pcm(48000, 2, 8),
                                   AudioFormat::extensiblePcm(48000, 2, 24, 20),
                                   AudioFormat::pcm(48000, 1, 32),
                                   AudioFormat::ieeeFloat(48000, 2)};
    for (const AudioFormat& format : formats) {
        for (const auto& [first, frames] :
             {std::pair<std::int64_t, std::size_t>{0, 480}, {13, 1}, {4'799'990, 3000}}) {
            std::vector<std::uint8_t> direct(frames * format.bytesPerFrame());
            ASSERT_TRUE(tone.renderEncodedDirect(format, first, frames, direct.data()));
            const std::vector<float> samples =
                renderBlock(reference, first, frames, format.channels);
            EXPECT_EQ(direct, encodeToBytes(format, samples)) << format.describe() << first;
            // The free function takes the fast path and gives the same bytes.
            EXPECT_EQ(renderEncoded(tone, format, first, frames), direct);
        }
    }
    // A frequency that is not a whole number has no fast path.
    SineSource odd(441.3, 0.5, 44100);
    std::uint8_t sink[4] = {1, 2, 3, 4};
    EXPECT_FALSE(odd.renderEncodedDirect(AudioFormat::pcm(44100, 2, 16), 0, 1, sink));
    EXPECT_EQ(sink[0], 1);
}

TEST(SilenceSource, EncodesSilenceOfEveryContainer) {
    SilenceSource silence;
    for (const AudioFormat& format :
         {AudioFormat::pcm(48000, 2, 8), AudioFormat::pcm(48000, 2, 16),
          AudioFormat::extensiblePcm(48000, 3, 24, 20), AudioFormat::ieeeFloat(48000, 2)}) {
        std::vector<std::uint8_t> direct(17 * format.bytesPerFrame(), 0x55);
        ASSERT_TRUE(silence.renderEncodedDirect(format, 1000, 17, direct.data()));
        EXPECT_EQ(direct, encodeToBytes(format, std::vector<float>(17 * format.channels, 0.0f)))
            << format.describe();
    }
}

TEST(SilenceSource, IsZero) {
    SilenceSource silence;
    for (float v : renderBlock(silence, 123, 50, 3)) {
        EXPECT_EQ(v, 0.0f);
    }
    EXPECT_FALSE(silence.endFrame().has_value());
}

TEST(WhiteNoiseSource, IsDeterministicBySeedAndRandomAccess) {
    WhiteNoiseSource a(7, 0.5), b(7, 0.5), c(8, 0.5);
    expectFrameIndexedPurity(a, 2);
    EXPECT_EQ(renderBlock(a, 0, 256, 2), renderBlock(b, 0, 256, 2));
    EXPECT_NE(renderBlock(a, 0, 256, 2), renderBlock(c, 0, 256, 2));
    // In range, roughly zero mean, channels differ.
    const std::vector<float> v = renderBlock(a, 5000, 20000, 2);
    double sum = 0.0;
    std::size_t sameChannels = 0;
    for (std::size_t i = 0; i < v.size(); ++i) {
        EXPECT_GE(v[i], -0.5f);
        EXPECT_LT(v[i], 0.5f);
        sum += v[i];
        if (i % 2 == 1 && v[i] == v[i - 1]) {
            ++sameChannels;
        }
    }
    EXPECT_NEAR(sum / static_cast<double>(v.size()), 0.0, 0.01);
    EXPECT_LT(sameChannels, 5u);
}

TEST(SweepSource, IsPureAndSweepsBetweenItsEndFrequencies) {
    SweepSource log(20.0, 20000.0, 48000, 48000, SweepShape::Logarithmic, 0.9);
    expectFrameIndexedPurity(log, 2);
    EXPECT_DOUBLE_EQ(log.frequencyAt(0), 20.0);
    EXPECT_NEAR(log.frequencyAt(24000), std::sqrt(20.0 * 20000.0), 1e-6);  // geometric middle
    EXPECT_DOUBLE_EQ(log.frequencyAt(48000), 20.0);                        // repeats
    SweepSource linear(100.0, 300.0, 1000, 48000, SweepShape::Linear);
    EXPECT_DOUBLE_EQ(linear.frequencyAt(500), 200.0);
    // Slope of the phase matches the frequency: zero crossings near the start
    // of a 100 Hz tone are 240 frames apart.
    EXPECT_NEAR(linear.sampleAt(0), 0.0f, 1e-6);
    for (float v : renderBlock(log, 0, 1000, 1)) {
        EXPECT_LE(std::fabs(v), 0.9f + 1e-6f);
    }
    SweepSource invalid(0.0, 100.0, 1000, 48000, SweepShape::Logarithmic);
    EXPECT_EQ(invalid.sampleAt(10), 0.0f);
}

TEST(SourceRendering, EncodesWhatTheSourceRenders) {
    SineSource sine(440.0, 0.7, 44100, {0.0, 0.3});
    const AudioFormat format = AudioFormat::extensiblePcm(44100, 2, 24, 20);
    const std::vector<std::uint8_t> bytes = renderEncoded(sine, format, 300, 64);
    EXPECT_EQ(bytes, encodeToBytes(format, renderBlock(sine, 300, 64, 2)));
    EXPECT_TRUE(renderEncoded(sine, AudioFormat::pcm(44100, 2, 12), 0, 4).empty());
}

TEST(EncodedPcmSource, FeedsAnAdcTheSourceFramesOrZerosOnAFrameSizeMismatch) {
    SineSource sine(440.0, 0.7, 48000);
    const AudioFormat format = AudioFormat::pcm(48000, 2, 16);
    EncodedPcmSource adcInput(sine, format);
    std::vector<std::uint8_t> out(40 * 4);
    adcInput.produce(1000, out.data(), 40, 4);
    EXPECT_EQ(out, renderEncoded(sine, format, 1000, 40));
    adcInput.produce(1000, out.data(), 20, 8);
    EXPECT_EQ(adcInput.mismatchCount(), 1u);
    EXPECT_EQ(out, std::vector<std::uint8_t>(160, 0));
}

}  // namespace
}  // namespace ps
