#include "model/kernel/IoSpace.h"

#include <algorithm>

namespace ps {

bool IoSpace::registerDevice(std::uint32_t base, std::uint32_t length, IoDevice* device) {
    if (length == 0 || device == nullptr ||
        base + static_cast<std::uint64_t>(length) > 0x1'0000'0000ull) {
        return false;
    }
    const std::uint64_t end = static_cast<std::uint64_t>(base) + length;
    for (const Range& other : m_ranges) {
        const std::uint64_t otherEnd = static_cast<std::uint64_t>(other.base) + other.length;
        if (base < otherEnd && other.base < end) {
            return false;
        }
    }
    const auto at = std::upper_bound(m_ranges.begin(), m_ranges.end(), base,
                                     [](std::uint32_t b, const Range& r) { return b < r.base; });
    m_ranges.insert(at, Range{base, length, device});
    return true;
}

void IoSpace::unregisterDevice(IoDevice* device) {
    m_ranges.erase(std::remove_if(m_ranges.begin(), m_ranges.end(),
                                  [device](const Range& r) { return r.device == device; }),
                   m_ranges.end());
}

const IoSpace::Range* IoSpace::decode(std::uint32_t port, unsigned widthBytes) const {
    const auto it = std::upper_bound(m_ranges.begin(), m_ranges.end(), port,
                                     [](std::uint32_t p, const Range& r) { return p < r.base; });
    if (it == m_ranges.begin()) {
        return nullptr;
    }
    const Range& r = *(it - 1);
    const std::uint64_t offset = port - r.base;
    return offset + widthBytes <= r.length ? &r : nullptr;
}

std::uint32_t IoSpace::read(std::uint32_t port, unsigned widthBytes) {
    if (const Range* r = decode(port, widthBytes)) {
        return r->device->ioRead(port - r->base, widthBytes);
    }
    ++m_unclaimed;
    return widthBytes == 4 ? 0xFFFFFFFFu : (1u << (8 * widthBytes)) - 1;
}

void IoSpace::write(std::uint32_t port, unsigned widthBytes, std::uint32_t value) {
    if (const Range* r = decode(port, widthBytes)) {
        r->device->ioWrite(port - r->base, widthBytes, value);
        return;
    }
    ++m_unclaimed;
}

}  // namespace ps
