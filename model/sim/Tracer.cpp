#include "model/sim/Tracer.h"

#include <algorithm>

namespace ps {

Tracer::Tracer(const Scheduler& scheduler, std::size_t ringCapacity)
    : m_scheduler(scheduler), m_ring(ringCapacity) {}

std::uint64_t Tracer::record(const TraceRecord& r) {
    const std::uint64_t index = m_nextIndex++;
    const TimeNs now = m_scheduler.now();
    if (m_dispatching) {
        TraceRecord& deferred = m_deferred.emplace_back();
        r.copyUsedInto(deferred);
        deferred.index = index;
        deferred.timeNs = now;
        if (m_unstored == 0 && !(m_handingStored && index - m_handedIndex >= m_ring.capacity())) {
            m_ring.append(deferred);
        } else {
            ++m_unstored;
        }
        return index;
    }
    const TraceRecord& stored = m_ring.store(r, index, now);
    if (m_sinks.empty()) {
        return index;
    }
    m_dispatching = true;
    m_handingStored = true;
    m_handedIndex = index;
    try {
        for (TraceSink* sink : m_sinks) {
            sink->onTraceRecord(stored);
        }
        m_handingStored = false;
        storeDeferredTail();
        // Records that sinks emitted meanwhile, in index order; they may add
        // more (m_deferred may grow, hence the copy).
        for (std::size_t i = 0; i < m_deferred.size(); ++i) {
            const TraceRecord deferred = m_deferred[i];
            for (TraceSink* sink : m_sinks) {
                sink->onTraceRecord(deferred);
            }
        }
    } catch (...) {
        m_handingStored = false;
        storeDeferredTail();
        m_deferred.clear();
        m_dispatching = false;
        throw;
    }
    m_deferred.clear();
    m_dispatching = false;
    return index;
}

void Tracer::storeDeferredTail() {
    for (std::size_t i = m_deferred.size() - m_unstored; i < m_deferred.size(); ++i) {
        m_ring.append(m_deferred[i]);
    }
    m_unstored = 0;
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
