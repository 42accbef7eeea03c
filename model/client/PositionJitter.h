// Position jitter against the ideal clock, the statistic the HLK's WaveRT
// position tests limit (DDI.md §17: standard deviation <= 1 ms, maximum
// deviation <= 4 ms).
//
// For samples (t_i, p_i) of one uninterrupted RUN (no pause in between), the
// deviation of sample i is
//     d_i = (p_i - p_0) / bytesPerSecond - (t_i - t_0)     (in ms)
// i.e. how far the position is ahead (+) or behind (-) a clock running at the
// nominal rate from the first sample. meanMs is the mean of d_i, stddevMs
// their population standard deviation, maxAbsMs the largest |d_i|. Fewer than
// two samples, or a rate of 0, give all zeros. Pure functions, any thread.
#pragma once

#include "model/sim/SimTime.h"

#include <cstddef>
#include <cstdint>
#include <vector>

namespace ps {

struct PositionSample {
    TimeNs atNs = 0;
    std::uint64_t positionBytes = 0;  // unwrapped stream position
    std::uint32_t segment = 0;        // the client's RUN segment (a new one at each RUN)
    bool fromRegister = false;        // read through the position register
    std::uint64_t clockTicks = 0;     // the clock register at the same read (0 if none)
};

struct PositionJitterStats {
    std::size_t samples = 0;
    double meanMs = 0.0;
    double stddevMs = 0.0;
    double maxAbsMs = 0.0;
};

PositionJitterStats computePositionJitter(const std::vector<PositionSample>& samples,
                                          std::uint64_t bytesPerSecond);

// True when stats are within the HLK limits (stddev <= 1 ms, max <= 4 ms).
bool withinHlkJitterLimits(const PositionJitterStats& stats);

}  // namespace ps
