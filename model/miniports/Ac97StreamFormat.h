// The formats the AC'97 miniport's streaming pins accept, how it reads the
// KSDATAFORMAT a port hands to NewStream and SetFormat, and how a format
// programs an engine's PortScope format register PS_FMT (Ac97Registers.h).
//
// Accepted: PCM with 8-, 16-, 24- or 32-bit containers (any valid bits up to
// the container when extensible), IEEE float with 32-bit containers, 1..8
// channels, 8000..192000 Hz. The engine is a byte mover, so any of these
// plays byte for byte.
//
// Descriptor length unit (PS_FMT bits 9:8): 2 bytes for 16-bit containers (the
// AC'97 meaning), 4 bytes for 32-bit containers, 1 byte for 8- and 24-bit
// containers. The engine aligns a buffer pointer to the unit (Ac97Registers.h),
// so a 1-byte unit lets a mapping start at any byte. Mappings split at page
// boundaries (4096 bytes) and client buffers are FILE_LONG_ALIGNMENT aligned,
// so every mapping of such a stream starts and ends on a whole unit: the unit
// never forces the driver to drop or zero-length a piece of audio (the AC97
// sample zero-lengths odd addresses and trims to whole frames; DDI.md §6.3).
#pragma once

#include "model/hw/ac97/Ac97Registers.h"
#include "model/kernel/NtStatus.h"
#include "model/ks/AudioFormat.h"
#include "model/ks/KsDataFormat.h"
#include "model/portcls/FilterDescriptor.h"

namespace ps {

constexpr ULONG kAc97MinChannels = 1;
constexpr ULONG kAc97MaxChannels = 8;
constexpr ULONG kAc97MinBitsPerSample = 8;
constexpr ULONG kAc97MaxBitsPerSample = 32;
constexpr ULONG kAc97MinRateHz = 8000;
constexpr ULONG kAc97MaxRateHz = 192000;

// The data range of both streaming pins.
KSDATARANGE_AUDIO ac97StreamDataRange();

// Reads the format a port passes as PKSDATAFORMAT: the KSDATAFORMAT that
// starts a KSDATAFORMAT_WAVEFORMATEX (FormatSize 82) or a
// KSDATAFORMAT_WAVEFORMATEXTENSIBLE (FormatSize 104) object. The header must
// agree with the wave format (checkKsDataFormat), the wave format must be
// valid (validateWaveFormat) and inside ac97StreamDataRange().
// STATUS_SUCCESS and *format, or STATUS_INVALID_PARAMETER (*format untouched).
NTSTATUS ac97ReadDataFormat(const KSDATAFORMAT* DataFormat, AudioFormat* format);

// True when the (already valid) format is inside ac97StreamDataRange().
bool ac97SupportsFormat(const AudioFormat& format);

// Bytes per descriptor length unit for the format: 1, 2 or 4 (see above).
ULONG ac97LengthUnitBytes(const AudioFormat& format);
// log2 of ac97LengthUnitBytes (the unit is always a power of two): byte
// counts convert to units with a shift, not a division.
ULONG ac97LengthUnitShift(const AudioFormat& format);

// PS_FMT for the format: channels, container bytes, length unit.
ac97::PcmFormatRegister ac97FormatRegister(const AudioFormat& format);

}  // namespace ps
