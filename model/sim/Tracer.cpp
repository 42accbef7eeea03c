#include "model/sim/Tracer.h"

#include <algorithm>

namespace ps {

Tracer::Tracer(const Scheduler& scheduler, std::size_t ringCapacity)
    : m_scheduler(scheduler), m_ring(ringCapacity) {}

// The common case (no sink is being handed a record) stays short; the rest
// is out of line.
std::uint64_t Tracer::record(const TraceRecord& r) {
    const std::uint64_t index = m_nextIndex++;
    const TimeNs now = m_scheduler.now();
    if (m_dispatching) {
        return recordFromSink(r, index, now);
    }
    const TraceRecord& stored = m_ring.store(r, index, now);
    if (!m_sinks.empty()) {
        dispatch(stored, index);
    }
    return index;
}

std::uint64_t Tracer::recordFromSink(const TraceRecord& r, std::uint64_t index, TimeNs now) {
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

void Tracer::dispatch(const TraceRecord& stored, std::uint64_t index) {
    m_dispatching = true;
    m_handingStored = true;
    m_handedIndex = index;
    try {
        const std::uint32_t bit = traceCategoryBit(stored.category);
        for (TraceSink* sink : m_sinks) {
            if ((sink->categoryMask() & bit) != 0) {
                sink->onTraceRecord(stored);
            }
        }
        m_handingStored = false;
        if (!m_deferred.empty()) {
            storeDeferredTail();
            // Records that sinks emitted meanwhile, in index order; they may
            // add more (m_deferred may grow, hence the copy).
            for (std::size_t i = 0; i < m_deferred.size(); ++i) {
                const TraceRecord deferred = m_deferred[i];
                const std::uint32_t deferredBit = traceCategoryBit(deferred.category);
                for (TraceSink* sink : m_sinks) {
                    if ((sink->categoryMask() & deferredBit) != 0) {
                        sink->onTraceRecord(deferred);
                    }
                }
            }
            m_deferred.clear();
        }
    } catch (...) {
        m_handingStored = false;
        storeDeferredTail();
        m_deferred.clear();
        m_dispatching = false;
        throw;
    }
    m_dispatching = false;
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
