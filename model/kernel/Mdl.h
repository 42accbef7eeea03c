// MDL: a memory descriptor list, the DDI's description of a buffer as the page
// frames behind it. The buffer starts ByteOffset bytes into the first frame of
// the PFN array and is ByteCount bytes long; the array holds (at least)
// ADDRESS_AND_SIZE_TO_SPAN_PAGES(ByteOffset, ByteCount) frames, one per page
// the buffer touches, in buffer order. Frames need not be contiguous.
//
// The WDK's MDL keeps the PFN array in memory after the header; here it is a
// vector (`pages`). MappedSystemVa is the system virtual address of the
// buffer's first byte while the MDL is mapped (SystemAddressSpace::mapMdl), 0
// otherwise. Next chains MDLs as in the WDK and is never followed here.
//
// The Mm* helpers take PMDL like the WDK macros and tolerate a null MDL
// (returning 0 / nullptr). physicalAddressAt() reports an out-of-range index
// or a missing PFN entry as std::nullopt.
#pragma once

#include "model/kernel/KernelTypes.h"
#include "model/kernel/PhysicalMemory.h"

#include <cstdint>
#include <optional>
#include <vector>

namespace ps {

struct MDL {
    MDL* Next = nullptr;
    std::vector<PFN_NUMBER> pages;  // the PFN array
    ULONG ByteOffset = 0;           // < PAGE_SIZE
    ULONG ByteCount = 0;
    std::uint64_t MappedSystemVa = 0;
    bool contiguous = false;  // model: allocated by buildContiguousMdl
    // model: how traces name this MDL (host addresses differ from run to run);
    // set by whoever hands the MDL out, 0 = unnamed.
    std::uint64_t traceHandle = 0;
};
using PMDL = MDL*;

constexpr ULONG BYTE_OFFSET(std::uint64_t address) {
    return static_cast<ULONG>(address & (PAGE_SIZE - 1));
}
constexpr std::uint64_t PAGE_ALIGN(std::uint64_t address) {
    return address & ~std::uint64_t{PAGE_SIZE - 1};
}
constexpr std::uint64_t BYTES_TO_PAGES(std::uint64_t size) {
    return (size >> PAGE_SHIFT) + ((size & (PAGE_SIZE - 1)) != 0 ? 1 : 0);
}
constexpr std::uint64_t ROUND_TO_PAGES(std::uint64_t size) {
    return BYTES_TO_PAGES(size) << PAGE_SHIFT;
}
// Pages touched by `size` bytes starting at `address` (only its offset in the
// page matters): the WDK's (BYTE_OFFSET(Va) + Size + PAGE_SIZE - 1) >> PAGE_SHIFT,
// rearranged so that no 64-bit size overflows.
constexpr std::uint64_t ADDRESS_AND_SIZE_TO_SPAN_PAGES(std::uint64_t address, std::uint64_t size) {
    return (size >> PAGE_SHIFT) +
           (((size & (PAGE_SIZE - 1)) + BYTE_OFFSET(address) + PAGE_SIZE - 1) >> PAGE_SHIFT);
}

inline ULONG MmGetMdlByteCount(const MDL* mdl) {
    return mdl != nullptr ? mdl->ByteCount : 0;
}
inline ULONG MmGetMdlByteOffset(const MDL* mdl) {
    return mdl != nullptr ? mdl->ByteOffset : 0;
}
inline PFN_NUMBER* MmGetMdlPfnArray(MDL* mdl) {
    return mdl != nullptr && !mdl->pages.empty() ? mdl->pages.data() : nullptr;
}
inline const PFN_NUMBER* MmGetMdlPfnArray(const MDL* mdl) {
    return mdl != nullptr && !mdl->pages.empty() ? mdl->pages.data() : nullptr;
}

// Pages the MDL's buffer spans (what its PFN array must hold).
std::uint64_t mdlSpanPages(const MDL& mdl);
// The PFN array covers the span and ByteOffset < PAGE_SIZE.
bool mdlIsWellFormed(const MDL& mdl);

// Physical address of buffer byte `byteIndex` (0 = the first byte of the
// buffer, i.e. ByteOffset into pages[0]); nullopt if byteIndex >= ByteCount or
// the PFN array is too short.
// Inline: an out-of-line function returning std::optional went through the
// stack (a byte store and a wider load, a failed store forward) on every call
// of the mapping queue.
inline std::optional<PHYSICAL_ADDRESS> physicalAddressAt(const MDL& mdl, ULONG byteIndex) {
    if (byteIndex >= mdl.ByteCount || mdl.ByteOffset >= PAGE_SIZE) {
        return std::nullopt;
    }
    const std::uint64_t position = std::uint64_t{mdl.ByteOffset} + byteIndex;
    const std::uint64_t page = position >> PAGE_SHIFT;
    if (page >= mdl.pages.size()) {
        return std::nullopt;
    }
    return pfnToAddress(mdl.pages[static_cast<std::size_t>(page)]) + (position & (PAGE_SIZE - 1));
}

// An MDL over freshly allocated, non-contiguous frames (allocation order of
// `memory`, each at or below highestAddress), like MmAllocatePagesForMdl.
// nullopt if byteCount is 0, byteOffset >= PAGE_SIZE or memory is short.
std::optional<MDL> buildMdl(PhysicalMemory& memory, ULONG byteCount, ULONG byteOffset = 0,
                            PHYSICAL_ADDRESS highestAddress = kMaxPhysicalAddress);
// The same over physically contiguous frames within [lowestAddress,
// highestAddress] (AllocateContiguousPagesForMdl); contiguous == true.
std::optional<MDL> buildContiguousMdl(PhysicalMemory& memory, ULONG byteCount, ULONG byteOffset = 0,
                                      PHYSICAL_ADDRESS highestAddress = kMaxPhysicalAddress,
                                      PHYSICAL_ADDRESS lowestAddress = 0);
// Frees the MDL's frames and empties its PFN array and byte count. Returns
// PhysicalMemory::freePages' status, or STATUS_INVALID_DEVICE_STATE (freeing
// nothing) while the MDL is still mapped.
NTSTATUS freeMdlPages(PhysicalMemory& memory, MDL& mdl);

}  // namespace ps
