// WaveRtHdaFormat: which KSDATAFORMATs the HD Audio WaveRT pins take and the
// SDnFMT each becomes (HARDWARE.md §2.5; the SDnFMT encoding of HdaRegisters.h).
#include "WaveRtFixture.h"

#include "model/miniports/WaveRtHdaFormat.h"

namespace ps::test {
namespace {

NTSTATUS readFormat(const AudioFormat& format, hda::StreamFormat* out) {
    WaveRtDataFormat dataFormat(format);
    AudioFormat parsed;
    return hdaRtReadDataFormat(dataFormat.get(), &parsed, out);
}

TEST(WaveRtHdaFormat, CommonFormatsEncodeAsSdnFmt) {
    struct Case {
        AudioFormat format;
        bool base44k1;
        unsigned multiplier, divisor, bits, channels;
        bool packed24;
    };
    const Case cases[] = {
        {AudioFormat::pcm(48000, 2, 16), false, 1, 1, 16, 2, false},
        {AudioFormat::pcm(44100, 2, 16), true, 1, 1, 16, 2, false},
        {AudioFormat::pcm(8000, 1, 8), false, 1, 6, 8, 1, false},
        {AudioFormat::pcm(11025, 1, 16), true, 1, 4, 16, 1, false},
        {AudioFormat::pcm(16000, 2, 16), false, 1, 3, 16, 2, false},
        {AudioFormat::pcm(32000, 2, 16), false, 2, 3, 16, 2, false},
        {AudioFormat::pcm(88200, 2, 16), true, 2, 1, 16, 2, false},
        {AudioFormat::extensiblePcm(192000, 8, 32, 32), false, 4, 1, 32, 8, false},
        {AudioFormat::extensiblePcm(96000, 6, 24, 24), false, 2, 1, 24, 6, true},
        {AudioFormat::extensiblePcm(48000, 2, 32, 24), false, 1, 1, 24, 2, false},
        {AudioFormat::extensiblePcm(48000, 2, 32, 20), false, 1, 1, 20, 2, false},
        {AudioFormat::extensiblePcm(48000, 2, 16, 12), false, 1, 1, 16, 2, false},
    };
    for (const Case& c : cases) {
        hda::StreamFormat f;
        ASSERT_EQ(readFormat(c.format, &f), STATUS_SUCCESS) << c.format.describe();
        EXPECT_EQ(f.base44k1, c.base44k1) << c.format.describe();
        EXPECT_EQ(f.multiplier, c.multiplier) << c.format.describe();
        EXPECT_EQ(f.divisor, c.divisor) << c.format.describe();
        EXPECT_EQ(f.bitsPerSample, c.bits) << c.format.describe();
        EXPECT_EQ(f.channels, c.channels) << c.format.describe();
        EXPECT_EQ(f.packed24, c.packed24) << c.format.describe();
        EXPECT_EQ(hda::rateHz(f), c.format.rateHz);
        EXPECT_EQ(hda::bytesPerFrame(f), c.format.bytesPerFrame());
    }
}

TEST(WaveRtHdaFormat, WellFormedButNotStreamableIsNoMatch) {
    hda::StreamFormat f;
    EXPECT_EQ(readFormat(AudioFormat::ieeeFloat(48000, 2), &f), STATUS_NO_MATCH);
    EXPECT_EQ(readFormat(AudioFormat::extensibleFloat(48000, 2), &f), STATUS_NO_MATCH);
    EXPECT_EQ(readFormat(AudioFormat::pcm(12345, 2, 16), &f), STATUS_NO_MATCH);   // no FMT rate
    EXPECT_EQ(readFormat(AudioFormat::pcm(384000, 2, 16), &f), STATUS_NO_MATCH);  // above range
}

TEST(WaveRtHdaFormat, MalformedFormatsAreInvalidParameter) {
    AudioFormat parsed;
    hda::StreamFormat f;
    EXPECT_EQ(hdaRtReadDataFormat(nullptr, &parsed, &f), STATUS_INVALID_PARAMETER);

    WaveRtDataFormat wrongSize(AudioFormat::pcm(48000, 2, 16));
    wrongSize.plain.DataFormat.FormatSize = 80;
    EXPECT_EQ(hdaRtReadDataFormat(wrongSize.get(), &parsed, &f), STATUS_INVALID_PARAMETER);

    WaveRtDataFormat wrongSampleSize(AudioFormat::pcm(48000, 2, 16));
    wrongSampleSize.plain.DataFormat.SampleSize = 3;  // nBlockAlign is 4
    EXPECT_EQ(hdaRtReadDataFormat(wrongSampleSize.get(), &parsed, &f), STATUS_INVALID_PARAMETER);

    WaveRtDataFormat tooSlow(AudioFormat::pcm(6000, 2, 16));  // below validateWaveFormat's range
    EXPECT_EQ(hdaRtReadDataFormat(tooSlow.get(), &parsed, &f), STATUS_INVALID_PARAMETER);
}

TEST(WaveRtHdaFormat, DataRangeIsPcmOnly) {
    const KSDATARANGE_AUDIO range = hdaRtStreamDataRange();
    EXPECT_EQ(range.MaximumChannels, 8u);
    EXPECT_EQ(range.MinimumBitsPerSample, 8u);
    EXPECT_EQ(range.MaximumBitsPerSample, 32u);
    EXPECT_EQ(range.MinimumSampleFrequency, 8000u);
    EXPECT_EQ(range.MaximumSampleFrequency, 192000u);
    EXPECT_FALSE(range.allowFloat);
}

}  // namespace
}  // namespace ps::test
