// SweepSource: a sine whose frequency goes from f0 to f1 over durationFrames,
// linearly or exponentially ("log sweep"), then starts again at f0 (the sweep
// repeats with period durationFrames; the phase restarts at 0 at each repeat).
// The phase is the closed-form integral of the frequency at the frame's time
// within the sweep, so every frame is a pure function of its index. All
// channels carry the same signal.
#pragma once

#include "model/client/SampleSource.h"

namespace ps {

enum class SweepShape { Linear, Logarithmic };

class SweepSource final : public SampleSource {
  public:
    // f0Hz, f1Hz > 0 (for Logarithmic; Linear accepts 0); durationFrames > 0
    // and rateHz > 0, else the source renders silence. amplitude clamped to [0, 1].
    SweepSource(double f0Hz, double f1Hz, std::int64_t durationFrames, std::int64_t rateHz,
                SweepShape shape = SweepShape::Logarithmic, double amplitude = 1.0);

    void render(std::int64_t firstFrame, float* interleaved, std::size_t frames,
                int channels) override;

    float sampleAt(std::int64_t frame) const;
    // Instantaneous frequency at a frame, in Hz.
    double frequencyAt(std::int64_t frame) const;

  private:
    double m_f0Hz;
    double m_f1Hz;
    std::int64_t m_durationFrames;
    std::int64_t m_rateHz;
    SweepShape m_shape;
    double m_amplitude;
    bool m_valid;
};

}  // namespace ps
