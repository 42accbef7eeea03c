#include "model/sim/TraceRing.h"

#include <algorithm>
#include <stdexcept>
#include <string>

namespace ps {

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
