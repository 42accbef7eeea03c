// A bounded ring of the newest trace records. Appending never allocates after
// construction; when full, the oldest record is overwritten. Records keep the
// index the Tracer gave them, so a reader can tell what was evicted.
#pragma once

#include "model/sim/TraceRecord.h"

#include <cstdint>
#include <functional>
#include <vector>

namespace ps {

class TraceRing {
  public:
    // capacity > 0 records (std::invalid_argument otherwise).
    explicit TraceRing(std::size_t capacity);

    // Appends a record; its index must be one more than the previous record's
    // (std::logic_error otherwise: indices are never reused or skipped).
    void append(const TraceRecord& record);
    void clear();

    std::size_t capacity() const { return m_records.size(); }
    std::size_t size() const { return m_size; }
    bool empty() const { return m_size == 0; }
    // Index of the oldest record held (== endIndex() when empty).
    std::uint64_t firstIndex() const { return m_endIndex - m_size; }
    // One past the index of the newest record ever appended.
    std::uint64_t endIndex() const { return m_endIndex; }
    // Records evicted to make room since construction or clear().
    std::uint64_t evictedCount() const { return m_evicted; }

    // The record with that index, or nullptr if evicted or not yet appended.
    const TraceRecord* find(std::uint64_t index) const;
    // Calls fn for every held record with index >= fromIndex, oldest first.
    void forEachFrom(std::uint64_t fromIndex,
                     const std::function<void(const TraceRecord&)>& fn) const;

  private:
    std::vector<TraceRecord> m_records;
    std::size_t m_size = 0;
    std::uint64_t m_endIndex = 0;
    std::uint64_t m_evicted = 0;
    bool m_started = false;
};

}  // namespace ps
