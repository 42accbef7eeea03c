#include "model/sim/Tracer.h"

#include <algorithm>
#include <stdexcept>

namespace ps {

Tracer::Tracer(const Scheduler& scheduler, std::size_t ringCapacity)
    : m_scheduler(scheduler), m_ring(ringCapacity) {}

std::uint64_t Tracer::record(TraceRecord r) {
    if (m_dispatching) {
        throw std::logic_error("Tracer::record called from a trace sink");
    }
    r.index = m_nextIndex++;
    r.timeNs = m_scheduler.now();
    m_ring.append(r);
    m_dispatching = true;
    try {
        for (TraceSink* sink : m_sinks) {
            sink->onTraceRecord(r);
        }
    } catch (...) {
        m_dispatching = false;
        throw;
    }
    m_dispatching = false;
    return r.index;
}

void Tracer::addSink(TraceSink* sink) {
    if (sink != nullptr && std::find(m_sinks.begin(), m_sinks.end(), sink) == m_sinks.end()) {
        m_sinks.push_back(sink);
    }
}

void Tracer::removeSink(TraceSink* sink) {
    m_sinks.erase(std::remove(m_sinks.begin(), m_sinks.end(), sink), m_sinks.end());
}

}  // namespace ps
