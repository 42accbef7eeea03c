// WAVEFORMATEX and WAVEFORMATEXTENSIBLE (mmreg.h / ksmedia.h, DDI.md §15.6)
// with their byte-exact little-endian images.
//
// The structs keep the DDI field names and meanings but use natural alignment
// in memory; the Windows layout is packed (18 and 40 bytes). Use
// serializeWaveFormat / parseWaveFormat whenever bytes matter (a KSDATAFORMAT
// buffer, a property value, a golden trace).
//
// Field units: nSamplesPerSec in frames per second (Hz), nAvgBytesPerSec in
// bytes per second, nBlockAlign in bytes per frame (all channels),
// wBitsPerSample in bits per sample container, cbSize in bytes of extension
// after the 18-byte WAVEFORMATEX.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "model/ks/KsGuid.h"
#include "model/ks/KsMediaGuids.h"
#include "model/ks/KsTypes.h"
#include "model/ks/SpeakerMask.h"

namespace ps {

constexpr WORD WAVE_FORMAT_PCM = 0x0001;
constexpr WORD WAVE_FORMAT_IEEE_FLOAT = 0x0003;
constexpr WORD WAVE_FORMAT_EXTENSIBLE = 0xFFFE;

// Wire sizes. The extension of WAVEFORMATEXTENSIBLE is 22 bytes, so its
// Format.cbSize is (at least) 22 and its image is 18 + 22 = 40 bytes.
constexpr std::size_t kWaveFormatExBytes = 18;
constexpr std::size_t kWaveFormatExtensibleBytes = 40;
constexpr WORD kWaveFormatExtensibleCbSize = 22;

struct WAVEFORMATEX {
    WORD wFormatTag;
    WORD nChannels;
    DWORD nSamplesPerSec;
    DWORD nAvgBytesPerSec;
    WORD nBlockAlign;
    WORD wBitsPerSample;
    WORD cbSize;
};

struct WAVEFORMATEXTENSIBLE {
    WAVEFORMATEX Format;
    // PortScope reads and writes only wValidBitsPerSample (PCM and float
    // formats); the other members are kept for the DDI's names.
    union {
        WORD wValidBitsPerSample;
        WORD wSamplesPerBlock;
        WORD wReserved;
    } Samples;
    DWORD dwChannelMask;
    GUID SubFormat;
};

// "WAVE_FORMAT_PCM", "WAVE_FORMAT_IEEE_FLOAT", "WAVE_FORMAT_EXTENSIBLE", or
// "0x0002"-style hex for any other tag.
std::string waveFormatTagName(WORD wFormatTag);

// Appends the 18-byte image of `format` (cbSize written as stored; no
// extension bytes follow).
void appendWaveFormat(std::vector<std::uint8_t>& out, const WAVEFORMATEX& format);
// Appends the 40-byte image of `format`, every field as stored.
void appendWaveFormat(std::vector<std::uint8_t>& out, const WAVEFORMATEXTENSIBLE& format);

std::vector<std::uint8_t> serializeWaveFormat(const WAVEFORMATEX& format);          // 18 bytes
std::vector<std::uint8_t> serializeWaveFormat(const WAVEFORMATEXTENSIBLE& format);  // 40 bytes

// Result of parsing a wave format image.
struct WaveFormatParse {
    // Meaningful only when ok(). When !extensible only format.Format is set
    // and the extension is zero.
    WAVEFORMATEXTENSIBLE format{};
    bool extensible = false;  // wFormatTag was WAVE_FORMAT_EXTENSIBLE
    // Bytes the format occupies: 18 + cbSize. Bytes after that are not read.
    std::size_t consumedBytes = 0;
    std::string error;  // empty on success; otherwise names the field and sizes

    bool ok() const { return error.empty(); }
};

// Parses a WAVEFORMATEX, or a WAVEFORMATEXTENSIBLE when wFormatTag is
// WAVE_FORMAT_EXTENSIBLE, from `sizeBytes` bytes at `bytes`. Refuses a buffer
// shorter than 18 bytes, shorter than 18 + cbSize, or an extensible format
// with cbSize < 22. Never reads outside [bytes, bytes + sizeBytes). Only the
// layout is checked here; validateWaveFormat() judges the values.
WaveFormatParse parseWaveFormat(const std::uint8_t* bytes, std::size_t sizeBytes);
WaveFormatParse parseWaveFormat(const std::vector<std::uint8_t>& bytes);

}  // namespace ps
