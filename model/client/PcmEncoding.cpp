#include "model/client/PcmEncoding.h"

#include <cmath>
#include <cstring>

namespace ps {
namespace {

double sanitize(float x) {
    if (std::isnan(x)) {
        return 0.0;
    }
    if (x > 1.0f) {
        return 1.0;
    }
    if (x < -1.0f) {
        return -1.0;
    }
    return x;
}

// Floor division by 2^shift that does not rely on the sign behaviour of >>.
std::int64_t floorShiftRight(std::int64_t value, unsigned shift) {
    const std::int64_t divisor = std::int64_t{1} << shift;
    std::int64_t quotient = value / divisor;
    if (value % divisor != 0 && value < 0) {
        --quotient;
    }
    return quotient;
}

void storeLittleEndian(std::uint32_t value, unsigned bytes, std::uint8_t* out) {
    for (unsigned i = 0; i < bytes; ++i) {
        out[i] = static_cast<std::uint8_t>(value >> (8 * i));
    }
}

std::uint32_t loadLittleEndian(const std::uint8_t* in, unsigned bytes) {
    std::uint32_t value = 0;
    for (unsigned i = 0; i < bytes; ++i) {
        value |= static_cast<std::uint32_t>(in[i]) << (8 * i);
    }
    return value;
}

}  // namespace

bool isPcmEncodable(const AudioFormat& format) {
    if (format.channels == 0) {
        return false;
    }
    if (format.sampleType == SampleType::Float) {
        return format.containerBits == 32 && format.validBits == 32;
    }
    const unsigned c = format.containerBits;
    if (c != 8 && c != 16 && c != 24 && c != 32) {
        return false;
    }
    return format.validBits >= 1 && format.validBits <= c;
}

std::int64_t quantizeToPcm(float x, unsigned validBits) {
    if (validBits < 1 || validBits > 32) {
        return 0;
    }
    const double fullScale = std::ldexp(1.0, static_cast<int>(validBits) - 1);
    // x * 2^(V-1) is exact in double; std::round breaks ties away from zero.
    double q = std::round(sanitize(x) * fullScale);
    if (q > fullScale - 1.0) {
        q = fullScale - 1.0;
    }
    if (q < -fullScale) {
        q = -fullScale;
    }
    return static_cast<std::int64_t>(q);
}

void encodeSample(const AudioFormat& format, float x, std::uint8_t* out) {
    const unsigned containerBytes = format.containerBits / 8u;
    if (!isPcmEncodable(format)) {
        std::memset(out, 0, containerBytes);
        return;
    }
    if (format.sampleType == SampleType::Float) {
        const float value = static_cast<float>(sanitize(x)) + 0.0f;  // -0.0 + 0.0 == +0.0
        std::uint32_t bits = 0;
        std::memcpy(&bits, &value, sizeof bits);
        storeLittleEndian(bits, 4, out);
        return;
    }
    const unsigned shift = format.containerBits - format.validBits;
    // Two's complement of the code, shifted left into the container (wraps
    // modulo 2^32, which is what the container holds).
    std::uint32_t stored = static_cast<std::uint32_t>(
        static_cast<std::uint64_t>(quantizeToPcm(x, format.validBits)) << shift);
    if (format.containerBits == 8) {
        stored = (stored + 0x80u) & 0xFFu;  // offset binary
    }
    storeLittleEndian(stored, containerBytes, out);
}

float decodeSample(const AudioFormat& format, const std::uint8_t* in) {
    if (!isPcmEncodable(format)) {
        return 0.0f;
    }
    if (format.sampleType == SampleType::Float) {
        const std::uint32_t bits = loadLittleEndian(in, 4);
        float value = 0.0f;
        std::memcpy(&value, &bits, sizeof value);
        return std::isnan(value) ? 0.0f : value;
    }
    const unsigned containerBits = format.containerBits;
    std::uint32_t raw = loadLittleEndian(in, containerBits / 8u);
    if (containerBits == 8) {
        raw = (raw - 0x80u) & 0xFFu;
    }
    // Sign-extend the container value.
    std::int64_t value = static_cast<std::int64_t>(raw);
    if (raw & (std::uint32_t{1} << (containerBits - 1))) {
        value -= std::int64_t{1} << containerBits;
    }
    const std::int64_t q = floorShiftRight(value, containerBits - format.validBits);
    const double fullScale = std::ldexp(1.0, static_cast<int>(format.validBits) - 1);
    return static_cast<float>(static_cast<double>(q) / fullScale);
}

bool encodeFrames(const AudioFormat& format, const float* interleaved, std::size_t frames,
                  std::uint8_t* out) {
    if (!isPcmEncodable(format)) {
        return false;
    }
    const std::size_t samples = frames * format.channels;
    const std::size_t step = format.containerBits / 8u;
    if (format.sampleType == SampleType::Float) {
        for (std::size_t i = 0; i < samples; ++i) {
            encodeSample(format, interleaved[i], out + i * step);
        }
        return true;
    }
    // The per-sample rules of encodeSample with the format decoded once: the
    // same bytes, without a call, an ldexp and a std::round per sample.
    const unsigned validBits = format.validBits;
    const double fullScale = static_cast<double>(std::uint64_t{1} << (validBits - 1));
    const double maxCode = fullScale - 1.0;
    const unsigned shift = format.containerBits - validBits;
    const bool offsetBinary = format.containerBits == 8;
    const auto containerBytes = static_cast<unsigned>(step);
    for (std::size_t i = 0; i < samples; ++i) {
        // x * 2^(V-1) is exact; adding 0.5 to the magnitude and truncating
        // rounds to nearest with ties away from zero (the sum is exact too).
        const double v = sanitize(interleaved[i]) * fullScale;
        double q = v >= 0.0 ? static_cast<double>(static_cast<std::int64_t>(v + 0.5))
                            : -static_cast<double>(static_cast<std::int64_t>(0.5 - v));
        q = q > maxCode ? maxCode : (q < -fullScale ? -fullScale : q);
        std::uint32_t stored = static_cast<std::uint32_t>(
            static_cast<std::uint64_t>(static_cast<std::int64_t>(q)) << shift);
        if (offsetBinary) {
            stored = (stored + 0x80u) & 0xFFu;
        }
        std::uint8_t* o = out + i * step;
        if (containerBytes == 2) {
            o[0] = static_cast<std::uint8_t>(stored);
            o[1] = static_cast<std::uint8_t>(stored >> 8);
        } else {
            storeLittleEndian(stored, containerBytes, o);
        }
    }
    return true;
}

bool decodeFrames(const AudioFormat& format, const std::uint8_t* bytes, std::size_t frames,
                  float* interleaved) {
    if (!isPcmEncodable(format)) {
        return false;
    }
    const std::size_t samples = frames * format.channels;
    const std::size_t step = format.containerBits / 8u;
    for (std::size_t i = 0; i < samples; ++i) {
        interleaved[i] = decodeSample(format, bytes + i * step);
    }
    return true;
}

std::vector<std::uint8_t> encodeToBytes(const AudioFormat& format,
                                        const std::vector<float>& interleaved) {
    if (!isPcmEncodable(format)) {
        return {};
    }
    const std::size_t frames = interleaved.size() / format.channels;
    std::vector<std::uint8_t> out(frames * format.bytesPerFrame());
    encodeFrames(format, interleaved.data(), frames, out.data());
    return out;
}

std::vector<float> decodeToSamples(const AudioFormat& format,
                                   const std::vector<std::uint8_t>& bytes) {
    if (!isPcmEncodable(format)) {
        return {};
    }
    const std::size_t frames = bytes.size() / format.bytesPerFrame();
    std::vector<float> out(frames * format.channels);
    decodeFrames(format, bytes.data(), frames, out.data());
    return out;
}

}  // namespace ps
