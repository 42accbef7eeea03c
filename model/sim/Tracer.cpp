#include "model/sim/Tracer.h"

#include <algorithm>

namespace ps {

Tracer::Tracer(const Scheduler& scheduler, std::size_t ringCapacity)
    : m_scheduler(scheduler), m_ring(ringCapacity) {}

std::uint64_t Tracer::record(TraceRecord r) {
    r.index = m_nextIndex++;
    r.timeNs = m_scheduler.now();
    m_ring.append(r);
    if (m_dispatching) {
        m_deferred.push_back(r);
        return r.index;
    }
    m_dispatching = true;
    try {
        for (TraceSink* sink : m_sinks) {
            sink->onTraceRecord(r);
        }
        // Records that sinks emitted meanwhile, in index order; they may add more.
        for (std::size_t i = 0; i < m_deferred.size(); ++i) {
            const TraceRecord deferred = m_deferred[i];
            for (TraceSink* sink : m_sinks) {
                sink->onTraceRecord(deferred);
            }
        }
    } catch (...) {
        m_deferred.clear();
        m_dispatching = false;
        throw;
    }
    m_deferred.clear();
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
