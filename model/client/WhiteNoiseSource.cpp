#include "model/client/WhiteNoiseSource.h"

#include <algorithm>

namespace ps {

WhiteNoiseSource::WhiteNoiseSource(std::uint64_t seed, double amplitude)
    : m_base(seed), m_amplitude(std::clamp(amplitude, 0.0, 1.0)) {}

void WhiteNoiseSource::render(std::int64_t firstFrame, float* interleaved, std::size_t frames,
                              int channels) {
    for (std::size_t i = 0; i < frames; ++i) {
        // One independent generator per frame; channel c takes its c-th number.
        Random frameRandom = m_base.fork(static_cast<std::uint64_t>(firstFrame) + i);
        for (int c = 0; c < channels; ++c) {
            *interleaved++ =
                static_cast<float>(m_amplitude * (2.0 * frameRandom.uniform01() - 1.0));
        }
    }
}

}  // namespace ps
