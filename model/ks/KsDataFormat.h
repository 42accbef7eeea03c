// KSDATAFORMAT and its two audio combinations (ks.h / ksmedia.h, DDI.md §15.6).
//
// A client names a pin's format with a KSDATAFORMAT header immediately
// followed by the wave format: after KSPIN_CONNECT when it creates the pin,
// and as the value of KSPROPERTY_CONNECTION_DATAFORMAT. FormatSize is the
// byte count of header plus wave format: 64 + 18 = 82 for WAVEFORMATEX,
// 64 + 40 = 104 for WAVEFORMATEXTENSIBLE. SampleSize is the frame size
// (nBlockAlign) in bytes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "model/ks/AudioFormat.h"
#include "model/ks/FormatCheck.h"
#include "model/ks/KsGuid.h"
#include "model/ks/KsMediaGuids.h"
#include "model/ks/KsTypes.h"
#include "model/ks/WaveFormat.h"

namespace ps {

constexpr ULONG KSDATAFORMAT_TEMPORAL_COMPRESSION = 0x1;
// An attribute list follows the format, QWORD-aligned. Not modeled.
constexpr ULONG KSDATAFORMAT_ATTRIBUTES = 0x2;

struct KSDATAFORMAT {
    ULONG FormatSize;  // bytes of this header plus the specifier's structure
    ULONG Flags;
    ULONG SampleSize;  // bytes per sample frame (nBlockAlign) for audio
    ULONG Reserved;
    GUID MajorFormat;
    GUID SubFormat;
    GUID Specifier;
};
static_assert(sizeof(KSDATAFORMAT) == 64, "KSDATAFORMAT has no padding on any ABI");

constexpr std::size_t kKsDataFormatBytes = 64;
constexpr ULONG kKsDataFormatWaveFormatExBytes = 82;
constexpr ULONG kKsDataFormatWaveFormatExtensibleBytes = 104;

struct KSDATAFORMAT_WAVEFORMATEX {
    KSDATAFORMAT DataFormat;
    WAVEFORMATEX WaveFormatEx;
};

struct KSDATAFORMAT_WAVEFORMATEXTENSIBLE {
    KSDATAFORMAT DataFormat;
    WAVEFORMATEXTENSIBLE WaveFormatExt;
};

// The subtype GUID a wave format stands for: the SubFormat of an extensible
// format, otherwise DEFINE_WAVEFORMATEX_GUID(wFormatTag).
GUID waveFormatSubType(const WAVEFORMATEXTENSIBLE& format);

// Headers as a client fills them: FormatSize 82 / 104, Flags 0, SampleSize
// nBlockAlign, MajorFormat KSDATAFORMAT_TYPE_AUDIO, SubFormat from the wave
// format, Specifier KSDATAFORMAT_SPECIFIER_WAVEFORMATEX.
KSDATAFORMAT_WAVEFORMATEX makeKsDataFormat(const WAVEFORMATEX& format);
KSDATAFORMAT_WAVEFORMATEXTENSIBLE makeKsDataFormat(const WAVEFORMATEXTENSIBLE& format);

// Byte images: 64-byte header then the wave format (82 / 104 bytes in total).
void appendKsDataFormat(std::vector<std::uint8_t>& out, const KSDATAFORMAT& header);
std::vector<std::uint8_t> serializeKsDataFormat(const KSDATAFORMAT_WAVEFORMATEX& format);
std::vector<std::uint8_t> serializeKsDataFormat(const KSDATAFORMAT_WAVEFORMATEXTENSIBLE& format);

// The bytes a client sends for `format`: KSDATAFORMAT_WAVEFORMATEXTENSIBLE
// (104 bytes) when format.extensible, else KSDATAFORMAT_WAVEFORMATEX (82).
std::vector<std::uint8_t> buildKsDataFormatBytes(const AudioFormat& format);

struct KsDataFormatParse {
    KSDATAFORMAT header{};  // meaningful only when ok()
    WaveFormatParse wave;   // the format after the header
    std::string error;      // empty on success

    bool ok() const { return error.empty(); }
};

// Parses a header and the wave format after it from `sizeBytes` bytes.
// Refuses a buffer shorter than 64 bytes, a FormatSize larger than the buffer
// or too small to hold the wave format, and any wave format parseWaveFormat()
// refuses. Never reads outside the buffer, nor past FormatSize.
KsDataFormatParse parseKsDataFormat(const std::uint8_t* bytes, std::size_t sizeBytes);
KsDataFormatParse parseKsDataFormat(const std::vector<std::uint8_t>& bytes);

// Checks that the header agrees with the wave format after it (not whether
// the wave format is acceptable; that is validateWaveFormat()):
// MajorFormat is KSDATAFORMAT_TYPE_AUDIO, Specifier is
// KSDATAFORMAT_SPECIFIER_WAVEFORMATEX, SubFormat matches the tag (or the
// extensible SubFormat), FormatSize is 82 for a plain / 104 for an extensible
// wave format, and SampleSize equals nBlockAlign.
FormatCheck checkKsDataFormat(const KSDATAFORMAT& header, const WAVEFORMATEXTENSIBLE& wave);
FormatCheck checkKsDataFormat(const KSDATAFORMAT_WAVEFORMATEX& format);
FormatCheck checkKsDataFormat(const KSDATAFORMAT_WAVEFORMATEXTENSIBLE& format);

}  // namespace ps
