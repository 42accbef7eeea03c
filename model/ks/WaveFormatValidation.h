// The formats PortScope's pins accept, checked on the raw DDI structures.
//
// Rules (errors unless noted):
//  - Sample type PCM or IEEE float: by wFormatTag, or by SubFormat when the
//    tag is WAVE_FORMAT_EXTENSIBLE.
//  - wBitsPerSample (the container) is 8, 16, 24 or 32 for PCM; IEEE float
//    uses only a 32-bit container with 32 valid bits (so 8-bit is PCM only).
//  - Samples.wValidBitsPerSample is 1..wBitsPerSample (extensible only; a
//    plain WAVEFORMATEX has valid bits == container by definition).
//  - nChannels 1..8; nSamplesPerSec 8000..384000 Hz.
//  - nBlockAlign == nChannels * wBitsPerSample / 8 and
//    nAvgBytesPerSec == nSamplesPerSec * nBlockAlign.
//  - WAVE_FORMAT_EXTENSIBLE needs cbSize >= 22.
//  - dwChannelMask, when non-zero, names no more speakers than nChannels.
//  - Warning: WAVE_FORMAT_PCM (not extensible) with more than 2 channels or
//    more than 16 bits per sample; the DDI recommends WAVE_FORMAT_EXTENSIBLE.
#pragma once

#include "model/ks/FormatCheck.h"
#include "model/ks/KsTypes.h"
#include "model/ks/WaveFormat.h"

namespace ps {

constexpr DWORD kMinSampleRateHz = 8000;
constexpr DWORD kMaxSampleRateHz = 384000;
constexpr WORD kMinChannels = 1;
constexpr WORD kMaxChannels = 8;

// Checks a plain WAVEFORMATEX. A wFormatTag of WAVE_FORMAT_EXTENSIBLE is an
// error here: 18 bytes carry no SubFormat; check the WAVEFORMATEXTENSIBLE.
FormatCheck validateWaveFormat(const WAVEFORMATEX& format);

// Checks a WAVEFORMATEXTENSIBLE-sized format as a driver reads it: when
// Format.wFormatTag is WAVE_FORMAT_EXTENSIBLE the extension is checked too,
// otherwise only Format is (the extension bytes are not part of the format).
FormatCheck validateWaveFormat(const WAVEFORMATEXTENSIBLE& format);

}  // namespace ps
