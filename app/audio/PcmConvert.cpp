#include "app/audio/PcmConvert.h"

#include <cmath>
#include <cstring>

namespace ps {
namespace {

float sampleAt(const AudioFormat& f, const std::uint8_t* p) {
    if (f.sampleType == SampleType::Float) {
        if (f.containerBits == 32) {
            float v;
            std::memcpy(&v, p, sizeof v);
            return v;
        }
        double v;
        std::memcpy(&v, p, sizeof v);
        return static_cast<float>(v);
    }
    switch (f.containerBits) {
        case 8:
            return (static_cast<float>(p[0]) - 128.0f) / 128.0f;
        case 16:
            return static_cast<float>(static_cast<std::int16_t>(p[0] | p[1] << 8)) / 32768.0f;
        case 24: {
            // Sign-extend through the top byte of a 32-bit word.
            const auto v = static_cast<std::int32_t>(static_cast<std::uint32_t>(p[0]) << 8 |
                                                     static_cast<std::uint32_t>(p[1]) << 16 |
                                                     static_cast<std::uint32_t>(p[2]) << 24);
            return static_cast<float>(v) / 2147483648.0f;
        }
        default: {
            const auto v = static_cast<std::int32_t>(
                static_cast<std::uint32_t>(p[0]) | static_cast<std::uint32_t>(p[1]) << 8 |
                static_cast<std::uint32_t>(p[2]) << 16 | static_cast<std::uint32_t>(p[3]) << 24);
            return static_cast<float>(static_cast<double>(v) / 2147483648.0);
        }
    }
}

}  // namespace

std::string pcmDecodeProblem(const AudioFormat& f) {
    if (f.channels == 0 || f.rateHz == 0) {
        return "no channels or no sample rate";
    }
    if (f.sampleType == SampleType::Float) {
        if (f.containerBits != 32 && f.containerBits != 64) {
            return std::to_string(f.containerBits) + "-bit float samples are not supported";
        }
        return {};
    }
    if (f.containerBits != 8 && f.containerBits != 16 && f.containerBits != 24 &&
        f.containerBits != 32) {
        return std::to_string(f.containerBits) + "-bit PCM samples are not supported";
    }
    return {};
}

void decodePcm(const AudioFormat& f, const std::uint8_t* bytes, std::size_t frames, int outChannels,
               std::vector<float>* out) {
    const std::size_t bytesPerSample = f.containerBits / 8u;
    const std::size_t bytesPerFrame = bytesPerSample * f.channels;
    const std::size_t base = out->size();
    out->resize(base + frames * static_cast<std::size_t>(outChannels), 0.0f);
    float* dst = out->data() + base;
    for (std::size_t i = 0; i < frames; ++i) {
        const std::uint8_t* frame = bytes + i * bytesPerFrame;
        for (int c = 0; c < outChannels; ++c) {
            const int from = f.channels == 1 ? 0 : c;
            if (from < f.channels) {
                dst[c] = sampleAt(f, frame + static_cast<std::size_t>(from) * bytesPerSample);
            }
        }
        dst += outChannels;
    }
}

void encodeInt16(const float* in, std::size_t samples, std::int16_t* out) {
    for (std::size_t i = 0; i < samples; ++i) {
        const float scaled = std::nearbyint(in[i] * 32768.0f);
        out[i] = static_cast<std::int16_t>(scaled > 32767.0f    ? 32767.0f
                                           : scaled < -32768.0f ? -32768.0f
                                                                : scaled);
    }
}

}  // namespace ps
