#include "model/sim/Random.h"

#include <gtest/gtest.h>

#include <set>
#include <stdexcept>
#include <vector>

namespace ps {
namespace {

TEST(Random, SameSeedSameSequenceDifferentSeedDifferentSequence) {
    Random a(1234), b(1234), c(1235);
    std::vector<std::uint64_t> va, vb, vc;
    for (int i = 0; i < 100; ++i) {
        va.push_back(a.nextU64());
        vb.push_back(b.nextU64());
        vc.push_back(c.nextU64());
    }
    EXPECT_EQ(va, vb);
    EXPECT_NE(va, vc);
}

TEST(Random, KnownValuesArePinnedAcrossMachines) {
    // xoshiro256** seeded by splitmix64(0): these values are part of the trace
    // format's determinism promise; changing them changes every golden trace.
    Random r(0);
    EXPECT_EQ(r.nextU64(), 0x99EC5F36CB75F2B4ull);
    EXPECT_EQ(r.nextU64(), 0xBF6E1F784956452Aull);
}

TEST(Random, UniformBelowStaysInRangeAndCoversIt) {
    Random r(7);
    std::set<std::uint64_t> seen;
    for (int i = 0; i < 10'000; ++i) {
        const auto v = r.uniformBelow(10);
        ASSERT_LT(v, 10u);
        seen.insert(v);
    }
    EXPECT_EQ(seen.size(), 10u);
    EXPECT_THROW(r.uniformBelow(0), std::invalid_argument);
}

TEST(Random, UniformIntInclusiveBoundsAndFullRange) {
    Random r(9);
    bool sawLo = false, sawHi = false;
    for (int i = 0; i < 10'000; ++i) {
        const auto v = r.uniformInt(-3, 3);
        ASSERT_GE(v, -3);
        ASSERT_LE(v, 3);
        sawLo |= v == -3;
        sawHi |= v == 3;
    }
    EXPECT_TRUE(sawLo && sawHi);
    (void)r.uniformInt(INT64_MIN, INT64_MAX);
    EXPECT_THROW(r.uniformInt(2, 1), std::invalid_argument);
}

TEST(Random, Uniform01AndExponentialMoments) {
    Random r(42);
    double sum = 0, sumExp = 0;
    const int n = 200'000;
    for (int i = 0; i < n; ++i) {
        const double u = r.uniform01();
        ASSERT_GE(u, 0.0);
        ASSERT_LT(u, 1.0);
        sum += u;
        sumExp += r.exponential(2.5);
    }
    EXPECT_NEAR(sum / n, 0.5, 0.01);
    EXPECT_NEAR(sumExp / n, 2.5, 0.05);
    EXPECT_FALSE(r.bernoulli(0.0));
    EXPECT_TRUE(r.bernoulli(1.0));
    EXPECT_THROW(r.exponential(0.0), std::invalid_argument);
}

TEST(Random, ForkedStreamsAreIndependentOfParentConsumption) {
    Random parent(99);
    const Random forkBefore = parent.fork(3);
    for (int i = 0; i < 10; ++i) {
        parent.nextU64();
    }
    Random f1 = forkBefore;
    Random f2 = parent.fork(3);
    Random other = parent.fork(4);
    const auto x = f1.nextU64();
    EXPECT_EQ(x, f2.nextU64());
    EXPECT_NE(x, other.nextU64());
}

}  // namespace
}  // namespace ps
