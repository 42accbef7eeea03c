#include "app/audio/PcmConvert.h"

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

TEST(PcmConvertTest, MonoFeedsEveryChannelAndExtraChannelsAreDropped) {
    EXPECT_EQ(decode(AudioFormat::pcm(48000, 1, 16), {0x00, 0x40}, 2),
              (std::vector<float>{0.5f, 0.5f}));
    // Six channels 0.5, -0.5, then zeros: a stereo device keeps the first two.
    std::vector<std::uint8_t> six = {0x00, 0x40, 0x00, 0xC0, 0, 0, 0, 0, 0, 0, 0, 0};
    EXPECT_EQ(decode(AudioFormat::extensiblePcm(48000, 6, 16, 16), six, 2),
              (std::vector<float>{0.5f, -0.5f}));
    // Stereo on a four-channel device: the missing channels are silent.
    EXPECT_EQ(decode(AudioFormat::pcm(48000, 2, 16), {0x00, 0x40, 0x00, 0xC0}, 4),
              (std::vector<float>{0.5f, -0.5f, 0.0f, 0.0f}));
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
