// SineSource: amplitude * sin(2 pi f n / rate + phase[c]) for frame n and
// channel c. The phase is computed from the frame index on every call, never
// accumulated, so frame n is the same whether it is rendered alone or as part
// of a long block, and a long run does not drift.
#pragma once

#include "model/client/SampleSource.h"

#include <vector>

namespace ps {

class SineSource final : public SampleSource {
  public:
    // frequencyHz >= 0; amplitude is clamped to [0, 1]; rateHz > 0 (a zero or
    // negative rate renders silence). phaseRadians[c] is channel c's phase at
    // frame 0; channels beyond the vector use 0.
    SineSource(double frequencyHz, double amplitude, std::int64_t rateHz,
               std::vector<double> phaseRadians = {});

    void render(std::int64_t firstFrame, float* interleaved, std::size_t frames,
                int channels) override;

    // The sample of one frame and channel, as render() writes it.
    float sampleAt(std::int64_t frame, int channel) const;

    double frequencyHz() const { return m_frequencyHz; }
    double amplitude() const { return m_amplitude; }
    std::int64_t rateHz() const { return m_rateHz; }

  private:
    double m_frequencyHz;
    double m_amplitude;
    std::int64_t m_rateHz;
    std::vector<double> m_phaseRadians;
};

}  // namespace ps
