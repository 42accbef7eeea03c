#include "model/kernel/SystemAddressSpace.h"

#include <algorithm>
#include <cstring>

namespace ps {

SystemAddressSpace::SystemAddressSpace(PhysicalMemory& memory, std::uint64_t baseVa)
    : m_memory(memory),
      m_baseVa(std::max<std::uint64_t>(PAGE_ALIGN(baseVa), PAGE_SIZE)),
      m_nextVa(m_baseVa) {}

std::optional<std::uint64_t> SystemAddressSpace::map(const std::vector<PFN_NUMBER>& pages) {
    if (pages.empty() || m_exhausted) {
        return std::nullopt;
    }
    for (PFN_NUMBER pfn : pages) {
        if (!m_memory.isAllocated(pfn)) {
            return std::nullopt;
        }
    }
    // Pages left between m_nextVa and the top of the 64-bit space (unsigned
    // wrap-around: 2^64 - m_nextVa, and m_nextVa is never 0).
    const std::uint64_t pagesLeft = (std::uint64_t{0} - m_nextVa) / PAGE_SIZE;
    if (pages.size() > pagesLeft) {
        return std::nullopt;
    }
    const std::uint64_t va = m_nextVa;
    if (pagesLeft - pages.size() <= 1) {
        m_exhausted = true;  // no room for a guard page and another mapping
    } else {
        m_nextVa += (static_cast<std::uint64_t>(pages.size()) + 1) * PAGE_SIZE;
    }
    m_mappings.emplace(va, pages);
    return va;
}

bool SystemAddressSpace::unmap(std::uint64_t va) {
    if (m_mappings.erase(va) == 0) {
        return false;
    }
    m_pageCache.fill(PageCacheEntry{});
    return true;
}

PHYSICAL_ADDRESS SystemAddressSpace::physicalOfSlow(std::uint64_t va) const {
    auto it = m_mappings.upper_bound(va);
    if (it == m_mappings.begin()) {
        return kNotMapped;
    }
    --it;
    const std::uint64_t page = (va - it->first) >> PAGE_SHIFT;
    if (page >= it->second.size()) {
        return kNotMapped;
    }
    const PFN_NUMBER pfn = it->second[static_cast<std::size_t>(page)];
    m_pageCache[(va >> PAGE_SHIFT) & (kPageCacheEntries - 1)] =
        PageCacheEntry{va >> PAGE_SHIFT, pfn};
    return pfnToAddress(pfn) + BYTE_OFFSET(va);
}

std::optional<std::uint64_t> SystemAddressSpace::mapMdl(MDL& mdl) {
    if (mdl.MappedSystemVa != 0 || mdl.ByteCount == 0 || !mdlIsWellFormed(mdl)) {
        return std::nullopt;
    }
    const auto span = static_cast<std::size_t>(mdlSpanPages(mdl));
    const std::vector<PFN_NUMBER> pages(mdl.pages.begin(),
                                        mdl.pages.begin() + static_cast<std::ptrdiff_t>(span));
    const auto va = map(pages);
    if (!va) {
        return std::nullopt;
    }
    mdl.MappedSystemVa = *va + mdl.ByteOffset;
    return mdl.MappedSystemVa;
}

bool SystemAddressSpace::unmapMdl(MDL& mdl) {
    if (mdl.MappedSystemVa == 0 || !unmap(PAGE_ALIGN(mdl.MappedSystemVa))) {
        return false;
    }
    mdl.MappedSystemVa = 0;
    return true;
}

MemoryAccess SystemAddressSpace::transfer(Op op, std::uint64_t va, std::uint8_t* destination,
                                          const std::uint8_t* source, std::size_t bytes,
                                          std::uint8_t fillValue) {
    MemoryAccess result;
    if (bytes == 0) {
        return result;
    }
    if ((op == Op::Read && destination == nullptr) || (op == Op::Write && source == nullptr)) {
        result.status = STATUS_INVALID_PARAMETER;
        return result;
    }
    const std::uint64_t total = bytes;
    if (total - 1 > ~std::uint64_t{0} - va) {
        result.faultAddress = va;
        result.faultBytes = total;
        if (op == Op::Read) {
            std::memset(destination, 0, bytes);
        }
    } else {
        std::uint64_t done = 0;
        while (done < total) {
            const std::uint64_t at = va + done;
            const std::size_t length = static_cast<std::size_t>(
                std::min<std::uint64_t>(total - done, PAGE_SIZE - BYTE_OFFSET(at)));
            const auto physical = translate(at);
            MemoryAccess part;
            if (physical) {
                switch (op) {
                    case Op::Read:
                        part = m_memory.read(*physical, destination + done, length);
                        break;
                    case Op::Write:
                        part = m_memory.write(*physical, source + done, length);
                        break;
                    case Op::Fill:
                        part = m_memory.fill(*physical, fillValue, length);
                        break;
                }
            } else {
                part.status = STATUS_ACCESS_VIOLATION;
                part.faultBytes = length;
                if (op == Op::Read) {
                    std::memset(destination + done, 0, length);
                }
            }
            result.bytesTransferred += part.bytesTransferred;
            if (part.faultBytes != 0) {
                if (result.faultBytes == 0) {
                    // Translate the first bad byte back to its VA.
                    result.faultAddress = physical ? at + (part.faultAddress - *physical) : at;
                }
                result.faultBytes += part.faultBytes;
            }
            done += length;
        }
    }
    if (result.faultBytes != 0) {
        recordFault(op, va, total, result);
    }
    return result;
}

void SystemAddressSpace::recordFault(Op op, std::uint64_t va, std::uint64_t bytes,
                                     MemoryAccess& result) {
    result.status = STATUS_ACCESS_VIOLATION;
    MemoryFault fault;
    fault.space = MemorySpace::SystemVirtual;
    fault.kind = op == Op::Read ? AccessKind::Read : AccessKind::Write;
    fault.address = result.faultAddress;
    fault.accessStart = va;
    fault.accessBytes = bytes;
    fault.faultBytes = result.faultBytes;
    m_faults.record(fault);
}

// read() and write() take an access inside one mapped page (a BDL entry, a
// position word, most buffer copies) straight to PhysicalMemory with one
// translation; the result, faults included, is what transfer() gives for it.
// Anything else, or an unmapped page, takes transfer().
MemoryAccess SystemAddressSpace::withinPage(Op op, std::uint64_t va, std::uint8_t* destination,
                                            const std::uint8_t* source, std::size_t bytes,
                                            PHYSICAL_ADDRESS physical) {
    MemoryAccess result = op == Op::Read ? m_memory.read(physical, destination, bytes)
                                         : m_memory.write(physical, source, bytes);
    if (result.faultBytes != 0) {
        result.faultAddress = va + (result.faultAddress - physical);
        recordFault(op, va, bytes, result);
    }
    return result;
}

MemoryAccess SystemAddressSpace::read(std::uint64_t va, void* destination, std::size_t bytes) {
    auto* to = static_cast<std::uint8_t*>(destination);
    if (bytes != 0 && to != nullptr && bytes <= PAGE_SIZE - BYTE_OFFSET(va)) {
        const PHYSICAL_ADDRESS physical = physicalOf(va);
        if (physical != kNotMapped) {
            return withinPage(Op::Read, va, to, nullptr, bytes, physical);
        }
    }
    return transfer(Op::Read, va, to, nullptr, bytes, 0);
}

MemoryAccess SystemAddressSpace::write(std::uint64_t va, const void* source, std::size_t bytes) {
    const auto* from = static_cast<const std::uint8_t*>(source);
    if (bytes != 0 && from != nullptr && bytes <= PAGE_SIZE - BYTE_OFFSET(va)) {
        const PHYSICAL_ADDRESS physical = physicalOf(va);
        if (physical != kNotMapped) {
            return withinPage(Op::Write, va, nullptr, from, bytes, physical);
        }
    }
    return transfer(Op::Write, va, nullptr, from, bytes, 0);
}

MemoryAccess SystemAddressSpace::fill(std::uint64_t va, std::uint8_t value, std::size_t bytes) {
    return transfer(Op::Fill, va, nullptr, nullptr, bytes, value);
}

std::optional<std::uint32_t> SystemAddressSpace::readU32(std::uint64_t va) {
    return loadLittleEndian<std::uint32_t>(*this, va);
}
std::optional<std::uint64_t> SystemAddressSpace::readU64(std::uint64_t va) {
    return loadLittleEndian<std::uint64_t>(*this, va);
}
MemoryAccess SystemAddressSpace::writeU32(std::uint64_t va, std::uint32_t value) {
    return storeLittleEndian(*this, va, value);
}
MemoryAccess SystemAddressSpace::writeU64(std::uint64_t va, std::uint64_t value) {
    return storeLittleEndian(*this, va, value);
}

}  // namespace ps
