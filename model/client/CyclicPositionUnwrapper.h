// Turns the cyclic byte offsets a WaveRT pin reports (GetPosition, the
// position register) into a monotonic 64-bit stream position.
//
// The client tells it how long the device has been running since the previous
// observation (running time: time in RUN, pauses excluded) and the nominal
// byte rate. For an observation at offset o (in [0, bufferBytes)):
//  - delta = (o - last) mod bufferBytes is the forward advance assuming less
//    than one wrap;
//  - the result is the candidate closest to the nominal expectation among
//    last + delta + k * bufferBytes for k >= -1: k = -1 is a small step
//    backwards (e.g. register jitter); k >= 1 counts whole wraps, which a late
//    observer needs, and which an observer at a lap boundary needs too when
//    the device reports a fetch position running ahead of the nominal clock
//    by its FIFO (a full lap shows as delta 0 slightly early). An observation
//    late by many buffers still counts its wraps, as long as the device's
//    clock stays within half a buffer of nominal over the gap (a device that
//    stalled while nobody looked is counted as having run).
// A result behind the previous position is a regression: it is counted and
// the previous position is kept (positions never go backwards).
//
// Offsets >= bufferBytes are taken modulo bufferBytes. Pure bookkeeping, no
// simulation access.
#pragma once

#include "model/sim/InvariantDivisor.h"
#include "model/sim/SimTime.h"

#include <cstdint>

namespace ps {

class CyclicPositionUnwrapper {
  public:
    // Starts over: position startBytes at running time runningNs.
    void reset(std::uint64_t bufferBytes, std::uint64_t bytesPerSecond,
               std::uint64_t startBytes = 0, TimeNs runningNs = 0);

    // The stream position for cyclic offset `offsetBytes` observed at running
    // time runningNs (>= the previous observation's).
    std::uint64_t observe(std::uint64_t offsetBytes, TimeNs runningNs);

    std::uint64_t positionBytes() const { return m_lastBytes; }
    std::uint64_t regressions() const { return m_regressions; }
    std::uint64_t bufferBytes() const { return m_bufferBytes; }

  private:
    std::uint64_t m_bufferBytes = 1;
    InvariantDivisor m_perBuffer{1};  // divides by m_bufferBytes
    std::uint64_t m_bytesPerSecond = 0;
    std::uint64_t m_lastBytes = 0;
    TimeNs m_lastRunningNs = 0;
    std::uint64_t m_regressions = 0;
};

}  // namespace ps
