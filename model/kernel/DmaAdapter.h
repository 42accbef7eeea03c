// DmaAdapter: the DMA adapter object a bus-master device gets from
// IoGetDmaAdapter, modeled for the operations PortCls and the miniports use:
// BuildScatterGatherList / PutScatterGatherList and AllocateCommonBuffer /
// FreeCommonBuffer. Names and field names follow the DDI (wdm.h).
//
// Addressing. An adapter reaches physical addresses up to 4 GiB - 1 unless its
// description sets Dma64BitAddresses. Bounce buffers (map registers that copy
// through low memory) are NOT modeled: a transfer that touches a frame above
// the adapter's limit is refused with STATUS_INSUFFICIENT_RESOURCES, so a
// driver that hands high pages to a 32-bit device is caught, not rescued.
//
// Scatter/gather. Elements follow the buffer in order; physically consecutive
// pages merge into one element; an element never exceeds maxSegmentBytes
// (model-only limit, 0 = none) and never crosses a multiple of boundaryBytes
// (model-only, a power of two, 0 = none). BuildScatterGatherList is
// synchronous here (the real one calls an ExecutionRoutine). An adapter
// without ScatterGather can take only a range that yields a single element;
// otherwise the result is STATUS_NOT_SUPPORTED.
//
// Lifetime: the SystemAddressSpace (and its PhysicalMemory) must outlive the
// adapter; common buffers still allocated when it dies are freed then (and
// are visible before that through outstandingCommonBuffers()). Simulation
// thread only.
#pragma once

#include "model/kernel/KernelTypes.h"
#include "model/kernel/Mdl.h"
#include "model/kernel/NtStatus.h"
#include "model/kernel/PhysicalMemory.h"
#include "model/kernel/SystemAddressSpace.h"

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <vector>

namespace ps {

enum INTERFACE_TYPE : LONG {
    InterfaceTypeUndefined = -1,
    Internal = 0,
    Isa = 1,
    Eisa = 2,
    MicroChannel = 3,
    TurboChannel = 4,
    PCIBus = 5,
};

enum DMA_WIDTH { Width8Bits = 0, Width16Bits = 1, Width32Bits = 2 };
enum DMA_SPEED { Compatible = 0, TypeA = 1, TypeB = 2, TypeC = 3, TypeF = 4, MaximumDmaSpeed = 5 };

constexpr ULONG DEVICE_DESCRIPTION_VERSION = 0;
constexpr ULONG DEVICE_DESCRIPTION_VERSION1 = 1;
constexpr ULONG DEVICE_DESCRIPTION_VERSION2 = 2;

struct DEVICE_DESCRIPTION {
    ULONG Version = DEVICE_DESCRIPTION_VERSION;
    BOOLEAN Master = FALSE;
    BOOLEAN ScatterGather = FALSE;
    BOOLEAN DemandMode = FALSE;
    BOOLEAN AutoInitialize = FALSE;
    BOOLEAN Dma32BitAddresses = FALSE;
    BOOLEAN IgnoreCount = FALSE;
    BOOLEAN Reserved1 = FALSE;
    BOOLEAN Dma64BitAddresses = FALSE;
    ULONG BusNumber = 0;
    ULONG DmaChannel = 0;
    INTERFACE_TYPE InterfaceType = Internal;
    DMA_WIDTH DmaWidth = Width8Bits;
    DMA_SPEED DmaSpeed = Compatible;
    ULONG MaximumLength = 0;  // bytes per transfer; 0 = no limit (model)
    ULONG DmaPort = 0;

