#include "model/kernel/IoSpace.h"

namespace ps {

bool IoSpace::registerDevice(std::uint32_t base, std::uint32_t length, IoDevice* device) {
    if (length == 0 || device == nullptr ||
        base + static_cast<std::uint64_t>(length) > 0x1'0000'0000ull) {
        return false;
    }
    const std::uint64_t end = static_cast<std::uint64_t>(base) + length;
    for (const auto& [otherBase, range] : m_ranges) {
        const std::uint64_t otherEnd = static_cast<std::uint64_t>(otherBase) + range.length;
        if (base < otherEnd && otherBase < end) {
            return false;
        }
    }
    m_ranges[base] = Range{length, device};
    return true;
}

void IoSpace::unregisterDevice(IoDevice* device) {
    for (auto it = m_ranges.begin(); it != m_ranges.end();) {
        it = it->second.device == device ? m_ranges.erase(it) : std::next(it);
    }
}

std::uint32_t IoSpace::read(std::uint32_t port, unsigned widthBytes) {
    auto it = m_ranges.upper_bound(port);
    if (it != m_ranges.begin()) {
        --it;
        const std::uint64_t offset = port - it->first;
        if (offset + widthBytes <= it->second.length) {
            return it->second.device->ioRead(static_cast<std::uint32_t>(offset), widthBytes);
        }
    }
    ++m_unclaimed;
    return widthBytes == 4 ? 0xFFFFFFFFu : (1u << (8 * widthBytes)) - 1;
}

void IoSpace::write(std::uint32_t port, unsigned widthBytes, std::uint32_t value) {
    auto it = m_ranges.upper_bound(port);
    if (it != m_ranges.begin()) {
        --it;
        const std::uint64_t offset = port - it->first;
        if (offset + widthBytes <= it->second.length) {
            it->second.device->ioWrite(static_cast<std::uint32_t>(offset), widthBytes, value);
            return;
        }
    }
    ++m_unclaimed;
}

UCHAR IoSpace::READ_PORT_UCHAR(std::uint32_t port) {
    return static_cast<UCHAR>(read(port, 1));
}
USHORT IoSpace::READ_PORT_USHORT(std::uint32_t port) {
    return static_cast<USHORT>(read(port, 2));
}
ULONG IoSpace::READ_PORT_ULONG(std::uint32_t port) {
    return read(port, 4);
}
void IoSpace::WRITE_PORT_UCHAR(std::uint32_t port, UCHAR value) {
    write(port, 1, value);
}
void IoSpace::WRITE_PORT_USHORT(std::uint32_t port, USHORT value) {
    write(port, 2, value);
}
void IoSpace::WRITE_PORT_ULONG(std::uint32_t port, ULONG value) {
    write(port, 4, value);
}

}  // namespace ps
