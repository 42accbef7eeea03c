// Unsigned 64-bit division by a divisor fixed at construction, computed with
// a multiply-high, an add and two shifts instead of a hardware divide
// (Granlund and Montgomery, "Division by invariant integers using
// multiplication", 1994, figure 4.1). The quotient is exactly floor(n / d)
// for every n in [0, 2^64) and every d in [1, 2^64); tests compare it with the
// hardware division across the whole range.
//
// Why: the sample clocks divide by the same period on every burst and
// position query, and a 64-bit divide costs tens of cycles on the machines
// this runs on.
#pragma once

#include <cstdint>
#include <stdexcept>

namespace ps {

class InvariantDivisor {
  public:
    // d >= 1 (std::invalid_argument otherwise).
    explicit InvariantDivisor(std::uint64_t d) : m_divisor(d) {
        if (d == 0) {
            throw std::invalid_argument("InvariantDivisor: division by zero");
        }
        // l = ceil(log2 d); m = floor(2^64 * (2^l - d) / d) + 1, which fits in
        // 64 bits because 2^l - d < d.
        const unsigned l = d <= 1 ? 0U : 64U - static_cast<unsigned>(__builtin_clzll(d - 1));
        const Uint128 twoToL = Uint128{1} << l;
        m_multiplier =
            static_cast<std::uint64_t>(((twoToL - d) << 64) / static_cast<Uint128>(d) + 1);
        m_shift1 = l < 1 ? l : 1;
        m_shift2 = l > 1 ? l - 1 : 0;
    }

    std::uint64_t divisor() const { return m_divisor; }

    // floor(n / divisor()).
    std::uint64_t divide(std::uint64_t n) const {
        const auto t1 = static_cast<std::uint64_t>((static_cast<Uint128>(m_multiplier) * n) >> 64);
        return (t1 + ((n - t1) >> m_shift1)) >> m_shift2;
    }

    // The same for signed arithmetic: floor(a / divisor()) for a >= 0, and
    // ceil(a / divisor()) for a > 0 (a + divisor() - 1 must not overflow).
    std::int64_t quotientOf(std::int64_t a) const {
        return static_cast<std::int64_t>(divide(static_cast<std::uint64_t>(a)));
    }
    std::int64_t ceilQuotientOf(std::int64_t a) const {
        return quotientOf(a + static_cast<std::int64_t>(m_divisor) - 1);
    }

  private:
    __extension__ typedef unsigned __int128 Uint128;

    std::uint64_t m_divisor;
    std::uint64_t m_multiplier = 0;
    unsigned m_shift1 = 0;
    unsigned m_shift2 = 0;
};

}  // namespace ps
