// WaveRT structures and the KSPROPSETID_RtAudio property ids (ksmedia.h,
// DDI.md §15.2-15.4 and §15.7).
//
// Addresses here are simulated virtual addresses in the emulated client's
// address space (model/kernel maps them), never host pointers, so the fields
// that are PVOID in the DDI are ULONGLONG. With 8-byte addresses the x64
// layouts and sizes hold: KSRTAUDIO_HWREGISTER 40 bytes, KSRTAUDIO_BUFFER 16.
#pragma once

#include "model/ks/KsGuid.h"
#include "model/ks/KsTypes.h"

namespace ps {

// {A855A48C-2F78-4729-9051-1968746B9EEF}
constexpr GUID KSPROPSETID_RtAudio{
    0xA855A48C, 0x2F78, 0x4729, {0x90, 0x51, 0x19, 0x68, 0x74, 0x6B, 0x9E, 0xEF}};

enum KSPROPERTY_RTAUDIO : ULONG {
    KSPROPERTY_RTAUDIO_GETPOSITIONFUNCTION = 0,
    KSPROPERTY_RTAUDIO_BUFFER = 1,
    KSPROPERTY_RTAUDIO_HWLATENCY = 2,
    KSPROPERTY_RTAUDIO_POSITIONREGISTER = 3,
    KSPROPERTY_RTAUDIO_CLOCKREGISTER = 4,
    KSPROPERTY_RTAUDIO_BUFFER_WITH_NOTIFICATION = 5,
    KSPROPERTY_RTAUDIO_REGISTER_NOTIFICATION_EVENT = 6,
    KSPROPERTY_RTAUDIO_UNREGISTER_NOTIFICATION_EVENT = 7,
    KSPROPERTY_RTAUDIO_QUERY_NOTIFICATION_SUPPORT = 8,
    KSPROPERTY_RTAUDIO_PACKETCOUNT = 9,
    KSPROPERTY_RTAUDIO_PRESENTATION_POSITION = 10,
    KSPROPERTY_RTAUDIO_GETREADPACKET = 11,
    KSPROPERTY_RTAUDIO_SETWRITEPACKET = 12,
    KSPROPERTY_RTAUDIO_PACKETVREGISTER = 13,
};
constexpr ULONG kRtAudioPropertyCount = 14;

// "KSPROPERTY_RTAUDIO_BUFFER" etc.; "KSPROPERTY_RTAUDIO_<unknown>" for other ids.
const char* ksPropertyRtAudioName(ULONG id);

// KSPROPERTY_RTAUDIO_HWLATENCY value: 12 bytes.
struct KSRTAUDIO_HWLATENCY {
    ULONG FifoSize;      // bytes of hardware FIFO between buffer and DAC/ADC
    ULONG ChipsetDelay;  // 100 ns units; 0 for legacy PCI
    ULONG CodecDelay;    // 100 ns units
};
static_assert(sizeof(KSRTAUDIO_HWLATENCY) == 12, "KSRTAUDIO_HWLATENCY is 12 bytes");

// KSPROPERTY_RTAUDIO_POSITIONREGISTER / CLOCKREGISTER value.
struct KSRTAUDIO_HWREGISTER {
    ULONGLONG Register;  // simulated VA where the client reads the register
    ULONG Width;         // register width in bits: 32 or 64
    // Clock register: it counts at Numerator / Denominator Hz
    // (e.g. 33,000,000 / 2 = 16.5 MHz). Position register: unused.
    ULONGLONG Numerator;
    ULONGLONG Denominator;
    // Clock: ticks between register updates. Position: bytes between updates
    // (4 for a 2-ch 16-bit stream advanced one frame at a time).
    ULONG Accuracy;

    // Numerator / Denominator in Hz; 0 when Denominator is 0.
    double frequencyHz() const {
        return Denominator == 0 ? 0.0
                                : static_cast<double>(Numerator) / static_cast<double>(Denominator);
    }
};
static_assert(sizeof(KSRTAUDIO_HWREGISTER) == 40, "x64 layout: 40 bytes");

// KSPROPERTY_RTAUDIO_BUFFER(_WITH_NOTIFICATION) value.
struct KSRTAUDIO_BUFFER {
    ULONGLONG BufferAddress;  // simulated VA of the cyclic buffer in the client
    ULONG ActualBufferSize;   // bytes; may differ from the requested size
    bool CallMemoryBarrier;   // BOOL in the DDI
};

}  // namespace ps
