#include "model/ks/SpeakerMask.h"

#include <gtest/gtest.h>

namespace ps {
namespace {

TEST(SpeakerMask, KsAudioLayoutsHaveTheKsmediaValues) {
    EXPECT_EQ(KSAUDIO_SPEAKER_MONO, 0x4u);
    EXPECT_EQ(KSAUDIO_SPEAKER_STEREO, 0x3u);
    EXPECT_EQ(KSAUDIO_SPEAKER_QUAD, 0x33u);
    EXPECT_EQ(KSAUDIO_SPEAKER_SURROUND, 0x107u);
    EXPECT_EQ(KSAUDIO_SPEAKER_5POINT1, 0x3Fu);
    EXPECT_EQ(KSAUDIO_SPEAKER_7POINT1, 0xFFu);
    EXPECT_EQ(KSAUDIO_SPEAKER_5POINT1_SURROUND, 0x60Fu);
    EXPECT_EQ(KSAUDIO_SPEAKER_7POINT1_SURROUND, 0x63Fu);
    EXPECT_EQ(SPEAKER_TOP_BACK_RIGHT, 0x20000u);
    EXPECT_EQ(SPEAKER_RESERVED & SPEAKER_TOP_BACK_RIGHT, 0u);
}

TEST(SpeakerMask, CountsSetBits) {
    EXPECT_EQ(channelMaskSpeakerCount(0), 0);
    EXPECT_EQ(channelMaskSpeakerCount(KSAUDIO_SPEAKER_MONO), 1);
    EXPECT_EQ(channelMaskSpeakerCount(KSAUDIO_SPEAKER_STEREO), 2);
    EXPECT_EQ(channelMaskSpeakerCount(KSAUDIO_SPEAKER_5POINT1), 6);
    EXPECT_EQ(channelMaskSpeakerCount(KSAUDIO_SPEAKER_7POINT1_SURROUND), 8);
    EXPECT_EQ(channelMaskSpeakerCount(0xFFFFFFFFu), 32);
}

TEST(SpeakerMask, DefaultMaskNamesOneSpeakerPerChannel) {
    EXPECT_EQ(defaultChannelMask(1), KSAUDIO_SPEAKER_MONO);
    EXPECT_EQ(defaultChannelMask(2), KSAUDIO_SPEAKER_STEREO);
    EXPECT_EQ(defaultChannelMask(4), KSAUDIO_SPEAKER_QUAD);
    EXPECT_EQ(defaultChannelMask(6), KSAUDIO_SPEAKER_5POINT1);
    EXPECT_EQ(defaultChannelMask(8), KSAUDIO_SPEAKER_7POINT1_SURROUND);
    for (WORD ch = 1; ch <= 8; ++ch) {
        EXPECT_EQ(channelMaskSpeakerCount(defaultChannelMask(ch)), ch) << ch << " channels";
    }
    EXPECT_EQ(defaultChannelMask(0), KSAUDIO_SPEAKER_DIRECTOUT);
    EXPECT_EQ(defaultChannelMask(9), KSAUDIO_SPEAKER_DIRECTOUT);
}

TEST(SpeakerMask, DescribesSpeakersInChannelOrder) {
    EXPECT_EQ(describeChannelMask(0), "DIRECTOUT");
    EXPECT_EQ(describeChannelMask(KSAUDIO_SPEAKER_STEREO), "FL FR");
    EXPECT_EQ(describeChannelMask(KSAUDIO_SPEAKER_5POINT1), "FL FR FC LFE BL BR");
    EXPECT_EQ(describeChannelMask(KSAUDIO_SPEAKER_7POINT1_SURROUND), "FL FR FC LFE BL BR SL SR");
    EXPECT_EQ(describeChannelMask(0x00040000u | SPEAKER_ALL), "bit18 ALL");
}

}  // namespace
}  // namespace ps
