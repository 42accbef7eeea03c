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

std::size_t ByteFifo::peek(std::uint8_t* destination, std::size_t bytes) const {
    const std::size_t count = std::min(bytes, m_level);
    if (count != 0 && destination != nullptr) {
        const std::size_t first = std::min(count, m_storage.size() - m_head);
        std::memcpy(destination, m_storage.data() + m_head, first);
        if (first < count) {
            std::memcpy(destination + first, m_storage.data(), count - first);
        }
    }
    return count;
}

void ByteFifo::clear() {
    m_head = 0;
    m_level = 0;
}

}  // namespace ps
