// Which formats the streaming pins take, and how a format programs PS_FMT.
#include "model/miniports/Ac97StreamFormat.h"

#include <gtest/gtest.h>

namespace ps {
namespace {

NTSTATUS read(const AudioFormat& format, AudioFormat* out) {
    if (format.extensible) {
        KSDATAFORMAT_WAVEFORMATEXTENSIBLE f = makeKsDataFormat(format.toWaveFormatExtensible());
        return ac97ReadDataFormat(&f.DataFormat, out);
    }
    KSDATAFORMAT_WAVEFORMATEX f = makeKsDataFormat(format.toWaveFormatEx());
    return ac97ReadDataFormat(&f.DataFormat, out);
}

TEST(Ac97StreamFormatTest, AcceptsPcmAndFloatInsideTheRange) {
    const AudioFormat accepted[] = {
        AudioFormat::pcm(48000, 2, 16),
        AudioFormat::pcm(8000, 1, 8),
        AudioFormat::pcm(44100, 2, 24),
        AudioFormat::extensiblePcm(192000, 8, 32, 24),
        AudioFormat::extensiblePcm(96000, 6, 24, 24),
        AudioFormat::ieeeFloat(48000, 2),
        AudioFormat::extensibleFloat(48000, 8),
    };
    for (const AudioFormat& f : accepted) {
        AudioFormat out;
        EXPECT_EQ(read(f, &out), STATUS_SUCCESS) << f.describe();
        EXPECT_EQ(out, f) << f.describe();
    }
}

TEST(Ac97StreamFormatTest, RefusesFormatsOutsideTheRange) {
    const AudioFormat refused[] = {
        AudioFormat::pcm(7999, 2, 16),
        AudioFormat::pcm(384000, 2, 16),  // a valid wave format, but above 192 kHz
        AudioFormat::extensiblePcm(48000, 9, 16, 16),
        AudioFormat::pcm(48000, 2, 12),
    };
    for (const AudioFormat& f : refused) {
        AudioFormat out;
        EXPECT_EQ(read(f, &out), STATUS_INVALID_PARAMETER) << f.describe();
    }
}

TEST(Ac97StreamFormatTest, RefusesInconsistentHeaders) {
    AudioFormat out;
    EXPECT_EQ(ac97ReadDataFormat(nullptr, &out), STATUS_INVALID_PARAMETER);

    KSDATAFORMAT_WAVEFORMATEX f = makeKsDataFormat(AudioFormat::pcm(48000, 2, 16).toWaveFormatEx());
    f.DataFormat.FormatSize = 90;
    EXPECT_EQ(ac97ReadDataFormat(&f.DataFormat, &out), STATUS_INVALID_PARAMETER);

    f = makeKsDataFormat(AudioFormat::pcm(48000, 2, 16).toWaveFormatEx());
    f.DataFormat.SubFormat = KSDATAFORMAT_SUBTYPE_IEEE_FLOAT;
    EXPECT_EQ(ac97ReadDataFormat(&f.DataFormat, &out), STATUS_INVALID_PARAMETER);

    f = makeKsDataFormat(AudioFormat::pcm(48000, 2, 16).toWaveFormatEx());
    f.WaveFormatEx.nBlockAlign = 3;
    f.DataFormat.SampleSize = 3;
    EXPECT_EQ(ac97ReadDataFormat(&f.DataFormat, &out), STATUS_INVALID_PARAMETER);
}

TEST(Ac97StreamFormatTest, LengthUnitFollowsTheContainer) {
    EXPECT_EQ(ac97LengthUnitBytes(AudioFormat::pcm(48000, 1, 8)), 1u);
    EXPECT_EQ(ac97LengthUnitBytes(AudioFormat::pcm(48000, 2, 16)), 2u);
    EXPECT_EQ(ac97LengthUnitBytes(AudioFormat::pcm(48000, 2, 24)), 1u);
    EXPECT_EQ(ac97LengthUnitBytes(AudioFormat::extensiblePcm(48000, 2, 32, 24)), 4u);
    EXPECT_EQ(ac97LengthUnitBytes(AudioFormat::ieeeFloat(48000, 2)), 4u);

    const ac97::PcmFormatRegister reg = ac97FormatRegister(AudioFormat::pcm(44100, 2, 24));
    EXPECT_EQ(reg.channels, 2u);
    EXPECT_EQ(reg.bytesPerSample, 3u);
    EXPECT_EQ(reg.lengthUnitBytes, 1u);
    EXPECT_EQ(ac97::encodePsFmt(ac97FormatRegister(AudioFormat::pcm(48000, 2, 16))),
              ac97::kPsFmtReset);
}

}  // namespace
}  // namespace ps
