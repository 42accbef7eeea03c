// StreamResampler: streaming rate conversion of interleaved float frames with
// libsoxr (high quality, the "HQ" recipe: 20-bit precision, band-limited,
// linear phase). When the two rates are equal the frames pass through
// untouched and nothing is delayed.
//
// Output is phase-aligned: output frame k corresponds to input time k /
// outRate, but libsoxr holds back delayFrames() output frames until it has
// seen enough input; flush() drains them at the end of a stretch of input
// (after which the resampler starts afresh). One thread at a time.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

struct soxr;

namespace ps {

class StreamResampler {
  public:
    StreamResampler(double inRateHz, double outRateHz, int channels);
    ~StreamResampler();
    StreamResampler(const StreamResampler&) = delete;
    StreamResampler& operator=(const StreamResampler&) = delete;

    // "" or why libsoxr could not be set up (then process() outputs nothing).
    const std::string& error() const { return m_error; }
    bool passthrough() const { return m_soxr == nullptr && m_error.empty(); }

    // Appends the converted frames of `frames` input frames to *out.
    void process(const float* in, std::size_t frames, std::vector<float>* out);
    // Appends what libsoxr still holds and resets it for new input.
    void flush(std::vector<float>* out);
    // Output frames held back inside libsoxr now.
    double delayFrames() const;

  private:
    void create();

    double m_inRateHz;
    double m_outRateHz;
    int m_channels;
    soxr* m_soxr = nullptr;
    std::string m_error;
};

}  // namespace ps
