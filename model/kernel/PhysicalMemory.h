// Simulated physical memory: a set of 4 KiB page frames that drivers allocate
// and DMA engines and the CPU read and write by physical address.
//
// Layout. config.frameCount frames exist. The low ones start at
// config.lowBasePfn (default 0x100, i.e. 1 MiB, so that physical address 0 is
// never valid) and end at or below 4 GiB; config.framesAbove4GiB of them (and
// any low frames that would not fit below 4 GiB) start at exactly 4 GiB, to
// exercise adapters limited to Dma32BitAddresses.
//
// Allocation order. allocatePages() hands out free frames in a deterministic,
// seed-dependent, non-contiguous order: position k of the order is frame index
// (offset + k * stride) mod frameCount, with stride coprime to frameCount and
// never 1 or frameCount - 1 (when frameCount > 4), so two consecutively
// allocated frames are never neighbours and a 64 KiB buffer is 16 separate
// pages. The same config gives the same frames, call for call. Frames are
// zero-filled when allocated. allocateContiguous() is first fit by ascending
// address.
//
// Failure is a result, never an exception: std::nullopt when the request
// cannot be met (no memory, zero pages, impossible constraints). Accesses are
// bounds-checked per byte against allocated frames (see MemoryAccess.h).
//
// Cost: page contents are allocated lazily on first write and dropped when a
// frame is freed, so a large, mostly unused physical space costs about 9 bytes
// per frame. frameCount is capped at kMaxFrameCount. Simulation thread only.
#pragma once

#include "model/kernel/KernelTypes.h"
#include "model/kernel/MemoryAccess.h"

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

namespace ps {

using PFN_NUMBER = std::uint64_t;
// A plain 64-bit bus/physical address (the WDK wraps it in LARGE_INTEGER).
using PHYSICAL_ADDRESS = std::uint64_t;

constexpr ULONG PAGE_SIZE = 4096;
constexpr ULONG PAGE_SHIFT = 12;
constexpr PFN_NUMBER kPfnAt4GiB = 0x100000;
constexpr PHYSICAL_ADDRESS kMaxPhysicalAddress = ~PHYSICAL_ADDRESS{0};
constexpr PHYSICAL_ADDRESS kMax32BitAddress = 0xFFFFFFFFull;

constexpr PHYSICAL_ADDRESS pfnToAddress(PFN_NUMBER pfn) {
    return pfn << PAGE_SHIFT;
}
constexpr PFN_NUMBER addressToPfn(PHYSICAL_ADDRESS address) {
    return address >> PAGE_SHIFT;
}

struct PhysicalMemoryConfig {
    std::uint64_t frameCount = 4096;  // 16 MiB
    std::uint64_t framesAbove4GiB = 0;
    PFN_NUMBER lowBasePfn = 0x100;
    std::uint64_t seed = 1;
};

class PhysicalMemory {
  public:
    static constexpr std::uint64_t kMaxFrameCount = std::uint64_t{1} << 24;  // 64 GiB

    explicit PhysicalMemory(const PhysicalMemoryConfig& config = {});
    PhysicalMemory(const PhysicalMemory&) = delete;
    PhysicalMemory& operator=(const PhysicalMemory&) = delete;

    // ---- allocation
    // `count` free frames, each wholly at or below highestAddress, in
    // allocation order (not sorted). nullopt if count is 0 or fewer eligible
    // frames are free; nothing is allocated then.
    std::optional<std::vector<PFN_NUMBER>> allocatePages(
        std::uint64_t count, PHYSICAL_ADDRESS highestAddress = kMaxPhysicalAddress);
    // `count` physically consecutive free frames; the first PFN is a multiple
    // of alignmentPages (0 counts as 1) and every byte lies within
    // [lowestAddress, highestAddress]. Returns the first PFN.
    std::optional<PFN_NUMBER> allocateContiguous(
        std::uint64_t count, std::uint64_t alignmentPages = 1,
        PHYSICAL_ADDRESS highestAddress = kMaxPhysicalAddress, PHYSICAL_ADDRESS lowestAddress = 0);
    // Frees each listed frame. A PFN that does not exist or is not allocated
    // (double free) is skipped and counted in badFreeCount(); the result is then
    // STATUS_INVALID_PARAMETER, else STATUS_SUCCESS.
    NTSTATUS freePages(const std::vector<PFN_NUMBER>& pfns);
    NTSTATUS freeContiguous(PFN_NUMBER firstPfn, std::uint64_t count);

