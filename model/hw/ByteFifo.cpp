#include "model/hw/ByteFifo.h"

#include <algorithm>
#include <cstring>
#include <stdexcept>

namespace ps {

ByteFifo::ByteFifo(std::size_t capacityBytes)
    : m_storage(capacityBytes + kSlackBytes), m_capacity(capacityBytes) {
    if (capacityBytes == 0) {
        throw std::invalid_argument("ByteFifo: the capacity must be positive");
    }
}

std::size_t ByteFifo::peek(std::uint8_t* destination, std::size_t bytes) const {
    const std::size_t count = std::min(bytes, m_level);
    if (count != 0 && destination != nullptr) {
        std::memcpy(destination, m_storage.data() + m_head, count);
    }
    return count;
}

void ByteFifo::clear() {
    m_head = 0;
    m_level = 0;
}

void ByteFifo::compact() {
    if (m_head != 0) {
        // The regions may overlap when the level exceeds the head.
        std::memmove(m_storage.data(), m_storage.data() + m_head, m_level);
        m_head = 0;
    }
}

void ByteFifo::throwOverCapacity() {
    throw std::logic_error("ByteFifo: commitStaged would leave more than the capacity");
}

}  // namespace ps
