#include "model/ks/AudioFormat.h"

#include <cstdint>
#include <cstdio>

#include "model/ks/KsMediaGuids.h"
#include "model/ks/SpeakerMask.h"
#include "model/ks/WaveFormatValidation.h"

namespace ps {

AudioFormat AudioFormat::pcm(DWORD rateHz, WORD channels, WORD bits) {
    AudioFormat f;
    f.rateHz = rateHz;
    f.channels = channels;
    f.containerBits = bits;
    f.validBits = bits;
    f.sampleType = SampleType::Pcm;
    f.extensible = false;
    f.channelMask = 0;
    return f;
}

AudioFormat AudioFormat::ieeeFloat(DWORD rateHz, WORD channels) {
    AudioFormat f = pcm(rateHz, channels, 32);
    f.sampleType = SampleType::Float;
    return f;
}

AudioFormat AudioFormat::extensiblePcm(DWORD rateHz, WORD channels, WORD containerBits,
                                       WORD validBits) {
    return extensiblePcm(rateHz, channels, containerBits, validBits, defaultChannelMask(channels));
}

AudioFormat AudioFormat::extensiblePcm(DWORD rateHz, WORD channels, WORD containerBits,
                                       WORD validBits, DWORD channelMask) {
    AudioFormat f = pcm(rateHz, channels, containerBits);
    f.validBits = validBits;
    f.extensible = true;
    f.channelMask = channelMask;
    return f;
}

AudioFormat AudioFormat::extensibleFloat(DWORD rateHz, WORD channels) {
    AudioFormat f = extensiblePcm(rateHz, channels, 32, 32);
    f.sampleType = SampleType::Float;
    return f;
}

ULONG AudioFormat::bytesPerFrame() const {
    // WORD * WORD would be computed in int and can overflow for absurd values.
    return static_cast<ULONG>(std::uint32_t{channels} * containerBits / 8);
}

ULONGLONG AudioFormat::bytesPerSecond() const {
    return ULONGLONG{rateHz} * bytesPerFrame();
}

ULONGLONG AudioFormat::framesToBytes(ULONGLONG frames) const {
    return frames * bytesPerFrame();
}

ULONGLONG AudioFormat::bytesToFrames(ULONGLONG bytes) const {
    const ULONG frameBytes = bytesPerFrame();
    return frameBytes == 0 ? 0 : bytes / frameBytes;
}

std::string AudioFormat::describe() const {
    std::string bits = std::to_string(containerBits) + "-bit";
    if (validBits != containerBits) {
        bits = std::to_string(validBits) + "-in-" + bits;
    }
    std::string text = std::to_string(rateHz) + " Hz, " + std::to_string(channels) + " ch, " +
                       bits + (sampleType == SampleType::Float ? " float" : " PCM");
    if (extensible) {
        text += " (extensible)";
    }
    return text;
}

FormatCheck AudioFormat::validate() const {
    FormatCheck check;
    if (!extensible && validBits != containerBits) {
        // WAVEFORMATEX has no valid-bits field, so this value cannot be
        // expressed; the conversion below would silently drop it.
        check.errors.push_back("validBits " + std::to_string(validBits) +
                               " must equal wBitsPerSample " + std::to_string(containerBits) +
                               " without WAVE_FORMAT_EXTENSIBLE");
    }
    if (!extensible && channelMask != 0) {
        char mask[16];
        std::snprintf(mask, sizeof mask, "0x%X", static_cast<unsigned>(channelMask));
        check.warnings.push_back(std::string("channelMask ") + mask +
                                 " is ignored without WAVE_FORMAT_EXTENSIBLE");
    }
    check.merge(validateWaveFormat(toWaveFormatExtensible()));
    return check;
}

WAVEFORMATEX AudioFormat::toWaveFormatEx() const {
    WAVEFORMATEX f{};
    if (extensible) {
        f.wFormatTag = WAVE_FORMAT_EXTENSIBLE;
        f.cbSize = kWaveFormatExtensibleCbSize;
    } else {
        f.wFormatTag = sampleType == SampleType::Float ? WAVE_FORMAT_IEEE_FLOAT : WAVE_FORMAT_PCM;
        f.cbSize = 0;
    }
    f.nChannels = channels;
    f.nSamplesPerSec = rateHz;
    f.wBitsPerSample = containerBits;
    // Truncation only happens for formats validate() refuses anyway.
    f.nBlockAlign = static_cast<WORD>(bytesPerFrame());
    f.nAvgBytesPerSec = static_cast<DWORD>(ULONGLONG{rateHz} * f.nBlockAlign);
    return f;
}

WAVEFORMATEXTENSIBLE AudioFormat::toWaveFormatExtensible() const {
    WAVEFORMATEXTENSIBLE f{};
    f.Format = toWaveFormatEx();
    if (extensible) {
        f.Samples.wValidBitsPerSample = validBits;
        f.dwChannelMask = channelMask;
        f.SubFormat = sampleType == SampleType::Float ? KSDATAFORMAT_SUBTYPE_IEEE_FLOAT
                                                      : KSDATAFORMAT_SUBTYPE_PCM;
    }
    return f;
}

std::optional<AudioFormat> AudioFormat::fromWaveFormat(const WAVEFORMATEX& format) {
    AudioFormat f;
    if (format.wFormatTag == WAVE_FORMAT_PCM) {
        f.sampleType = SampleType::Pcm;
    } else if (format.wFormatTag == WAVE_FORMAT_IEEE_FLOAT) {
        f.sampleType = SampleType::Float;
    } else {
        return std::nullopt;
    }
    f.rateHz = format.nSamplesPerSec;
    f.channels = format.nChannels;
    f.containerBits = format.wBitsPerSample;
    f.validBits = format.wBitsPerSample;
    f.extensible = false;
    f.channelMask = 0;
    return f;
}

std::optional<AudioFormat> AudioFormat::fromWaveFormat(const WAVEFORMATEXTENSIBLE& format) {
    if (format.Format.wFormatTag != WAVE_FORMAT_EXTENSIBLE) {
        return fromWaveFormat(format.Format);
    }
    AudioFormat f;
    if (format.SubFormat == KSDATAFORMAT_SUBTYPE_PCM) {
        f.sampleType = SampleType::Pcm;
    } else if (format.SubFormat == KSDATAFORMAT_SUBTYPE_IEEE_FLOAT) {
        f.sampleType = SampleType::Float;
    } else {
        return std::nullopt;
    }
    f.rateHz = format.Format.nSamplesPerSec;
    f.channels = format.Format.nChannels;
    f.containerBits = format.Format.wBitsPerSample;
    f.validBits = format.Samples.wValidBitsPerSample;
    f.extensible = true;
    f.channelMask = format.dwChannelMask;
    return f;
}

bool operator==(const AudioFormat& a, const AudioFormat& b) {
    return a.rateHz == b.rateHz && a.channels == b.channels && a.containerBits == b.containerBits &&
           a.validBits == b.validBits && a.sampleType == b.sampleType &&
           a.extensible == b.extensible && a.channelMask == b.channelMask;
}

bool operator!=(const AudioFormat& a, const AudioFormat& b) {
    return !(a == b);
}

}  // namespace ps
