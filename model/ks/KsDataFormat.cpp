#include "model/ks/KsDataFormat.h"

#include "model/ks/LittleEndian.h"

namespace ps {

namespace {

KSDATAFORMAT makeHeader(ULONG formatSizeBytes, const WAVEFORMATEX& format, const GUID& sub) {
    KSDATAFORMAT header{};
    header.FormatSize = formatSizeBytes;
    header.Flags = 0;
    header.SampleSize = format.nBlockAlign;
    header.Reserved = 0;
    header.MajorFormat = KSDATAFORMAT_TYPE_AUDIO;
    header.SubFormat = sub;
    header.Specifier = KSDATAFORMAT_SPECIFIER_WAVEFORMATEX;
    return header;
}

}  // namespace

GUID waveFormatSubType(const WAVEFORMATEXTENSIBLE& format) {
    if (format.Format.wFormatTag == WAVE_FORMAT_EXTENSIBLE) {
        return format.SubFormat;
    }
    return defineWaveFormatExGuid(format.Format.wFormatTag);
}

KSDATAFORMAT_WAVEFORMATEX makeKsDataFormat(const WAVEFORMATEX& format) {
    KSDATAFORMAT_WAVEFORMATEX result{};
    result.DataFormat = makeHeader(kKsDataFormatWaveFormatExBytes, format,
                                   defineWaveFormatExGuid(format.wFormatTag));
    result.WaveFormatEx = format;
    return result;
}

KSDATAFORMAT_WAVEFORMATEXTENSIBLE makeKsDataFormat(const WAVEFORMATEXTENSIBLE& format) {
    KSDATAFORMAT_WAVEFORMATEXTENSIBLE result{};
    result.DataFormat = makeHeader(kKsDataFormatWaveFormatExtensibleBytes, format.Format,
                                   waveFormatSubType(format));
    result.WaveFormatExt = format;
    return result;
}

void appendKsDataFormat(std::vector<std::uint8_t>& out, const KSDATAFORMAT& header) {
    LittleEndianWriter w(out);
    w.u32(header.FormatSize);
    w.u32(header.Flags);
    w.u32(header.SampleSize);
    w.u32(header.Reserved);
    w.guid(header.MajorFormat);
    w.guid(header.SubFormat);
    w.guid(header.Specifier);
}

std::vector<std::uint8_t> serializeKsDataFormat(const KSDATAFORMAT_WAVEFORMATEX& format) {
    std::vector<std::uint8_t> out;
    out.reserve(kKsDataFormatWaveFormatExBytes);
    appendKsDataFormat(out, format.DataFormat);
    appendWaveFormat(out, format.WaveFormatEx);
    return out;
}

std::vector<std::uint8_t> serializeKsDataFormat(const KSDATAFORMAT_WAVEFORMATEXTENSIBLE& format) {
    std::vector<std::uint8_t> out;
    out.reserve(kKsDataFormatWaveFormatExtensibleBytes);
    appendKsDataFormat(out, format.DataFormat);
    appendWaveFormat(out, format.WaveFormatExt);
    return out;
}

std::vector<std::uint8_t> buildKsDataFormatBytes(const AudioFormat& format) {
    if (format.extensible) {
        return serializeKsDataFormat(makeKsDataFormat(format.toWaveFormatExtensible()));
    }
    return serializeKsDataFormat(makeKsDataFormat(format.toWaveFormatEx()));
}

KsDataFormatParse parseKsDataFormat(const std::uint8_t* bytes, std::size_t sizeBytes) {
    KsDataFormatParse result;
    if (bytes == nullptr) {
        sizeBytes = 0;
    }
    if (sizeBytes < kKsDataFormatBytes) {
        result.error = "buffer holds " + std::to_string(sizeBytes) +
                       " bytes; a KSDATAFORMAT needs " + std::to_string(kKsDataFormatBytes);
        return result;
    }
    LittleEndianReader r(bytes, sizeBytes);
    KSDATAFORMAT& h = result.header;
    h.FormatSize = r.u32();
    h.Flags = r.u32();
    h.SampleSize = r.u32();
    h.Reserved = r.u32();
    h.MajorFormat = r.guid();
    h.SubFormat = r.guid();
    h.Specifier = r.guid();

    if (h.FormatSize > sizeBytes) {
        result.error = "FormatSize " + std::to_string(h.FormatSize) +
                       " is larger than the buffer's " + std::to_string(sizeBytes) + " bytes";
        result.header = {};
        return result;
    }
    const std::size_t minimumBytes = kKsDataFormatBytes + kWaveFormatExBytes;
    if (h.FormatSize < minimumBytes) {
        result.error = "FormatSize " + std::to_string(h.FormatSize) +
                       " is too small for an audio format: needs at least " +
                       std::to_string(minimumBytes) + " (64 + 18-byte WAVEFORMATEX)";
        result.header = {};
        return result;
    }
    // The wave format may only use the bytes FormatSize covers; anything after
    // them belongs to the caller (e.g. the next structure in an IRP buffer).
    result.wave = parseWaveFormat(bytes + kKsDataFormatBytes, h.FormatSize - kKsDataFormatBytes);
    if (!result.wave.ok()) {
        result.error = "wave format after KSDATAFORMAT: " + result.wave.error;
        result.header = {};
    }
    return result;
}

KsDataFormatParse parseKsDataFormat(const std::vector<std::uint8_t>& bytes) {
    return parseKsDataFormat(bytes.data(), bytes.size());
}

FormatCheck checkKsDataFormat(const KSDATAFORMAT& header, const WAVEFORMATEXTENSIBLE& wave) {
    FormatCheck check;
    if (header.MajorFormat != KSDATAFORMAT_TYPE_AUDIO) {
        check.errors.push_back("KSDATAFORMAT.MajorFormat " + header.MajorFormat.toString() +
                               " is not KSDATAFORMAT_TYPE_AUDIO " +
                               KSDATAFORMAT_TYPE_AUDIO.toString());
    }
    if (header.Specifier != KSDATAFORMAT_SPECIFIER_WAVEFORMATEX) {
        check.errors.push_back("KSDATAFORMAT.Specifier " + header.Specifier.toString() +
                               " is not KSDATAFORMAT_SPECIFIER_WAVEFORMATEX " +
                               KSDATAFORMAT_SPECIFIER_WAVEFORMATEX.toString());
    }
    const bool extensible = wave.Format.wFormatTag == WAVE_FORMAT_EXTENSIBLE;
    const GUID expectedSub = waveFormatSubType(wave);
    if (header.SubFormat != expectedSub) {
        const std::string source = extensible
                                       ? std::string("WAVEFORMATEXTENSIBLE SubFormat")
                                       : "wFormatTag " + waveFormatTagName(wave.Format.wFormatTag);
        check.errors.push_back("KSDATAFORMAT.SubFormat " + header.SubFormat.toString() +
                               " does not match " + source + ": expected " +
                               expectedSub.toString());
    }
    const ULONG expectedSize =
        extensible ? kKsDataFormatWaveFormatExtensibleBytes : kKsDataFormatWaveFormatExBytes;
    if (header.FormatSize != expectedSize) {
        check.errors.push_back(
            "KSDATAFORMAT.FormatSize " + std::to_string(header.FormatSize) +
            " does not match the wave format: expected " + std::to_string(expectedSize) +
            (extensible ? " (64 + 40-byte WAVEFORMATEXTENSIBLE)" : " (64 + 18-byte WAVEFORMATEX)"));
    }
    if (header.SampleSize != wave.Format.nBlockAlign) {
        check.errors.push_back("KSDATAFORMAT.SampleSize " + std::to_string(header.SampleSize) +
                               " does not match nBlockAlign " +
                               std::to_string(wave.Format.nBlockAlign));
    }
    return check;
}

FormatCheck checkKsDataFormat(const KSDATAFORMAT_WAVEFORMATEX& format) {
    if (format.WaveFormatEx.wFormatTag == WAVE_FORMAT_EXTENSIBLE) {
        FormatCheck check;
        check.errors.push_back(
            "wFormatTag WAVE_FORMAT_EXTENSIBLE in a KSDATAFORMAT_WAVEFORMATEX: the 22-byte "
            "extension is missing; use KSDATAFORMAT_WAVEFORMATEXTENSIBLE (104 bytes)");
        return check;
    }
    WAVEFORMATEXTENSIBLE wave{};
    wave.Format = format.WaveFormatEx;
    return checkKsDataFormat(format.DataFormat, wave);
}

FormatCheck checkKsDataFormat(const KSDATAFORMAT_WAVEFORMATEXTENSIBLE& format) {
    return checkKsDataFormat(format.DataFormat, format.WaveFormatExt);
}

}  // namespace ps
