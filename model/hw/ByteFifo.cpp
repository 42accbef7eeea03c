#include "model/hw/ByteFifo.h"

#include <algorithm>
#include <cstring>
#include <stdexcept>

namespace ps {

ByteFifo::ByteFifo(std::size_t capacityBytes) : m_storage(capacityBytes) {
    if (capacityBytes == 0) {
        throw std::invalid_argument("ByteFifo: the capacity must be positive");
    }
}

std::size_t ByteFifo::push(const std::uint8_t* source, std::size_t bytes) {
    const std::size_t count = std::min(bytes, freeBytes());
    if (count == 0 || source == nullptr) {
        return 0;
    }
    const std::size_t capacity = m_storage.size();
    // m_head < capacity and m_level <= capacity: one subtraction wraps it (a
    // division here was a measurable part of every DMA catch-up).
    std::size_t tail = m_head + m_level;
    if (tail >= capacity) {
        tail -= capacity;
    }
    // At most two contiguous pieces: up to the end of the storage, then from 0.
    // The second piece is usually empty; skipping it saves a library call
    // per burst.
    const std::size_t first = std::min(count, capacity - tail);
    std::memcpy(m_storage.data() + tail, source, first);
    if (first < count) {
        std::memcpy(m_storage.data(), source + first, count - first);
    }
    m_level += count;
    return count;
}

namespace {

// peek() without the checks: copies count (<= level) bytes from head.
void copyOut(const std::vector<std::uint8_t>& storage, std::size_t head, std::size_t count,
             std::uint8_t* destination) {
    const std::size_t first = std::min(count, storage.size() - head);
    std::memcpy(destination, storage.data() + head, first);
    if (first < count) {
        std::memcpy(destination + first, storage.data(), count - first);
    }
}

}  // namespace

std::size_t ByteFifo::peek(std::uint8_t* destination, std::size_t bytes) const {
    const std::size_t count = std::min(bytes, m_level);
    if (count != 0 && destination != nullptr) {
        copyOut(m_storage, m_head, count, destination);
    }
    return count;
}

std::size_t ByteFifo::pop(std::uint8_t* destination, std::size_t bytes) {
    const std::size_t count = std::min(bytes, m_level);
    if (count != 0 && destination != nullptr) {
        copyOut(m_storage, m_head, count, destination);
    }
    m_head += count;  // < 2 * capacity: count <= m_level <= capacity
    if (m_head >= m_storage.size()) {
        m_head -= m_storage.size();
    }
    m_level -= count;
    if (m_level == 0) {
        m_head = 0;  // keeps bursts contiguous in the common drain-to-empty case
    }
    return count;
}

void ByteFifo::clear() {
    m_head = 0;
    m_level = 0;
}

}  // namespace ps
