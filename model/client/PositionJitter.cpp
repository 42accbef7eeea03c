#include "model/client/PositionJitter.h"

#include <algorithm>
#include <cmath>

namespace ps {

PositionJitterStats computePositionJitter(const std::vector<PositionSample>& samples,
                                          std::uint64_t bytesPerSecond) {
    PositionJitterStats stats;
    stats.samples = samples.size();
    if (samples.size() < 2 || bytesPerSecond == 0) {
        return stats;
    }
    const PositionSample& first = samples.front();
    const double rate = static_cast<double>(bytesPerSecond);
    std::vector<double> deviationsMs;
    deviationsMs.reserve(samples.size());
    for (const PositionSample& s : samples) {
        // Differences first, in integers, so large stream positions and times
        // lose no precision.
        const double positionMs =
            static_cast<double>(static_cast<std::int64_t>(s.positionBytes - first.positionBytes)) *
            1000.0 / rate;
        const double elapsedMs = static_cast<double>(s.atNs - first.atNs) / 1e6;
        deviationsMs.push_back(positionMs - elapsedMs);
    }
    double sum = 0.0;
    for (double d : deviationsMs) {
        sum += d;
        stats.maxAbsMs = std::max(stats.maxAbsMs, std::fabs(d));
    }
    stats.meanMs = sum / static_cast<double>(deviationsMs.size());
    double squares = 0.0;
    for (double d : deviationsMs) {
        squares += (d - stats.meanMs) * (d - stats.meanMs);
    }
    stats.stddevMs = std::sqrt(squares / static_cast<double>(deviationsMs.size()));
    return stats;
}

bool withinHlkJitterLimits(const PositionJitterStats& stats) {
    return stats.stddevMs <= 1.0 && stats.maxAbsMs <= 4.0;
}

}  // namespace ps
