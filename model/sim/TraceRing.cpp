#include "model/sim/TraceRing.h"

#include <algorithm>
#include <cstdlib>
#include <new>
#include <stdexcept>
#include <string>

#if defined(__linux__)
#include <sys/mman.h>
#endif

namespace ps {

namespace {

constexpr std::size_t kHugePageBytes = std::size_t{2} << 20;

}  // namespace

void* allocateTraceRingStorage(std::size_t bytes) {
    if (bytes >= kHugePageBytes) {
        // Whole huge pages: aligned_alloc wants a multiple of the alignment.
        const std::size_t rounded = (bytes + kHugePageBytes - 1) / kHugePageBytes * kHugePageBytes;
        void* storage = std::aligned_alloc(kHugePageBytes, rounded);
        if (storage == nullptr) {
            throw std::bad_alloc();
        }
#if defined(__linux__) && defined(MADV_HUGEPAGE)
        // Advice only: without huge pages the ring works the same.
        madvise(storage, rounded, MADV_HUGEPAGE);
#endif
        return storage;
    }
    return ::operator new(bytes);
}

void freeTraceRingStorage(void* storage, std::size_t bytes) noexcept {
    if (bytes >= kHugePageBytes) {
        std::free(storage);
        return;
    }
    ::operator delete(storage);
}

TraceRing::TraceRing(std::size_t capacity) {
    if (capacity == 0) {
        throw std::invalid_argument("TraceRing: capacity must be positive");
    }
    m_records.resize(capacity);
    if (capacity > 1 && (capacity & (capacity - 1)) == 0) {
        m_mask = capacity - 1;
    }
}

void TraceRing::append(const TraceRecord& record) {
    if (m_started && record.index != m_endIndex) {
        throw std::logic_error("TraceRing::append: index " + std::to_string(record.index) +
                               " does not follow " + std::to_string(m_endIndex - 1));
    }
    store(record, record.index, record.timeNs);
}

void TraceRing::clear() {
    m_size = 0;
    m_evicted = 0;
    m_started = false;
    m_endIndex = 0;
}

const TraceRecord* TraceRing::find(std::uint64_t index) const {
    if (index < firstIndex() || index >= m_endIndex) {
        return nullptr;
    }
    return &m_records[slotOf(index)];
}

void TraceRing::forEachFrom(std::uint64_t fromIndex,
                            const std::function<void(const TraceRecord&)>& fn) const {
    for (std::uint64_t i = std::max(fromIndex, firstIndex()); i < m_endIndex; ++i) {
        fn(m_records[slotOf(i)]);
    }
}

}  // namespace ps
