// Simulated kernel virtual address space: maps allocated page frames of a
// PhysicalMemory at system virtual addresses, the way
// MmMapLockedPagesSpecifyCache and IPortWaveRTStream::MapAllocatedPages do.
//
// Addresses come from a deterministic bump allocator starting at baseVa
// (default 0xFFFF800000000000): each mapping gets the next page-aligned range,
// followed by one unmapped guard page, and a VA is never handed out twice, so
// a buffer overrun or a use after unmap faults instead of touching another
// mapping. The same sequence of calls always yields the same addresses.
//
// read/write/fill by VA are bounds-checked like PhysicalMemory's (see
// MemoryAccess.h): an unmapped byte is a fault at its VA, recorded in this
// space's FaultLog. A mapped page whose frame has since been freed faults in
// PhysicalMemory (recorded there, at the physical address) and here (at the VA).
//
// The PhysicalMemory must outlive this object. Simulation thread only.
#pragma once

#include "model/kernel/Mdl.h"
#include "model/kernel/MemoryAccess.h"
#include "model/kernel/PhysicalMemory.h"

#include <array>
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <utility>
#include <vector>

namespace ps {

class SystemAddressSpace {
  public:
    static constexpr std::uint64_t kDefaultBaseVa = 0xFFFF800000000000ull;

    // baseVa is rounded down to a page boundary (and raised to PAGE_SIZE if it
    // would be 0, because a VA of 0 means "not mapped").
    explicit SystemAddressSpace(PhysicalMemory& memory, std::uint64_t baseVa = kDefaultBaseVa);
    SystemAddressSpace(const SystemAddressSpace&) = delete;
    SystemAddressSpace& operator=(const SystemAddressSpace&) = delete;

    // Maps pages[i] at va + i * PAGE_SIZE and returns the page-aligned va.
    // nullopt if pages is empty, any frame is not allocated, or the address
    // space is exhausted.
    std::optional<std::uint64_t> map(const std::vector<PFN_NUMBER>& pages);
    // Removes the mapping that starts at `va`; false (nothing changes) if no
    // mapping starts there.
    bool unmap(std::uint64_t va);
    // Physical address behind `va`; nullopt if unmapped.
    std::optional<PHYSICAL_ADDRESS> translate(std::uint64_t va) const {
        const PHYSICAL_ADDRESS physical = physicalOf(va);
        return physical != kNotMapped ? std::optional<PHYSICAL_ADDRESS>(physical) : std::nullopt;
    }
    // The same as a plain value: kNotMapped if unmapped (no mapped byte has
    // that address: frames end far below the top of the physical space).
    // Inline and without std::optional: an optional returned from an
    // out-of-line function went through the stack as a byte store and a
    // wider load, a store-forwarding stall on every buffer access.
    static constexpr PHYSICAL_ADDRESS kNotMapped = ~PHYSICAL_ADDRESS{0};
    PHYSICAL_ADDRESS physicalOf(std::uint64_t va) const {
        const PageCacheEntry& entry = m_pageCache[(va >> PAGE_SHIFT) & (kPageCacheEntries - 1)];
        if (entry.vaPage == va >> PAGE_SHIFT) {
            return pfnToAddress(entry.pfn) + BYTE_OFFSET(va);
        }
        return physicalOfSlow(va);
    }

    // Maps the pages the MDL's buffer spans and sets mdl.MappedSystemVa to the
    // VA of its first byte (mapping start + ByteOffset), which is returned.
    // nullopt if the MDL is already mapped, malformed or cannot be mapped.
    std::optional<std::uint64_t> mapMdl(MDL& mdl);
    // Unmaps an MDL mapped by mapMdl and clears MappedSystemVa; false if it
    // was not mapped here.
    bool unmapMdl(MDL& mdl);

    MemoryAccess read(std::uint64_t va, void* destination, std::size_t bytes);
    MemoryAccess write(std::uint64_t va, const void* source, std::size_t bytes);
    MemoryAccess fill(std::uint64_t va, std::uint8_t value, std::size_t bytes);
    std::optional<std::uint32_t> readU32(std::uint64_t va);
    std::optional<std::uint64_t> readU64(std::uint64_t va);
    MemoryAccess writeU32(std::uint64_t va, std::uint32_t value);
    MemoryAccess writeU64(std::uint64_t va, std::uint64_t value);

    // Live mappings: start VA -> frames.
    const std::map<std::uint64_t, std::vector<PFN_NUMBER>>& mappings() const { return m_mappings; }
    std::uint64_t baseVa() const { return m_baseVa; }
    PhysicalMemory& physicalMemory() { return m_memory; }
    FaultLog& faults() { return m_faults; }
    const FaultLog& faults() const { return m_faults; }

  private:
    // physicalOf() past the page cache: the map lookup, which fills the
    // page's cache entry.
    PHYSICAL_ADDRESS physicalOfSlow(std::uint64_t va) const;
    enum class Op { Read, Write, Fill };
    MemoryAccess transfer(Op op, std::uint64_t va, std::uint8_t* destination,
                          const std::uint8_t* source, std::size_t bytes, std::uint8_t fillValue);
    // A read or write of bytes that all lie in the page mapped at `physical`.
    MemoryAccess withinPage(Op op, std::uint64_t va, std::uint8_t* destination,
                            const std::uint8_t* source, std::size_t bytes,
                            PHYSICAL_ADDRESS physical);
    // Marks `result` failed and logs its fault (faultAddress/faultBytes set).
    void recordFault(Op op, std::uint64_t va, std::uint64_t bytes, MemoryAccess& result);

    PhysicalMemory& m_memory;
    std::uint64_t m_baseVa;
    std::uint64_t m_nextVa;
    bool m_exhausted = false;
    std::map<std::uint64_t, std::vector<PFN_NUMBER>> m_mappings;
    // Recently translated pages, direct-mapped by VA page number: the audio
    // paths cycle through a few buffers (client packets, a BDL), which a
    // single remembered mapping kept missing. A VA is never mapped twice,
    // so only unmap makes entries stale; it empties the cache.
    static constexpr std::size_t kPageCacheEntries = 64;
    static constexpr std::uint64_t kNoPage = ~std::uint64_t{0};  // no VA page number
    struct PageCacheEntry {
        std::uint64_t vaPage = kNoPage;
        PFN_NUMBER pfn = 0;
    };
    mutable std::array<PageCacheEntry, kPageCacheEntries> m_pageCache{};
    FaultLog m_faults;
};

}  // namespace ps
