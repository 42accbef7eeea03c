#include "model/hw/SampleClock.h"

#include <stdexcept>

namespace ps {

namespace {
constexpr std::int64_t kFemtoPerSecondNs = 1'000'000'000'000'000;  // 1e15 = 1e9 ns * 1e6 ppm
constexpr std::int64_t kPpmScale = 1'000'000;
}  // namespace

bool SampleClock::isValid(std::uint32_t rateHz, std::int32_t errorPpm) {
    return rateHz >= 1 && rateHz <= kMaxRateHz && errorPpm >= -kMaxErrorPpm &&
           errorPpm <= kMaxErrorPpm;
}

PeriodicClock SampleClock::makeClock(TimeNs originNs, std::uint32_t rateHz, std::int32_t errorPpm) {
    if (!isValid(rateHz, errorPpm)) {
        throw std::invalid_argument("SampleClock: rate or clock error out of range");
    }
    // A clock fast by e ppm ticks rate * (1 + e/1e6) times a second, so its
    // period is 1e9 / (rate * (1e6 + e) / 1e6) = 1e15 / (rate * (1e6 + e)) ns.
    // Both terms stay far below 2^63 for the accepted ranges.
    const std::int64_t denominator =
        static_cast<std::int64_t>(rateHz) * (kPpmScale + static_cast<std::int64_t>(errorPpm));
    return PeriodicClock(originNs, kFemtoPerSecondNs, denominator);
}

void SampleClock::start(TimeNs originNs, std::uint32_t rateHz, std::int32_t errorPpm,
                        std::int64_t firstFrame) {
    m_clock = makeClock(originNs, rateHz, errorPpm);
    m_firstFrame = firstFrame;
    m_running = true;
}

}  // namespace ps
