#include "model/ks/WaveFormat.h"

#include <cstdio>

#include "model/ks/LittleEndian.h"

namespace ps {

std::string waveFormatTagName(WORD wFormatTag) {
    switch (wFormatTag) {
        case WAVE_FORMAT_PCM:
            return "WAVE_FORMAT_PCM";
        case WAVE_FORMAT_IEEE_FLOAT:
            return "WAVE_FORMAT_IEEE_FLOAT";
        case WAVE_FORMAT_EXTENSIBLE:
            return "WAVE_FORMAT_EXTENSIBLE";
        default: {
            char text[8];
            std::snprintf(text, sizeof text, "0x%04X", static_cast<unsigned>(wFormatTag));
            return text;
        }
    }
}

void appendWaveFormat(std::vector<std::uint8_t>& out, const WAVEFORMATEX& format) {
    LittleEndianWriter w(out);
    w.u16(format.wFormatTag);
    w.u16(format.nChannels);
    w.u32(format.nSamplesPerSec);
    w.u32(format.nAvgBytesPerSec);
    w.u16(format.nBlockAlign);
    w.u16(format.wBitsPerSample);
    w.u16(format.cbSize);
}

void appendWaveFormat(std::vector<std::uint8_t>& out, const WAVEFORMATEXTENSIBLE& format) {
    appendWaveFormat(out, format.Format);
    LittleEndianWriter w(out);
    w.u16(format.Samples.wValidBitsPerSample);
    w.u32(format.dwChannelMask);
    w.guid(format.SubFormat);
}

std::vector<std::uint8_t> serializeWaveFormat(const WAVEFORMATEX& format) {
    std::vector<std::uint8_t> out;
    out.reserve(kWaveFormatExBytes);
    appendWaveFormat(out, format);
    return out;
}

std::vector<std::uint8_t> serializeWaveFormat(const WAVEFORMATEXTENSIBLE& format) {
    std::vector<std::uint8_t> out;
    out.reserve(kWaveFormatExtensibleBytes);
    appendWaveFormat(out, format);
    return out;
}

WaveFormatParse parseWaveFormat(const std::uint8_t* bytes, std::size_t sizeBytes) {
    WaveFormatParse result;
    if (bytes == nullptr) {
        sizeBytes = 0;
    }
    if (sizeBytes < kWaveFormatExBytes) {
        result.error = "buffer holds " + std::to_string(sizeBytes) +
                       " bytes; a WAVEFORMATEX needs " + std::to_string(kWaveFormatExBytes);
        return result;
    }
    LittleEndianReader r(bytes, sizeBytes);
    WAVEFORMATEX& f = result.format.Format;
    f.wFormatTag = r.u16();
    f.nChannels = r.u16();
    f.nSamplesPerSec = r.u32();
    f.nAvgBytesPerSec = r.u32();
    f.nBlockAlign = r.u16();
    f.wBitsPerSample = r.u16();
    f.cbSize = r.u16();

    const std::size_t declaredBytes = kWaveFormatExBytes + f.cbSize;
    if (declaredBytes > sizeBytes) {
        result.error = "cbSize " + std::to_string(f.cbSize) + " declares " +
                       std::to_string(declaredBytes) + " bytes but the buffer holds " +
                       std::to_string(sizeBytes);
        result.format = {};
        return result;
    }
    if (f.wFormatTag == WAVE_FORMAT_EXTENSIBLE) {
        // The extension cannot be located without its 22 bytes; treating a
        // short cbSize as a plain WAVEFORMATEX would silently drop SubFormat.
        if (f.cbSize < kWaveFormatExtensibleCbSize) {
            result.error = "cbSize " + std::to_string(f.cbSize) +
                           " is too small for WAVE_FORMAT_EXTENSIBLE: needs at least " +
                           std::to_string(kWaveFormatExtensibleCbSize);
            result.format = {};
            return result;
        }
        result.format.Samples.wValidBitsPerSample = r.u16();
        result.format.dwChannelMask = r.u32();
        result.format.SubFormat = r.guid();
        result.extensible = true;
    }
    result.consumedBytes = declaredBytes;
    return result;
}

WaveFormatParse parseWaveFormat(const std::vector<std::uint8_t>& bytes) {
    return parseWaveFormat(bytes.data(), bytes.size());
}

}  // namespace ps
