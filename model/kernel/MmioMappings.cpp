#include "model/kernel/MmioMappings.h"

namespace ps {

std::optional<std::uint64_t> MmioMappings::map(PHYSICAL_ADDRESS physicalAddress,
                                               std::uint64_t bytes) {
    if (bytes == 0 || physicalAddress > kMax32BitAddress ||
        bytes > kMax32BitAddress - physicalAddress + 1) {
        return std::nullopt;
    }
    const std::uint64_t pageOffset = physicalAddress & (PAGE_SIZE - 1);
    const std::uint64_t pages = (pageOffset + bytes + PAGE_SIZE - 1) / PAGE_SIZE;
    const std::uint64_t va = m_nextVa + pageOffset;
    m_nextVa += (pages + 1) * PAGE_SIZE;  // + one guard page
    m_mappings[va] = Mapping{bytes, physicalAddress};
    return va;
}

bool MmioMappings::unmap(std::uint64_t va) {
    return m_mappings.erase(va) != 0;
}

std::optional<std::uint32_t> MmioMappings::translate(std::uint64_t va, unsigned widthBytes) const {
    auto it = m_mappings.upper_bound(va);
    if (it == m_mappings.begin()) {
        return std::nullopt;
    }
    --it;
    const std::uint64_t offset = va - it->first;
    if (offset >= it->second.bytes || widthBytes > it->second.bytes - offset) {
        return std::nullopt;
    }
    return static_cast<std::uint32_t>(it->second.physicalAddress + offset);
}

}  // namespace ps
