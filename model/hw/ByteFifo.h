// A bounded first-in, first-out queue of bytes: the FIFO between a DMA engine
// and a codec converter. The DMA side moves bursts of bytes, the converter side
// whole frames; the FIFO itself knows nothing of frames, so a frame that
// straddles two descriptors is simply two pushes followed by one pop.
//
// Contract
// - capacityBytes is fixed at construction (> 0, std::invalid_argument
//   otherwise); it bounds levelBytes() at every push and pop.
// - push() stores at most freeBytes() bytes and pop()/peek() take at most
//   levelBytes() bytes; each returns how many bytes it actually moved, so a
//   caller's mistake is a short count, never an overflow.
// - The held bytes are always contiguous: front() points at the oldest, valid
//   until the next non-const call. (The storage is a line with slack behind
//   the capacity, not a ring: the bytes move back to its start only when a
//   push or stage() would run past its end, once per several KiB moved.)
// - stage()/commitStaged() let a DMA model land bytes straight behind the held
//   ones and let its converter take them from front() in the same step, above
//   the capacity for that moment (a catch-up that runs several bursts and
//   the converter's frames between them at once). Only stage() may allocate:
//   the storage grows to the largest staged run, once.
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

    std::size_t capacityBytes() const { return m_capacity; }
    std::size_t levelBytes() const { return m_level; }
    std::size_t freeBytes() const { return m_capacity - m_level; }
    bool empty() const { return m_level == 0; }
    bool full() const { return m_level == m_capacity; }

    // The oldest held byte; levelBytes() bytes from here are the contents in
    // order. Valid until the next push, pop, stage, commitStaged or clear.
    const std::uint8_t* front() const { return m_storage.data() + m_head; }

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

    // Where `bytes` bytes may be written directly behind the held bytes
    // (front() + levelBytes()), whatever the capacity says; nothing changes
    // until commitStaged(). Any number of bytes.
    std::uint8_t* stage(std::size_t bytes);
    // Adds the first stagedBytes of the bytes written at stage() to the FIFO
    // and then removes the consumedBytes oldest bytes (levelBytes() +
    // stagedBytes at most; more is clamped). The level that results must be
    // within the capacity (std::logic_error otherwise: the caller's replay of
    // the FIFO went wrong).
    void commitStaged(std::size_t stagedBytes, std::size_t consumedBytes);

  private:
    // Moves the held bytes to the start of the storage.
    void compact();
    [[noreturn]] static void throwOverCapacity();

    static constexpr std::size_t kSlackBytes = 4096;
    std::vector<std::uint8_t> m_storage;  // capacity + slack, or more after stage()
    std::size_t m_capacity;
    std::size_t m_head = 0;  // index of the oldest byte
    std::size_t m_level = 0;
};

inline std::size_t ByteFifo::push(const std::uint8_t* source, std::size_t bytes) {
    const std::size_t count = std::min(bytes, freeBytes());
    if (count == 0 || source == nullptr) {
        return 0;
    }
    // count <= capacity < storage size: after a compaction it always fits.
    if (m_head + m_level + count > m_storage.size()) {
        compact();
    }
    std::memcpy(m_storage.data() + m_head + m_level, source, count);
    m_level += count;
    return count;
}

inline std::size_t ByteFifo::pop(std::uint8_t* destination, std::size_t bytes) {
    const std::size_t count = std::min(bytes, m_level);
    if (count != 0 && destination != nullptr) {
        std::memcpy(destination, m_storage.data() + m_head, count);
    }
    m_head += count;
    m_level -= count;
    if (m_level == 0) {
        m_head = 0;  // nothing to move: start over at the front of the storage
    }
    return count;
}

inline std::uint8_t* ByteFifo::stage(std::size_t bytes) {
    if (m_head + m_level + bytes > m_storage.size()) {
        compact();
        if (m_level + bytes > m_storage.size()) {
            m_storage.resize(m_level + bytes);
        }
    }
    return m_storage.data() + m_head + m_level;
}

inline void ByteFifo::commitStaged(std::size_t stagedBytes, std::size_t consumedBytes) {
    const std::size_t total = m_level + stagedBytes;
    const std::size_t consumed = std::min(consumedBytes, total);
    if (total - consumed > m_capacity) {
        throwOverCapacity();
    }
    m_head += consumed;
    m_level = total - consumed;
    if (m_level == 0) {
        m_head = 0;
    }
}

}  // namespace ps
