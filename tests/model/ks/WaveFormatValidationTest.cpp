#include "model/ks/WaveFormatValidation.h"

#include <gtest/gtest.h>

#include <string>

namespace ps {
namespace {

WAVEFORMATEX pcm(WORD channels, DWORD rateHz, WORD bits) {
    const WORD blockAlign = static_cast<WORD>(channels * bits / 8);
    return {WAVE_FORMAT_PCM, channels, rateHz, rateHz * blockAlign, blockAlign, bits, 0};
}

WAVEFORMATEXTENSIBLE ext(WORD channels, DWORD rateHz, WORD bits, WORD validBits, DWORD mask,
                         const GUID& sub = KSDATAFORMAT_SUBTYPE_PCM) {
    WAVEFORMATEXTENSIBLE f{};
    f.Format = pcm(channels, rateHz, bits);
    f.Format.wFormatTag = WAVE_FORMAT_EXTENSIBLE;
    f.Format.cbSize = 22;
    f.Samples.wValidBitsPerSample = validBits;
    f.dwChannelMask = mask;
    f.SubFormat = sub;
    return f;
}

// The check refuses the format and exactly one error says `expected`.
void expectSingleError(const FormatCheck& check, const std::string& expected) {
    EXPECT_FALSE(check.ok());
    ASSERT_EQ(check.errors.size(), 1u) << check.message();
    EXPECT_EQ(check.errors[0], expected);
}

void expectClean(const FormatCheck& check) {
    EXPECT_TRUE(check.ok()) << check.message();
    EXPECT_FALSE(check.hasWarnings()) << check.warningMessage();
}

TEST(WaveFormatValidation, AcceptsCommonFormats) {
    expectClean(validateWaveFormat(pcm(2, 44100, 16)));
    expectClean(validateWaveFormat(pcm(1, 8000, 8)));
    WAVEFORMATEX flt = pcm(2, 48000, 32);
    flt.wFormatTag = WAVE_FORMAT_IEEE_FLOAT;
    expectClean(validateWaveFormat(flt));
    expectClean(validateWaveFormat(ext(6, 96000, 32, 24, KSAUDIO_SPEAKER_5POINT1)));
    expectClean(validateWaveFormat(
        ext(2, 48000, 32, 32, KSAUDIO_SPEAKER_STEREO, KSDATAFORMAT_SUBTYPE_IEEE_FLOAT)));
}

TEST(WaveFormatValidation, FormatTag) {
    WAVEFORMATEX f = pcm(2, 48000, 16);
    f.wFormatTag = 0x0002;  // ADPCM
    expectSingleError(validateWaveFormat(f),
                      "wFormatTag 0x0002 is not supported: expected WAVE_FORMAT_PCM (1), "
                      "WAVE_FORMAT_IEEE_FLOAT (3) or WAVE_FORMAT_EXTENSIBLE (0xFFFE)");
}

TEST(WaveFormatValidation, ExtensibleTagNeedsTheExtension) {
    const WAVEFORMATEXTENSIBLE e = ext(2, 48000, 16, 16, 3);
    EXPECT_TRUE(validateWaveFormat(e).ok());
    const FormatCheck check = validateWaveFormat(e.Format);  // only the 18-byte part
    EXPECT_FALSE(check.ok());
    EXPECT_NE(check.message().find("wFormatTag WAVE_FORMAT_EXTENSIBLE"), std::string::npos);
}

TEST(WaveFormatValidation, SubFormat) {
    const GUID adpcm = defineWaveFormatExGuid(0x0002);
    const FormatCheck check = validateWaveFormat(ext(2, 48000, 16, 16, 3, adpcm));
    expectSingleError(check,
                      "SubFormat 00000002-0000-0010-8000-00AA00389B71 is not supported: "
                      "expected KSDATAFORMAT_SUBTYPE_PCM or KSDATAFORMAT_SUBTYPE_IEEE_FLOAT");
}

TEST(WaveFormatValidation, ExtensibleCbSize) {
    WAVEFORMATEXTENSIBLE f = ext(2, 48000, 16, 16, 3);
    f.Format.cbSize = 21;
    expectSingleError(validateWaveFormat(f),
                      "cbSize 21 is too small for WAVE_FORMAT_EXTENSIBLE: needs at least 22");
    f.Format.cbSize = 30;  // larger is allowed
    EXPECT_TRUE(validateWaveFormat(f).ok());
}

TEST(WaveFormatValidation, ChannelRange) {
    EXPECT_TRUE(validateWaveFormat(pcm(1, 48000, 16)).ok());
    EXPECT_TRUE(validateWaveFormat(ext(8, 48000, 16, 16, 0)).ok());
    expectSingleError(validateWaveFormat(pcm(0, 48000, 16)), "nChannels 0 is outside 1..8");
    expectSingleError(validateWaveFormat(ext(9, 48000, 16, 16, 0)), "nChannels 9 is outside 1..8");
}

TEST(WaveFormatValidation, RateRange) {
    EXPECT_TRUE(validateWaveFormat(pcm(2, 8000, 16)).ok());
    EXPECT_TRUE(validateWaveFormat(pcm(2, 384000, 16)).ok());
    expectSingleError(validateWaveFormat(pcm(2, 7000, 16)),
                      "nSamplesPerSec 7000 is outside 8000..384000 Hz");
    expectSingleError(validateWaveFormat(pcm(2, 384001, 16)),
                      "nSamplesPerSec 384001 is outside 8000..384000 Hz");
}

TEST(WaveFormatValidation, PcmContainer) {
    for (WORD bits : {8, 16, 24, 32}) {
        EXPECT_TRUE(validateWaveFormat(ext(2, 48000, bits, bits, 3)).ok()) << bits;
    }
    expectSingleError(validateWaveFormat(pcm(2, 48000, 12)),
                      "wBitsPerSample 12 is not a supported container: expected 8, 16, 24 or 32");
    expectSingleError(validateWaveFormat(ext(2, 48000, 64, 64, 3)),
                      "wBitsPerSample 64 is not a supported container: expected 8, 16, 24 or 32");
}

TEST(WaveFormatValidation, ValidBits) {
    EXPECT_TRUE(validateWaveFormat(ext(2, 48000, 32, 1, 3)).ok());
    EXPECT_TRUE(validateWaveFormat(ext(2, 48000, 32, 20, 3)).ok());
    expectSingleError(validateWaveFormat(ext(2, 48000, 24, 32, 3)),
                      "Samples.wValidBitsPerSample 32 is outside 1..24 (wBitsPerSample)");
    expectSingleError(validateWaveFormat(ext(2, 48000, 16, 0, 3)),
                      "Samples.wValidBitsPerSample 0 is outside 1..16 (wBitsPerSample)");
}

TEST(WaveFormatValidation, FloatIsOnly32Bit) {
    WAVEFORMATEX f = pcm(2, 48000, 64);
    f.wFormatTag = WAVE_FORMAT_IEEE_FLOAT;
    expectSingleError(validateWaveFormat(f),
                      "wBitsPerSample 64 is not allowed for IEEE float: float samples use a "
                      "32-bit container");
    expectSingleError(validateWaveFormat(ext(2, 48000, 32, 24, 3, KSDATAFORMAT_SUBTYPE_IEEE_FLOAT)),
                      "Samples.wValidBitsPerSample 24 is not allowed for IEEE float: needs 32");
}

TEST(WaveFormatValidation, EightBitIsPcmOnly) {
    EXPECT_TRUE(validateWaveFormat(pcm(2, 48000, 8)).ok());
    WAVEFORMATEX f = pcm(2, 48000, 8);
    f.wFormatTag = WAVE_FORMAT_IEEE_FLOAT;
    const FormatCheck check = validateWaveFormat(f);
    EXPECT_FALSE(check.ok());
    EXPECT_NE(check.message().find("wBitsPerSample 8 is not allowed for IEEE float"),
              std::string::npos);
}

TEST(WaveFormatValidation, BlockAlign) {
    WAVEFORMATEX f = pcm(2, 48000, 16);
    f.nBlockAlign = 2;
    f.nAvgBytesPerSec = 96000;  // consistent with the wrong nBlockAlign: one error only
    expectSingleError(validateWaveFormat(f),
                      "nBlockAlign 2 does not match nChannels * wBitsPerSample / 8 = 4");
    const WAVEFORMATEX packed24 = pcm(2, 48000, 24);
    EXPECT_EQ(packed24.nBlockAlign, 6);
    EXPECT_TRUE(validateWaveFormat(packed24).ok());
}

TEST(WaveFormatValidation, AvgBytesPerSec) {
    WAVEFORMATEX f = pcm(2, 44100, 16);
    f.nAvgBytesPerSec = 176000;
    expectSingleError(validateWaveFormat(f),
                      "nAvgBytesPerSec 176000 does not match nSamplesPerSec * nBlockAlign = "
                      "176400");
}

TEST(WaveFormatValidation, ChannelMask) {
    EXPECT_TRUE(validateWaveFormat(ext(2, 48000, 16, 16, 0)).ok());  // unassigned
    EXPECT_TRUE(validateWaveFormat(ext(6, 48000, 16, 16, KSAUDIO_SPEAKER_5POINT1)).ok());
    // Fewer speakers than channels: the rest are unassigned, which is allowed.
    EXPECT_TRUE(validateWaveFormat(ext(4, 48000, 16, 16, KSAUDIO_SPEAKER_STEREO)).ok());
    expectSingleError(validateWaveFormat(ext(2, 48000, 16, 16, KSAUDIO_SPEAKER_5POINT1)),
                      "dwChannelMask 0x3F names 6 speakers but nChannels is 2");
}

TEST(WaveFormatValidation, NonExtensibleMultichannelOrHighBitsIsAWarning) {
    const FormatCheck six = validateWaveFormat(pcm(6, 48000, 16));
    EXPECT_TRUE(six.ok()) << six.message();
    ASSERT_EQ(six.warnings.size(), 1u);
    EXPECT_EQ(six.warnings[0],
              "WAVE_FORMAT_PCM with nChannels 6: the DDI recommends WAVE_FORMAT_EXTENSIBLE for "
              "more than 2 channels");

    const FormatCheck deep = validateWaveFormat(pcm(2, 48000, 24));
    EXPECT_TRUE(deep.ok());
    ASSERT_EQ(deep.warnings.size(), 1u);
    EXPECT_NE(deep.warnings[0].find("wBitsPerSample 24"), std::string::npos);

    EXPECT_EQ(validateWaveFormat(pcm(8, 48000, 32)).warnings.size(), 2u);
    // The extensible form of the same format is clean.
    expectClean(validateWaveFormat(ext(6, 48000, 24, 24, KSAUDIO_SPEAKER_5POINT1)));
    // The warning is about PCM; plain float multichannel is not flagged.
    WAVEFORMATEX flt = pcm(6, 48000, 32);
    flt.wFormatTag = WAVE_FORMAT_IEEE_FLOAT;
    expectClean(validateWaveFormat(flt));
}

TEST(WaveFormatValidation, ReportsEveryProblemAtOnce) {
    WAVEFORMATEX f = pcm(9, 7000, 16);
    f.nBlockAlign = 1;
    const FormatCheck check = validateWaveFormat(f);
    EXPECT_FALSE(check.ok());
    EXPECT_GE(check.errors.size(), 3u);
    const std::string all = check.message();
    EXPECT_NE(all.find("nChannels 9"), std::string::npos);
    EXPECT_NE(all.find("nSamplesPerSec 7000"), std::string::npos);
    EXPECT_NE(all.find("nBlockAlign 1"), std::string::npos);
}

TEST(WaveFormatValidation, PlainFormatInExtensibleBoxIgnoresTheExtension) {
    WAVEFORMATEXTENSIBLE f{};
    f.Format = pcm(2, 48000, 16);
    f.Samples.wValidBitsPerSample = 99;  // not part of a plain format
    f.dwChannelMask = 0xFFFFFFFF;
    expectClean(validateWaveFormat(f));
}

}  // namespace
}  // namespace ps
