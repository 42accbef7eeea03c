#include "model/sim/PeriodicClock.h"

#include <numeric>
#include <stdexcept>

namespace ps {

PeriodicClock::PeriodicClock(TimeNs originNs, std::int64_t periodNumeratorNs,
                             std::int64_t periodDenominator)
    : m_originNs(originNs), m_numeratorNs(periodNumeratorNs), m_denominator(periodDenominator) {
    if (periodNumeratorNs <= 0 || periodDenominator <= 0) {
        throw std::invalid_argument("PeriodicClock: the period must be positive");
    }
    // In lowest terms the products in dueTimeNs and ticksDueBy fit in 64 bits
    // far longer (a 48 kHz clock with a ppm error is 1e15 / 4.8e10 = 62500 / 3).
    const std::int64_t common = std::gcd(m_numeratorNs, m_denominator);
    m_numeratorNs /= common;
    m_denominator /= common;
    m_byNumerator = InvariantDivisor(static_cast<std::uint64_t>(m_numeratorNs));
    m_byDenominator = InvariantDivisor(static_cast<std::uint64_t>(m_denominator));
}

PeriodicClock PeriodicClock::fromRateHz(TimeNs originNs, std::int64_t rateHz) {
    return PeriodicClock(originNs, kNsPerSecond, rateHz);
}

TimeNs PeriodicClock::wideDueTimeNs(std::int64_t n) const {
    return m_originNs + mulDivFloor(n, m_numeratorNs, m_denominator);
}

std::int64_t PeriodicClock::wideTicksDueBy(std::int64_t elapsedNs) const {
    const auto wide = (static_cast<detail::Int128>(elapsedNs) + 1) * m_denominator - 1;
    return static_cast<std::int64_t>(wide / m_numeratorNs) + 1;
}

}  // namespace ps
