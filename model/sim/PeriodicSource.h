// Runs a callback on every tick of a PeriodicClock, through a Scheduler.
// Each due time comes from PeriodicClock::dueTimeNs(n), so the source never
// drifts. Only one tick is pending at a time; stop() cancels it.
#pragma once

#include "model/sim/PeriodicClock.h"
#include "model/sim/Scheduler.h"

#include <cstdint>
#include <functional>

namespace ps {

class PeriodicSource {
  public:
    // Called with the tick number n (0 for the tick at the origin).
    using TickCallback = std::function<void(std::int64_t n)>;

    PeriodicSource(Scheduler& scheduler, const char* label, TickCallback onTick);
    ~PeriodicSource();
    PeriodicSource(const PeriodicSource&) = delete;
    PeriodicSource& operator=(const PeriodicSource&) = delete;

    // Starts ticking on clock from tick firstTick (whose due time must not be in
    // the past). Restarting replaces the previous clock.
    void start(const PeriodicClock& clock, std::int64_t firstTick = 0);
    void stop();
    bool isRunning() const { return m_scheduler.isPending(m_pending); }
    // The tick that runs next (valid while running).
    std::int64_t nextTick() const { return m_nextTick; }
    const PeriodicClock& clock() const { return m_clock; }

  private:
    void arm();

    Scheduler& m_scheduler;
    const char* m_label;
    TickCallback m_onTick;
    PeriodicClock m_clock{0, 1, 1};
    std::int64_t m_nextTick = 0;
    EventId m_pending;
};

}  // namespace ps
