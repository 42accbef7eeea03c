// How fast simulated time follows the outside world while a session runs
// live. The controller asks target() on every pass and advances the run to
// it. Wall-clock time paces the run (WallClockPacer) unless an audio hook
// plays it: then the audio device's consumed-frame clock does
// (AudioClockPacer, see SessionAudioHook.h).
// Called on the simulation thread only.
#pragma once

#include "model/sim/SimTime.h"

#include <chrono>

namespace ps {

class SessionPacer {
  public:
    virtual ~SessionPacer() = default;
    // Simulated time simNowNs corresponds to "now"; speed = simulated
    // seconds per real second (> 0).
    virtual void restart(TimeNs simNowNs, double speed) = 0;
    // The simulated time the run should have reached by now.
    virtual TimeNs target() const = 0;
};

class WallClockPacer final : public SessionPacer {
  public:
    void restart(TimeNs simNowNs, double speed) override {
        m_originSimNs = simNowNs;
        m_speed = speed;
        m_originWall = std::chrono::steady_clock::now();
    }
    TimeNs target() const override {
        const auto wallNs = std::chrono::duration_cast<std::chrono::nanoseconds>(
                                std::chrono::steady_clock::now() - m_originWall)
                                .count();
        return m_originSimNs + static_cast<TimeNs>(static_cast<double>(wallNs) * m_speed);
    }

  private:
    TimeNs m_originSimNs = 0;
    double m_speed = 1.0;
    std::chrono::steady_clock::time_point m_originWall = std::chrono::steady_clock::now();
};

}  // namespace ps
