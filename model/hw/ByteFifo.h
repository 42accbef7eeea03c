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

#include <cstddef>
#include <cstdint>
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

}  // namespace ps
