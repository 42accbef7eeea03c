// audio_capture_analyzer: checks a recording of a played 1 kHz-style test
// tone (raw signed 16-bit little-endian interleaved, as parec writes it).
//
//   audio_capture_analyzer FILE.raw --rate 48000 --channels 2 --tone 1000
//       [--max-gap-ms 2] [--min-snr-db 60] [--max-error-hz 1] [--min-seconds 1]
//       [--max-seconds S]
//
// The tone is where the first channel is louder than -40 dBFS (first to
// last such sample); 20 ms at either end are left out (onset and the
// stream's stop). Within it: the dominant frequency (within --max-error-hz
// of --tone), the longest dropout (a run of samples no louder than
// -46 dBFS, at most --max-gap-ms) and the SNR against a least-squares fit
// of an ideal tone (at least --min-snr-db). --max-seconds bounds the tone's
// whole length, first to last loud sample (a player that jumped away from
// it must not go on playing it). Prints one line of results;
// exits 0 when every check passes, 1 when one fails, 2 on bad input.
#include "ToneAnalysis.h"

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

namespace {

int usage(const char* why) {
    std::fprintf(stderr,
                 "audio_capture_analyzer: %s\n"
                 "usage: audio_capture_analyzer FILE.raw --rate HZ --channels N --tone HZ "
                 "[--max-gap-ms MS] [--min-snr-db DB] [--max-error-hz HZ] [--min-seconds S] "
                 "[--max-seconds S]\n",
                 why);
    return 2;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        return usage("no file given");
    }
    const std::string path = argv[1];
    double rateHz = 48000;
    int channels = 2;
    double toneHz = 1000;
    double maxGapMs = 2;
    double minSnrDb = 60;
    double maxErrorHz = 1;
    double minSeconds = 1;
    double maxSeconds = 0;  // 0: no bound
    for (int i = 2; i < argc; i += 2) {
        if (i + 1 >= argc) {
            return usage("an option without its value");
        }
        const std::string option = argv[i];
        char* end = nullptr;
        const double value = std::strtod(argv[i + 1], &end);
        if (end == argv[i + 1] || *end != '\0' || !(value > 0)) {
            return usage(("bad value for " + option).c_str());
        }
        if (option == "--rate") {
            rateHz = value;
        } else if (option == "--channels") {
            channels = static_cast<int>(value);
        } else if (option == "--tone") {
            toneHz = value;
        } else if (option == "--max-gap-ms") {
            maxGapMs = value;
        } else if (option == "--min-snr-db") {
            minSnrDb = value;
        } else if (option == "--max-error-hz") {
            maxErrorHz = value;
        } else if (option == "--min-seconds") {
            minSeconds = value;
        } else if (option == "--max-seconds") {
            maxSeconds = value;
        } else {
            return usage(("unknown option " + option).c_str());
        }
    }

    std::ifstream in(path, std::ios::binary);
    if (!in) {
        return usage(("cannot read " + path).c_str());
    }
    const std::vector<char> bytes((std::istreambuf_iterator<char>(in)),
                                  std::istreambuf_iterator<char>());
    const std::size_t frames = bytes.size() / (2u * static_cast<std::size_t>(channels));
    std::vector<float> first(frames);
    for (std::size_t k = 0; k < frames; ++k) {
        std::int16_t v;
        std::memcpy(&v, bytes.data() + k * 2u * static_cast<std::size_t>(channels), 2);
        first[k] = static_cast<float>(v) / 32768.0f;
    }

    const ps::tone::Span span = ps::tone::loudSpan(first.data(), frames, 0.01f);
    const auto trim = static_cast<std::size_t>(rateHz * 0.02);
    if (span.end < span.begin + 2 * trim + static_cast<std::size_t>(minSeconds * rateHz)) {
        std::printf("FAIL: the recording (%.3f s) holds %.3f s of tone, less than %.3f s\n",
                    static_cast<double>(frames) / rateHz,
                    static_cast<double>(span.end - span.begin) / rateHz, minSeconds);
        return 1;
    }
    const float* x = first.data() + span.begin + trim;
    const std::size_t n = span.end - span.begin - 2 * trim;

    const double hz = ps::tone::dominantFrequencyHz(x, n, rateHz, toneHz * 0.5, toneHz * 1.5);
    const ps::tone::ToneFit fit = ps::tone::fitTone(x, n, rateHz, hz);
    const ps::tone::QuietRun gap = ps::tone::longestQuietRun(x, n, 0.005f);
    const double gapMs = static_cast<double>(gap.length) * 1000.0 / rateHz;

    bool ok = true;
    std::printf(
        "tone %.3f s from %.3f s: frequency %.4f Hz, amplitude %.4f, SNR %.1f dB, "
        "longest dropout %.3f ms",
        static_cast<double>(n) / rateHz, static_cast<double>(span.begin + trim) / rateHz, hz,
        fit.amplitude, fit.snrDb, gapMs);
    if (gap.length > 0) {
        std::printf(" at %.3f s", static_cast<double>(span.begin + trim + gap.start) / rateHz);
    }
    std::printf("\n");
    if (std::fabs(hz - toneHz) > maxErrorHz) {
        std::printf("FAIL: frequency %.4f Hz is more than %.3f Hz from %.3f Hz\n", hz, maxErrorHz,
                    toneHz);
        ok = false;
    }
    if (gapMs > maxGapMs) {
        std::printf("FAIL: a dropout of %.3f ms (longer than %.3f ms)\n", gapMs, maxGapMs);
        ok = false;
    }
    const double wholeSeconds = static_cast<double>(span.end - span.begin) / rateHz;
    if (maxSeconds > 0 && wholeSeconds > maxSeconds) {
        std::printf("FAIL: the tone lasts %.3f s (first to last loud sample), longer than %.3f s\n",
                    wholeSeconds, maxSeconds);
        ok = false;
    }
    if (fit.snrDb < minSnrDb) {
        std::printf("FAIL: SNR %.1f dB is below %.1f dB\n", fit.snrDb, minSnrDb);
        ok = false;
    }
    return ok ? 0 : 1;
}
