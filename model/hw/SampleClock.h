// The sample clock of a codec converter (DAC or ADC): one frame per tick at a
// nominal rate adjusted by a crystal error in parts per million, counted in
// segments. A segment starts when the converter starts (origin = that instant,
// its first tick at the origin) and ends when it stops; frame numbers continue
// across segments, so a pause and resume neither loses nor repeats a frame.
//
// The tick period is the exact rational 1e15 / (rateHz * (1e6 + errorPpm)) ns,
// evaluated through PeriodicClock from the segment's origin: no drift, ever
// (DESIGN.md "Time and determinism"; HARDWARE.md §8.6).
//
// Nothing is scheduled here: the owner asks, lazily, how many frames are due by
// a time and when a given frame is due. Simulation thread only.
#pragma once

#include "model/sim/PeriodicClock.h"
#include "model/sim/SimTime.h"

#include <cstdint>

namespace ps {

class SampleClock {
  public:
    static constexpr std::uint32_t kMaxRateHz = 1'000'000;
    static constexpr std::int32_t kMaxErrorPpm = 500'000;

    // True when start() would accept these parameters: 1 <= rateHz <=
    // kMaxRateHz and |errorPpm| <= kMaxErrorPpm.
    static bool isValid(std::uint32_t rateHz, std::int32_t errorPpm);
    // The tick grid of one segment; requires isValid(rateHz, errorPpm).
    static PeriodicClock makeClock(TimeNs originNs, std::uint32_t rateHz, std::int32_t errorPpm);

    // Starts a segment at originNs whose first tick is frame firstFrame.
    // Invalid parameters throw std::invalid_argument (callers validate first).
    void start(TimeNs originNs, std::uint32_t rateHz, std::int32_t errorPpm,
               std::int64_t firstFrame);
    // Ends the segment: framesDueBy() stays at what it was at the stop instant
    // once the owner has consumed it; nothing further is due until start().
    void stop() { m_running = false; }
    bool running() const { return m_running; }

    // Frames of the current segment due at or before tNs, as an absolute frame
    // count (firstFrame + ticks due). firstFrame when tNs is before the origin.
    // Inline with the two below: the HD Audio catch-up asks per burst.
    std::int64_t framesDueBy(TimeNs tNs) const { return m_firstFrame + m_clock.ticksDueBy(tNs); }
    // Due time of absolute frame `frame` (>= the segment's firstFrame).
    TimeNs dueTimeNs(std::int64_t frame) const {
        return m_clock.dueTimeNs(frame > m_firstFrame ? frame - m_firstFrame : 0);
    }
    std::int64_t segmentFirstFrame() const { return m_firstFrame; }
    TimeNs segmentOriginNs() const { return m_clock.originNs(); }

  private:
    PeriodicClock m_clock{0, 1, 1};
    std::int64_t m_firstFrame = 0;
    bool m_running = false;
};

}  // namespace ps
