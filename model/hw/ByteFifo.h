// A bounded first-in, first-out queue of bytes: the FIFO between a DMA engine
// and a codec converter. The DMA side moves bursts of bytes, the converter side
// whole frames; the FIFO itself knows nothing of frames, so a frame that
// straddles two descriptors is simply two pushes followed by one pop.
//
// Contract
// - capacityBytes is fixed at construction (> 0, std::invalid_argument
//   otherwise); storage is allocated once and never again.
// - push() stores at most freeBytes() bytes and pop()/peek() take at most
//   levelBytes() bytes; each returns how many bytes it actually moved, so a
//   caller's mistake is a short count, never an overflow.
// - Simulation thread only.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <vector>

namespace ps {

class ByteFifo {
  public:
    explicit ByteFifo(std::size_t capacityBytes);

    std::size_t capacityBytes() const { return m_storage.size(); }
    std::size_t levelBytes() const { return m_level; }
    std::size_t freeBytes() const { return m_storage.size() - m_level; }
    bool empty() const { return m_level == 0; }
    bool full() const { return m_level == m_storage.size(); }

    // Appends up to `bytes` bytes from source; returns the count stored.
    // (Inline, like pop(): every DMA burst and converter step goes through
    // them, and the call costs as much as the bookkeeping.)
    std::size_t push(const std::uint8_t* source, std::size_t bytes);
    // Removes up to `bytes` of the oldest bytes into destination (may be null to
    // discard them); returns the count removed.
    std::size_t pop(std::uint8_t* destination, std::size_t bytes);
    // Copies up to `bytes` of the oldest bytes without removing them.
    std::size_t peek(std::uint8_t* destination, std::size_t bytes) const;
    // Drops every byte (a FIFO reset).
    void clear();

  private:
    std::vector<std::uint8_t> m_storage;
    std::size_t m_head = 0;  // index of the oldest byte
    std::size_t m_level = 0;
};

inline std::size_t ByteFifo::push(const std::uint8_t* source, std::size_t bytes) {
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

inline std::size_t ByteFifo::pop(std::uint8_t* destination, std::size_t bytes) {
    const std::size_t count = std::min(bytes, m_level);
    const std::size_t capacity = m_storage.size();
    if (count != 0 && destination != nullptr) {
        const std::size_t first = std::min(count, capacity - m_head);
        std::memcpy(destination, m_storage.data() + m_head, first);
        if (first < count) {
            std::memcpy(destination + first, m_storage.data(), count - first);
        }
    }
    m_head += count;  // < 2 * capacity: count <= m_level <= capacity
    if (m_head >= capacity) {
        m_head -= capacity;
    }
    m_level -= count;
    if (m_level == 0) {
        m_head = 0;  // keeps bursts contiguous in the common drain-to-empty case
    }
    return count;
}

}  // namespace ps