    // ---- access by physical address
    MemoryAccess read(PHYSICAL_ADDRESS address, void* destination, std::size_t bytes);
    MemoryAccess write(PHYSICAL_ADDRESS address, const void* source, std::size_t bytes);
    MemoryAccess fill(PHYSICAL_ADDRESS address, std::uint8_t value, std::size_t bytes);
    // Little-endian scalars; nullopt (and a recorded fault) if any byte is bad.
    std::optional<std::uint16_t> readU16(PHYSICAL_ADDRESS address);
    std::optional<std::uint32_t> readU32(PHYSICAL_ADDRESS address);
    std::optional<std::uint64_t> readU64(PHYSICAL_ADDRESS address);
    MemoryAccess writeU16(PHYSICAL_ADDRESS address, std::uint16_t value);
    MemoryAccess writeU32(PHYSICAL_ADDRESS address, std::uint32_t value);
    MemoryAccess writeU64(PHYSICAL_ADDRESS address, std::uint64_t value);

    // ---- inspection
    bool exists(PFN_NUMBER pfn) const { return frameIndex(pfn) != kNoFrame; }
    bool isAllocated(PFN_NUMBER pfn) const {
        const std::uint64_t index = frameIndex(pfn);
        return index != kNoFrame && m_allocated[static_cast<std::size_t>(index)] != 0;
    }
    bool isAddressValid(PHYSICAL_ADDRESS address) const {
        return isAllocated(addressToPfn(address));
    }
    std::uint64_t frameCount() const { return m_frameCount; }
    std::uint64_t lowFrameCount() const { return m_lowCount; }
    std::uint64_t highFrameCount() const { return m_frameCount - m_lowCount; }
    PFN_NUMBER lowBasePfn() const { return m_lowBasePfn; }
    std::uint64_t freeFrameCount() const { return m_freeCount; }
    std::uint64_t allocatedFrameCount() const { return m_frameCount - m_freeCount; }
    std::uint64_t backedFrameCount() const { return m_backedCount; }
    std::uint64_t allocationStride() const { return m_stride; }
    std::uint64_t badFreeCount() const { return m_badFrees; }
    FaultLog& faults() { return m_faults; }
    const FaultLog& faults() const { return m_faults; }

  private:
    using Page = std::array<std::uint8_t, PAGE_SIZE>;

    // The frame index of `pfn`, or kNoFrame. Inline and without std::optional:
    // an optional returned from an out-of-line function went through the
    // stack as a byte store and a wider load, a store-forwarding stall on
    // every page check of the DMA engines.
    static constexpr std::uint64_t kNoFrame = ~std::uint64_t{0};
    std::uint64_t frameIndex(PFN_NUMBER pfn) const {
        if (pfn - m_lowBasePfn < m_lowCount && pfn >= m_lowBasePfn) {
            return pfn - m_lowBasePfn;
        }
        if (pfn - kPfnAt4GiB < m_frameCount - m_lowCount && pfn >= kPfnAt4GiB) {
            return m_lowCount + (pfn - kPfnAt4GiB);
        }
        return kNoFrame;
    }
    PFN_NUMBER pfnOf(std::uint64_t index) const;
    void markAllocated(std::uint64_t index);
    bool freeIndex(std::uint64_t index);
    enum class Op { Read, Write, Fill };
    // The one bounds-checked copy loop behind read, write and fill.
    MemoryAccess transfer(Op op, PHYSICAL_ADDRESS address, std::uint8_t* destination,
                          const std::uint8_t* source, std::size_t bytes, std::uint8_t fillValue);

    std::uint64_t m_frameCount;
    std::uint64_t m_lowCount;
    PFN_NUMBER m_lowBasePfn;
    std::uint64_t m_stride = 1;
    std::uint64_t m_orderOffset = 0;
    std::uint64_t m_cursor = 0;  // next position k in the allocation order
    std::uint64_t m_freeCount;
    std::uint64_t m_backedCount = 0;
    std::uint64_t m_badFrees = 0;
    std::vector<std::uint8_t> m_allocated;         // per frame index: 0 free, 1 allocated
    std::vector<std::unique_ptr<Page>> m_backing;  // per frame index; null = all zero
    FaultLog m_faults;
};

}  // namespace ps
