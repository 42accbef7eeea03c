// Measurements of a recorded sine tone, for the audio tests: its dominant
// frequency, a least-squares fit of an ideal tone (and the SNR of the
// recording against it), and the longest dropout. Samples are one channel,
// floats at full scale 1.0.
#pragma once

#include <cstddef>

namespace ps::tone {

// The frequency in [loHz, hiHz] where the recording's spectrum (its
// discrete-time Fourier transform) peaks: a 1 Hz scan, a golden-section
// search around the best bin, then the drift of the tone's phase over 16
// segments. Assumes one dominant tone.
double dominantFrequencyHz(const float* x, std::size_t n, double rateHz, double loHz, double hiHz);

struct ToneFit {
    double amplitude = 0;    // of the fitted sine
    double offset = 0;       // fitted DC
    double residualRms = 0;  // of recording minus fit
    double snrDb = 0;        // fitted sine power over residual power
};
// Fits a*cos + b*sin + c at frequencyHz by least squares.
ToneFit fitTone(const float* x, std::size_t n, double rateHz, double frequencyHz);

struct QuietRun {
    std::size_t start = 0;
    std::size_t length = 0;
};
// The longest run of consecutive samples with |x| <= threshold.
QuietRun longestQuietRun(const float* x, std::size_t n, float threshold);

// First and one past the last sample with |x| > threshold ([0, 0) when none).
struct Span {
    std::size_t begin = 0;
    std::size_t end = 0;
};
Span loudSpan(const float* x, std::size_t n, float threshold);

}  // namespace ps::tone
