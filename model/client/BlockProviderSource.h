// BlockProviderSource: a SampleSource over a sequential AudioBlockProvider.
//
// Frame n of the source is frame n of the provider's data. The provider is read
// forward only, as far as the requests need, and the source keeps the frames
// from the start of the latest request onwards, so a request may repeat or
// overlap the previous one and a skipped range is read and discarded.
// Requests are meant to move forward: frames before the start of the latest
// request are gone, render as silence and are counted in rewindRequests().
//
// Past the end of the data every frame is silence; endFrame() then gives the
// frame count of the data (known once a request reached the end).
//
// Channels: output channel c takes provider channel c; a mono provider feeds
// every output channel; output channels the provider lacks otherwise get
// silence, and provider channels beyond the output are dropped. No resampling:
// the caller checks providerRateHz() against the stream's rate.
#pragma once

#include "model/client/AudioBlockProvider.h"
#include "model/client/SampleSource.h"

#include <vector>

namespace ps {

class BlockProviderSource final : public SampleSource {
  public:
    // The provider must outlive the source.
    explicit BlockProviderSource(AudioBlockProvider& provider);

    void render(std::int64_t firstFrame, float* interleaved, std::size_t frames,
                int channels) override;
    std::optional<std::int64_t> endFrame() const override;

    bool endOfData() const { return m_ended; }
    std::int64_t providerRateHz() const { return m_provider.rateHz(); }
    int providerChannels() const { return m_providerChannels; }
    // Requests that started before the previous request's first frame.
    std::uint64_t rewindRequests() const { return m_rewinds; }

  private:
    // Reads from the provider until the cache holds frames up to `endFrame`
    // (exclusive) or the data ends.
    void fillUntil(std::int64_t endFrame);
    float cachedSample(std::int64_t frame, int channel) const;

    AudioBlockProvider& m_provider;
    int m_providerChannels;
    std::vector<float> m_cache;  // interleaved provider frames from m_cacheFirstFrame
    std::int64_t m_cacheFirstFrame = 0;
    std::int64_t m_readFrames = 0;  // provider frames read so far
    std::int64_t m_latestRequest = 0;
    bool m_ended = false;
    std::uint64_t m_rewinds = 0;
};

}  // namespace ps
