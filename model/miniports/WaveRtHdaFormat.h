// The formats the HD Audio WaveRT miniport's streaming pins accept, how it
// reads the KSDATAFORMAT a port hands to NewStream and SetFormat, and how a
// format becomes a stream descriptor's SDnFMT (model/hw/hda/HdaRegisters.h,
// HARDWARE.md §2.5).
//
// Accepted: PCM only (an HD Audio link carries integer samples; there is no
// float BITS code), 1..8 channels, 8000..192000 Hz at a rate SDnFMT can
// express (base 48 or 44.1 kHz x 1..4 / 1..8, e.g. 11025, 16000, 32000,
// 88200, 176400), and these containers:
//   8-bit             -> BITS 8
//   16-bit            -> BITS 16
//   24-bit (3 bytes)  -> BITS 24 with PACKED24 (PortScope's SDnFMT extension:
//                        real HD Audio carries 24-bit samples in 4 bytes)
//   32-bit            -> BITS 20, 24 or 32: the smallest that holds the valid
//                        bits (an extensible format's wValidBitsPerSample)
// Valid bits below the container (e.g. 12 in 16) play as the container's
// code: the unused low bits are zero and the converter sees the same sample.
#pragma once

#include "model/hw/hda/HdaRegisters.h"
#include "model/kernel/NtStatus.h"
#include "model/ks/AudioFormat.h"
#include "model/ks/KsDataFormat.h"
#include "model/portcls/FilterDescriptor.h"

namespace ps {

constexpr ULONG kHdaRtMaxChannels = 8;
constexpr ULONG kHdaRtMinBitsPerSample = 8;
constexpr ULONG kHdaRtMaxBitsPerSample = 32;
constexpr ULONG kHdaRtMinRateHz = 8000;
constexpr ULONG kHdaRtMaxRateHz = 192000;

// The data range of both streaming pins (PCM only).
KSDATARANGE_AUDIO hdaRtStreamDataRange();

// SDnFMT for a format, or false when SDnFMT cannot express it (float, a rate
// outside the range or not base x mult / div, a container or channel count
// outside the range).
bool hdaRtStreamFormat(const AudioFormat& format, hda::StreamFormat* streamFormat);

// Reads the format a port passes as PKSDATAFORMAT: the KSDATAFORMAT that
// starts a KSDATAFORMAT_WAVEFORMATEX (FormatSize 82) or a
// KSDATAFORMAT_WAVEFORMATEXTENSIBLE (FormatSize 104) object.
// - STATUS_INVALID_PARAMETER: null, another FormatSize, a header that does not
//   agree with its wave format (checkKsDataFormat), or a wave format that is
//   not valid (validateWaveFormat): the request is malformed.
// - STATUS_NO_MATCH: a well-formed format this device cannot stream (as
//   sysvad answers a format that matches no pin format, DDI.md §7).
// - STATUS_SUCCESS with *format and *streamFormat; both untouched otherwise.
NTSTATUS hdaRtReadDataFormat(const KSDATAFORMAT* DataFormat, AudioFormat* format,
                             hda::StreamFormat* streamFormat);

}  // namespace ps
