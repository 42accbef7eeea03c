#include "model/client/SineSource.h"

#include "model/client/PcmEncoding.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <numeric>

namespace ps {
namespace {
constexpr double kTwoPi = 6.283185307179586476925286766559;
// Copies of fewer frames than this would spend more on the loop than on
// memcpy, so the cache repeats short periods up to at least this length.
constexpr std::size_t kMinCacheFrames = 1024;
// f * n mod rate is computed as (f mod rate) * (n mod rate) in 64 bits.
constexpr std::int64_t kMaxExactRateHz = std::int64_t{1} << 31;
}  // namespace

SineSource::SineSource(double frequencyHz, double amplitude, std::int64_t rateHz,
                       std::vector<double> phaseRadians)
    : m_frequencyHz(frequencyHz),
      m_amplitude(std::clamp(amplitude, 0.0, 1.0)),
      m_rateHz(rateHz),
      m_phaseRadians(std::move(phaseRadians)) {
    if (rateHz > 0 && rateHz <= kMaxExactRateHz && frequencyHz >= 0.0 && frequencyHz < 9.0e15 &&
        std::floor(frequencyHz) == frequencyHz) {
        m_wholeFrequencyHz = static_cast<std::int64_t>(frequencyHz) % rateHz;
        m_periodFrames = rateHz / std::gcd(rateHz, m_wholeFrequencyHz);
    }
}

float SineSource::sampleAt(std::int64_t frame, int channel) const {
    if (m_rateHz <= 0) {
        return 0.0f;
    }
    double cycles = 0.0;
    if (m_periodFrames > 0) {
        // Exact: the cycle position depends only on f * n mod rate.
        std::int64_t n = frame % m_rateHz;
        if (n < 0) {
            n += m_rateHz;
        }
        const std::int64_t k = m_wholeFrequencyHz * n % m_rateHz;
        cycles = static_cast<double>(k) / static_cast<double>(m_rateHz);
    } else {
        // Cycles elapsed = f * n / rate. Split n into whole seconds and a
        // remainder so the fractional cycle stays precise for very long runs.
        const std::int64_t seconds = frame / m_rateHz;
        const std::int64_t remainder = frame % m_rateHz;
        cycles = std::fmod(m_frequencyHz * static_cast<double>(seconds), 1.0);
        cycles += m_frequencyHz * static_cast<double>(remainder) / static_cast<double>(m_rateHz);
        cycles = std::fmod(cycles, 1.0);
    }
    const double phase = channel >= 0 && static_cast<std::size_t>(channel) < m_phaseRadians.size()
                             ? m_phaseRadians[static_cast<std::size_t>(channel)]
                             : 0.0;
    return static_cast<float>(m_amplitude * std::sin(kTwoPi * cycles + phase));
}

void SineSource::buildPeriod(int channels) {
    if (m_cacheChannels == channels) {
        return;
    }
    const auto period = static_cast<std::size_t>(m_periodFrames);
    m_cacheFrames = period * ((kMinCacheFrames + period - 1) / period);
    m_periodSamples.resize(m_cacheFrames * static_cast<std::size_t>(channels));
    float* out = m_periodSamples.data();
    for (std::size_t i = 0; i < period; ++i) {
        for (int c = 0; c < channels; ++c) {
            *out++ = sampleAt(static_cast<std::int64_t>(i), c);
        }
    }
    const std::size_t periodSamples = period * static_cast<std::size_t>(channels);
    for (std::size_t i = periodSamples; i < m_periodSamples.size(); ++i) {
        m_periodSamples[i] = m_periodSamples[i - periodSamples];
    }
    m_cacheChannels = channels;
    m_haveEncoded = false;
}

void SineSource::copyFromCache(const std::uint8_t* cache, std::size_t cacheFrames,
                               std::size_t frameBytes, std::int64_t firstFrame, std::size_t frames,
                               std::uint8_t* out) const {
    // The cache holds whole periods, so after its last frame comes frame 0.
    auto offset = static_cast<std::size_t>(firstFrame % m_periodFrames);
    while (frames > 0) {
        const std::size_t run = std::min(frames, cacheFrames - offset);
        std::memcpy(out, cache + offset * frameBytes, run * frameBytes);
        out += run * frameBytes;
        frames -= run;
        offset = 0;
    }
}

void SineSource::render(std::int64_t firstFrame, float* interleaved, std::size_t frames,
                        int channels) {
    if (m_periodFrames > 0 && m_periodFrames <= kMaxCachedPeriodFrames && channels > 0 &&
        firstFrame >= 0) {
        buildPeriod(channels);
        copyFromCache(reinterpret_cast<const std::uint8_t*>(m_periodSamples.data()), m_cacheFrames,
                      sizeof(float) * static_cast<std::size_t>(channels), firstFrame, frames,
                      reinterpret_cast<std::uint8_t*>(interleaved));
        return;
    }
    for (std::size_t i = 0; i < frames; ++i) {
        for (int c = 0; c < channels; ++c) {
            *interleaved++ = sampleAt(firstFrame + static_cast<std::int64_t>(i), c);
        }
    }
}

bool SineSource::renderEncodedDirect(const AudioFormat& format, std::int64_t firstFrame,
                                     std::size_t frames, std::uint8_t* out) {
    if (m_periodFrames <= 0 || m_periodFrames > kMaxCachedPeriodFrames || format.channels == 0 ||
        firstFrame < 0) {
        return false;
    }
    buildPeriod(format.channels);
    if (!m_haveEncoded || !(m_encodedFormat == format)) {
        m_periodBytes.resize(m_cacheFrames * format.bytesPerFrame());
        if (!encodeFrames(format, m_periodSamples.data(), m_cacheFrames, m_periodBytes.data())) {
            return false;
        }
        m_encodedFormat = format;
        m_haveEncoded = true;
    }
    copyFromCache(m_periodBytes.data(), m_cacheFrames, format.bytesPerFrame(), firstFrame, frames,
                  out);
    return true;
}

}  // namespace ps
