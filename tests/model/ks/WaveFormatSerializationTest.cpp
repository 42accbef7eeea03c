#include "model/ks/WaveFormat.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include "model/ks/AudioFormat.h"

namespace ps {
namespace {

using Bytes = std::vector<std::uint8_t>;

WAVEFORMATEX cd16() {
    return {WAVE_FORMAT_PCM, 2, 44100, 176400, 4, 16, 0};
}

WAVEFORMATEXTENSIBLE surround24in32() {
    WAVEFORMATEXTENSIBLE f{};
    f.Format = {WAVE_FORMAT_EXTENSIBLE, 6, 48000, 1152000, 24, 32, 22};
    f.Samples.wValidBitsPerSample = 24;
    f.dwChannelMask = KSAUDIO_SPEAKER_5POINT1;
    f.SubFormat = KSDATAFORMAT_SUBTYPE_PCM;
    return f;
}

TEST(WaveFormatBytes, CdQualityImage) {
    const Bytes expected{0x01, 0x00, 0x02, 0x00, 0x44, 0xAC, 0x00, 0x00, 0x10,
                         0xB1, 0x02, 0x00, 0x04, 0x00, 0x10, 0x00, 0x00, 0x00};
    EXPECT_EQ(serializeWaveFormat(cd16()), expected);
    EXPECT_EQ(serializeWaveFormat(AudioFormat::pcm(44100, 2, 16).toWaveFormatEx()), expected);
}

TEST(WaveFormatBytes, FloatStereo48kImage) {
    const Bytes expected{0x03, 0x00, 0x02, 0x00, 0x80, 0xBB, 0x00, 0x00, 0x00,
                         0xDC, 0x05, 0x00, 0x08, 0x00, 0x20, 0x00, 0x00, 0x00};
    EXPECT_EQ(serializeWaveFormat(AudioFormat::ieeeFloat(48000, 2).toWaveFormatEx()), expected);
}

TEST(WaveFormatBytes, ExtensibleImage) {
    const Bytes expected{
        0xFE, 0xFF, 0x06, 0x00, 0x80, 0xBB, 0x00, 0x00,  // tag, channels, rate
        0x00, 0x94, 0x11, 0x00, 0x18, 0x00, 0x20, 0x00,  // avg, block align, bits
        0x16, 0x00, 0x18, 0x00, 0x3F, 0x00, 0x00, 0x00,  // cbSize, valid bits, mask
        0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10, 0x00,  // SubFormat PCM
        0x80, 0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71};
    const Bytes bytes = serializeWaveFormat(surround24in32());
    ASSERT_EQ(bytes.size(), kWaveFormatExtensibleBytes);
    EXPECT_EQ(bytes, expected);
    EXPECT_EQ(
        serializeWaveFormat(AudioFormat::extensiblePcm(48000, 6, 32, 24).toWaveFormatExtensible()),
        expected);
}

TEST(WaveFormatBytes, PlainRoundTripIsByteExact) {
    const Bytes bytes = serializeWaveFormat(cd16());
    const WaveFormatParse parsed = parseWaveFormat(bytes);
    ASSERT_TRUE(parsed.ok()) << parsed.error;
    EXPECT_FALSE(parsed.extensible);
    EXPECT_EQ(parsed.consumedBytes, 18u);
    EXPECT_EQ(parsed.format.Format.nSamplesPerSec, 44100u);
    EXPECT_EQ(parsed.format.Format.nAvgBytesPerSec, 176400u);
    EXPECT_EQ(parsed.format.dwChannelMask, 0u);
    EXPECT_EQ(serializeWaveFormat(parsed.format.Format), bytes);
}

TEST(WaveFormatBytes, ExtensibleRoundTripIsByteExact) {
    const Bytes bytes = serializeWaveFormat(surround24in32());
    const WaveFormatParse parsed = parseWaveFormat(bytes);
    ASSERT_TRUE(parsed.ok()) << parsed.error;
    EXPECT_TRUE(parsed.extensible);
    EXPECT_EQ(parsed.consumedBytes, 40u);
    EXPECT_EQ(parsed.format.Samples.wValidBitsPerSample, 24);
    EXPECT_EQ(parsed.format.dwChannelMask, KSAUDIO_SPEAKER_5POINT1);
    EXPECT_EQ(parsed.format.SubFormat, KSDATAFORMAT_SUBTYPE_PCM);
    EXPECT_EQ(serializeWaveFormat(parsed.format), bytes);
}

TEST(WaveFormatBytes, RoundTripsOddValuesUnchanged) {
    // Serialization is layout only: invalid values survive byte for byte.
    WAVEFORMATEX odd{0x1234, 0xFFFF, 0xDEADBEEF, 0x01020304, 0xABCD, 12, 0};
    const WaveFormatParse parsed = parseWaveFormat(serializeWaveFormat(odd));
    ASSERT_TRUE(parsed.ok());
    EXPECT_EQ(serializeWaveFormat(parsed.format.Format), serializeWaveFormat(odd));
}

TEST(WaveFormatBytes, EveryTruncationIsRefused) {
    const Bytes plain = serializeWaveFormat(cd16());
    for (std::size_t size = 0; size < plain.size(); ++size) {
        // Copy into an exact-size buffer so ASan catches any read past it.
        const Bytes truncated(plain.begin(), plain.begin() + static_cast<std::ptrdiff_t>(size));
        const WaveFormatParse parsed = parseWaveFormat(truncated);
        EXPECT_FALSE(parsed.ok()) << size;
        EXPECT_NE(parsed.error.find("a WAVEFORMATEX needs 18"), std::string::npos) << parsed.error;
    }
    const Bytes ext = serializeWaveFormat(surround24in32());
    for (std::size_t size = 18; size < ext.size(); ++size) {
        const Bytes truncated(ext.begin(), ext.begin() + static_cast<std::ptrdiff_t>(size));
        const WaveFormatParse parsed = parseWaveFormat(truncated);
        EXPECT_FALSE(parsed.ok()) << size;
        EXPECT_EQ(parsed.error,
                  "cbSize 22 declares 40 bytes but the buffer holds " + std::to_string(size));
    }
}

TEST(WaveFormatBytes, NullBufferIsRefused) {
    EXPECT_FALSE(parseWaveFormat(nullptr, 40).ok());
    EXPECT_FALSE(parseWaveFormat(Bytes{}).ok());
}

TEST(WaveFormatBytes, ExtensibleTagWithShortCbSizeIsRefused) {
    WAVEFORMATEXTENSIBLE f = surround24in32();
    f.Format.cbSize = 0;
    Bytes bytes = serializeWaveFormat(f);  // 40 bytes present, but cbSize says 0
    const WaveFormatParse parsed = parseWaveFormat(bytes);
    EXPECT_FALSE(parsed.ok());
    EXPECT_EQ(parsed.error, "cbSize 0 is too small for WAVE_FORMAT_EXTENSIBLE: needs at least 22");
}

TEST(WaveFormatBytes, TrailingBytesAreNotConsumed) {
    Bytes bytes = serializeWaveFormat(cd16());
    bytes.push_back(0xEE);
    bytes.push_back(0xEE);
    const WaveFormatParse parsed = parseWaveFormat(bytes);
    ASSERT_TRUE(parsed.ok());
    EXPECT_EQ(parsed.consumedBytes, 18u);
}

TEST(WaveFormatBytes, PlainFormatWithExtraBytesSkipsThem) {
    WAVEFORMATEX f = cd16();
    f.cbSize = 2;
    Bytes bytes = serializeWaveFormat(f);
    EXPECT_FALSE(parseWaveFormat(bytes).ok());  // the 2 declared bytes are missing
    bytes.push_back(0);
    bytes.push_back(0);
    const WaveFormatParse parsed = parseWaveFormat(bytes);
    ASSERT_TRUE(parsed.ok()) << parsed.error;
    EXPECT_FALSE(parsed.extensible);
    EXPECT_EQ(parsed.consumedBytes, 20u);
}

TEST(WaveFormatBytes, TagNames) {
    EXPECT_EQ(waveFormatTagName(WAVE_FORMAT_PCM), "WAVE_FORMAT_PCM");
    EXPECT_EQ(waveFormatTagName(WAVE_FORMAT_IEEE_FLOAT), "WAVE_FORMAT_IEEE_FLOAT");
    EXPECT_EQ(waveFormatTagName(WAVE_FORMAT_EXTENSIBLE), "WAVE_FORMAT_EXTENSIBLE");
    EXPECT_EQ(waveFormatTagName(0x0002), "0x0002");
}

}  // namespace
}  // namespace ps
