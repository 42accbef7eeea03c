// A bounded ring of the newest trace records. Appending never allocates after
// construction; when full, the oldest record is overwritten. Records keep the
// index the Tracer gave them, so a reader can tell what was evicted.
#pragma once

#include "model/sim/TraceRecord.h"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <vector>

namespace ps {

// The ring's storage: a large ring (the default one is about 19 MiB) is
// placed on 2 MiB boundaries and, where the system offers it (Linux), asked
// for huge pages, so that writing records one after another does not miss
// the TLB on every new 4 KiB page. Smaller rings come from operator new.
void* allocateTraceRingStorage(std::size_t bytes);
void freeTraceRingStorage(void* storage, std::size_t bytes) noexcept;

template <typename T>
struct TraceRingAllocator {
    using value_type = T;
    TraceRingAllocator() noexcept = default;
    template <typename U>
    TraceRingAllocator(const TraceRingAllocator<U>&) noexcept {}
    T* allocate(std::size_t n) { return static_cast<T*>(allocateTraceRingStorage(n * sizeof(T))); }
    void deallocate(T* p, std::size_t n) noexcept { freeTraceRingStorage(p, n * sizeof(T)); }
};
template <typename T, typename U>
bool operator==(const TraceRingAllocator<T>&, const TraceRingAllocator<U>&) noexcept {
    return true;
}
template <typename T, typename U>
bool operator!=(const TraceRingAllocator<T>&, const TraceRingAllocator<U>&) noexcept {
    return false;
}

class TraceRing {
  public:
    // capacity > 0 records (std::invalid_argument otherwise).
    explicit TraceRing(std::size_t capacity);

    // Appends a record; its index must be one more than the previous record's
    // (std::logic_error otherwise: indices are never reused or skipped).
    void append(const TraceRecord& record);
    // The Tracer's path: stores a copy of record (its set fields) as number
    // `index` (which must be endIndex(); not checked) stamped with timeNs, and
    // returns the stored record, valid until capacity() more records are
    // stored.
    TraceRecord& store(const TraceRecord& record, std::uint64_t index, TimeNs timeNs) {
        TraceRecord& slot = m_records[slotOf(index)];
        prefetchForWrite(index + kPrefetchAhead);
        record.copyUsedInto(slot);
        slot.index = index;
        slot.timeNs = timeNs;
        m_started = true;
        m_endIndex = index + 1;
        if (m_size < m_records.size()) {
            ++m_size;
        } else {
            ++m_evicted;
        }
        return slot;
    }
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

    // The record with that index, which must be held (firstIndex() <= index
    // < endIndex(); not checked).
    const TraceRecord& held(std::uint64_t index) const { return m_records[slotOf(index)]; }
    // How many of the held records [index, end) follow the record `index` in
    // memory (at least one when index < end): the rest starts at the front.
    std::size_t heldRun(std::uint64_t index, std::uint64_t end) const {
        const std::size_t toBack = m_records.size() - slotOf(index);
        return end - index < toBack ? static_cast<std::size_t>(end - index) : toBack;
    }
    // The record with that index, or nullptr if evicted or not yet appended.
    const TraceRecord* find(std::uint64_t index) const;
    // Calls fn for every held record with index >= fromIndex, oldest first.
    void forEachFrom(std::uint64_t fromIndex,
                     const std::function<void(const TraceRecord&)>& fn) const;

  private:
    // Records ahead of the one stored whose slot's first bytes are fetched
    // for writing: a large ring's slots were last touched 65,536 records ago
    // and are out of the near caches, and the copy otherwise waits for them.
    static constexpr std::uint64_t kPrefetchAhead = 8;
    void prefetchForWrite(std::uint64_t index) const {
#if defined(__GNUC__) && defined(__x86_64__)
        // As asm: GCC 12 dropped __builtin_prefetch here. A read prefetch is
        // enough: the line arrives exclusive (no other core holds it), and
        // the store then owns it without another trip.
        const auto* slot = reinterpret_cast<const char*>(&m_records[slotOf(index)]);
        __asm__ volatile("prefetcht0 %0" : : "m"(*slot));
        __asm__ volatile("prefetcht0 %0" : : "m"(*(slot + 64)));
        __asm__ volatile("prefetcht0 %0" : : "m"(*(slot + 128)));
#else
        (void)index;
#endif
    }
    // A mask when the capacity is a power of two (the default), so that
    // storing a record does not divide.
    std::size_t slotOf(std::uint64_t index) const {
        return m_mask != 0 ? static_cast<std::size_t>(index & m_mask)
                           : static_cast<std::size_t>(index % m_records.size());
    }

    std::vector<TraceRecord, TraceRingAllocator<TraceRecord>> m_records;
    std::uint64_t m_mask = 0;  // capacity - 1 for a power of two > 1, else 0
    std::size_t m_size = 0;
    std::uint64_t m_endIndex = 0;
    std::uint64_t m_evicted = 0;
    bool m_started = false;
};

}  // namespace ps
