#include "model/sim/Random.h"

#include <cmath>
#include <stdexcept>

namespace ps {
namespace {

std::uint64_t splitMix64(std::uint64_t& x) {
    x += 0x9E3779B97F4A7C15ull;
    std::uint64_t z = x;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

std::uint64_t rotl(std::uint64_t x, int k) {
    return (x << k) | (x >> (64 - k));
}

}  // namespace

Random::Random(std::uint64_t seed) : m_seed(seed) {
    std::uint64_t x = seed;
    for (auto& word : m_state) {
        word = splitMix64(x);
    }
}

std::uint64_t Random::nextU64() {
    const std::uint64_t result = rotl(m_state[1] * 5, 7) * 9;
    const std::uint64_t t = m_state[1] << 17;
    m_state[2] ^= m_state[0];
    m_state[3] ^= m_state[1];
    m_state[1] ^= m_state[2];
    m_state[0] ^= m_state[3];
    m_state[2] ^= t;
    m_state[3] = rotl(m_state[3], 45);
    return result;
}

std::uint64_t Random::uniformBelow(std::uint64_t bound) {
    if (bound == 0) {
        throw std::invalid_argument("Random::uniformBelow: bound must be positive");
    }
    __extension__ typedef unsigned __int128 U128;
    U128 m = static_cast<U128>(nextU64()) * bound;
    auto low = static_cast<std::uint64_t>(m);
    if (low < bound) {
        const std::uint64_t threshold = (0 - bound) % bound;
        while (low < threshold) {
            m = static_cast<U128>(nextU64()) * bound;
            low = static_cast<std::uint64_t>(m);
        }
    }
    return static_cast<std::uint64_t>(m >> 64);
}

std::int64_t Random::uniformInt(std::int64_t lo, std::int64_t hi) {
    if (lo > hi) {
        throw std::invalid_argument("Random::uniformInt: lo > hi");
    }
    const std::uint64_t span = static_cast<std::uint64_t>(hi) - static_cast<std::uint64_t>(lo);
    const std::uint64_t offset = span == UINT64_MAX ? nextU64() : uniformBelow(span + 1);
    return static_cast<std::int64_t>(static_cast<std::uint64_t>(lo) + offset);
}

double Random::uniform01() {
    return static_cast<double>(nextU64() >> 11) * 0x1.0p-53;
}

bool Random::bernoulli(double p) {
    if (!(p > 0.0)) {
        return false;
    }
    if (p >= 1.0) {
        return true;
    }
    return uniform01() < p;
}

double Random::exponential(double mean) {
    if (!(mean > 0.0)) {
        throw std::invalid_argument("Random::exponential: mean must be positive");
    }
    // 1 - u is in (0, 1], so the logarithm is finite.
    return -mean * std::log(1.0 - uniform01());
}

Random Random::fork(std::uint64_t streamId) const {
    std::uint64_t x = m_seed ^ (streamId * 0xD1B54A32D192ED03ull);
    return Random(splitMix64(x));
}

}  // namespace ps
