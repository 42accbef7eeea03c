#include "app/audio/PcmConvert.h"

#include "model/ks/SpeakerMask.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <vector>

namespace ps {
namespace {

std::vector<float> decode(const AudioFormat& f, const std::vector<std::uint8_t>& bytes,
                          int outChannels) {
    std::vector<float> out;
    decodePcm(f, bytes.data(), bytes.size() / f.bytesPerFrame(), outChannels, &out);
    return out;
}

TEST(PcmConvertTest, EightBitIsUnsigned) {
    EXPECT_EQ(decode(AudioFormat::pcm(8000, 1, 8), {0, 128, 192}, 1),
              (std::vector<float>{-1.0f, 0.0f, 0.5f}));
}

TEST(PcmConvertTest, SixteenBitStereo) {
    // 0x4000 = 0.5, 0xC000 = -0.5, 0x8000 = -1.
    EXPECT_EQ(decode(AudioFormat::pcm(48000, 2, 16), {0x00, 0x40, 0x00, 0xC0, 0x00, 0x80, 0, 0}, 2),
              (std::vector<float>{0.5f, -0.5f, -1.0f, 0.0f}));
}

TEST(PcmConvertTest, TwentyFourBitPackedIsSignExtended) {
    EXPECT_EQ(decode(AudioFormat::pcm(96000, 1, 24), {0x00, 0x00, 0x40, 0x00, 0x00, 0xC0}, 1),
              (std::vector<float>{0.5f, -0.5f}));
}

TEST(PcmConvertTest, TwentyFourInThirtyTwoIsLeftJustified) {
    const AudioFormat f = AudioFormat::extensiblePcm(48000, 1, 32, 24);
    EXPECT_EQ(decode(f, {0x00, 0x00, 0x00, 0x40, 0x00, 0x00, 0x00, 0xE0}, 1),
              (std::vector<float>{0.5f, -0.25f}));
}

TEST(PcmConvertTest, FloatThirtyTwoAndSixtyFour) {
    std::vector<std::uint8_t> bytes(8);
    const float f32[2] = {0.25f, -0.75f};
    std::memcpy(bytes.data(), f32, 8);
    EXPECT_EQ(decode(AudioFormat::ieeeFloat(44100, 2), bytes, 2),
              (std::vector<float>{0.25f, -0.75f}));
    AudioFormat f64 = AudioFormat::ieeeFloat(44100, 1);
    f64.containerBits = 64;
    f64.validBits = 64;
    const double d = -0.125;
    bytes.resize(8);
    std::memcpy(bytes.data(), &d, 8);
    EXPECT_EQ(decode(f64, bytes, 1), (std::vector<float>{-0.125f}));
}

TEST(PcmConvertTest, MonoFeedsEveryChannelAndMissingChannelsAreSilent) {
    EXPECT_EQ(decode(AudioFormat::pcm(48000, 1, 16), {0x00, 0x40}, 2),
              (std::vector<float>{0.5f, 0.5f}));
    // Whatever its speaker mask says.
    EXPECT_EQ(
        decode(AudioFormat::extensiblePcm(48000, 1, 16, 16, SPEAKER_FRONT_LEFT), {0x00, 0x40}, 2),
        (std::vector<float>{0.5f, 0.5f}));
    // Stereo on a four-channel device: the missing channels are silent.
    EXPECT_EQ(decode(AudioFormat::pcm(48000, 2, 16), {0x00, 0x40, 0x00, 0xC0}, 4),
              (std::vector<float>{0.5f, -0.5f, 0.0f, 0.0f}));
    // Stereo stays as it is on a stereo device.
    EXPECT_EQ(decode(AudioFormat::pcm(48000, 2, 16), {0x00, 0x40, 0x00, 0xC0}, 2),
              (std::vector<float>{0.5f, -0.5f}));
}

// ITU-R BS.775 to stereo, normalised by the larger row sum.
constexpr double kM3 = 0.70710678118654752;  // -3 dB

// One 16-bit frame per entry of `frames`, channel values as given (each a
// multiple of 1 / 32768, so decoding is exact).
std::vector<std::uint8_t> frames16(const std::vector<std::vector<double>>& frames) {
    std::vector<std::uint8_t> bytes;
    for (const auto& frame : frames) {
        for (const double v : frame) {
            const auto s = static_cast<std::int16_t>(v * 32768.0);
            bytes.push_back(static_cast<std::uint8_t>(s & 0xFF));
            bytes.push_back(static_cast<std::uint8_t>((s >> 8) & 0xFF));
        }
    }
    return bytes;
}

void expectRow(const ChannelMatrix& m, int out, const std::vector<double>& gains) {
    ASSERT_EQ(static_cast<std::size_t>(m.inChannels), gains.size());
    for (int i = 0; i < m.inChannels; ++i) {
        EXPECT_NEAR(m.gain(out, i), gains[static_cast<std::size_t>(i)], 1e-6)
            << "output " << out << " input " << i;
    }
}

TEST(PcmConvertTest, FivePointOneDownmixCoefficients) {
    // FL FR FC LFE BL BR: the left row sums to 1 + 2 * 0.7071.
    const double n = 1 + 2 * kM3;
    const ChannelMatrix m =
        channelMatrix(AudioFormat::extensiblePcm(48000, 6, 16, 16, KSAUDIO_SPEAKER_5POINT1), 2);
    ASSERT_EQ(m.outChannels, 2);
    expectRow(m, 0, {1 / n, 0, kM3 / n, 0, kM3 / n, 0});
    expectRow(m, 1, {0, 1 / n, kM3 / n, 0, 0, kM3 / n});
    // A plain six-channel format has the default 5.1 layout.
    const ChannelMatrix plain = channelMatrix(AudioFormat::pcm(48000, 6, 16), 2);
    EXPECT_EQ(plain.gains, m.gains);
}

TEST(PcmConvertTest, FivePointOneCentreComesOutEquallyInLeftAndRight) {
    const AudioFormat f = AudioFormat::extensiblePcm(48000, 6, 16, 16, KSAUDIO_SPEAKER_5POINT1);
    const std::vector<float> out =
        decode(f, frames16({{0, 0, 0.5, 0, 0, 0}, {0, 0, -0.25, 0, 0, 0}}), 2);
    ASSERT_EQ(out.size(), 4u);
    const double level = kM3 / (1 + 2 * kM3);
    EXPECT_NEAR(out[0], 0.5 * level, 1e-6);
    EXPECT_EQ(out[0], out[1]);
    EXPECT_NEAR(out[2], -0.25 * level, 1e-6);
    EXPECT_EQ(out[2], out[3]);
}

TEST(PcmConvertTest, FivePointOneSideSurroundLeftIsOnlyInLeftAndLfeIsSilent) {
    // FL FR FC LFE SL SR.
    const AudioFormat f =
        AudioFormat::extensiblePcm(48000, 6, 16, 16, KSAUDIO_SPEAKER_5POINT1_SURROUND);
    const std::vector<float> ls = decode(f, frames16({{0, 0, 0, 0, 0.5, 0}}), 2);
    ASSERT_EQ(ls.size(), 2u);
    EXPECT_NEAR(ls[0], 0.5 * kM3 / (1 + 2 * kM3), 1e-6);
    EXPECT_EQ(ls[1], 0.0f);
    const std::vector<float> lfe = decode(f, frames16({{0, 0, 0, 0.99, 0, 0}}), 2);
    EXPECT_EQ(lfe, (std::vector<float>{0.0f, 0.0f}));
    // And on a mono device.
    EXPECT_EQ(decode(f, frames16({{0, 0, 0, 0.99, 0, 0}}), 1), (std::vector<float>{0.0f}));
}

TEST(PcmConvertTest, FullScaleInEveryChannelDoesNotClip) {
    const AudioFormat f = AudioFormat::extensiblePcm(48000, 6, 16, 16, KSAUDIO_SPEAKER_5POINT1);
    const std::vector<float> out = decode(f, frames16({{-1, -1, -1, -1, -1, -1}}), 2);
    EXPECT_NEAR(out[0], -1.0, 1e-6);
    EXPECT_NEAR(out[1], -1.0, 1e-6);
}

TEST(PcmConvertTest, QuadAndSevenPointOneDownmixCoefficients) {
    // FL FR BL BR.
    double n = 1 + kM3;
    ChannelMatrix m = channelMatrix(AudioFormat::pcm(48000, 4, 16), 2);
    expectRow(m, 0, {1 / n, 0, kM3 / n, 0});
    expectRow(m, 1, {0, 1 / n, 0, kM3 / n});
    // 7.1 surround: FL FR FC LFE BL BR SL SR.
    n = 1 + 3 * kM3;
    m = channelMatrix(
        AudioFormat::extensiblePcm(48000, 8, 16, 16, KSAUDIO_SPEAKER_7POINT1_SURROUND), 2);
    expectRow(m, 0, {1 / n, 0, kM3 / n, 0, kM3 / n, 0, kM3 / n, 0});
    expectRow(m, 1, {0, 1 / n, kM3 / n, 0, 0, kM3 / n, 0, kM3 / n});
    // 7.1 wide: FL FR FC LFE BL BR FLC FRC; the front pair left and right of
    // centre are front speakers.
    n = 2 + 2 * kM3;
    m = channelMatrix(AudioFormat::extensiblePcm(48000, 8, 16, 16, KSAUDIO_SPEAKER_7POINT1), 2);
    expectRow(m, 0, {1 / n, 0, kM3 / n, 0, kM3 / n, 0, 1 / n, 0});
    expectRow(m, 1, {0, 1 / n, kM3 / n, 0, 0, kM3 / n, 0, 1 / n});
    // Surround (FL FR FC BC): the back centre is split at -3 dB of -3 dB.
    n = 1 + kM3 + 0.5;
    m = channelMatrix(AudioFormat::extensiblePcm(48000, 4, 16, 16, KSAUDIO_SPEAKER_SURROUND), 2);
    expectRow(m, 0, {1 / n, 0, kM3 / n, 0.5 / n});
    expectRow(m, 1, {0, 1 / n, kM3 / n, 0.5 / n});
}

TEST(PcmConvertTest, AMonoDeviceGetsTheMeanOfTheStereoDownmix) {
    const double n = 1 + 2 * kM3;
    const ChannelMatrix m = channelMatrix(AudioFormat::pcm(48000, 6, 16), 1);
    ASSERT_EQ(m.outChannels, 1);
    expectRow(m, 0, {0.5 / n, 0.5 / n, kM3 / n, 0, 0.5 * kM3 / n, 0.5 * kM3 / n});
    EXPECT_EQ(decode(AudioFormat::pcm(48000, 2, 16), frames16({{0.5, -0.25}}), 1),
              (std::vector<float>{0.125f}));
}

TEST(PcmConvertTest, UnknownMasksKeepTheFirstTwoChannels) {
    // DIRECTOUT, a reserved bit, more speakers than channels.
    for (const DWORD mask :
         {DWORD{0}, DWORD{KSAUDIO_SPEAKER_STEREO | 0x40000u}, DWORD{KSAUDIO_SPEAKER_5POINT1}}) {
        const ChannelMatrix m =
            channelMatrix(AudioFormat::extensiblePcm(48000, 4, 16, 16, mask), 2);
        expectRow(m, 0, {1, 0, 0, 0});
        expectRow(m, 1, {0, 1, 0, 0});
    }
    // Nine channels in a plain format have no layout.
    const ChannelMatrix nine = channelMatrix(AudioFormat::pcm(48000, 9, 16), 2);
    expectRow(nine, 0, {1, 0, 0, 0, 0, 0, 0, 0, 0});
    expectRow(nine, 1, {0, 1, 0, 0, 0, 0, 0, 0, 0});
}

TEST(PcmConvertTest, ADeviceWithMoreChannelsTakesThemInOrderOrTheStereoDownmix) {
    // Four channels on six: in order, the rest silent.
    ChannelMatrix m = channelMatrix(AudioFormat::pcm(48000, 4, 16), 6);
    for (int o = 0; o < 6; ++o) {
        for (int i = 0; i < 4; ++i) {
            EXPECT_EQ(m.gain(o, i), o == i ? 1.0f : 0.0f);
        }
    }
    // 5.1 on four: the stereo downmix on the first two.
    m = channelMatrix(AudioFormat::pcm(48000, 6, 16), 4);
    const ChannelMatrix stereo = channelMatrix(AudioFormat::pcm(48000, 6, 16), 2);
    for (int i = 0; i < 6; ++i) {
        EXPECT_EQ(m.gain(0, i), stereo.gain(0, i));
        EXPECT_EQ(m.gain(1, i), stereo.gain(1, i));
        EXPECT_EQ(m.gain(2, i), 0.0f);
        EXPECT_EQ(m.gain(3, i), 0.0f);
    }
}

TEST(PcmConvertTest, ProblemsAreNamed) {
    EXPECT_EQ(pcmDecodeProblem(AudioFormat::pcm(48000, 2, 16)), "");
    AudioFormat odd = AudioFormat::pcm(48000, 2, 16);
    odd.containerBits = 12;
    EXPECT_EQ(pcmDecodeProblem(odd), "12-bit PCM samples are not supported");
    odd = AudioFormat::ieeeFloat(48000, 2);
    odd.containerBits = 16;
    EXPECT_EQ(pcmDecodeProblem(odd), "16-bit float samples are not supported");
}

TEST(PcmConvertTest, Int16RoundsAndClips) {
    const float in[5] = {0.5f, -1.0f, 1.0f, 2.0f, 0.25f / 32768.0f};
    std::int16_t out[5];
    encodeInt16(in, 5, out);
    EXPECT_EQ(out[0], 16384);
    EXPECT_EQ(out[1], -32768);
    EXPECT_EQ(out[2], 32767);
    EXPECT_EQ(out[3], 32767);
    EXPECT_EQ(out[4], 0);
}

}  // namespace
}  // namespace ps
