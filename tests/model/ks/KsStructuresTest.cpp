#include <gtest/gtest.h>

#include <string>

#include "model/ks/KsAllocatorFraming.h"
#include "model/ks/KsAudioPosition.h"
#include "model/ks/KsProperty.h"
#include "model/ks/KsRtAudio.h"
#include "model/ks/KsStreamHeader.h"

namespace ps {
namespace {

TEST(KsStructures, SizesMatchX64) {
    EXPECT_EQ(sizeof(KSAUDIO_POSITION), 16u);
    EXPECT_EQ(sizeof(KSRTAUDIO_HWLATENCY), 12u);
    EXPECT_EQ(sizeof(KSRTAUDIO_HWREGISTER), 40u);
    EXPECT_EQ(sizeof(KSRTAUDIO_BUFFER), 16u);
    EXPECT_EQ(sizeof(KSALLOCATOR_FRAMING), 24u);
    EXPECT_EQ(sizeof(KSPROPERTY), 24u);
    EXPECT_EQ(sizeof(KSTIME), 16u);
    EXPECT_EQ(sizeof(KSSTREAM_HEADER), 56u);
}

TEST(KsStructures, AudioPositionEquality) {
    const KSAUDIO_POSITION a{100, 200};
    EXPECT_EQ(a, (KSAUDIO_POSITION{100, 200}));
    EXPECT_NE(a, (KSAUDIO_POSITION{100, 201}));
}

TEST(KsStructures, ClockRegisterFrequency) {
    KSRTAUDIO_HWREGISTER reg{};
    reg.Register = 0xFFFF'8000'0000'1000ull;
    reg.Width = 32;
    reg.Numerator = 33'000'000;
    reg.Denominator = 2;
    EXPECT_DOUBLE_EQ(reg.frequencyHz(), 16'500'000.0);
    reg.Denominator = 0;
    EXPECT_EQ(reg.frequencyHz(), 0.0);
}

TEST(KsStructures, RtAudioPropertyIdsAndNames) {
    EXPECT_EQ(KSPROPERTY_RTAUDIO_GETPOSITIONFUNCTION, 0u);
    EXPECT_EQ(KSPROPERTY_RTAUDIO_BUFFER_WITH_NOTIFICATION, 5u);
    EXPECT_EQ(KSPROPERTY_RTAUDIO_QUERY_NOTIFICATION_SUPPORT, 8u);
    EXPECT_EQ(KSPROPERTY_RTAUDIO_PACKETVREGISTER, 13u);
    EXPECT_STREQ(ksPropertyRtAudioName(KSPROPERTY_RTAUDIO_BUFFER), "KSPROPERTY_RTAUDIO_BUFFER");
    EXPECT_STREQ(ksPropertyRtAudioName(KSPROPERTY_RTAUDIO_GETREADPACKET),
                 "KSPROPERTY_RTAUDIO_GETREADPACKET");
    EXPECT_STREQ(ksPropertyRtAudioName(14), "KSPROPERTY_RTAUDIO_<unknown>");
    for (ULONG id = 0; id < kRtAudioPropertyCount; ++id) {
        EXPECT_EQ(std::string(ksPropertyRtAudioName(id)).rfind("KSPROPERTY_RTAUDIO_", 0), 0u);
    }
    EXPECT_EQ(KSPROPSETID_RtAudio.toString(), "A855A48C-2F78-4729-9051-1968746B9EEF");
}

TEST(KsStructures, PropertyConstants) {
    EXPECT_EQ(KSPROPERTY_TYPE_GET, 0x1u);
    EXPECT_EQ(KSPROPERTY_TYPE_SET, 0x2u);
    EXPECT_EQ(KSPROPERTY_TYPE_BASICSUPPORT, 0x200u);
    EXPECT_EQ(KSPROPERTY_CONNECTION_STATE, 0u);
    EXPECT_EQ(KSPROPERTY_CONNECTION_DATAFORMAT, 2u);
    EXPECT_EQ(KSPROPERTY_CONNECTION_ALLOCATORFRAMING, 3u);
    EXPECT_EQ(KSPROPERTY_AUDIO_LATENCY, 1u);
    EXPECT_EQ(KSPROPERTY_AUDIO_POSITION, 5u);
    EXPECT_EQ(KSRESET_BEGIN, 0);
    EXPECT_EQ(KSRESET_END, 1);
    EXPECT_EQ(IOCTL_KS_PROPERTY, 0x002F0003u);
    EXPECT_EQ(IOCTL_KS_WRITE_STREAM, 0x002F8013u);
}

TEST(KsStructures, AllocatorFramingUnionsAlias) {
    KSALLOCATOR_FRAMING f{};
    f.RequirementsFlags =
        KSALLOCATOR_REQUIREMENTF_SYSTEM_MEMORY | KSALLOCATOR_REQUIREMENTF_PREFERENCES_ONLY;
    f.PoolType = 0;  // NonPagedPool
    f.Frames = 8;
    f.FrameSize = 4 * 480;  // 10 ms of 48 kHz stereo 16-bit, as AC97 computes it
    f.FileAlignment = FILE_LONG_ALIGNMENT;
    EXPECT_EQ(f.RequirementsFlags, 0x80000002u);
    EXPECT_EQ(f.FileAlignment, 3u);
    EXPECT_EQ(f.Reserved, 0u);
}

TEST(KsStructures, StreamHeaderFlagsAndTransferBytes) {
    EXPECT_EQ(KSSTREAM_HEADER_OPTIONSF_DATADISCONTINUITY, 0x4u);
    EXPECT_EQ(KSSTREAM_HEADER_OPTIONSF_TIMEVALID, 0x10u);
    EXPECT_EQ(KSSTREAM_HEADER_OPTIONSF_DURATIONVALID, 0x100u);
    EXPECT_EQ(KSSTREAM_HEADER_OPTIONSF_ENDOFSTREAM, 0x200u);
    KSSTREAM_HEADER h{};
    h.Size = sizeof(KSSTREAM_HEADER);
    h.FrameExtent = 4096;
    h.DataUsed = 1000;
    h.OptionsFlags = KSSTREAM_HEADER_OPTIONSF_ENDOFSTREAM;
    EXPECT_EQ(streamHeaderTransferBytes(h, /*render=*/true), 1000u);
    EXPECT_EQ(streamHeaderTransferBytes(h, /*render=*/false), 4096u);
}

}  // namespace
}  // namespace ps
