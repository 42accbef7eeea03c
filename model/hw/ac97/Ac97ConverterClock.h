// The sample clock of one AC'97 converter (a SampleClock) with the last
// framesDueBy() and dueTimeNs() answers kept. The engine asks the same
// questions many times at one instant (every register read syncs the
// converter; a catch-up replays burst times the planner already worked out),
// and each answer costs a 64-bit division. Same contract and answers as
// SampleClock; owned and called by Ac97Engine only, simulation thread only.
#pragma once

#include "model/hw/SampleClock.h"

#include <cstdint>

namespace ps::ac97 {

class Ac97ConverterClock {
  public:
    void start(TimeNs originNs, std::uint32_t rateHz, std::int32_t errorPpm,
               std::int64_t firstFrame) {
        m_clock.start(originNs, rateHz, errorPpm, firstFrame);
        m_dueBy = Memo{};
        m_dueTime = Memo{};
    }
    void stop() { m_clock.stop(); }
    bool running() const { return m_clock.running(); }

    std::int64_t framesDueBy(TimeNs tNs) const {
        std::int64_t frames = 0;
        if (!m_dueBy.find(tNs, &frames)) {
            frames = m_clock.framesDueBy(tNs);
            m_dueBy.keep(tNs, frames);
        }
        return frames;
    }
    TimeNs dueTimeNs(std::int64_t frame) const {
        TimeNs t = 0;
        if (!m_dueTime.find(frame, &t)) {
            t = m_clock.dueTimeNs(frame);
            m_dueTime.keep(frame, t);
        }
        return t;
    }

  private:
    // The last two answers of one question: a catch-up alternates between the
    // instant it catches up to and the burst instants before it.
    struct Memo {
        // No question is ever asked at INT64_MIN (times and frames are >= 0).
        std::int64_t key[2] = {INT64_MIN, INT64_MIN};
        std::int64_t value[2] = {0, 0};
        bool find(std::int64_t k, std::int64_t* v) const {
            if (key[0] == k) {
                *v = value[0];
                return true;
            }
            if (key[1] == k) {
                *v = value[1];
                return true;
            }
            return false;
        }
        // The newer answer goes to slot 0, the one it displaces to slot 1.
        void keep(std::int64_t k, std::int64_t v) {
            key[1] = key[0];
            value[1] = value[0];
            key[0] = k;
            value[0] = v;
        }
    };

    SampleClock m_clock;
    // Answers for the current segment: start() forgets them, stop() does not
    // change them.
    mutable Memo m_dueBy;
    mutable Memo m_dueTime;
};

}  // namespace ps::ac97
