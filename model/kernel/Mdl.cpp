#include "model/kernel/Mdl.h"

#include <utility>

namespace ps {

std::uint64_t mdlSpanPages(const MDL& mdl) {
    return ADDRESS_AND_SIZE_TO_SPAN_PAGES(mdl.ByteOffset, mdl.ByteCount);
}

bool mdlIsWellFormed(const MDL& mdl) {
    return mdl.ByteOffset < PAGE_SIZE && mdl.pages.size() >= mdlSpanPages(mdl);
}

std::optional<MDL> buildMdl(PhysicalMemory& memory, ULONG byteCount, ULONG byteOffset,
                            PHYSICAL_ADDRESS highestAddress) {
    if (byteCount == 0 || byteOffset >= PAGE_SIZE) {
        return std::nullopt;
    }
    auto pages =
        memory.allocatePages(ADDRESS_AND_SIZE_TO_SPAN_PAGES(byteOffset, byteCount), highestAddress);
    if (!pages) {
        return std::nullopt;
    }
    MDL mdl;
    mdl.pages = std::move(*pages);
    mdl.ByteOffset = byteOffset;
    mdl.ByteCount = byteCount;
    return mdl;
}

std::optional<MDL> buildContiguousMdl(PhysicalMemory& memory, ULONG byteCount, ULONG byteOffset,
                                      PHYSICAL_ADDRESS highestAddress,
                                      PHYSICAL_ADDRESS lowestAddress) {
    if (byteCount == 0 || byteOffset >= PAGE_SIZE) {
        return std::nullopt;
    }
    const std::uint64_t count = ADDRESS_AND_SIZE_TO_SPAN_PAGES(byteOffset, byteCount);
    const auto first = memory.allocateContiguous(count, 1, highestAddress, lowestAddress);
    if (!first) {
        return std::nullopt;
    }
    MDL mdl;
    mdl.pages.reserve(static_cast<std::size_t>(count));
    for (std::uint64_t i = 0; i < count; ++i) {
        mdl.pages.push_back(*first + i);
    }
    mdl.ByteOffset = byteOffset;
    mdl.ByteCount = byteCount;
    mdl.contiguous = true;
    return mdl;
}

NTSTATUS freeMdlPages(PhysicalMemory& memory, MDL& mdl) {
    if (mdl.MappedSystemVa != 0) {
        return STATUS_INVALID_DEVICE_STATE;  // unmap first
    }
    const NTSTATUS status = memory.freePages(mdl.pages);
    mdl.pages.clear();
    mdl.ByteCount = 0;
    mdl.ByteOffset = 0;
    return status;
}

}  // namespace ps
