#include "model/ks/AudioFormat.h"

#include <gtest/gtest.h>

#include <string>

#include "model/ks/WaveFormatValidation.h"

namespace ps {
namespace {

bool mentions(const FormatCheck& check, const std::string& text) {
    return check.message().find(text) != std::string::npos;
}

TEST(AudioFormat, DescribeNamesRateChannelsAndSamples) {
    EXPECT_EQ(AudioFormat::pcm(48000, 2, 16).describe(), "48000 Hz, 2 ch, 16-bit PCM");
    EXPECT_EQ(AudioFormat::extensiblePcm(96000, 6, 32, 24).describe(),
              "96000 Hz, 6 ch, 24-in-32-bit PCM (extensible)");
    EXPECT_EQ(AudioFormat::ieeeFloat(44100, 2).describe(), "44100 Hz, 2 ch, 32-bit float");
    EXPECT_EQ(AudioFormat::extensibleFloat(48000, 8).describe(),
              "48000 Hz, 8 ch, 32-bit float (extensible)");
}

TEST(AudioFormat, FrameArithmetic) {
    const AudioFormat f = AudioFormat::pcm(44100, 2, 16);
    EXPECT_EQ(f.bytesPerFrame(), 4u);
    EXPECT_EQ(f.bytesPerSecond(), 176400u);
    EXPECT_EQ(f.framesToBytes(441), 1764u);
    EXPECT_EQ(f.bytesToFrames(1764), 441u);
    EXPECT_EQ(f.bytesToFrames(1767), 441u);  // partial frame not counted
    const AudioFormat packed = AudioFormat::pcm(48000, 6, 24);
    EXPECT_EQ(packed.bytesPerFrame(), 18u);
    AudioFormat empty = f;
    empty.channels = 0;
    EXPECT_EQ(empty.bytesToFrames(100), 0u);  // no division by zero
}

TEST(AudioFormat, RangeSweepOfConsistentFormatsValidates) {
    const DWORD rates[] = {8000, 11025, 44100, 48000, 96000, 192000, 384000};
    const WORD containers[] = {8, 16, 24, 32};
    int checked = 0;
    for (DWORD rate : rates) {
        for (WORD ch = 1; ch <= 8; ++ch) {
            for (WORD bits : containers) {
                for (bool extensible : {false, true}) {
                    const AudioFormat f = extensible
                                              ? AudioFormat::extensiblePcm(rate, ch, bits, bits)
                                              : AudioFormat::pcm(rate, ch, bits);
                    const FormatCheck check = f.validate();
                    ASSERT_TRUE(check.ok()) << f.describe() << ": " << check.message();
                    // Warnings exactly when the DDI recommends extensible.
                    EXPECT_EQ(check.hasWarnings(), !extensible && (ch > 2 || bits > 16))
                        << f.describe();
                    const ULONG frameBytes = ULONG{ch} * bits / 8;
                    EXPECT_EQ(f.bytesPerFrame(), frameBytes);
                    EXPECT_EQ(f.bytesPerSecond(), ULONGLONG{rate} * frameBytes);
                    // The raw DDI forms validate too and agree on the arithmetic.
                    const WAVEFORMATEXTENSIBLE w = f.toWaveFormatExtensible();
                    EXPECT_TRUE(validateWaveFormat(w).ok()) << f.describe();
                    EXPECT_EQ(w.Format.nBlockAlign, frameBytes);
                    EXPECT_EQ(w.Format.nAvgBytesPerSec, rate * frameBytes);
                    ++checked;
                }
            }
            const AudioFormat flt = AudioFormat::ieeeFloat(rate, ch);
            const FormatCheck check = flt.validate();
            ASSERT_TRUE(check.ok()) << flt.describe() << ": " << check.message();
            EXPECT_EQ(flt.bytesPerFrame(), ULONG{ch} * 4u);
            EXPECT_EQ(flt.bytesPerSecond(), ULONGLONG{rate} * ch * 4u);
            EXPECT_TRUE(AudioFormat::extensibleFloat(rate, ch).validate().ok());
            ++checked;
        }
    }
    EXPECT_EQ(checked, 7 * 8 * (4 * 2 + 1));
}

TEST(AudioFormat, OutOfRangeFormatsAreRefused) {
    const FormatCheck slow = AudioFormat::pcm(7000, 2, 16).validate();
    EXPECT_FALSE(slow.ok());
    EXPECT_EQ(slow.message(), "nSamplesPerSec 7000 is outside 8000..384000 Hz");

    EXPECT_TRUE(mentions(AudioFormat::pcm(48000, 0, 16).validate(), "nChannels 0 is outside 1..8"));
    EXPECT_TRUE(
        mentions(AudioFormat::extensiblePcm(48000, 9, 16, 16, 0).validate(), "nChannels 9"));
    EXPECT_FALSE(AudioFormat::pcm(48000, 9, 16).validate().ok());
    EXPECT_TRUE(mentions(AudioFormat::pcm(48000, 2, 12).validate(), "wBitsPerSample 12"));

    AudioFormat double64 = AudioFormat::ieeeFloat(48000, 2);
    double64.containerBits = 64;
    double64.validBits = 64;
    const FormatCheck check = double64.validate();
    EXPECT_FALSE(check.ok());
    EXPECT_TRUE(mentions(check, "wBitsPerSample 64 is not allowed for IEEE float"));
}

TEST(AudioFormat, ValidBitsMustEqualContainerUnlessExtensible) {
    AudioFormat f = AudioFormat::pcm(48000, 2, 32);
    f.validBits = 24;
    const FormatCheck check = f.validate();
    EXPECT_FALSE(check.ok());
    EXPECT_TRUE(mentions(check, "validBits 24 must equal wBitsPerSample 32"));
    f.extensible = true;
    f.channelMask = KSAUDIO_SPEAKER_STEREO;
    EXPECT_TRUE(f.validate().ok()) << f.validate().message();
    f.validBits = 33;
    EXPECT_TRUE(mentions(f.validate(), "Samples.wValidBitsPerSample 33 is outside 1..32"));
}

TEST(AudioFormat, ChannelMaskRules) {
    EXPECT_TRUE(
        mentions(AudioFormat::extensiblePcm(48000, 2, 16, 16, KSAUDIO_SPEAKER_QUAD).validate(),
                 "dwChannelMask 0x33 names 4 speakers but nChannels is 2"));
    AudioFormat plain = AudioFormat::pcm(48000, 2, 16);
    plain.channelMask = KSAUDIO_SPEAKER_STEREO;
    const FormatCheck check = plain.validate();
    EXPECT_TRUE(check.ok());
    EXPECT_EQ(check.warningMessage(), "channelMask 0x3 is ignored without WAVE_FORMAT_EXTENSIBLE");
    EXPECT_EQ(AudioFormat::extensiblePcm(48000, 6, 16, 16).channelMask, KSAUDIO_SPEAKER_5POINT1);
}

TEST(AudioFormat, PlainConversion) {
    const AudioFormat f = AudioFormat::pcm(44100, 2, 16);
    const WAVEFORMATEX w = f.toWaveFormatEx();
    EXPECT_EQ(w.wFormatTag, WAVE_FORMAT_PCM);
    EXPECT_EQ(w.nChannels, 2);
    EXPECT_EQ(w.nSamplesPerSec, 44100u);
    EXPECT_EQ(w.nAvgBytesPerSec, 176400u);
    EXPECT_EQ(w.nBlockAlign, 4);
    EXPECT_EQ(w.wBitsPerSample, 16);
    EXPECT_EQ(w.cbSize, 0);
    const WAVEFORMATEXTENSIBLE box = f.toWaveFormatExtensible();
    EXPECT_EQ(box.Format.wFormatTag, WAVE_FORMAT_PCM);
    EXPECT_EQ(box.dwChannelMask, 0u);
    EXPECT_EQ(box.SubFormat, GUID{});
    EXPECT_EQ(AudioFormat::fromWaveFormat(w), f);
    EXPECT_EQ(AudioFormat::fromWaveFormat(box), f);
    EXPECT_EQ(AudioFormat::ieeeFloat(48000, 2).toWaveFormatEx().wFormatTag, WAVE_FORMAT_IEEE_FLOAT);
}

TEST(AudioFormat, ExtensibleConversion) {
    const AudioFormat f = AudioFormat::extensiblePcm(96000, 6, 32, 24);
    const WAVEFORMATEXTENSIBLE w = f.toWaveFormatExtensible();
    EXPECT_EQ(w.Format.wFormatTag, WAVE_FORMAT_EXTENSIBLE);
    EXPECT_EQ(w.Format.cbSize, 22);
    EXPECT_EQ(w.Format.nBlockAlign, 24);
    EXPECT_EQ(w.Format.nAvgBytesPerSec, 2304000u);
    EXPECT_EQ(w.Samples.wValidBitsPerSample, 24);
    EXPECT_EQ(w.dwChannelMask, KSAUDIO_SPEAKER_5POINT1);
    EXPECT_EQ(w.SubFormat, KSDATAFORMAT_SUBTYPE_PCM);
    EXPECT_EQ(f.toWaveFormatEx().wFormatTag, WAVE_FORMAT_EXTENSIBLE);
    EXPECT_EQ(AudioFormat::fromWaveFormat(w), f);
    const AudioFormat flt = AudioFormat::extensibleFloat(48000, 2);
    EXPECT_EQ(flt.toWaveFormatExtensible().SubFormat, KSDATAFORMAT_SUBTYPE_IEEE_FLOAT);
    EXPECT_EQ(AudioFormat::fromWaveFormat(flt.toWaveFormatExtensible()), flt);
}

TEST(AudioFormat, FromWaveFormatRefusesOtherSampleTypes) {
    WAVEFORMATEX adpcm = AudioFormat::pcm(48000, 2, 16).toWaveFormatEx();
    adpcm.wFormatTag = 0x0002;
    EXPECT_FALSE(AudioFormat::fromWaveFormat(adpcm).has_value());
    const WAVEFORMATEXTENSIBLE e =
        AudioFormat::extensiblePcm(48000, 2, 16, 16).toWaveFormatExtensible();
    EXPECT_FALSE(AudioFormat::fromWaveFormat(e.Format).has_value());  // extension missing
    WAVEFORMATEXTENSIBLE other = e;
    other.SubFormat = defineWaveFormatExGuid(0x0002);
    EXPECT_FALSE(AudioFormat::fromWaveFormat(other).has_value());
}

}  // namespace
}  // namespace ps
