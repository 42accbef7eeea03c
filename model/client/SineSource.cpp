#include "model/client/SineSource.h"

#include <algorithm>
#include <cmath>

namespace ps {
namespace {
constexpr double kTwoPi = 6.283185307179586476925286766559;
}  // namespace

SineSource::SineSource(double frequencyHz, double amplitude, std::int64_t rateHz,
                       std::vector<double> phaseRadians)
    : m_frequencyHz(frequencyHz),
      m_amplitude(std::clamp(amplitude, 0.0, 1.0)),
      m_rateHz(rateHz),
      m_phaseRadians(std::move(phaseRadians)) {}

float SineSource::sampleAt(std::int64_t frame, int channel) const {
    if (m_rateHz <= 0) {
        return 0.0f;
    }
    // Cycles elapsed = f * n / rate. Split n into whole seconds and a
    // remainder so the fractional cycle stays precise for very long runs.
    const std::int64_t seconds = frame / m_rateHz;
    const std::int64_t remainder = frame % m_rateHz;
    double cycles = std::fmod(m_frequencyHz * static_cast<double>(seconds), 1.0);
    cycles += m_frequencyHz * static_cast<double>(remainder) / static_cast<double>(m_rateHz);
    cycles = std::fmod(cycles, 1.0);
    const double phase = channel >= 0 && static_cast<std::size_t>(channel) < m_phaseRadians.size()
                             ? m_phaseRadians[static_cast<std::size_t>(channel)]
                             : 0.0;
    return static_cast<float>(m_amplitude * std::sin(kTwoPi * cycles + phase));
}

void SineSource::render(std::int64_t firstFrame, float* interleaved, std::size_t frames,
                        int channels) {
    for (std::size_t i = 0; i < frames; ++i) {
        for (int c = 0; c < channels; ++c) {
            *interleaved++ = sampleAt(firstFrame + static_cast<std::int64_t>(i), c);
        }
    }
}

}  // namespace ps
