#include "model/client/WhiteNoiseSource.h"

#include <algorithm>

namespace ps {

namespace {

// splitmix64's output function: a bijection on 64-bit values whose outputs for
// consecutive inputs are statistically independent.
std::uint64_t finalize(std::uint64_t z) {
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

constexpr std::uint64_t kGolden = 0x9E3779B97F4A7C15ull;

}  // namespace

WhiteNoiseSource::WhiteNoiseSource(std::uint64_t seed, double amplitude)
    : m_seed(seed), m_key(finalize(seed + kGolden)), m_amplitude(std::clamp(amplitude, 0.0, 1.0)) {}

void WhiteNoiseSource::render(std::int64_t firstFrame, float* interleaved, std::size_t frames,
                              int channels) {
    // A frame key per frame, then one number per channel derived from it: no
    // generator state is carried from one frame to the next.
    const double scale = 2.0 * m_amplitude * 0x1.0p-53;
    for (std::size_t i = 0; i < frames; ++i) {
        const std::uint64_t frame = static_cast<std::uint64_t>(firstFrame) + i;
        const std::uint64_t frameKey = finalize(m_key ^ (frame * 0xD1B54A32D192ED03ull));
        for (int c = 0; c < channels; ++c) {
            const std::uint64_t bits =
                finalize(frameKey + static_cast<std::uint64_t>(c + 1) * kGolden) >> 11;
            // amplitude * (2u - 1) with u = bits * 2^-53, as one multiply-subtract.
            *interleaved++ = static_cast<float>(static_cast<double>(bits) * scale - m_amplitude);
        }
    }
}

}  // namespace ps
