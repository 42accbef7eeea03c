#include "model/sim/PeriodicClock.h"

#include <stdexcept>

namespace ps {

PeriodicClock::PeriodicClock(TimeNs originNs, std::int64_t periodNumeratorNs,
                             std::int64_t periodDenominator)
    : m_originNs(originNs), m_numeratorNs(periodNumeratorNs), m_denominator(periodDenominator) {
    if (periodNumeratorNs <= 0 || periodDenominator <= 0) {
        throw std::invalid_argument("PeriodicClock: the period must be positive");
    }
}

PeriodicClock PeriodicClock::fromRateHz(TimeNs originNs, std::int64_t rateHz) {
    return PeriodicClock(originNs, kNsPerSecond, rateHz);
}

TimeNs PeriodicClock::dueTimeNs(std::int64_t n) const {
    return m_originNs + mulDivFloor(n, m_numeratorNs, m_denominator);
}

std::int64_t PeriodicClock::ticksDueBy(TimeNs tNs) const {
    if (tNs < m_originNs) {
        return 0;
    }
    // Largest n with floor(n * num / den) <= elapsed is floor(((elapsed + 1) * den - 1) / num).
    const std::int64_t elapsed = tNs - m_originNs;
    const auto wide = (static_cast<detail::Int128>(elapsed) + 1) * m_denominator - 1;
    return static_cast<std::int64_t>(wide / m_numeratorNs) + 1;
}

}  // namespace ps
