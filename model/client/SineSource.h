// SineSource: amplitude * sin(2 pi f n / rate + phase[c]) for frame n and
// channel c. The phase is computed from the frame index on every call, never
// accumulated, so frame n is the same whether it is rendered alone or as part
// of a long block, and a long run does not drift.
//
// A whole-number frequency (the common test tone: 1 kHz at 48 kHz) is exactly
// periodic: the cycle position is k / rate with k = f * n mod rate, an exact
// integer, so frame n and frame n + periodFrames() give bit-identical samples
// (periodFrames() = rate / gcd(rate, f), 48 frames for 1 kHz at 48 kHz). Such
// a source renders one period once per channel count (and encodes it once per
// format) and then copies it, instead of evaluating sin() per sample; the
// copies are bit-identical to sampleAt(). Other frequencies, or periods longer
// than kMaxCachedPeriodFrames, are evaluated per sample.
#pragma once

#include "model/client/SampleSource.h"
#include "model/ks/AudioFormat.h"

#include <cstdint>
#include <vector>

namespace ps {

class SineSource final : public SampleSource {
  public:
    static constexpr std::int64_t kMaxCachedPeriodFrames = 1 << 16;

    // frequencyHz >= 0; amplitude is clamped to [0, 1]; rateHz > 0 (a zero or
    // negative rate renders silence). phaseRadians[c] is channel c's phase at
    // frame 0; channels beyond the vector use 0.
    SineSource(double frequencyHz, double amplitude, std::int64_t rateHz,
               std::vector<double> phaseRadians = {});

    void render(std::int64_t firstFrame, float* interleaved, std::size_t frames,
                int channels) override;
    bool renderEncodedDirect(const AudioFormat& format, std::int64_t firstFrame, std::size_t frames,
                             std::uint8_t* out) override;

    // The sample of one frame and channel, as render() writes it.
    float sampleAt(std::int64_t frame, int channel) const;

    double frequencyHz() const { return m_frequencyHz; }
    double amplitude() const { return m_amplitude; }
    std::int64_t rateHz() const { return m_rateHz; }
    // Frames after which the samples repeat exactly, or 0 when the frequency
    // is not a whole number of hertz (or the rate is out of range).
    std::int64_t periodFrames() const { return m_periodFrames; }

  private:
    // Makes m_periodSamples hold whole periods for `channels` channels.
    void buildPeriod(int channels);
    // Copies frames from a cache holding cacheFrames (a multiple of the
    // period) frames of frameBytes bytes each.
    void copyFromCache(const std::uint8_t* cache, std::size_t cacheFrames, std::size_t frameBytes,
                       std::int64_t firstFrame, std::size_t frames, std::uint8_t* out) const;

    double m_frequencyHz;
    double m_amplitude;
    std::int64_t m_rateHz;
    std::vector<double> m_phaseRadians;
    std::int64_t m_wholeFrequencyHz = 0;  // f mod rate, when m_periodFrames > 0
    std::int64_t m_periodFrames = 0;

    // Whole periods (at least kMinCacheFrames frames) of samples for
    // m_cacheChannels channels, and of their encoding in m_encodedFormat.
    int m_cacheChannels = 0;
    std::size_t m_cacheFrames = 0;
    std::vector<float> m_periodSamples;
    bool m_haveEncoded = false;
    AudioFormat m_encodedFormat;
    std::vector<std::uint8_t> m_periodBytes;
};

}  // namespace ps
