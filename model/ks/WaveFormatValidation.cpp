#include "model/ks/WaveFormatValidation.h"

#include <cstdint>
#include <cstdio>
#include <string>

#include "model/ks/SpeakerMask.h"

namespace ps {

namespace {

enum class SampleKind { Pcm, Float, Unknown };

std::string hex32(DWORD value) {
    char text[16];
    std::snprintf(text, sizeof text, "0x%X", static_cast<unsigned>(value));
    return text;
}

std::string str(std::uint64_t value) {
    return std::to_string(value);
}

// What the extension says, when there is one.
struct Extension {
    WORD wValidBitsPerSample;
    DWORD dwChannelMask;
};

// One rule set for both structures; `ext` is null for a plain WAVEFORMATEX.
void checkRules(const WAVEFORMATEX& f, const Extension* ext, SampleKind kind, FormatCheck& out) {
    const bool extensible = ext != nullptr;
    if (extensible && f.cbSize < kWaveFormatExtensibleCbSize) {
        out.errors.push_back("cbSize " + str(f.cbSize) +
                             " is too small for WAVE_FORMAT_EXTENSIBLE: needs at least " +
                             str(kWaveFormatExtensibleCbSize));
    }
    if (f.nChannels < kMinChannels || f.nChannels > kMaxChannels) {
        out.errors.push_back("nChannels " + str(f.nChannels) + " is outside " + str(kMinChannels) +
                             ".." + str(kMaxChannels));
    }
    if (f.nSamplesPerSec < kMinSampleRateHz || f.nSamplesPerSec > kMaxSampleRateHz) {
        out.errors.push_back("nSamplesPerSec " + str(f.nSamplesPerSec) + " is outside " +
                             str(kMinSampleRateHz) + ".." + str(kMaxSampleRateHz) + " Hz");
    }

    const WORD bits = f.wBitsPerSample;
    if (kind == SampleKind::Float) {
        // One message per problem: a 64-bit float is a float-container error,
        // not also an "unsupported container" error.
        if (bits != 32) {
            out.errors.push_back("wBitsPerSample " + str(bits) +
                                 " is not allowed for IEEE float: float samples use a 32-bit "
                                 "container");
        } else if (extensible && ext->wValidBitsPerSample != 32) {
            out.errors.push_back("Samples.wValidBitsPerSample " + str(ext->wValidBitsPerSample) +
                                 " is not allowed for IEEE float: needs 32");
        }
    } else {
        if (bits != 8 && bits != 16 && bits != 24 && bits != 32) {
            out.errors.push_back("wBitsPerSample " + str(bits) +
                                 " is not a supported container: expected 8, 16, 24 or 32");
        } else if (extensible &&
                   (ext->wValidBitsPerSample < 1 || ext->wValidBitsPerSample > bits)) {
            out.errors.push_back("Samples.wValidBitsPerSample " + str(ext->wValidBitsPerSample) +
                                 " is outside 1.." + str(bits) + " (wBitsPerSample)");
        }
    }

    // With a container that is not whole bytes the expected block size is
    // meaningless; the container error above already refuses the format.
    if (bits != 0 && bits % 8 == 0) {
        const std::uint32_t expectedBlockAlign = std::uint32_t{f.nChannels} * bits / 8;
        if (f.nBlockAlign != expectedBlockAlign) {
            out.errors.push_back(
                "nBlockAlign " + str(f.nBlockAlign) +
                " does not match nChannels * wBitsPerSample / 8 = " + str(expectedBlockAlign));
        }
        const std::uint64_t expectedAvg = std::uint64_t{f.nSamplesPerSec} * f.nBlockAlign;
        if (f.nAvgBytesPerSec != expectedAvg) {
            out.errors.push_back(
                "nAvgBytesPerSec " + str(f.nAvgBytesPerSec) +
                " does not match nSamplesPerSec * nBlockAlign = " + str(expectedAvg));
        }
    }

    if (extensible && ext->dwChannelMask != 0) {
        const int speakers = channelMaskSpeakerCount(ext->dwChannelMask);
        if (speakers > f.nChannels) {
            out.errors.push_back("dwChannelMask " + hex32(ext->dwChannelMask) + " names " +
                                 str(static_cast<std::uint64_t>(speakers)) +
                                 " speakers but nChannels is " + str(f.nChannels));
        }
    }

    if (!extensible && kind == SampleKind::Pcm) {
        if (f.nChannels > 2) {
            out.warnings.push_back("WAVE_FORMAT_PCM with nChannels " + str(f.nChannels) +
                                   ": the DDI recommends WAVE_FORMAT_EXTENSIBLE for more than "
                                   "2 channels");
        }
        if (bits > 16) {
            out.warnings.push_back("WAVE_FORMAT_PCM with wBitsPerSample " + str(bits) +
                                   ": the DDI recommends WAVE_FORMAT_EXTENSIBLE for more than "
                                   "16 bits per sample");
        }
    }
}

SampleKind kindOfTag(WORD wFormatTag) {
    switch (wFormatTag) {
        case WAVE_FORMAT_PCM:
            return SampleKind::Pcm;
        case WAVE_FORMAT_IEEE_FLOAT:
            return SampleKind::Float;
        default:
            return SampleKind::Unknown;
    }
}

}  // namespace

FormatCheck validateWaveFormat(const WAVEFORMATEX& format) {
    FormatCheck check;
    if (format.wFormatTag == WAVE_FORMAT_EXTENSIBLE) {
        check.errors.push_back(
            "wFormatTag WAVE_FORMAT_EXTENSIBLE needs the whole WAVEFORMATEXTENSIBLE: the "
            "18-byte WAVEFORMATEX carries no SubFormat");
        return check;
    }
    const SampleKind kind = kindOfTag(format.wFormatTag);
    if (kind == SampleKind::Unknown) {
        check.errors.push_back("wFormatTag " + waveFormatTagName(format.wFormatTag) +
                               " is not supported: expected WAVE_FORMAT_PCM (1), "
                               "WAVE_FORMAT_IEEE_FLOAT (3) or WAVE_FORMAT_EXTENSIBLE (0xFFFE)");
    }
    checkRules(format, nullptr, kind, check);
    return check;
}

FormatCheck validateWaveFormat(const WAVEFORMATEXTENSIBLE& format) {
    if (format.Format.wFormatTag != WAVE_FORMAT_EXTENSIBLE) {
        return validateWaveFormat(format.Format);
    }
    FormatCheck check;
    SampleKind kind = SampleKind::Unknown;
    if (format.SubFormat == KSDATAFORMAT_SUBTYPE_PCM) {
        kind = SampleKind::Pcm;
    } else if (format.SubFormat == KSDATAFORMAT_SUBTYPE_IEEE_FLOAT) {
        kind = SampleKind::Float;
    } else {
        check.errors.push_back("SubFormat " + format.SubFormat.toString() +
                               " is not supported: expected KSDATAFORMAT_SUBTYPE_PCM or "
                               "KSDATAFORMAT_SUBTYPE_IEEE_FLOAT");
    }
    const Extension ext{format.Samples.wValidBitsPerSample, format.dwChannelMask};
    checkRules(format.Format, &ext, kind, check);
    return check;
}

}  // namespace ps
