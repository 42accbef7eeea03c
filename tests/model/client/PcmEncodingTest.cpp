#include "model/client/PcmEncoding.h"

#include "model/sim/Random.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <limits>
#include <vector>

namespace ps {
namespace {

constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();
constexpr float kInf = std::numeric_limits<float>::infinity();

std::vector<std::uint8_t> enc(const AudioFormat& format, float x) {
    std::vector<std::uint8_t> out(format.containerBits / 8u, 0xEE);
    encodeSample(format, x, out.data());
    return out;
}

using Bytes = std::vector<std::uint8_t>;

TEST(PcmEncoding, SupportsTheListedFormatsOnly) {
    EXPECT_TRUE(isPcmEncodable(AudioFormat::pcm(48000, 2, 8)));
    EXPECT_TRUE(isPcmEncodable(AudioFormat::pcm(48000, 2, 16)));
    EXPECT_TRUE(isPcmEncodable(AudioFormat::pcm(48000, 2, 24)));
    EXPECT_TRUE(isPcmEncodable(AudioFormat::pcm(48000, 2, 32)));
    EXPECT_TRUE(isPcmEncodable(AudioFormat::extensiblePcm(48000, 2, 24, 20)));
    EXPECT_TRUE(isPcmEncodable(AudioFormat::ieeeFloat(48000, 2)));
    EXPECT_FALSE(isPcmEncodable(AudioFormat::pcm(48000, 2, 12)));
    EXPECT_FALSE(isPcmEncodable(AudioFormat::extensiblePcm(48000, 2, 16, 20)));
    AudioFormat noChannels = AudioFormat::pcm(48000, 0, 16);
    EXPECT_FALSE(isPcmEncodable(noChannels));
    AudioFormat float64 = AudioFormat::ieeeFloat(48000, 2);
    float64.containerBits = 64;
    float64.validBits = 64;
    EXPECT_FALSE(isPcmEncodable(float64));

    const AudioFormat bad = AudioFormat::pcm(48000, 1, 12);
    std::uint8_t out[4] = {1, 2, 3, 4};
    const float in[2] = {0.5f, 0.5f};
    EXPECT_FALSE(encodeFrames(bad, in, 2, out));
    EXPECT_EQ(out[0], 1);  // nothing written
    EXPECT_TRUE(encodeToBytes(bad, {0.5f}).empty());
    EXPECT_TRUE(decodeToSamples(bad, {1, 2}).empty());
}

TEST(PcmEncoding, SixteenBitFullScaleClippingRoundingAndNaN) {
    const AudioFormat f = AudioFormat::pcm(48000, 1, 16);
    EXPECT_EQ(enc(f, 0.0f), (Bytes{0x00, 0x00}));
    EXPECT_EQ(enc(f, 1.0f), (Bytes{0xFF, 0x7F}));   // +1.0 clips to 32767
    EXPECT_EQ(enc(f, -1.0f), (Bytes{0x00, 0x80}));  // -1.0 is exactly -32768
    EXPECT_EQ(enc(f, 0.5f), (Bytes{0x00, 0x40}));
    EXPECT_EQ(enc(f, -0.5f), (Bytes{0x00, 0xC0}));
    EXPECT_EQ(enc(f, 2.0f), (Bytes{0xFF, 0x7F}));
    EXPECT_EQ(enc(f, -3.0f), (Bytes{0x00, 0x80}));
    EXPECT_EQ(enc(f, kInf), (Bytes{0xFF, 0x7F}));
    EXPECT_EQ(enc(f, -kInf), (Bytes{0x00, 0x80}));
    EXPECT_EQ(enc(f, kNaN), (Bytes{0x00, 0x00}));
    // Tiny values: below half an LSB they vanish; exactly half rounds away from zero.
    EXPECT_EQ(enc(f, 1e-6f), (Bytes{0x00, 0x00}));
    EXPECT_EQ(enc(f, 1.0f / 65536.0f), (Bytes{0x01, 0x00}));
    EXPECT_EQ(enc(f, -1.0f / 65536.0f), (Bytes{0xFF, 0xFF}));
    EXPECT_EQ(enc(f, 0.99f / 65536.0f), (Bytes{0x00, 0x00}));
    EXPECT_EQ(quantizeToPcm(1.5f / 32768.0f, 16), 2);  // tie away from zero
    EXPECT_EQ(quantizeToPcm(-1.5f / 32768.0f, 16), -2);
    EXPECT_EQ(quantizeToPcm(2.4f / 32768.0f, 16), 2);

    const std::uint8_t minCode[2] = {0x00, 0x80};
    const std::uint8_t maxCode[2] = {0xFF, 0x7F};
    EXPECT_EQ(decodeSample(f, minCode), -1.0f);
    EXPECT_EQ(decodeSample(f, maxCode), 32767.0f / 32768.0f);
}

TEST(PcmEncoding, EightBitIsUnsignedOffsetBinary) {
    const AudioFormat f = AudioFormat::pcm(8000, 1, 8);
    EXPECT_EQ(enc(f, 0.0f), (Bytes{0x80}));
    EXPECT_EQ(enc(f, 1.0f), (Bytes{0xFF}));
    EXPECT_EQ(enc(f, -1.0f), (Bytes{0x00}));
    EXPECT_EQ(enc(f, 0.5f), (Bytes{0xC0}));
    EXPECT_EQ(enc(f, kNaN), (Bytes{0x80}));
    EXPECT_EQ(enc(f, 1e-4f), (Bytes{0x80}));
    const std::uint8_t zero = 0x80, low = 0x00, high = 0xFF;
    EXPECT_EQ(decodeSample(f, &zero), 0.0f);
    EXPECT_EQ(decodeSample(f, &low), -1.0f);
    EXPECT_EQ(decodeSample(f, &high), 127.0f / 128.0f);
}

TEST(PcmEncoding, TwentyFourAndThirtyTwoBitAreLittleEndian) {
    const AudioFormat f24 = AudioFormat::pcm(48000, 1, 24);
    EXPECT_EQ(enc(f24, 1.0f), (Bytes{0xFF, 0xFF, 0x7F}));
    EXPECT_EQ(enc(f24, -1.0f), (Bytes{0x00, 0x00, 0x80}));
    EXPECT_EQ(enc(f24, static_cast<float>(0x123456) / 8388608.0f), (Bytes{0x56, 0x34, 0x12}));
    EXPECT_EQ(enc(f24, -static_cast<float>(0x123456) / 8388608.0f), (Bytes{0xAA, 0xCB, 0xED}));
    EXPECT_EQ(enc(f24, kNaN), (Bytes{0, 0, 0}));

    const AudioFormat f32 = AudioFormat::pcm(48000, 1, 32);
    EXPECT_EQ(enc(f32, 1.0f), (Bytes{0xFF, 0xFF, 0xFF, 0x7F}));
    EXPECT_EQ(enc(f32, -1.0f), (Bytes{0x00, 0x00, 0x00, 0x80}));
    EXPECT_EQ(enc(f32, 0.5f), (Bytes{0x00, 0x00, 0x00, 0x40}));
    EXPECT_EQ(enc(f32, std::ldexp(1.0f, -31)), (Bytes{0x01, 0x00, 0x00, 0x00}));
    const std::uint8_t minus1[4] = {0, 0, 0, 0x80};
    EXPECT_EQ(decodeSample(f32, minus1), -1.0f);
}

TEST(PcmEncoding, ValidBitsAreLeftJustifiedAndPaddingIgnoredOnDecode) {
    const AudioFormat f20in24 = AudioFormat::extensiblePcm(48000, 1, 24, 20);
    EXPECT_EQ(enc(f20in24, 1.0f), (Bytes{0xF0, 0xFF, 0x7F}));  // 0x7FFFF << 4
    EXPECT_EQ(enc(f20in24, -1.0f), (Bytes{0x00, 0x00, 0x80}));
    EXPECT_EQ(enc(f20in24, 1.0f / 524288.0f), (Bytes{0x10, 0x00, 0x00}));  // one 20-bit LSB
    // The 24-bit LSB of a 20-bit stream is below its resolution.
    EXPECT_EQ(enc(f20in24, 1.0f / 8388608.0f), (Bytes{0x00, 0x00, 0x00}));
    const std::uint8_t withPadding[3] = {0x1F, 0x00, 0x00};  // code 1, padding 0xF
    EXPECT_EQ(decodeSample(f20in24, withPadding), 1.0f / 524288.0f);
    const std::uint8_t negativeWithPadding[3] = {0xFF, 0xFF, 0xFF};  // code -1, padding 0xF
    EXPECT_EQ(decodeSample(f20in24, negativeWithPadding), -1.0f / 524288.0f);

    const AudioFormat f24in32 = AudioFormat::extensiblePcm(48000, 1, 32, 24);
    EXPECT_EQ(enc(f24in32, 1.0f), (Bytes{0x00, 0xFF, 0xFF, 0x7F}));
    EXPECT_EQ(enc(f24in32, -1.0f), (Bytes{0x00, 0x00, 0x00, 0x80}));
    const AudioFormat f20in32 = AudioFormat::extensiblePcm(48000, 1, 32, 20);
    EXPECT_EQ(enc(f20in32, 1.0f), (Bytes{0x00, 0xF0, 0xFF, 0x7F}));
}

TEST(PcmEncoding, FloatIsClampedOnEncodeButNotOnDecode) {
    const AudioFormat f = AudioFormat::ieeeFloat(48000, 1);
    auto bytesOf = [](float v) {
        Bytes b(4);
        std::memcpy(b.data(), &v, 4);  // the test host is little-endian, like the format
        return b;
    };
    EXPECT_EQ(enc(f, 0.25f), bytesOf(0.25f));
    EXPECT_EQ(enc(f, -1.0f), bytesOf(-1.0f));
    EXPECT_EQ(enc(f, 1.5f), bytesOf(1.0f));
    EXPECT_EQ(enc(f, -kInf), bytesOf(-1.0f));
    EXPECT_EQ(enc(f, kNaN), bytesOf(0.0f));
    EXPECT_EQ(enc(f, -0.0f), (Bytes{0, 0, 0, 0}));
    EXPECT_EQ(enc(f, 1e-30f), bytesOf(1e-30f));  // tiny values survive in float

    const Bytes beyond = bytesOf(1.5f);
    EXPECT_EQ(decodeSample(f, beyond.data()), 1.5f);
    const Bytes nan = bytesOf(kNaN);
    EXPECT_EQ(decodeSample(f, nan.data()), 0.0f);
}

TEST(PcmEncoding, FramesAreInterleavedChannelFastest) {
    const AudioFormat f = AudioFormat::pcm(48000, 2, 16);
    const std::vector<float> samples = {0.5f, -0.5f, 1.0f, -1.0f};
    EXPECT_EQ(encodeToBytes(f, samples), (Bytes{0x00, 0x40, 0x00, 0xC0, 0xFF, 0x7F, 0x00, 0x80}));
    EXPECT_EQ(encodeToBytes(f, {0.5f, 0.5f, 0.25f}).size(), 4u);  // partial frame dropped
    const std::vector<float> back = decodeToSamples(f, encodeToBytes(f, samples));
    ASSERT_EQ(back.size(), 4u);
    EXPECT_EQ(back[0], 0.5f);
    EXPECT_EQ(back[1], -0.5f);
    EXPECT_EQ(back[3], -1.0f);
}

TEST(PcmEncoding, EveryEightAndSixteenBitCodeRoundTrips) {
    for (const AudioFormat& f : {AudioFormat::pcm(8000, 1, 8), AudioFormat::pcm(8000, 1, 16)}) {
        const unsigned codes = 1u << f.containerBits;
        for (unsigned code = 0; code < codes; ++code) {
            const std::uint8_t in[2] = {static_cast<std::uint8_t>(code),
                                        static_cast<std::uint8_t>(code >> 8)};
            std::uint8_t out[2] = {0, 0};
            encodeSample(f, decodeSample(f, in), out);
            ASSERT_EQ(std::memcmp(in, out, f.containerBits / 8u), 0) << "code " << code;
        }
    }
}

TEST(PcmEncoding, WideFormatsRoundTripCodesAndQuantizeFloats) {
    Random random(42);
    const AudioFormat formats[] = {
        AudioFormat::pcm(48000, 1, 24), AudioFormat::extensiblePcm(48000, 1, 24, 20),
        AudioFormat::extensiblePcm(48000, 1, 32, 24), AudioFormat::pcm(48000, 1, 32),
        AudioFormat::ieeeFloat(48000, 1)};
    for (const AudioFormat& f : formats) {
        const unsigned bytes = f.containerBits / 8u;
        for (int i = 0; i < 20000; ++i) {
            const float x = static_cast<float>(random.uniform01() * 2.0 - 1.0);
            std::uint8_t first[4] = {}, second[4] = {};
            encodeSample(f, x, first);
            const float decoded = decodeSample(f, first);
            // decode(encode(x)) is x to within half a step of the valid bits.
            const double step = f.sampleType == SampleType::Float
                                    ? 0.0
                                    : std::ldexp(1.0, 1 - static_cast<int>(f.validBits));
            ASSERT_LE(std::fabs(static_cast<double>(decoded) - x), step / 2 + 1e-9) << x;
            if (f.validBits <= 24 || f.sampleType == SampleType::Float) {
                encodeSample(f, decoded, second);  // and the bytes come back unchanged
                ASSERT_EQ(std::memcmp(first, second, bytes), 0) << x;
            }
        }
    }
}

}  // namespace
}  // namespace ps
