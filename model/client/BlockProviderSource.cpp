#include "model/client/BlockProviderSource.h"

#include <algorithm>

namespace ps {
namespace {
constexpr std::size_t kReadChunkFrames = 4096;
}  // namespace

BlockProviderSource::BlockProviderSource(AudioBlockProvider& provider)
    : m_provider(provider), m_providerChannels(std::max(1, provider.channels())) {}

std::optional<std::int64_t> BlockProviderSource::endFrame() const {
    if (!m_ended) {
        return std::nullopt;
    }
    return m_readFrames;
}

void BlockProviderSource::fillUntil(std::int64_t endFrame) {
    const auto channels = static_cast<std::size_t>(m_providerChannels);
    while (!m_ended && m_readFrames < endFrame) {
        const auto wanted = static_cast<std::size_t>(
            std::min<std::int64_t>(endFrame - m_readFrames, kReadChunkFrames));
        const std::size_t oldSize = m_cache.size();
        m_cache.resize(oldSize + wanted * channels);
        std::size_t got = m_provider.read(m_cache.data() + oldSize, wanted);
        got = std::min(got, wanted);  // a provider claiming more than asked is not believed
        m_cache.resize(oldSize + got * channels);
        m_readFrames += static_cast<std::int64_t>(got);
        if (got < wanted) {
            m_ended = true;
        }
    }
}

float BlockProviderSource::cachedSample(std::int64_t frame, int channel) const {
    if (frame < m_cacheFirstFrame || frame >= m_readFrames) {
        return 0.0f;
    }
    int source = channel;
    if (m_providerChannels == 1) {
        source = 0;
    } else if (channel >= m_providerChannels) {
        return 0.0f;
    }
    const auto index = static_cast<std::size_t>(frame - m_cacheFirstFrame) *
                           static_cast<std::size_t>(m_providerChannels) +
                       static_cast<std::size_t>(source);
    return m_cache[index];
}

void BlockProviderSource::render(std::int64_t firstFrame, float* interleaved, std::size_t frames,
                                 int channels) {
    if (firstFrame < m_latestRequest) {
        ++m_rewinds;
    } else {
        // Drop the frames before this request: requests only move forward.
        const std::int64_t keepFrom = std::min(firstFrame, m_readFrames);
        if (keepFrom > m_cacheFirstFrame) {
            const auto drop = static_cast<std::size_t>(keepFrom - m_cacheFirstFrame) *
                              static_cast<std::size_t>(m_providerChannels);
            m_cache.erase(m_cache.begin(), m_cache.begin() + static_cast<std::ptrdiff_t>(drop));
            m_cacheFirstFrame = keepFrom;
        }
        m_latestRequest = firstFrame;
        // Frames skipped over are read and dropped a chunk at a time.
        while (!m_ended && m_readFrames < firstFrame) {
            fillUntil(std::min<std::int64_t>(firstFrame, m_readFrames + kReadChunkFrames));
            m_cache.clear();
            m_cacheFirstFrame = m_readFrames;
        }
    }
    fillUntil(firstFrame + static_cast<std::int64_t>(frames));
    for (std::size_t i = 0; i < frames; ++i) {
        for (int c = 0; c < channels; ++c) {
            *interleaved++ = cachedSample(firstFrame + static_cast<std::int64_t>(i), c);
        }
    }
}

}  // namespace ps
