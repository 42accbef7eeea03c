#include "model/hw/CoalescedBurstMath.h"
#include "model/hw/ShiftingDivisor.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <random>
#include <stdexcept>
#include <vector>

namespace ps {
namespace {

std::vector<std::uint64_t> edgeDividends(std::uint64_t d) {
    constexpr std::uint64_t kMax = std::numeric_limits<std::uint64_t>::max();
    std::vector<std::uint64_t> out = {
        0,     1,    2,        3,        d - 1,        d,        d + 1,       2 * d - 1,
        2 * d, kMax, kMax - 1, kMax / 2, kMax / 2 + 1, kMax - d, kMax - d + 1};
    for (unsigned b = 1; b < 64; ++b) {
        const std::uint64_t p = std::uint64_t{1} << b;
        out.insert(out.end(), {p - 1, p, p + 1});
    }
    return out;
}

TEST(ShiftingDivisor, ZeroIsRejected) {
    EXPECT_THROW(ShiftingDivisor(0), std::invalid_argument);
}

TEST(ShiftingDivisor, KnowsPowersOfTwo) {
    for (unsigned b = 0; b < 64; ++b) {
        EXPECT_TRUE(ShiftingDivisor(std::uint64_t{1} << b).isPowerOfTwo()) << b;
    }
    for (const std::uint64_t d : {3u, 6u, 12u, 24u, 100u, 192u, 255u}) {
        EXPECT_FALSE(ShiftingDivisor(d).isPowerOfTwo()) << d;
    }
}

// The hardware division, InvariantDivisor and ShiftingDivisor agree for
// every divisor kind (powers of two, their neighbours, frame and FIFO sizes,
// huge ones) at the edges of the range and for random dividends of every
// magnitude; the signed helpers give InvariantDivisor's bits.
TEST(ShiftingDivisor, MatchesTheHardwareDivisionAndInvariantDivisor) {
    std::vector<std::uint64_t> divisors = {1,  2,  3,  4,  5,   6,   8,   12,  16,   24,
                                           32, 48, 64, 96, 120, 128, 192, 256, 1000, 4096};
    for (unsigned b = 0; b < 64; ++b) {
        const std::uint64_t p = std::uint64_t{1} << b;
        divisors.insert(divisors.end(), {p, p + 1, p - 1 == 0 ? 1 : p - 1});
    }
    std::mt19937_64 random(7);
    for (const std::uint64_t d : divisors) {
        const ShiftingDivisor shifting(d);
        const InvariantDivisor invariant(d);
        ASSERT_EQ(shifting.divisor(), d);
        std::vector<std::uint64_t> dividends = edgeDividends(d);
        for (int i = 0; i < 2000; ++i) {
            dividends.push_back(random() >> (random() % 64));
        }
        for (const std::uint64_t n : dividends) {
            ASSERT_EQ(shifting.divide(n), n / d) << n << " / " << d;
            const auto a = static_cast<std::int64_t>(n);
            ASSERT_EQ(shifting.quotientOf(a), invariant.quotientOf(a)) << n << " / " << d;
            // ceilQuotientOf(a) adds d - 1 to a: only where that stays an int64.
            const auto kMax = static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
            if (a > 0 && d <= kMax && n <= kMax - d) {
                ASSERT_EQ(shifting.ceilQuotientOf(a), invariant.ceilQuotientOf(a))
                    << n << " / " << d;
            }
        }
    }
}

TEST(ShiftingDivisor, SteadyBurstsCountsTheSameWithEitherDivisor) {
    for (const std::uint32_t burst : {16u, 48u, 64u, 96u, 128u}) {
        for (const std::uint32_t frame : {1u, 2u, 3u, 4u, 6u, 8u, 12u, 32u}) {
            const std::uint32_t perBurst = framesPerWholeBurst(burst, frame);
            const InvariantDivisor ib(burst);
            const InvariantDivisor ifr(perBurst);
            const ShiftingDivisor sb(burst);
            const ShiftingDivisor sfr(perBurst);
            for (std::int64_t left = 0; left < 4 * burst; left += 7) {
                for (std::int64_t last = 90; last < 200; last += 13) {
                    ASSERT_EQ(steadyBursts(left, sb, sfr, 100, last, 1000),
                              steadyBursts(left, ib, ifr, 100, last, 1000))
                        << burst << " " << frame << " " << left << " " << last;
                }
            }
        }
    }
}

}  // namespace
}  // namespace ps
