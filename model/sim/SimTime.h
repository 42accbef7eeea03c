// Simulated time. One integer count of nanoseconds since the start of a run;
// signed 64 bits reach about 292 years. Every model component reads time from
// its Scheduler, never from a wall clock.
#pragma once

#include <cstdint>

namespace ps {

namespace detail {
__extension__ typedef __int128 Int128;  // GCC and Clang; used only for exact muldiv
}  // namespace detail

using TimeNs = std::int64_t;

constexpr TimeNs kNsPerUs = 1'000;
constexpr TimeNs kNsPerMs = 1'000'000;
constexpr TimeNs kNsPerSecond = 1'000'000'000;

constexpr TimeNs usToNs(std::int64_t us) {
    return us * kNsPerUs;
}
constexpr TimeNs msToNs(std::int64_t ms) {
    return ms * kNsPerMs;
}
constexpr TimeNs secondsToNs(std::int64_t s) {
    return s * kNsPerSecond;
}

// floor(value * numerator / denominator) without intermediate overflow, for
// non-negative value and numerator and a positive denominator. Positions,
// periodic due times and clock registers are computed with it from an origin
// and a count so that no rounding error accumulates.
constexpr std::int64_t mulDivFloor(std::int64_t value, std::int64_t numerator,
                                   std::int64_t denominator) {
    // The product nearly always fits in 64 bits (a 48 kHz frame count times
    // 1e9 ns does for 53 hours); a 64-bit division is several times cheaper
    // than the 128-bit library call and gives the same quotient.
    std::int64_t product = 0;
    if (!__builtin_mul_overflow(value, numerator, &product)) {
        return product / denominator;
    }
    return static_cast<std::int64_t>(static_cast<detail::Int128>(value) * numerator / denominator);
}

}  // namespace ps
