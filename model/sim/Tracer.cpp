#include "model/sim/Tracer.h"

#include <algorithm>

namespace ps {

TraceSink::~TraceSink() {
    if (m_feeder != nullptr) {
        m_feeder->dropBatchedSink(this);
    }
}

void TraceSink::onTraceRecords(const TraceRing& ring, std::uint64_t first, std::uint64_t end) {
    for (std::uint64_t i = first; i < end; ++i) {
        onTraceRecord(ring.held(i));
    }
}

void TraceSink::catchUp() const {
    if (m_feeder != nullptr) {
        m_feeder->handBatches();
    }
}

Tracer::Tracer(const Scheduler& scheduler, std::size_t ringCapacity)
    : m_scheduler(scheduler),
      m_ring(ringCapacity),
      m_batchRecords(std::min(kBatchRecords, m_ring.capacity())) {}

Tracer::~Tracer() {
    handBatches();
    for (TraceSink* sink : m_batchedSinks) {
        sink->m_feeder = nullptr;
    }
}

// The common case (no sink is being handed a record) stays short; the rest
// is out of line.
std::uint64_t Tracer::record(const TraceRecord& r) {
    const std::uint64_t index = m_nextIndex++;
    const TimeNs now = m_scheduler.now();
    if (m_dispatching) {
        return recordFromSink(r, index, now);
    }
    if (index >= m_batchDue) {
        handBatches();
    }
    const TraceRecord& stored = m_ring.store(r, index, now);
    // Most records (DMA, DPC, client) are of categories no per-record sink
    // reads: no call at all.
    if (!sinksOf(stored.category).empty()) {
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
        appendToRing(deferred);
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
        for (TraceSink* sink : sinksOf(stored.category)) {
            sink->onTraceRecord(stored);
        }
        m_handingStored = false;
        if (!m_deferred.empty()) {
            storeDeferredTail();
            // Records that sinks emitted meanwhile, in index order; they may
            // add more (m_deferred may grow, hence the copy).
            for (std::size_t i = 0; i < m_deferred.size(); ++i) {
                const TraceRecord deferred = m_deferred[i];
                for (TraceSink* sink : sinksOf(deferred.category)) {
                    sink->onTraceRecord(deferred);
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
        appendToRing(m_deferred[i]);
    }
    m_unstored = 0;
}

// Every record stored so far, to every batched sink; the ring holds them all
// (a record is never stored over one the sinks have not been handed).
void Tracer::handBatches() {
    const std::uint64_t end = m_ring.endIndex();
    if (end > m_batchedFrom) {
        for (TraceSink* sink : m_batchedSinks) {
            sink->onTraceRecords(m_ring, m_batchedFrom, end);
        }
    }
    m_batchedFrom = end;
    m_batchDue = m_batchedSinks.empty() ? kNoBatchDue : end + m_batchRecords;
}

void Tracer::dropBatchedSink(TraceSink* sink) {
    m_sinks.erase(std::remove(m_sinks.begin(), m_sinks.end(), sink), m_sinks.end());
    m_batchedSinks.erase(std::remove(m_batchedSinks.begin(), m_batchedSinks.end(), sink),
                         m_batchedSinks.end());
    sink->m_feeder = nullptr;
    rebuildSinkLists();
    if (m_batchedSinks.empty()) {
        m_batchDue = kNoBatchDue;
    }
}

void Tracer::addSink(TraceSink* sink) {
    if (sink == nullptr) {
        return;
    }
    if (sink->batched()) {
        if (sink->m_feeder != nullptr) {
            return;  // already added here or to another Tracer
        }
        // The sinks already added are brought up to date, so that all start
        // the next batch at the same record.
        handBatches();
        sink->m_feeder = this;
        m_batchedSinks.push_back(sink);
        m_batchDue = m_batchedFrom + m_batchRecords;
        return;
    }
    if (std::find(m_sinks.begin(), m_sinks.end(), sink) == m_sinks.end()) {
        m_sinks.push_back(sink);
        // Appended last to each list it reads, so each list keeps the order
        // of adding. Only the new sink is asked for its mask.
        for (std::size_t c = 0; c < static_cast<std::size_t>(kTraceCategoryCount); ++c) {
            if ((sink->categoryMask() & (1u << c)) != 0) {
                m_sinksByCategory[c].push_back(sink);
            }
        }
    }
}

// Drops from the category lists every sink no longer in m_sinks. It looks
// at the pointers only: a sink that was destroyed without being removed
// (its owner's business) is never touched here, whoever is removed.
void Tracer::rebuildSinkLists() {
    for (std::vector<TraceSink*>& list : m_sinksByCategory) {
        list.erase(std::remove_if(list.begin(), list.end(),
                                  [this](TraceSink* s) {
                                      return std::find(m_sinks.begin(), m_sinks.end(), s) ==
                                             m_sinks.end();
                                  }),
                   list.end());
    }
}

void Tracer::removeSink(TraceSink* sink) {
    if (sink != nullptr && sink->batched() && sink->m_feeder == this) {
        handBatches();
        dropBatchedSink(sink);
        return;
    }
    m_sinks.erase(std::remove(m_sinks.begin(), m_sinks.end(), sink), m_sinks.end());
    rebuildSinkLists();
}

}  // namespace ps
