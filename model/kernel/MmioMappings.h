// Kernel virtual mappings of memory-mapped device registers, the way
// MmMapIoSpace hands a driver a VA for a physical register range. PortScope
// uses them for registers a driver exposes to a client by address (the WaveRT
// position and clock registers, KSRTAUDIO_HWREGISTER::Register).
//
// VAs come from a reserved range starting at kMmioVaBase, disjoint from
// SystemAddressSpace's (0xFFFF800000000000 upwards, which would need 80 TiB of
// mappings to get here). Allocation is a deterministic bump allocator: each
// mapping gets the next page-aligned range (the pages the physical range
// spans) plus one unmapped guard page, and a VA is never handed out twice. The
// VA returned keeps the physical address's offset within its page.
//
// Only address translation lives here; Kernel::readMappedRegisterULONG reads
// the translated bus address through the kernel's MMIO space. Simulation
// thread only.
#pragma once

#include "model/kernel/PhysicalMemory.h"

#include <cstdint>
#include <map>
#include <optional>

namespace ps {

class MmioMappings {
  public:
    static constexpr std::uint64_t kMmioVaBase = 0xFFFFD00000000000ull;

    // Maps [physicalAddress, physicalAddress + bytes); returns the VA of
    // physicalAddress. nullopt if bytes is 0 or the range is not within the
    // 32-bit bus (the MMIO space decodes 32-bit addresses).
    std::optional<std::uint64_t> map(PHYSICAL_ADDRESS physicalAddress, std::uint64_t bytes);
    // Removes the mapping whose returned VA is va; false if there is none.
    bool unmap(std::uint64_t va);
    // Bus address of the widthBytes-wide access at va; nullopt unless every
    // byte of it lies inside one mapping.
    std::optional<std::uint32_t> translate(std::uint64_t va, unsigned widthBytes) const;
    std::size_t mappingCount() const { return m_mappings.size(); }

  private:
    struct Mapping {
        std::uint64_t bytes;  // mapped length from the returned VA
        PHYSICAL_ADDRESS physicalAddress;
    };
    std::map<std::uint64_t, Mapping> m_mappings;  // by returned VA
    std::uint64_t m_nextVa = kMmioVaBase;
};

}  // namespace ps
