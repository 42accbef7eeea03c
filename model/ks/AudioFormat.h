// AudioFormat: the friendly value type for a PCM or IEEE-float stream format,
// used by scenarios, the client and the views. Converts to and from the DDI's
// WAVEFORMATEX / WAVEFORMATEXTENSIBLE, where the derived fields (nBlockAlign,
// nAvgBytesPerSec) are computed, never stored.
//
// Units: rateHz in frames per second; containerBits and validBits per sample
// of one channel; a frame is one sample of every channel.
#pragma once

#include <optional>
#include <string>

#include "model/ks/FormatCheck.h"
#include "model/ks/KsTypes.h"
#include "model/ks/WaveFormat.h"

namespace ps {

enum class SampleType { Pcm, Float };

struct AudioFormat {
    DWORD rateHz = 48000;
    WORD channels = 2;
    WORD containerBits = 16;  // wBitsPerSample
    WORD validBits = 16;      // Samples.wValidBitsPerSample; == containerBits unless extensible
    SampleType sampleType = SampleType::Pcm;
    bool extensible = false;  // described by WAVEFORMATEXTENSIBLE rather than WAVEFORMATEX
    DWORD channelMask = 0;    // dwChannelMask; used only when extensible; 0 = unassigned

    // Plain WAVEFORMATEX PCM, valid bits == container bits.
    static AudioFormat pcm(DWORD rateHz, WORD channels, WORD bits);
    // Plain WAVEFORMATEX 32-bit IEEE float.
    static AudioFormat ieeeFloat(DWORD rateHz, WORD channels);
    // WAVEFORMATEXTENSIBLE PCM; channelMask defaults to defaultChannelMask(channels).
    static AudioFormat extensiblePcm(DWORD rateHz, WORD channels, WORD containerBits,
                                     WORD validBits);
    static AudioFormat extensiblePcm(DWORD rateHz, WORD channels, WORD containerBits,
                                     WORD validBits, DWORD channelMask);
    // WAVEFORMATEXTENSIBLE 32-bit IEEE float with defaultChannelMask(channels).
    static AudioFormat extensibleFloat(DWORD rateHz, WORD channels);

    // channels * containerBits / 8, in bytes (nBlockAlign).
    ULONG bytesPerFrame() const;
    // rateHz * bytesPerFrame(), in bytes per second (nAvgBytesPerSec).
    ULONGLONG bytesPerSecond() const;
    ULONGLONG framesToBytes(ULONGLONG frames) const;
    // Whole frames in `bytes` (a partial trailing frame is not counted); 0 when
    // bytesPerFrame() is 0.
    ULONGLONG bytesToFrames(ULONGLONG bytes) const;

    // "48000 Hz, 2 ch, 16-bit PCM", "96000 Hz, 6 ch, 24-in-32-bit PCM (extensible)",
    // "44100 Hz, 2 ch, 32-bit float".
    std::string describe() const;

    // The rules of validateWaveFormat() applied to toWaveFormatExtensible(),
    // plus: validBits must equal containerBits unless extensible (error), and a
    // channelMask on a non-extensible format is ignored (warning). Messages
    // name the DDI fields the value maps to (nSamplesPerSec for rateHz, ...).
    FormatCheck validate() const;

    // The WAVEFORMATEX a driver sees first: for a plain format the whole format
    // (tag PCM or IEEE_FLOAT, cbSize 0); for an extensible one its 18-byte
    // header (tag WAVE_FORMAT_EXTENSIBLE, cbSize 22).
    WAVEFORMATEX toWaveFormatEx() const;
    // The full format in the larger box. Format.wFormatTag says which part is
    // meaningful, as in a driver's PWAVEFORMATEX: for a plain format the
    // extension is all zero and cbSize is 0.
    WAVEFORMATEXTENSIBLE toWaveFormatExtensible() const;

    // Reads a DDI format back. nullopt when the sample type is not PCM or IEEE
    // float (by tag, or SubFormat when extensible) or when a bare WAVEFORMATEX
    // has the EXTENSIBLE tag. Derived fields and cbSize are not kept: check the
    // raw struct with validateWaveFormat() before converting it.
    static std::optional<AudioFormat> fromWaveFormat(const WAVEFORMATEX& format);
    static std::optional<AudioFormat> fromWaveFormat(const WAVEFORMATEXTENSIBLE& format);
};

bool operator==(const AudioFormat& a, const AudioFormat& b);
bool operator!=(const AudioFormat& a, const AudioFormat& b);

}  // namespace ps
