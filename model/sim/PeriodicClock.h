// A periodic grid of instants: tick n is due at origin + floor(n * period),
// where the period is an exact rational number of nanoseconds
// (periodNumeratorNs / periodDenominator). Every instant is computed from the
// origin and the count, never by adding rounded steps, so a 44.1 kHz frame
// clock (period 1e9/44100 ns) is still exact after billions of frames.
#pragma once

#include "model/sim/InvariantDivisor.h"
#include "model/sim/SimTime.h"

#include <cstdint>

namespace ps {

class PeriodicClock {
  public:
    // A period of periodNumeratorNs / periodDenominator nanoseconds; both > 0
    // (std::invalid_argument otherwise).
    PeriodicClock(TimeNs originNs, std::int64_t periodNumeratorNs, std::int64_t periodDenominator);

    // A clock ticking ratePerSecond times a second (a sample clock at 44100 Hz).
    static PeriodicClock fromRateHz(TimeNs originNs, std::int64_t rateHz);

    TimeNs originNs() const { return m_originNs; }
    // The period in lowest terms.
    std::int64_t periodNumeratorNs() const { return m_numeratorNs; }
    std::int64_t periodDenominator() const { return m_denominator; }

    // Due time of tick n (n >= 0); tick 0 is at the origin.
    // Inline: the DMA catch-ups ask several times per burst; the products
    // that do not fit 64 bits take the out-of-line 128-bit path.
    TimeNs dueTimeNs(std::int64_t n) const {
        std::int64_t product = 0;
        if (n >= 0 && !__builtin_mul_overflow(n, m_numeratorNs, &product)) {
            return m_originNs + static_cast<std::int64_t>(
                                    m_byDenominator.divide(static_cast<std::uint64_t>(product)));
        }
        return wideDueTimeNs(n);
    }
    // Number of ticks due at or before t: 0 before the origin, 1 at the origin.
    std::int64_t ticksDueBy(TimeNs tNs) const {
        if (tNs < m_originNs) {
            return 0;
        }
        // Largest n with floor(n * num / den) <= elapsed is
        // floor(((elapsed + 1) * den - 1) / num).
        const std::int64_t elapsed = tNs - m_originNs;
        std::int64_t scaled = 0;
        if (elapsed < INT64_MAX && !__builtin_mul_overflow(elapsed + 1, m_denominator, &scaled)) {
            return static_cast<std::int64_t>(
                       m_byNumerator.divide(static_cast<std::uint64_t>(scaled - 1))) +
                   1;
        }
        return wideTicksDueBy(elapsed);
    }

  private:
    TimeNs wideDueTimeNs(std::int64_t n) const;
    std::int64_t wideTicksDueBy(std::int64_t elapsedNs) const;

    TimeNs m_originNs;
    std::int64_t m_numeratorNs;
    std::int64_t m_denominator;
    // The two divisions every query makes, by the period's terms.
    InvariantDivisor m_byNumerator{1};
    InvariantDivisor m_byDenominator{1};
};

}  // namespace ps
