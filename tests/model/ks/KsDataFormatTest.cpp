#include "model/ks/KsDataFormat.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

namespace ps {
namespace {

using Bytes = std::vector<std::uint8_t>;

TEST(KsDataFormat, PlainHeaderIs82Bytes) {
    const KSDATAFORMAT_WAVEFORMATEX f =
        makeKsDataFormat(AudioFormat::pcm(44100, 2, 16).toWaveFormatEx());
    EXPECT_EQ(f.DataFormat.FormatSize, 82u);
    EXPECT_EQ(f.DataFormat.Flags, 0u);
    EXPECT_EQ(f.DataFormat.SampleSize, 4u);
    EXPECT_EQ(f.DataFormat.MajorFormat, KSDATAFORMAT_TYPE_AUDIO);
    EXPECT_EQ(f.DataFormat.SubFormat, KSDATAFORMAT_SUBTYPE_PCM);
    EXPECT_EQ(f.DataFormat.Specifier, KSDATAFORMAT_SPECIFIER_WAVEFORMATEX);
    EXPECT_TRUE(checkKsDataFormat(f).ok()) << checkKsDataFormat(f).message();

    const Bytes bytes = serializeKsDataFormat(f);
    ASSERT_EQ(bytes.size(), 82u);
    const Bytes header{0x52, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,  // FormatSize, Flags
                       0x04, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,  // SampleSize, Reserved
                       0x61, 0x75, 0x64, 0x73, 0x00, 0x00, 0x10, 0x00,  // TYPE_AUDIO
                       0x80, 0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71};
    EXPECT_EQ(Bytes(bytes.begin(), bytes.begin() + 32), header);
    const Bytes specifier{0x81, 0x9F, 0x58, 0x05, 0x56, 0xC3, 0xCE, 0x11,
                          0xBF, 0x01, 0x00, 0xAA, 0x00, 0x55, 0x59, 0x5A};
    EXPECT_EQ(Bytes(bytes.begin() + 48, bytes.begin() + 64), specifier);
    const Bytes wave{0x01, 0x00, 0x02, 0x00, 0x44, 0xAC, 0x00, 0x00, 0x10,
                     0xB1, 0x02, 0x00, 0x04, 0x00, 0x10, 0x00, 0x00, 0x00};
    EXPECT_EQ(Bytes(bytes.begin() + 64, bytes.end()), wave);
}

TEST(KsDataFormat, ExtensibleHeaderIs104Bytes) {
    const AudioFormat audio = AudioFormat::extensibleFloat(48000, 8);
    const KSDATAFORMAT_WAVEFORMATEXTENSIBLE f = makeKsDataFormat(audio.toWaveFormatExtensible());
    EXPECT_EQ(f.DataFormat.FormatSize, 104u);
    EXPECT_EQ(f.DataFormat.SampleSize, 32u);
    EXPECT_EQ(f.DataFormat.SubFormat, KSDATAFORMAT_SUBTYPE_IEEE_FLOAT);
    EXPECT_TRUE(checkKsDataFormat(f).ok()) << checkKsDataFormat(f).message();
    EXPECT_EQ(serializeKsDataFormat(f).size(), 104u);
}

TEST(KsDataFormat, BuildFromAudioFormatPicksTheCombination) {
    EXPECT_EQ(buildKsDataFormatBytes(AudioFormat::pcm(48000, 2, 16)).size(), 82u);
    EXPECT_EQ(buildKsDataFormatBytes(AudioFormat::extensiblePcm(48000, 2, 32, 24)).size(), 104u);
    EXPECT_EQ(buildKsDataFormatBytes(AudioFormat::ieeeFloat(48000, 2))[32], 0x03);  // SubFormat
}

TEST(KsDataFormat, ParseRoundTrip) {
    const AudioFormat audio = AudioFormat::extensiblePcm(96000, 6, 32, 24);
    const Bytes bytes = buildKsDataFormatBytes(audio);
    const KsDataFormatParse parsed = parseKsDataFormat(bytes);
    ASSERT_TRUE(parsed.ok()) << parsed.error;
    EXPECT_TRUE(parsed.wave.extensible);
    EXPECT_EQ(parsed.header.FormatSize, 104u);
    EXPECT_TRUE(checkKsDataFormat(parsed.header, parsed.wave.format).ok());
    EXPECT_EQ(AudioFormat::fromWaveFormat(parsed.wave.format), audio);

    KSDATAFORMAT_WAVEFORMATEXTENSIBLE rebuilt{parsed.header, parsed.wave.format};
    EXPECT_EQ(serializeKsDataFormat(rebuilt), bytes);
}

TEST(KsDataFormat, ParseRefusesShortAndInconsistentBuffers) {
    const Bytes bytes = buildKsDataFormatBytes(AudioFormat::pcm(48000, 2, 16));
    for (std::size_t size = 0; size < bytes.size(); ++size) {
        const Bytes truncated(bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(size));
        EXPECT_FALSE(parseKsDataFormat(truncated).ok()) << size;
    }
    EXPECT_EQ(parseKsDataFormat(Bytes(bytes.begin(), bytes.begin() + 10)).error,
              "buffer holds 10 bytes; a KSDATAFORMAT needs 64");
    EXPECT_EQ(parseKsDataFormat(Bytes(bytes.begin(), bytes.begin() + 70)).error,
              "FormatSize 82 is larger than the buffer's 70 bytes");

    Bytes small = bytes;
    small[0] = 70;  // FormatSize 70 cannot hold an 18-byte WAVEFORMATEX
    EXPECT_EQ(parseKsDataFormat(small).error,
              "FormatSize 70 is too small for an audio format: needs at least 82 (64 + 18-byte "
              "WAVEFORMATEX)");

    // An extensible tag whose FormatSize stops after the 18-byte part.
    Bytes ext = buildKsDataFormatBytes(AudioFormat::extensiblePcm(48000, 2, 16, 16));
    ext[0] = 82;
    const KsDataFormatParse parsed = parseKsDataFormat(ext);
    EXPECT_FALSE(parsed.ok());
    EXPECT_EQ(parsed.error,
              "wave format after KSDATAFORMAT: cbSize 22 declares 40 bytes but the buffer holds "
              "18");
}

TEST(KsDataFormat, CheckNamesEachDisagreement) {
    KSDATAFORMAT_WAVEFORMATEX f = makeKsDataFormat(AudioFormat::pcm(48000, 2, 16).toWaveFormatEx());

    KSDATAFORMAT_WAVEFORMATEX bad = f;
    bad.DataFormat.FormatSize = 84;
    EXPECT_EQ(checkKsDataFormat(bad).message(),
              "KSDATAFORMAT.FormatSize 84 does not match the wave format: expected 82 (64 + "
              "18-byte WAVEFORMATEX)");

    bad = f;
    bad.DataFormat.SampleSize = 2;
    EXPECT_EQ(checkKsDataFormat(bad).message(),
              "KSDATAFORMAT.SampleSize 2 does not match nBlockAlign 4");

    bad = f;
    bad.DataFormat.SubFormat = KSDATAFORMAT_SUBTYPE_IEEE_FLOAT;
    EXPECT_EQ(checkKsDataFormat(bad).message(),
              "KSDATAFORMAT.SubFormat 00000003-0000-0010-8000-00AA00389B71 does not match "
              "wFormatTag WAVE_FORMAT_PCM: expected 00000001-0000-0010-8000-00AA00389B71");

    bad = f;
    bad.DataFormat.MajorFormat = KSDATAFORMAT_SUBTYPE_PCM;
    EXPECT_NE(checkKsDataFormat(bad).message().find("KSDATAFORMAT.MajorFormat"), std::string::npos);

    bad = f;
    bad.DataFormat.Specifier = KSDATAFORMAT_TYPE_AUDIO;
    EXPECT_NE(checkKsDataFormat(bad).message().find("KSDATAFORMAT.Specifier"), std::string::npos);

    bad = f;
    bad.WaveFormatEx.wFormatTag = WAVE_FORMAT_EXTENSIBLE;
    EXPECT_FALSE(checkKsDataFormat(bad).ok());
}

TEST(KsDataFormat, ExtensibleSubFormatMustMatchHeader) {
    KSDATAFORMAT_WAVEFORMATEXTENSIBLE f =
        makeKsDataFormat(AudioFormat::extensiblePcm(48000, 2, 16, 16).toWaveFormatExtensible());
    f.WaveFormatExt.SubFormat = KSDATAFORMAT_SUBTYPE_IEEE_FLOAT;
    const FormatCheck check = checkKsDataFormat(f);
    EXPECT_FALSE(check.ok());
    EXPECT_NE(check.message().find("does not match WAVEFORMATEXTENSIBLE SubFormat"),
              std::string::npos);

    // A plain format in the extensible combination must say 82, not 104.
    KSDATAFORMAT_WAVEFORMATEXTENSIBLE plain =
        makeKsDataFormat(AudioFormat::pcm(48000, 2, 16).toWaveFormatExtensible());
    EXPECT_EQ(plain.DataFormat.FormatSize, 104u);
    EXPECT_NE(checkKsDataFormat(plain).message().find("expected 82"), std::string::npos);
}

}  // namespace
}  // namespace ps
