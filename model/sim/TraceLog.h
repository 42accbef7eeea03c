// TraceLog: the whole trace of a run kept for the inspector, as a TraceSink.
// Records are copied into fixed-size chunks that are never reallocated, so a
// TraceLogView (an immutable window onto the first N records) can be handed
// to another thread without copying records: the simulation thread only
// writes slots at or beyond the count every published view was taken at.
//
// Contract
// - onTraceRecord() is called by the Tracer on the simulation thread, with
//   consecutive indices starting at the first record seen (a gap throws
//   std::logic_error: the log must see every record).
// - Bounded: when more than maxRecords are held, the oldest whole chunk is
//   dropped (views taken earlier keep it alive). firstIndex() says where the
//   held records start.
// - view() is called on the simulation thread; the returned view may then be
//   read on any thread, for as long as it lives, while the log goes on.
//   Publishing the view to another thread must synchronise (a mutex or an
//   atomic shared_ptr store), which also publishes the record contents.
// - The strings records point to (literals, or text interned in the Tracer's
//   TraceStringPool) stay valid while any view lives: the view shares the
//   pool.
#pragma once

#include "model/sim/TraceRecord.h"
#include "model/sim/TraceStringPool.h"
#include "model/sim/Tracer.h"

#include <array>
#include <cstdint>
#include <deque>
#include <memory>
#include <vector>

namespace ps {

constexpr std::size_t kTraceLogChunkRecords = 4096;

struct TraceLogChunk {
    std::uint64_t firstIndex = 0;  // index of records[0]
    std::array<TraceRecord, kTraceLogChunkRecords> records;
};

class TraceLogView {
  public:
    TraceLogView() = default;

    std::uint64_t firstIndex() const { return m_firstIndex; }
    std::uint64_t endIndex() const { return m_endIndex; }
    std::uint64_t size() const { return m_endIndex - m_firstIndex; }
    bool empty() const { return m_endIndex == m_firstIndex; }
    bool contains(std::uint64_t index) const { return index >= m_firstIndex && index < m_endIndex; }
    // The record with that index; precondition contains(index).
    const TraceRecord& at(std::uint64_t index) const;
    // The record with that index, or nullptr when the view does not hold it.
    const TraceRecord* find(std::uint64_t index) const;

  private:
    friend class TraceLog;
    std::vector<std::shared_ptr<const TraceLogChunk>> m_chunks;
    std::shared_ptr<const TraceStringPool> m_strings;
    std::uint64_t m_firstIndex = 0;
    std::uint64_t m_endIndex = 0;
};

class TraceLog : public TraceSink {
  public:
    static constexpr std::size_t kDefaultMaxRecords = std::size_t{1} << 20;

    // strings: the Tracer's pool (Tracer::sharedStrings()), kept alive by
    // every view. maxRecords >= one chunk (smaller values are raised to it).
    explicit TraceLog(std::shared_ptr<const TraceStringPool> strings,
                      std::size_t maxRecords = kDefaultMaxRecords);
    // Attaches a new log to tracer (addSink); the tracer must outlive it or
    // the caller must remove it first.
    static std::unique_ptr<TraceLog> attachTo(Tracer& tracer,
                                              std::size_t maxRecords = kDefaultMaxRecords);

    void onTraceRecord(const TraceRecord& record) override;

    std::uint64_t firstIndex() const;
    std::uint64_t endIndex() const { return m_endIndex; }
    std::uint64_t droppedRecords() const { return m_dropped; }
    TraceLogView view() const;

  private:
    std::shared_ptr<const TraceStringPool> m_strings;
    std::size_t m_maxChunks;
    std::deque<std::shared_ptr<TraceLogChunk>> m_chunks;
    std::uint64_t m_endIndex = 0;
    std::uint64_t m_dropped = 0;
    bool m_started = false;
};

}  // namespace ps
