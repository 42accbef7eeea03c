#include "app/audio/LiveInputSource.h"

#include <algorithm>

namespace ps {

void LiveInputSource::render(std::int64_t, float* interleaved, std::size_t frames, int channels) {
    const auto outChannels = static_cast<std::size_t>(channels);
    std::fill(interleaved, interleaved + frames * outChannels, 0.0f);
    if (!m_primed) {
        if (m_ring.availableFrames() < m_primeFrames) {
            return;
        }
        m_primed = true;
    }
    const auto deviceChannels = static_cast<std::size_t>(m_ring.channels());
    m_scratch.resize(frames * deviceChannels);
    const std::size_t got = m_ring.pop(m_scratch.data(), frames);
    m_shortfallFrames += static_cast<std::int64_t>(frames - got);
    for (std::size_t i = 0; i < got; ++i) {
        for (std::size_t c = 0; c < outChannels; ++c) {
            const std::size_t from = deviceChannels == 1 ? 0 : c;
            if (from < deviceChannels) {
                interleaved[i * outChannels + c] = m_scratch[i * deviceChannels + from];
            }
        }
    }
}

}  // namespace ps
