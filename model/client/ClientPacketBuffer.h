// ClientPacketBuffer: one packet buffer of a WavePci client, in simulated
// memory: capacityBytes bytes starting pageOffsetBytes into the first of
// ceil((pageOffsetBytes + capacityBytes) / PAGE_SIZE) page frames, allocated
// with PhysicalMemory::allocatePages (deterministic, non-contiguous) and mapped
// at a system VA. The first data byte is at dataVa() = mapping VA +
// pageOffsetBytes, so a buffer whose offset is not 0 is not page-aligned and
// its data may straddle page boundaries into non-adjacent frames, as a user-mode
// buffer locked by the I/O manager does.
//
// release() unmaps and frees the pages (once). The destructor does NOT free
// them: a buffer may be destroyed inside a completion routine that the pin or
// a pending scheduler event drops during teardown, after the Kernel is gone,
// and a buffer the pin never returned may still be mapped by the port. The
// owner calls release() when the pin is known to be done with the memory.
// Pages of a buffer destroyed without release() stay allocated (and are
// reclaimed with the simulated machine).
#pragma once

#include "model/kernel/Kernel.h"

#include <cstdint>
#include <memory>
#include <vector>

namespace ps {

class ClientPacketBuffer {
  public:
    // nullptr when pages cannot be allocated or mapped (nothing is leaked).
    // pageOffsetBytes < PAGE_SIZE; capacityBytes > 0.
    static std::shared_ptr<ClientPacketBuffer> allocate(Kernel& kernel, ULONG pageOffsetBytes,
                                                        ULONG capacityBytes);
    ~ClientPacketBuffer() = default;
    ClientPacketBuffer(const ClientPacketBuffer&) = delete;
    ClientPacketBuffer& operator=(const ClientPacketBuffer&) = delete;

    // Unmaps and frees the pages; later calls do nothing. The Kernel must be alive.
    void release();
    bool isAllocated() const { return m_allocated; }

    std::uint64_t mappingVa() const { return m_mappingVa; }
    std::uint64_t dataVa() const { return m_mappingVa + m_pageOffsetBytes; }
    ULONG pageOffsetBytes() const { return m_pageOffsetBytes; }
    ULONG capacityBytes() const { return m_capacityBytes; }
    const std::vector<PFN_NUMBER>& pages() const { return m_pages; }

  private:
    ClientPacketBuffer(Kernel& kernel, std::vector<PFN_NUMBER> pages, std::uint64_t mappingVa,
                       ULONG pageOffsetBytes, ULONG capacityBytes);

    Kernel& m_kernel;
    std::vector<PFN_NUMBER> m_pages;
    std::uint64_t m_mappingVa;
    ULONG m_pageOffsetBytes;
    ULONG m_capacityBytes;
    bool m_allocated = true;
};

}  // namespace ps
