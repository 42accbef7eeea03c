// KS property requests (ks.h / ksmedia.h, DDI.md §15.4 and §15.7): the
// KSPROPERTY identifier, the request types, the connection and audio property
// ids the port handles, KSRESET and the IOCTL codes that carry them. The
// RtAudio property set is in KsRtAudio.h.
#pragma once

#include "model/ks/KsGuid.h"
#include "model/ks/KsTypes.h"

namespace ps {

// KSPROPERTY (= KSIDENTIFIER): 24 bytes.
struct KSPROPERTY {
    GUID Set;
    ULONG Id;
    ULONG Flags;  // KSPROPERTY_TYPE_*
};
static_assert(sizeof(KSPROPERTY) == 24, "KSPROPERTY is 24 bytes");

constexpr ULONG KSPROPERTY_TYPE_GET = 0x00000001;
constexpr ULONG KSPROPERTY_TYPE_SET = 0x00000002;
constexpr ULONG KSPROPERTY_TYPE_BASICSUPPORT = 0x00000200;

// {1D58C920-AC9B-11CF-A5D6-28DB04C10000}
constexpr GUID KSPROPSETID_Connection{
    0x1D58C920, 0xAC9B, 0x11CF, {0xA5, 0xD6, 0x28, 0xDB, 0x04, 0xC1, 0x00, 0x00}};
// {45FFAAA0-6E1B-11D0-BCF2-444553540000}
constexpr GUID KSPROPSETID_Audio{
    0x45FFAAA0, 0x6E1B, 0x11D0, {0xBC, 0xF2, 0x44, 0x45, 0x53, 0x54, 0x00, 0x00}};

enum KSPROPERTY_CONNECTION : ULONG {
    KSPROPERTY_CONNECTION_STATE = 0,  // KSSTATE
    KSPROPERTY_CONNECTION_PRIORITY = 1,
    KSPROPERTY_CONNECTION_DATAFORMAT = 2,        // KSDATAFORMAT + wave format
    KSPROPERTY_CONNECTION_ALLOCATORFRAMING = 3,  // KSALLOCATOR_FRAMING
};

// Only the ids the port drivers handle; the enum has more members in ksmedia.h.
enum KSPROPERTY_AUDIO : ULONG {
    KSPROPERTY_AUDIO_LATENCY = 1,   // KSTIME
    KSPROPERTY_AUDIO_POSITION = 5,  // KSAUDIO_POSITION
};

// Argument of IOCTL_KS_RESET_STATE.
enum KSRESET : int {
    KSRESET_BEGIN = 0,
    KSRESET_END = 1,
};

constexpr ULONG KSINTERFACE_STANDARD_STREAMING = 0;
constexpr ULONG KSINTERFACE_STANDARD_LOOPED_STREAMING = 1;

// FILE_DEVICE_KS (0x2F), METHOD_NEITHER.
constexpr ULONG IOCTL_KS_PROPERTY = 0x002F0003;
constexpr ULONG IOCTL_KS_ENABLE_EVENT = 0x002F0007;
constexpr ULONG IOCTL_KS_DISABLE_EVENT = 0x002F000B;
constexpr ULONG IOCTL_KS_METHOD = 0x002F000F;
constexpr ULONG IOCTL_KS_WRITE_STREAM = 0x002F8013;
constexpr ULONG IOCTL_KS_READ_STREAM = 0x002F4017;
constexpr ULONG IOCTL_KS_RESET_STATE = 0x002F001B;
constexpr ULONG IOCTL_KS_HANDSHAKE = 0x002F001F;

}  // namespace ps
