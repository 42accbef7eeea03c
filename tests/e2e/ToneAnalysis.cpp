#include "ToneAnalysis.h"

#include <cmath>
#include <complex>

namespace ps::tone {
namespace {

constexpr double kPi = 3.14159265358979323846;

// |DTFT|^2 at one frequency. The phasor is recomputed every 1024 samples so
// rounding in the recurrence does not build up.
double power(const float* x, std::size_t n, double rateHz, double hz) {
    const double w = 2 * kPi * hz / rateHz;
    const std::complex<double> step = std::polar(1.0, -w);
    std::complex<double> acc = 0;
    std::complex<double> phasor = 1;
    for (std::size_t k = 0; k < n; ++k) {
        if (k % 1024 == 0) {
            phasor = std::polar(1.0, -w * static_cast<double>(k));
        }
        acc += static_cast<double>(x[k]) * phasor;
        phasor *= step;
    }
    return std::norm(acc);
}

}  // namespace

double dominantFrequencyHz(const float* x, std::size_t n, double rateHz, double loHz, double hiHz) {
    double best = loHz;
    double bestPower = -1;
    for (double f = loHz; f <= hiHz; f += 1.0) {
        const double p = power(x, n, rateHz, f);
        if (p > bestPower) {
            bestPower = p;
            best = f;
        }
    }
    // Golden-section search for the peak within one bin either side.
    const double ratio = (std::sqrt(5.0) - 1) / 2;
    double a = best - 1;
    double b = best + 1;
    double c = b - ratio * (b - a);
    double d = a + ratio * (b - a);
    double pc = power(x, n, rateHz, c);
    double pd = power(x, n, rateHz, d);
    while (b - a > 1e-4) {
        if (pc > pd) {
            b = d;
            d = c;
            pd = pc;
            c = b - ratio * (b - a);
            pc = power(x, n, rateHz, c);
        } else {
            a = c;
            c = d;
            pc = pd;
            d = a + ratio * (b - a);
            pd = power(x, n, rateHz, d);
        }
    }
    // The spectrum's peak is too flat to place much better than 1e-4 Hz
    // over a few seconds; the drift of the tone's phase from segment to
    // segment places it to well under a microhertz.
    double hz = (a + b) / 2;
    constexpr int kSegments = 16;
    const std::size_t segment = n / kSegments;
    for (int pass = 0; pass < 2 && segment > 0; ++pass) {
        const double w = 2 * kPi * hz / rateHz;
        double phases[kSegments];
        double previous = 0;
        for (int s = 0; s < kSegments; ++s) {
            double re = 0;
            double im = 0;
            for (std::size_t k = static_cast<std::size_t>(s) * segment;
                 k < static_cast<std::size_t>(s + 1) * segment; ++k) {
                re += static_cast<double>(x[k]) * std::cos(w * static_cast<double>(k));
                im += static_cast<double>(x[k]) * std::sin(w * static_cast<double>(k));
            }
            double phase = std::atan2(im, re);
            if (s > 0) {  // unwrap
                phase -= 2 * kPi * std::round((phase - previous) / (2 * kPi));
            }
            phases[s] = previous = phase;
        }
        // Least-squares slope in radians per segment; the measured phase
        // falls as the tone runs faster than w.
        double sumT = 0;
        double sumP = 0;
        double sumTT = 0;
        double sumTP = 0;
        for (int s = 0; s < kSegments; ++s) {
            sumT += s;
            sumP += phases[s];
            sumTT += static_cast<double>(s) * s;
            sumTP += s * phases[s];
        }
        const double slope = (kSegments * sumTP - sumT * sumP) / (kSegments * sumTT - sumT * sumT);
        hz -= slope / static_cast<double>(segment) * rateHz / (2 * kPi);
    }
    return hz;
}

ToneFit fitTone(const float* x, std::size_t n, double rateHz, double frequencyHz) {
    ToneFit fit;
    if (n < 3) {
        return fit;
    }
    // Normal equations of [cos sin 1] * [a b c]' = x.
    double m[3][3] = {};
    double v[3] = {};
    const double w = 2 * kPi * frequencyHz / rateHz;
    for (std::size_t k = 0; k < n; ++k) {
        const double basis[3] = {std::cos(w * static_cast<double>(k)),
                                 std::sin(w * static_cast<double>(k)), 1.0};
        for (int i = 0; i < 3; ++i) {
            for (int j = 0; j < 3; ++j) {
                m[i][j] += basis[i] * basis[j];
            }
            v[i] += basis[i] * static_cast<double>(x[k]);
        }
    }
    // Gaussian elimination (the matrix is symmetric positive definite).
    for (int i = 0; i < 3; ++i) {
        for (int r = i + 1; r < 3; ++r) {
            const double f = m[r][i] / m[i][i];
            for (int c = i; c < 3; ++c) {
                m[r][c] -= f * m[i][c];
            }
            v[r] -= f * v[i];
        }
    }
    double s[3] = {};
    for (int i = 2; i >= 0; --i) {
        double acc = v[i];
        for (int c = i + 1; c < 3; ++c) {
            acc -= m[i][c] * s[c];
        }
        s[i] = acc / m[i][i];
    }
    double residual = 0;
    for (std::size_t k = 0; k < n; ++k) {
        const double model = s[0] * std::cos(w * static_cast<double>(k)) +
                             s[1] * std::sin(w * static_cast<double>(k)) + s[2];
        const double e = static_cast<double>(x[k]) - model;
        residual += e * e;
    }
    fit.amplitude = std::hypot(s[0], s[1]);
    fit.offset = s[2];
    fit.residualRms = std::sqrt(residual / static_cast<double>(n));
    const double signalPower = fit.amplitude * fit.amplitude / 2;
    fit.snrDb =
        residual > 0 ? 10 * std::log10(signalPower / (residual / static_cast<double>(n))) : 400.0;
    return fit;
}

QuietRun longestQuietRun(const float* x, std::size_t n, float threshold) {
    QuietRun best;
    std::size_t runStart = 0;
    for (std::size_t k = 0; k <= n; ++k) {
        const bool quiet = k < n && std::fabs(x[k]) <= threshold;
        if (!quiet) {
            if (k - runStart > best.length) {
                best = {runStart, k - runStart};
            }
            runStart = k + 1;
        }
    }
    return best;
}

Span loudSpan(const float* x, std::size_t n, float threshold) {
    Span s;
    for (std::size_t k = 0; k < n; ++k) {
        if (std::fabs(x[k]) > threshold) {
            if (s.end == 0) {
                s.begin = k;
            }
            s.end = k + 1;
        }
    }
    return s;
}

}  // namespace ps::tone
