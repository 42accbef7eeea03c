#include "model/miniports/Ac97StreamFormat.h"

#include "model/ks/WaveFormatValidation.h"

namespace ps {

KSDATARANGE_AUDIO ac97StreamDataRange() {
    KSDATARANGE_AUDIO range;
    range.MaximumChannels = kAc97MaxChannels;
    range.MinimumBitsPerSample = kAc97MinBitsPerSample;
    range.MaximumBitsPerSample = kAc97MaxBitsPerSample;
    range.MinimumSampleFrequency = kAc97MinRateHz;
    range.MaximumSampleFrequency = kAc97MaxRateHz;
    range.allowFloat = true;
    return range;
}

bool ac97SupportsFormat(const AudioFormat& format) {
    if (format.channels < kAc97MinChannels || format.channels > kAc97MaxChannels) {
        return false;
    }
    if (format.rateHz < kAc97MinRateHz || format.rateHz > kAc97MaxRateHz) {
        return false;
    }
    if (format.sampleType == SampleType::Float) {
        return format.containerBits == 32;
    }
    return format.containerBits == 8 || format.containerBits == 16 || format.containerBits == 24 ||
           format.containerBits == 32;
}

NTSTATUS ac97ReadDataFormat(const KSDATAFORMAT* DataFormat, AudioFormat* format) {
    if (DataFormat == nullptr || format == nullptr) {
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
    if (!parsed || !ac97SupportsFormat(*parsed)) {
        return STATUS_INVALID_PARAMETER;
    }
    *format = *parsed;
    return STATUS_SUCCESS;
}

ULONG ac97LengthUnitBytes(const AudioFormat& format) {
    switch (format.containerBits) {
        case 16:
            return 2;
        case 32:
            return 4;
        default:
            return 1;  // 8- and 24-bit containers: a page split may fall on any byte
    }
}

ULONG ac97LengthUnitShift(const AudioFormat& format) {
    return static_cast<ULONG>(__builtin_ctz(ac97LengthUnitBytes(format)));
}

ac97::PcmFormatRegister ac97FormatRegister(const AudioFormat& format) {
    ac97::PcmFormatRegister reg;
    reg.channels = format.channels;
    reg.bytesPerSample = format.containerBits / 8u;
    reg.lengthUnitBytes = ac97LengthUnitBytes(format);
    return reg;
}

}  // namespace ps
