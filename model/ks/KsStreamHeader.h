// KSSTREAM_HEADER (ks.h): one packet of an IOCTL_KS_WRITE_STREAM (render) or
// IOCTL_KS_READ_STREAM (capture) request, as the WavePci port queues it.
//
// Byte counts, for the buffer at Data:
//  - FrameExtent is the buffer's size in bytes.
//  - Render: DataUsed is the number of valid bytes the client wrote
//    (<= FrameExtent); the port plays DataUsed bytes.
//  - Capture: the client passes DataUsed = 0; the port fills up to FrameExtent
//    bytes and sets DataUsed to the bytes it captured when the packet completes.
// Times are in 100 ns units.
#pragma once

#include "model/ks/KsTypes.h"

namespace ps {

constexpr ULONG KSSTREAM_HEADER_OPTIONSF_SPLICEPOINT = 0x00000001;
constexpr ULONG KSSTREAM_HEADER_OPTIONSF_PREROLL = 0x00000002;
constexpr ULONG KSSTREAM_HEADER_OPTIONSF_DATADISCONTINUITY = 0x00000004;
constexpr ULONG KSSTREAM_HEADER_OPTIONSF_TYPECHANGED = 0x00000008;
constexpr ULONG KSSTREAM_HEADER_OPTIONSF_TIMEVALID = 0x00000010;
constexpr ULONG KSSTREAM_HEADER_OPTIONSF_TIMEDISCONTINUITY = 0x00000040;
constexpr ULONG KSSTREAM_HEADER_OPTIONSF_FLUSHONPAUSE = 0x00000080;
constexpr ULONG KSSTREAM_HEADER_OPTIONSF_DURATIONVALID = 0x00000100;
constexpr ULONG KSSTREAM_HEADER_OPTIONSF_ENDOFSTREAM = 0x00000200;
constexpr ULONG KSSTREAM_HEADER_OPTIONSF_LOOPEDDATA = 0x80000000;

// A time of Time * Numerator / Denominator in 100 ns units.
struct KSTIME {
    LONGLONG Time;
    ULONG Numerator;
    ULONG Denominator;
};

struct KSSTREAM_HEADER {
    ULONG Size;  // bytes of this header (plus any extension the pin declares)
    ULONG TypeSpecificFlags;
    KSTIME PresentationTime;  // valid with KSSTREAM_HEADER_OPTIONSF_TIMEVALID
    LONGLONG Duration;        // 100 ns; valid with KSSTREAM_HEADER_OPTIONSF_DURATIONVALID
    ULONG FrameExtent;        // bytes of buffer at Data
    ULONG DataUsed;           // bytes of valid data; see the contract above
    ULONGLONG Data;           // simulated VA of the buffer (PVOID in the DDI)
    ULONG OptionsFlags;       // KSSTREAM_HEADER_OPTIONSF_*
    ULONG Reserved;           // present on x64
};
static_assert(sizeof(KSSTREAM_HEADER) == 56, "x64 layout: 56 bytes");

// The bytes the port moves for this packet: DataUsed for render, FrameExtent
// for capture (ReactOS irpstream.cpp, DDI.md §5.1).
inline ULONG streamHeaderTransferBytes(const KSSTREAM_HEADER& header, bool render) {
    return render ? header.DataUsed : header.FrameExtent;
}

}  // namespace ps
