#include "model/sim/PeriodicSource.h"

#include <utility>

namespace ps {

PeriodicSource::PeriodicSource(Scheduler& scheduler, const char* label, TickCallback onTick)
    : m_scheduler(scheduler), m_label(label), m_onTick(std::move(onTick)) {}

PeriodicSource::~PeriodicSource() {
    stop();
}

void PeriodicSource::start(const PeriodicClock& clock, std::int64_t firstTick) {
    stop();
    m_clock = clock;
    m_nextTick = firstTick;
    arm();
}

void PeriodicSource::stop() {
    m_scheduler.cancel(m_pending);
    m_pending = EventId();
}

void PeriodicSource::arm() {
    m_pending = m_scheduler.schedule(
        m_clock.dueTimeNs(m_nextTick),
        [this] {
            const std::int64_t n = m_nextTick++;
            // Re-arm before the callback so that it may stop() or restart us.
            arm();
            m_onTick(n);
        },
        m_label);
}

}  // namespace ps