    // Model-only device limits (not in wdm.h).
    ULONG maxSegmentBytes = 0;  // longest element; 0 = no limit
    ULONG boundaryBytes = 0;    // elements never cross a multiple; power of two or 0
};
using PDEVICE_DESCRIPTION = DEVICE_DESCRIPTION*;

struct SCATTER_GATHER_ELEMENT {
    PHYSICAL_ADDRESS Address = 0;
    ULONG Length = 0;
    ULONG_PTR Reserved = 0;
};

struct SCATTER_GATHER_LIST {
    ULONG NumberOfElements = 0;  // == Elements.size()
    ULONG_PTR Reserved = 0;      // model: the adapter's list id (nonzero while outstanding)
    std::vector<SCATTER_GATHER_ELEMENT> Elements;
};

struct ScatterGatherResult {
    NTSTATUS status = STATUS_UNSUCCESSFUL;
    SCATTER_GATHER_LIST list;  // empty unless NT_SUCCESS(status)
};

struct CommonBuffer {
    std::uint64_t VirtualAddress = 0;  // system VA
    PHYSICAL_ADDRESS LogicalAddress = 0;
    ULONG Length = 0;
    BOOLEAN CacheEnabled = TRUE;
};

class DmaAdapter;

struct DmaAdapterCreation {
    NTSTATUS status = STATUS_UNSUCCESSFUL;
    std::unique_ptr<DmaAdapter> adapter;  // null unless NT_SUCCESS(status)
};

class DmaAdapter {
  public:
    // Validates the description:
    // - Version above DEVICE_DESCRIPTION_VERSION2       -> STATUS_INVALID_PARAMETER
    // - Master FALSE (system/slave DMA is not modeled)  -> STATUS_NOT_SUPPORTED
    // - boundaryBytes not 0 and not a power of two      -> STATUS_INVALID_PARAMETER
    static DmaAdapterCreation create(const DEVICE_DESCRIPTION& description,
                                     SystemAddressSpace& addressSpace);

    DmaAdapter(const DmaAdapter&) = delete;
    DmaAdapter& operator=(const DmaAdapter&) = delete;
    ~DmaAdapter();

    // The physical ranges of bytes [offset, offset + length) of the MDL's
    // buffer (offset 0 = its first byte). Errors, with an empty list:
    // - length 0, malformed MDL, range past ByteCount     -> STATUS_INVALID_PARAMETER
    // - length > MaximumLength (when nonzero)             -> STATUS_INSUFFICIENT_RESOURCES
    // - a byte above the adapter's address limit          -> STATUS_INSUFFICIENT_RESOURCES
    // - several elements on an adapter without ScatterGather -> STATUS_NOT_SUPPORTED
    ScatterGatherResult BuildScatterGatherList(const MDL& mdl, ULONG offset, ULONG length,
                                               BOOLEAN WriteToDevice);
    // Returns a list from BuildScatterGatherList; STATUS_INVALID_PARAMETER if
    // it is not outstanding (never built here, or put twice).
    NTSTATUS PutScatterGatherList(const SCATTER_GATHER_LIST& list, BOOLEAN WriteToDevice);

    // Physically contiguous, page-aligned, zero-filled memory below the
    // adapter's limit, mapped at a system VA. nullopt for Length 0 or when no
    // such memory is left.
    std::optional<CommonBuffer> AllocateCommonBuffer(ULONG Length, BOOLEAN CacheEnabled = TRUE);
    // STATUS_INVALID_PARAMETER (nothing freed) unless the arguments match an
    // outstanding common buffer exactly.
    NTSTATUS FreeCommonBuffer(ULONG Length, PHYSICAL_ADDRESS LogicalAddress,
                              std::uint64_t VirtualAddress, BOOLEAN CacheEnabled = TRUE);

    const DEVICE_DESCRIPTION& description() const { return m_description; }
    // Highest physical address the device can reach.
    PHYSICAL_ADDRESS addressLimit() const;
    std::size_t outstandingScatterGatherLists() const { return m_outstandingLists.size(); }
    std::vector<CommonBuffer> outstandingCommonBuffers() const;

  private:
    DmaAdapter(const DEVICE_DESCRIPTION& description, SystemAddressSpace& addressSpace);
    void releaseCommonBuffer(const CommonBuffer& buffer);

    DEVICE_DESCRIPTION m_description;
    SystemAddressSpace& m_addressSpace;
    std::map<std::uint64_t, CommonBuffer> m_commonBuffers;  // by VirtualAddress
    std::set<ULONG_PTR> m_outstandingLists;
    ULONG_PTR m_nextListId = 1;
};

}  // namespace ps
