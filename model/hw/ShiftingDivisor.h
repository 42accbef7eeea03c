// Unsigned division by a divisor fixed at construction, as InvariantDivisor
// (model/sim/InvariantDivisor.h), with a shift when the divisor is a power of
// two: frame sizes (2 ch x 16 bit = 4 bytes), burst sizes and frames per burst
// usually are, and a shift is one instruction where InvariantDivisor's
// multiply-high, add and two shifts form a chain of about ten cycles. The DMA
// models' catch-ups divide by them several times per register read.
//
// Same quotient as InvariantDivisor (and the hardware division) for every
// 64-bit dividend; the same interface, so either can be passed to the shared
// burst arithmetic (CoalescedBurstMath.h). Plain value; no state beyond the
// divisor.
#pragma once

#include "model/sim/InvariantDivisor.h"

#include <cstdint>

namespace ps {

class ShiftingDivisor {
  public:
    // d >= 1 (std::invalid_argument otherwise, from InvariantDivisor).
    explicit ShiftingDivisor(std::uint64_t d)
        : m_general(d),
          m_shift((d & (d - 1)) == 0 ? static_cast<unsigned>(__builtin_ctzll(d)) : kNotAPower) {}

    std::uint64_t divisor() const { return m_general.divisor(); }
    bool isPowerOfTwo() const { return m_shift != kNotAPower; }

    // floor(n / divisor()).
    std::uint64_t divide(std::uint64_t n) const {
        return m_shift != kNotAPower ? n >> m_shift : m_general.divide(n);
    }
    // floor(a / divisor()) for a >= 0 and ceil(a / divisor()) for a > 0, as
    // InvariantDivisor's (the same bits for any a).
    std::int64_t quotientOf(std::int64_t a) const {
        return static_cast<std::int64_t>(divide(static_cast<std::uint64_t>(a)));
    }
    std::int64_t ceilQuotientOf(std::int64_t a) const {
        return quotientOf(a + static_cast<std::int64_t>(divisor()) - 1);
    }

  private:
    static constexpr unsigned kNotAPower = 64;
    InvariantDivisor m_general;
    unsigned m_shift;
};

}  // namespace ps
