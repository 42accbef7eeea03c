// Seeded deterministic random numbers: xoshiro256** seeded through splitmix64.
// Unlike std::uniform_*_distribution, every derived value here is specified
// bit for bit, so the same seed gives the same run on every compiler and
// machine. fork() derives an independent generator for a named consumer so that
// adding one consumer does not shift the numbers another one sees.
#pragma once

#include <cstdint>

namespace ps {

class Random {
  public:
    explicit Random(std::uint64_t seed);

    std::uint64_t seed() const { return m_seed; }

    std::uint64_t nextU64();
    // Uniform in [0, bound); bound > 0. Unbiased (Lemire's method).
    std::uint64_t uniformBelow(std::uint64_t bound);
    // Uniform in [lo, hi], lo <= hi.
    std::int64_t uniformInt(std::int64_t lo, std::int64_t hi);
    // Uniform in [0, 1) with 53 random bits.
    double uniform01();
    // True with probability p (clamped to [0, 1]).
    bool bernoulli(double p);
    // Exponentially distributed with the given mean (> 0).
    double exponential(double mean);

    // A generator for consumer streamId, independent of this one's sequence.
    Random fork(std::uint64_t streamId) const;

  private:
    std::uint64_t m_seed;
    std::uint64_t m_state[4];
};

}  // namespace ps
