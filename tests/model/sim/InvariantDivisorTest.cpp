#include "model/sim/InvariantDivisor.h"

#include "model/sim/Random.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <stdexcept>
#include <vector>

namespace ps {
namespace {

constexpr std::uint64_t kMax = std::numeric_limits<std::uint64_t>::max();

std::vector<std::uint64_t> interestingDivisors() {
    std::vector<std::uint64_t> d = {
        1,        2,      3,         4,          5,           7,        10,           62'500,
        48'000,   44'100, 1'000'000, 0xFFFFFFFF, 0x100000000, kMax / 2, kMax / 2 + 1, kMax / 2 + 2,
        kMax - 1, kMax};
    for (unsigned shift = 0; shift < 64; ++shift) {
        const std::uint64_t p = std::uint64_t{1} << shift;
        d.push_back(p);
        if (p > 1) {
            d.push_back(p - 1);
        }
        d.push_back(p + 1);
    }
    return d;
}

std::vector<std::uint64_t> interestingDividends(std::uint64_t d) {
    std::vector<std::uint64_t> n = {
        0, 1, 2, d - 1, d, d + 1, kMax, kMax - 1, kMax / 2, kMax / d * d, kMax / d * d - 1};
    if (d <= kMax / 2) {
        n.push_back(2 * d - 1);
        n.push_back(2 * d);
    }
    return n;
}

TEST(InvariantDivisor, MatchesTheHardwareDivisionAtTheEdgesOfTheRange) {
    for (const std::uint64_t d : interestingDivisors()) {
        const InvariantDivisor divisor(d);
        EXPECT_EQ(divisor.divisor(), d);
        for (const std::uint64_t n : interestingDividends(d)) {
            ASSERT_EQ(divisor.divide(n), n / d) << n << " / " << d;
        }
    }
}

TEST(InvariantDivisor, MatchesTheHardwareDivisionForRandomOperands) {
    Random random(20261121);
    for (int i = 0; i < 2000; ++i) {
        // Divisors of every magnitude: a random value shifted right by 0..63.
        const std::uint64_t d = (random.nextU64() >> (random.nextU64() % 64)) | 1U;
        const std::uint64_t dEven = d & ~std::uint64_t{1};
        for (const std::uint64_t divisorValue : {d, dEven == 0 ? std::uint64_t{2} : dEven}) {
            const InvariantDivisor divisor(divisorValue);
            for (int j = 0; j < 50; ++j) {
                const std::uint64_t n = random.nextU64() >> (random.nextU64() % 64);
                ASSERT_EQ(divisor.divide(n), n / divisorValue) << n << " / " << divisorValue;
            }
        }
    }
}

TEST(InvariantDivisor, EveryQuotientOfSmallDividendsIsExact) {
    for (std::uint64_t d = 1; d <= 300; ++d) {
        const InvariantDivisor divisor(d);
        for (std::uint64_t n = 0; n <= 5000; ++n) {
            ASSERT_EQ(divisor.divide(n), n / d) << n << " / " << d;
        }
    }
}

TEST(InvariantDivisor, RejectsZero) {
    EXPECT_THROW(InvariantDivisor(0), std::invalid_argument);
}

}  // namespace
}  // namespace ps
