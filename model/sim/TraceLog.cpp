#include "model/sim/TraceLog.h"

#include <stdexcept>
#include <string>

namespace ps {

const TraceRecord& TraceLogView::at(std::uint64_t index) const {
    const std::uint64_t base = m_chunks.front()->firstIndex;
    const std::uint64_t offset = index - base;
    return m_chunks[offset / kTraceLogChunkRecords]->records[offset % kTraceLogChunkRecords];
}

const TraceRecord* TraceLogView::find(std::uint64_t index) const {
    return contains(index) ? &at(index) : nullptr;
}

TraceLog::TraceLog(std::shared_ptr<const TraceStringPool> strings, std::size_t maxRecords)
    : m_strings(std::move(strings)),
      m_maxChunks(std::max<std::size_t>(1, maxRecords / kTraceLogChunkRecords)) {}

std::unique_ptr<TraceLog> TraceLog::attachTo(Tracer& tracer, std::size_t maxRecords) {
    auto log = std::make_unique<TraceLog>(tracer.sharedStrings(), maxRecords);
    tracer.addSink(log.get());
    return log;
}

void TraceLog::onTraceRecord(const TraceRecord& record) {
    if (!m_started) {
        m_started = true;
        m_endIndex = record.index;
    } else if (record.index != m_endIndex) {
        throw std::logic_error("TraceLog: expected record " + std::to_string(m_endIndex) +
                               ", got " + std::to_string(record.index));
    }
    const std::size_t slot =
        m_chunks.empty() ? kTraceLogChunkRecords
                         : static_cast<std::size_t>(m_endIndex - m_chunks.back()->firstIndex);
    if (slot == kTraceLogChunkRecords) {
        if (m_chunks.size() == m_maxChunks) {
            m_dropped += kTraceLogChunkRecords;
            m_chunks.pop_front();
        }
        auto chunk = std::make_shared<TraceLogChunk>();
        chunk->firstIndex = m_endIndex;
        m_chunks.push_back(std::move(chunk));
        m_chunks.back()->records[0] = record;
    } else {
        m_chunks.back()->records[slot] = record;
    }
    ++m_endIndex;
}

std::uint64_t TraceLog::firstIndex() const {
    return m_chunks.empty() ? m_endIndex : m_chunks.front()->firstIndex;
}

TraceLogView TraceLog::view() const {
    TraceLogView v;
    v.m_strings = m_strings;
    v.m_chunks.assign(m_chunks.begin(), m_chunks.end());
    v.m_firstIndex = firstIndex();
    v.m_endIndex = m_endIndex;
    return v;
}

}  // namespace ps
