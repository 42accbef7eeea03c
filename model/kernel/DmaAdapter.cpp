#include "model/kernel/DmaAdapter.h"

#include <algorithm>
#include <limits>

namespace ps {

namespace {

// Physical addresses are at most 52 bits wide (x64); an MDL entry above that
// is garbage and refused, which also keeps every sum below 2^64.
constexpr PFN_NUMBER kMaxPfn = (PFN_NUMBER{1} << (52 - PAGE_SHIFT)) - 1;
constexpr std::uint64_t kNoLimit = std::numeric_limits<std::uint64_t>::max();

bool isPowerOfTwo(std::uint64_t value) {
    return value != 0 && (value & (value - 1)) == 0;
}

}  // namespace

DmaAdapterCreation DmaAdapter::create(const DEVICE_DESCRIPTION& description,
                                      SystemAddressSpace& addressSpace) {
    DmaAdapterCreation result;
    if (description.Version > DEVICE_DESCRIPTION_VERSION2) {
        result.status = STATUS_INVALID_PARAMETER;
    } else if (!description.Master) {
        result.status = STATUS_NOT_SUPPORTED;
    } else if (description.boundaryBytes != 0 && !isPowerOfTwo(description.boundaryBytes)) {
        result.status = STATUS_INVALID_PARAMETER;
    } else {
        result.status = STATUS_SUCCESS;
        result.adapter.reset(new DmaAdapter(description, addressSpace));
    }
    return result;
}

DmaAdapter::DmaAdapter(const DEVICE_DESCRIPTION& description, SystemAddressSpace& addressSpace)
    : m_description(description), m_addressSpace(addressSpace) {}

DmaAdapter::~DmaAdapter() {
    for (const auto& [va, buffer] : m_commonBuffers) {
        releaseCommonBuffer(buffer);
    }
}

PHYSICAL_ADDRESS DmaAdapter::addressLimit() const {
    return m_description.Dma64BitAddresses ? kMaxPhysicalAddress : kMax32BitAddress;
}

ScatterGatherResult DmaAdapter::BuildScatterGatherList(const MDL& mdl, ULONG offset, ULONG length,
                                                       BOOLEAN WriteToDevice) {
    (void)WriteToDevice;  // direction does not change the list; no bounce copies
    ScatterGatherResult result;
    if (length == 0 || !mdlIsWellFormed(mdl) ||
        std::uint64_t{offset} + length > std::uint64_t{mdl.ByteCount}) {
        result.status = STATUS_INVALID_PARAMETER;
        return result;
    }
    if (m_description.MaximumLength != 0 && length > m_description.MaximumLength) {
        result.status = STATUS_INSUFFICIENT_RESOURCES;
        return result;
    }
    const std::uint64_t maxSegment =
        m_description.maxSegmentBytes != 0 ? m_description.maxSegmentBytes : kNoLimit;
    const std::uint64_t boundary = m_description.boundaryBytes;
    // Bytes an element starting at `start` may hold before it crosses a boundary.
    auto boundaryRoom = [boundary](PHYSICAL_ADDRESS start) {
        return boundary != 0 ? boundary - (start & (boundary - 1)) : kNoLimit;
    };

    std::vector<SCATTER_GATHER_ELEMENT> elements;
    std::uint64_t position = std::uint64_t{mdl.ByteOffset} + offset;  // in the PFN array's span
    std::uint64_t remaining = length;
    while (remaining > 0) {
        const PFN_NUMBER pfn = mdl.pages[static_cast<std::size_t>(position >> PAGE_SHIFT)];
        if (pfn > kMaxPfn) {
            result.status = STATUS_INVALID_PARAMETER;
            return result;
        }
        const std::uint64_t inPage = position & (PAGE_SIZE - 1);
        std::uint64_t chunk = std::min<std::uint64_t>(remaining, PAGE_SIZE - inPage);
        position += chunk;
        remaining -= chunk;
        PHYSICAL_ADDRESS address = pfnToAddress(pfn) + inPage;
        while (chunk > 0) {
            if (!elements.empty()) {
                SCATTER_GATHER_ELEMENT& last = elements.back();
                const PHYSICAL_ADDRESS lastEnd = last.Address + last.Length;
                if (lastEnd == address) {
                    const std::uint64_t room = std::min(maxSegment - last.Length,
                                                        boundaryRoom(last.Address) - last.Length);
                    const std::uint64_t take = std::min(room, chunk);
                    if (take > 0) {
                        last.Length += static_cast<ULONG>(take);
                        address += take;
                        chunk -= take;
                        continue;
                    }
                }
            }
            const std::uint64_t take = std::min({chunk, maxSegment, boundaryRoom(address)});
            elements.push_back(SCATTER_GATHER_ELEMENT{address, static_cast<ULONG>(take), 0});
            address += take;
            chunk -= take;
        }
    }

    const PHYSICAL_ADDRESS limit = addressLimit();
    for (const SCATTER_GATHER_ELEMENT& element : elements) {
        if (element.Address + (element.Length - 1) > limit) {
            result.status = STATUS_INSUFFICIENT_RESOURCES;
            return result;
        }
    }
    if (!m_description.ScatterGather && elements.size() > 1) {
        result.status = STATUS_NOT_SUPPORTED;
        return result;
    }

    result.status = STATUS_SUCCESS;
    result.list.NumberOfElements = static_cast<ULONG>(elements.size());
    result.list.Reserved = m_nextListId++;
    result.list.Elements = std::move(elements);
    m_outstandingLists.insert(result.list.Reserved);
    return result;
}

NTSTATUS DmaAdapter::PutScatterGatherList(const SCATTER_GATHER_LIST& list, BOOLEAN WriteToDevice) {
    (void)WriteToDevice;
    return m_outstandingLists.erase(list.Reserved) != 0 ? STATUS_SUCCESS : STATUS_INVALID_PARAMETER;
}

std::optional<CommonBuffer> DmaAdapter::AllocateCommonBuffer(ULONG Length, BOOLEAN CacheEnabled) {
    if (Length == 0) {
        return std::nullopt;
    }
    PhysicalMemory& memory = m_addressSpace.physicalMemory();
    const std::uint64_t pageCount = BYTES_TO_PAGES(Length);
    const auto first = memory.allocateContiguous(pageCount, 1, addressLimit());
    if (!first) {
        return std::nullopt;
    }
    std::vector<PFN_NUMBER> pages;
    pages.reserve(static_cast<std::size_t>(pageCount));
    for (std::uint64_t i = 0; i < pageCount; ++i) {
        pages.push_back(*first + i);
    }
    const auto va = m_addressSpace.map(pages);
    if (!va) {
        memory.freeContiguous(*first, pageCount);
        return std::nullopt;
    }
    CommonBuffer buffer;
    buffer.VirtualAddress = *va;
    buffer.LogicalAddress = pfnToAddress(*first);
    buffer.Length = Length;
    buffer.CacheEnabled = CacheEnabled;
    m_commonBuffers.emplace(buffer.VirtualAddress, buffer);
    return buffer;
}

NTSTATUS DmaAdapter::FreeCommonBuffer(ULONG Length, PHYSICAL_ADDRESS LogicalAddress,
                                      std::uint64_t VirtualAddress, BOOLEAN CacheEnabled) {
    (void)CacheEnabled;
    const auto it = m_commonBuffers.find(VirtualAddress);
    if (it == m_commonBuffers.end() || it->second.Length != Length ||
        it->second.LogicalAddress != LogicalAddress) {
        return STATUS_INVALID_PARAMETER;
    }
    releaseCommonBuffer(it->second);
    m_commonBuffers.erase(it);
    return STATUS_SUCCESS;
}

std::vector<CommonBuffer> DmaAdapter::outstandingCommonBuffers() const {
    std::vector<CommonBuffer> list;
    list.reserve(m_commonBuffers.size());
    for (const auto& [va, buffer] : m_commonBuffers) {
        list.push_back(buffer);
    }
    return list;
}

void DmaAdapter::releaseCommonBuffer(const CommonBuffer& buffer) {
    m_addressSpace.unmap(buffer.VirtualAddress);
    m_addressSpace.physicalMemory().freeContiguous(addressToPfn(buffer.LogicalAddress),
                                                   BYTES_TO_PAGES(buffer.Length));
}

}  // namespace ps
