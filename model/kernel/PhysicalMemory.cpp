#include "model/kernel/PhysicalMemory.h"

#include "model/sim/Random.h"

#include <algorithm>
#include <cstring>
#include <numeric>

namespace ps {

PhysicalMemory::PhysicalMemory(const PhysicalMemoryConfig& config)
    : m_frameCount(std::min(config.frameCount, kMaxFrameCount)),
      m_lowCount(0),
      m_lowBasePfn(config.lowBasePfn),
      m_freeCount(m_frameCount),
      m_allocated(m_frameCount, 0),
      m_backing(m_frameCount) {
    const std::uint64_t high = std::min(config.framesAbove4GiB, m_frameCount);
    const std::uint64_t lowCapacity = m_lowBasePfn < kPfnAt4GiB ? kPfnAt4GiB - m_lowBasePfn : 0;
    m_lowCount = std::min(m_frameCount - high, lowCapacity);

    // The allocation order: a stride coprime to the frame count (a full cycle)
    // that is neither 1 nor -1, so consecutive allocations are never adjacent.
    Random rng(config.seed);
    const std::uint64_t n = m_frameCount;
    if (n > 4) {
        const std::uint64_t range = n - 3;  // candidates 2 .. n-2
        const std::uint64_t first = rng.uniformBelow(range);
        for (std::uint64_t i = 0; i < range; ++i) {
            const std::uint64_t candidate = 2 + (first + i) % range;
            if (std::gcd(candidate, n) == 1) {
                m_stride = candidate;
                break;
            }
        }
    }
    m_orderOffset = n > 0 ? rng.uniformBelow(n) : 0;
}

PFN_NUMBER PhysicalMemory::pfnOf(std::uint64_t index) const {
    return index < m_lowCount ? m_lowBasePfn + index : kPfnAt4GiB + (index - m_lowCount);
}

void PhysicalMemory::markAllocated(std::uint64_t index) {
    m_allocated[index] = 1;
    --m_freeCount;
}

bool PhysicalMemory::freeIndex(std::uint64_t index) {
    if (m_allocated[index] == 0) {
        return false;
    }
    m_allocated[index] = 0;
    ++m_freeCount;
    if (m_backing[index]) {
        m_backing[index].reset();  // the next owner sees zeros
        --m_backedCount;
    }
    return true;
}

std::optional<std::vector<PFN_NUMBER>> PhysicalMemory::allocatePages(
    std::uint64_t count, PHYSICAL_ADDRESS highestAddress) {
    if (count == 0 || count > m_freeCount) {
        return std::nullopt;
    }
    const std::uint64_t n = m_frameCount;
    std::vector<std::uint64_t> chosen;
    chosen.reserve(static_cast<std::size_t>(count));
    std::uint64_t steps = 0;
    while (steps < n && chosen.size() < count) {
        const std::uint64_t k = (m_cursor + steps) % n;
        const std::uint64_t index = (m_orderOffset + k * m_stride) % n;
        ++steps;
        if (m_allocated[index] != 0) {
            continue;
        }
        const PHYSICAL_ADDRESS lastByte = pfnToAddress(pfnOf(index)) + (PAGE_SIZE - 1);
        if (lastByte <= highestAddress) {
            chosen.push_back(index);
        }
    }
    if (chosen.size() < count) {
        return std::nullopt;
    }
    m_cursor = (m_cursor + steps) % n;
    std::vector<PFN_NUMBER> pfns;
    pfns.reserve(chosen.size());
    for (std::uint64_t index : chosen) {
        markAllocated(index);
        pfns.push_back(pfnOf(index));
    }
    return pfns;
}

std::optional<PFN_NUMBER> PhysicalMemory::allocateContiguous(std::uint64_t count,
                                                             std::uint64_t alignmentPages,
                                                             PHYSICAL_ADDRESS highestAddress,
                                                             PHYSICAL_ADDRESS lowestAddress) {
    if (count == 0 || count > m_freeCount) {
        return std::nullopt;
    }
    const std::uint64_t alignment = alignmentPages == 0 ? 1 : alignmentPages;
    const std::uint64_t n = m_frameCount;
    std::uint64_t start = 0;
    while (start < n && n - start >= count) {
        const PFN_NUMBER firstPfn = pfnOf(start);
        if (firstPfn % alignment != 0 || pfnToAddress(firstPfn) < lowestAddress) {
            ++start;
            continue;
        }
        std::uint64_t j = 0;
        bool busy = false;
        for (; j < count; ++j) {
            const std::uint64_t index = start + j;
            if (pfnOf(index) != firstPfn + j) {
                break;  // the low/high gap
            }
            if (m_allocated[index] != 0) {
                busy = true;
                break;
            }
            if (pfnToAddress(firstPfn + j) + (PAGE_SIZE - 1) > highestAddress) {
                return std::nullopt;  // frames only get higher from here
            }
        }
        if (j == count) {
            for (std::uint64_t i = 0; i < count; ++i) {
                markAllocated(start + i);
            }
            return firstPfn;
        }
        start = busy ? start + j + 1 : start + std::max<std::uint64_t>(j, 1);
    }
    return std::nullopt;
}

NTSTATUS PhysicalMemory::freePages(const std::vector<PFN_NUMBER>& pfns) {
    NTSTATUS status = STATUS_SUCCESS;
    for (PFN_NUMBER pfn : pfns) {
        const std::uint64_t index = frameIndex(pfn);
        if (index == kNoFrame || !freeIndex(index)) {
            ++m_badFrees;
            status = STATUS_INVALID_PARAMETER;
        }
    }
    return status;
}

NTSTATUS PhysicalMemory::freeContiguous(PFN_NUMBER firstPfn, std::uint64_t count) {
    NTSTATUS status = STATUS_SUCCESS;
    for (std::uint64_t i = 0; i < count; ++i) {
        const std::uint64_t index = firstPfn + i < firstPfn ? kNoFrame : frameIndex(firstPfn + i);
        if (index == kNoFrame || !freeIndex(index)) {
            ++m_badFrees;
            status = STATUS_INVALID_PARAMETER;
        }
    }
    return status;
}

MemoryAccess PhysicalMemory::transfer(Op op, PHYSICAL_ADDRESS address, std::uint8_t* destination,
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
    if (total - 1 > kMaxPhysicalAddress - address) {
        // The range wraps past the top of the address space: refuse it whole.
        result.faultAddress = address;
        result.faultBytes = total;
        if (op == Op::Read) {
            std::memset(destination, 0, bytes);
        }
    } else {
        std::uint64_t done = 0;
        while (done < total) {
            const PHYSICAL_ADDRESS at = address + done;
            const std::uint64_t offset = at & (PAGE_SIZE - 1);
            const std::size_t length =
                static_cast<std::size_t>(std::min<std::uint64_t>(total - done, PAGE_SIZE - offset));
            const std::uint64_t index = frameIndex(addressToPfn(at));
            if (index != kNoFrame && m_allocated[index] != 0) {
                std::unique_ptr<Page>& page = m_backing[index];
                if (op == Op::Read) {
                    if (page) {
                        std::memcpy(destination + done, page->data() + offset, length);
                    } else {
                        std::memset(destination + done, 0, length);
                    }
                } else if (page || op == Op::Write || fillValue != 0) {
                    if (!page) {
                        page = std::make_unique<Page>();
                        page->fill(0);
                        ++m_backedCount;
                    }
                    if (op == Op::Write) {
                        std::memcpy(page->data() + offset, source + done, length);
                    } else {
                        std::memset(page->data() + offset, fillValue, length);
                    }
                }
                result.bytesTransferred += length;
            } else {
                if (result.faultBytes == 0) {
                    result.faultAddress = at;
                }
                result.faultBytes += length;
                if (op == Op::Read) {
                    std::memset(destination + done, 0, length);
                }
            }
            done += length;
        }
    }
    if (result.faultBytes != 0) {
        result.status = STATUS_ACCESS_VIOLATION;
        MemoryFault fault;
        fault.space = MemorySpace::Physical;
        fault.kind = op == Op::Read ? AccessKind::Read : AccessKind::Write;
        fault.address = result.faultAddress;
        fault.accessStart = address;
        fault.accessBytes = total;
        fault.faultBytes = result.faultBytes;
        m_faults.record(fault);
    }
    return result;
}

// read() and write() first try the common case, an access within one
// allocated frame that already has its bytes (every DMA burst and buffer
// write of the audio paths), with one copy and no loop; what they return
// there is what transfer() returns for it. Anything else takes transfer().
MemoryAccess PhysicalMemory::read(PHYSICAL_ADDRESS address, void* destination, std::size_t bytes) {
    const std::uint64_t offset = address & (PAGE_SIZE - 1);
    if (bytes != 0 && destination != nullptr && bytes <= PAGE_SIZE - offset) {
        const std::uint64_t index = frameIndex(addressToPfn(address));
        if (index != kNoFrame && m_allocated[index] != 0 && m_backing[index]) {
            std::memcpy(destination, m_backing[index]->data() + offset, bytes);
            MemoryAccess result;
            result.bytesTransferred = bytes;
            return result;
        }
    }
    return transfer(Op::Read, address, static_cast<std::uint8_t*>(destination), nullptr, bytes, 0);
}

MemoryAccess PhysicalMemory::write(PHYSICAL_ADDRESS address, const void* source,
                                   std::size_t bytes) {
    const std::uint64_t offset = address & (PAGE_SIZE - 1);
    if (bytes != 0 && source != nullptr && bytes <= PAGE_SIZE - offset) {
        const std::uint64_t index = frameIndex(addressToPfn(address));
        if (index != kNoFrame && m_allocated[index] != 0 && m_backing[index]) {
            std::memcpy(m_backing[index]->data() + offset, source, bytes);
            MemoryAccess result;
            result.bytesTransferred = bytes;
            return result;
        }
    }
    return transfer(Op::Write, address, nullptr, static_cast<const std::uint8_t*>(source), bytes,
                    0);
}

MemoryAccess PhysicalMemory::fill(PHYSICAL_ADDRESS address, std::uint8_t value, std::size_t bytes) {
    return transfer(Op::Fill, address, nullptr, nullptr, bytes, value);
}

std::optional<std::uint16_t> PhysicalMemory::readU16(PHYSICAL_ADDRESS address) {
    return loadLittleEndian<std::uint16_t>(*this, address);
}
std::optional<std::uint32_t> PhysicalMemory::readU32(PHYSICAL_ADDRESS address) {
    return loadLittleEndian<std::uint32_t>(*this, address);
}
std::optional<std::uint64_t> PhysicalMemory::readU64(PHYSICAL_ADDRESS address) {
    return loadLittleEndian<std::uint64_t>(*this, address);
}
MemoryAccess PhysicalMemory::writeU16(PHYSICAL_ADDRESS address, std::uint16_t value) {
    return storeLittleEndian(*this, address, value);
}
MemoryAccess PhysicalMemory::writeU32(PHYSICAL_ADDRESS address, std::uint32_t value) {
    return storeLittleEndian(*this, address, value);
}
MemoryAccess PhysicalMemory::writeU64(PHYSICAL_ADDRESS address, std::uint64_t value) {
    return storeLittleEndian(*this, address, value);
}

}  // namespace ps
