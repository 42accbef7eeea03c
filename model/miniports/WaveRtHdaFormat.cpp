#include "model/miniports/WaveRtHdaFormat.h"

#include "model/ks/WaveFormatValidation.h"

namespace ps {

KSDATARANGE_AUDIO hdaRtStreamDataRange() {
    KSDATARANGE_AUDIO range;
    range.MaximumChannels = kHdaRtMaxChannels;
    range.MinimumBitsPerSample = kHdaRtMinBitsPerSample;
    range.MaximumBitsPerSample = kHdaRtMaxBitsPerSample;
    range.MinimumSampleFrequency = kHdaRtMinRateHz;
    range.MaximumSampleFrequency = kHdaRtMaxRateHz;
    range.allowFloat = false;  // SDnFMT has no float sample code
    return range;
}

bool hdaRtStreamFormat(const AudioFormat& format, hda::StreamFormat* streamFormat) {
    if (streamFormat == nullptr || format.sampleType != SampleType::Pcm) {
        return false;
    }
    if (format.channels < 1 || format.channels > kHdaRtMaxChannels ||
        format.rateHz < kHdaRtMinRateHz || format.rateHz > kHdaRtMaxRateHz) {
        return false;
    }
    hda::StreamFormat f;
    f.channels = format.channels;
    switch (format.containerBits) {
        case 8:
        case 16:
            f.bitsPerSample = format.containerBits;
            break;
        case 24:
            f.bitsPerSample = 24;
            f.packed24 = true;
            break;
        case 32:
            // HD Audio puts 20- and 24-bit samples in 4-byte containers
            // (HARDWARE.md §2.5 FMT): pick the code that holds the valid bits.
            f.bitsPerSample = format.validBits <= 20 ? 20 : format.validBits <= 24 ? 24 : 32;
            break;
        default:
            return false;
    }
    if (!hda::formatForRate(format.rateHz, f) || !hda::isValidFormat(f) ||
        hda::bytesPerFrame(f) != format.bytesPerFrame()) {
        return false;
    }
    *streamFormat = f;
    return true;
}

NTSTATUS hdaRtReadDataFormat(const KSDATAFORMAT* DataFormat, AudioFormat* format,
                             hda::StreamFormat* streamFormat) {
    if (DataFormat == nullptr || format == nullptr || streamFormat == nullptr) {
        return STATUS_INVALID_PARAMETER;
    }
    // FormatSize says which structure the header starts; anything else is not
    // a wave format this driver understands.
    WAVEFORMATEXTENSIBLE wave{};
    FormatCheck check;
    if (DataFormat->FormatSize == kKsDataFormatWaveFormatExBytes) {
        const auto* full = reinterpret_cast<const KSDATAFORMAT_WAVEFORMATEX*>(DataFormat);
        check = checkKsDataFormat(*full);
        wave.Format = full->WaveFormatEx;
    } else if (DataFormat->FormatSize == kKsDataFormatWaveFormatExtensibleBytes) {
        const auto* full = reinterpret_cast<const KSDATAFORMAT_WAVEFORMATEXTENSIBLE*>(DataFormat);
        check = checkKsDataFormat(*full);
        wave = full->WaveFormatExt;
    } else {
        return STATUS_INVALID_PARAMETER;
    }
    if (!check.ok() || !validateWaveFormat(wave).ok()) {
        return STATUS_INVALID_PARAMETER;
    }
    const std::optional<AudioFormat> parsed = AudioFormat::fromWaveFormat(wave);
    if (!parsed) {
        return STATUS_INVALID_PARAMETER;
    }
    hda::StreamFormat f;
    if (!hdaRtStreamFormat(*parsed, &f)) {
        return STATUS_NO_MATCH;
    }
    *format = *parsed;
    *streamFormat = f;
    return STATUS_SUCCESS;
}

}  // namespace ps
