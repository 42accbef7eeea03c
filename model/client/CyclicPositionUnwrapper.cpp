#include "model/client/CyclicPositionUnwrapper.h"

#include <algorithm>

namespace ps {
namespace {

std::uint64_t absDiff(std::uint64_t a, std::uint64_t b) {
    return a > b ? a - b : b - a;
}

}  // namespace

void CyclicPositionUnwrapper::reset(std::uint64_t bufferBytes, std::uint64_t bytesPerSecond,
                                    std::uint64_t startBytes, TimeNs runningNs) {
    m_bufferBytes = std::max<std::uint64_t>(bufferBytes, 1);
    m_perBuffer = InvariantDivisor(m_bufferBytes);
    m_bytesPerSecond = bytesPerSecond;
    m_lastBytes = startBytes;
    m_lastRunningNs = runningNs;
    m_regressions = 0;
}

std::uint64_t CyclicPositionUnwrapper::observe(std::uint64_t offsetBytes, TimeNs runningNs) {
    const std::uint64_t size = m_bufferBytes;
    const auto remainder = [&](std::uint64_t bytes) {
        return bytes - m_perBuffer.divide(bytes) * size;
    };
    const std::uint64_t offset = remainder(offsetBytes);
    const TimeNs elapsedNs = std::max<TimeNs>(runningNs - m_lastRunningNs, 0);
    const auto expectedAdvance = static_cast<std::uint64_t>(
        mulDivFloor(elapsedNs, static_cast<std::int64_t>(m_bytesPerSecond), kNsPerSecond));
    std::uint64_t delta = offset + size - remainder(m_lastBytes);  // in [1, 2 * size)
    if (delta >= size) {
        delta -= size;
    }
    const std::uint64_t forward = m_lastBytes + delta;
    const std::uint64_t expected = m_lastBytes + expectedAdvance;

    // The candidate closest to the expectation among forward + k * size
    // (k >= -1). Whole wraps matter even within one buffer of running time: a
    // device that reports its fetch position runs ahead of the nominal clock
    // by up to its FIFO, so a full lap can show up as delta 0 a little before
    // one buffer's worth of time has passed.
    std::uint64_t candidate = forward;
    if (expected > forward) {
        const std::uint64_t wraps = m_perBuffer.divide(expected - forward + size / 2);
        candidate = forward + wraps * size;
    } else if (forward >= size && absDiff(forward - size, expected) < absDiff(forward, expected)) {
        candidate = forward - size;  // a small step back, e.g. register jitter
    }
    m_lastRunningNs = std::max(m_lastRunningNs, runningNs);
    if (candidate < m_lastBytes) {
        ++m_regressions;
        return m_lastBytes;
    }
    m_lastBytes = candidate;
    return m_lastBytes;
}

}  // namespace ps
