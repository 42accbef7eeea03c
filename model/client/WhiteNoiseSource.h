// WhiteNoiseSource: uniform white noise in [-amplitude, +amplitude), a pure
// function of (seed, frame, channel). Each frame's samples come from a ps::Random
// forked from the seed by the frame index, so any frame can be rendered on its
// own (random access) and the same seed always gives the same noise.
#pragma once

#include "model/client/SampleSource.h"
#include "model/sim/Random.h"

namespace ps {

class WhiteNoiseSource final : public SampleSource {
  public:
    // amplitude is clamped to [0, 1].
    explicit WhiteNoiseSource(std::uint64_t seed, double amplitude = 1.0);

    void render(std::int64_t firstFrame, float* interleaved, std::size_t frames,
                int channels) override;

    std::uint64_t seed() const { return m_base.seed(); }

  private:
    Random m_base;
    double m_amplitude;
};

}  // namespace ps
