// The arithmetic the HD Audio and AC'97 DMA models share when they coalesce
// bursts (run the bursts between two observable points in one catch-up):
// the bound on one planning pass, the frames one burst's bytes make, the
// steady-state burst count and the page check of a coalesced range.
// Plain functions of their arguments; no state.
#pragma once

#include "model/kernel/PhysicalMemory.h"
#include "model/sim/InvariantDivisor.h"

#include <algorithm>
#include <cstdint>

namespace ps {

// Bounds one planning pass; a plan that long simply gets an event there.
constexpr int kMaxPlannedBursts = 1 << 16;

// The frames a burst of burstBytes carries when it is a whole number (at
// least one) of frames of bytesPerFrame; 1 otherwise, which the steady-state
// check (k * bytesPerFrame == burstBytes) then never matches.
inline std::uint32_t framesPerWholeBurst(std::uint32_t burstBytes, std::uint32_t bytesPerFrame) {
    return bytesPerFrame != 0 && burstBytes % bytesPerFrame == 0 && burstBytes >= bytesPerFrame
               ? burstBytes / bytesPerFrame
               : 1;
}

// How many further bursts repeat the one just run or planned, in the steady
// state where the next burst waits for exactly its own bytes' worth of frames
// (framesPerBurst frames of burstBytes): the FIFO level after each is the
// same, so burst j is due at the tick of firstFrame + j * framesPerBurst.
// It stops before a burst that would leave less than a whole burst of the
// buffer (the next one's size, and so its timing, would differ), after the
// last one due by lastDueFrame, and at maxBursts.
// Divisor: InvariantDivisor or ShiftingDivisor (the same quotients).
template <typename Divisor>
inline std::int64_t steadyBursts(std::int64_t bytesLeft, const Divisor& burstBytes,
                                 const Divisor& framesPerBurst, std::int64_t firstFrame,
                                 std::int64_t lastDueFrame, std::int64_t maxBursts) {
    const auto burst = static_cast<std::int64_t>(burstBytes.divisor());
    if (lastDueFrame < firstFrame || bytesLeft < 2 * burst) {
        return 0;
    }
    const std::int64_t n = std::min(burstBytes.quotientOf(bytesLeft - burst),
                                    framesPerBurst.quotientOf(lastDueFrame - firstFrame) + 1);
    return std::max<std::int64_t>(0, std::min(n, maxBursts));
}

// Whether every page up to lastByte is allocated, given that those before
// validEnd (a page boundary) are; advances validEnd past the pages checked.
inline bool pagesValid(const PhysicalMemory& memory, std::uint64_t lastByte,
                       std::uint64_t& validEnd) {
    while (lastByte >= validEnd) {
        if (!memory.isAddressValid(validEnd)) {
            return false;
        }
        validEnd += PAGE_SIZE;
    }
    return true;
}

}  // namespace ps
