#include "model/client/SweepSource.h"

#include <algorithm>
#include <cmath>

namespace ps {
namespace {
constexpr double kTwoPi = 6.283185307179586476925286766559;
}  // namespace

SweepSource::SweepSource(double f0Hz, double f1Hz, std::int64_t durationFrames, std::int64_t rateHz,
                         SweepShape shape, double amplitude)
    : m_f0Hz(f0Hz),
      m_f1Hz(f1Hz),
      m_durationFrames(durationFrames),
      m_rateHz(rateHz),
      m_shape(shape),
      m_amplitude(std::clamp(amplitude, 0.0, 1.0)) {
    m_valid = durationFrames > 0 && rateHz > 0 && f0Hz >= 0.0 && f1Hz >= 0.0;
    if (shape == SweepShape::Logarithmic && !(f0Hz > 0.0 && f1Hz > 0.0)) {
        m_valid = false;
    }
}

double SweepSource::frequencyAt(std::int64_t frame) const {
    if (!m_valid) {
        return 0.0;
    }
    const double u = static_cast<double>(frame % m_durationFrames) /
                     static_cast<double>(m_durationFrames);  // 0..1 through the sweep
    if (m_shape == SweepShape::Linear) {
        return m_f0Hz + (m_f1Hz - m_f0Hz) * u;
    }
    return m_f0Hz * std::pow(m_f1Hz / m_f0Hz, u);
}

float SweepSource::sampleAt(std::int64_t frame) const {
    if (!m_valid) {
        return 0.0f;
    }
    const double t = static_cast<double>(frame % m_durationFrames) / static_cast<double>(m_rateHz);
    const double T = static_cast<double>(m_durationFrames) / static_cast<double>(m_rateHz);
    double cycles = 0.0;
    if (m_shape == SweepShape::Linear) {
        cycles = m_f0Hz * t + (m_f1Hz - m_f0Hz) * t * t / (2.0 * T);
    } else if (m_f0Hz == m_f1Hz) {
        cycles = m_f0Hz * t;
    } else {
        const double k = std::log(m_f1Hz / m_f0Hz);
        cycles = m_f0Hz * T / k * std::expm1(k * t / T);
    }
    return static_cast<float>(m_amplitude * std::sin(kTwoPi * std::fmod(cycles, 1.0)));
}

void SweepSource::render(std::int64_t firstFrame, float* interleaved, std::size_t frames,
                         int channels) {
    for (std::size_t i = 0; i < frames; ++i) {
        const float value = sampleAt(firstFrame + static_cast<std::int64_t>(i));
        for (int c = 0; c < channels; ++c) {
            *interleaved++ = value;
        }
    }
}

}  // namespace ps
