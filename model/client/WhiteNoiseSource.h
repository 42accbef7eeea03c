// WhiteNoiseSource: uniform white noise in [-amplitude, +amplitude), a pure
// function of (seed, frame, channel). Sample (n, c) is a counter-based hash of
// the seed, the frame index n and the channel c (splitmix64's finalizer), so
// any frame can be rendered on its own (random access), the same seed always
// gives the same noise on every machine, and a frame's channel c does not
// depend on how many channels are rendered.
#pragma once

#include "model/client/SampleSource.h"

#include <cstdint>

namespace ps {

class WhiteNoiseSource final : public SampleSource {
  public:
    // amplitude is clamped to [0, 1].
    explicit WhiteNoiseSource(std::uint64_t seed, double amplitude = 1.0);

    void render(std::int64_t firstFrame, float* interleaved, std::size_t frames,
                int channels) override;

    std::uint64_t seed() const { return m_seed; }

  private:
    std::uint64_t m_seed;
    std::uint64_t m_key;  // the seed, hashed once
    double m_amplitude;
};

}  // namespace ps
