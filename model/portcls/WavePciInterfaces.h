// The WavePci DDI (portcls.h): the interfaces the WavePci port driver and a
// WavePci miniport implement for each other, with the DDI's method names,
// parameter lists and vtable order (../shared/seeds/000_*, 001_*; DDI.md §1-4).
//
//   port implements      IPortWavePci, IPortWavePciStream (+ IPreFetchOffset)
//   miniport implements  IMiniportWavePci, IMiniportWavePciStream
//
// PVOID Tag and PVOID VirtualAddress carry opaque values and simulated kernel
// VAs (PortClsTypes.h); PHYSICAL_ADDRESS is a plain 64-bit address.
#pragma once

#include "model/kernel/ComBase.h"
#include "model/kernel/DmaAdapter.h"
#include "model/ks/KsAllocatorFraming.h"
#include "model/ks/KsDataFormat.h"
#include "model/ks/KsState.h"
#include "model/portcls/DmaChannel.h"
#include "model/portcls/FilterDescriptor.h"
#include "model/portcls/PortClsTypes.h"
#include "model/portcls/ResourceList.h"
#include "model/portcls/ServiceGroup.h"

namespace ps {

using PKSDATAFORMAT = KSDATAFORMAT*;
using PKSALLOCATOR_FRAMING = KSALLOCATOR_FRAMING*;
using PPHYSICAL_ADDRESS = PHYSICAL_ADDRESS*;

// ------------------------------------------------------------ port side

struct IPort : IUnknown {
    virtual NTSTATUS Init(PDEVICE_OBJECT DeviceObject, PIRP Irp, PUNKNOWN UnknownMiniport,
                          PUNKNOWN UnknownAdapter, PRESOURCELIST ResourceList) = 0;
};
using PPORT = IPort*;

struct IPortWavePci : IPort {
    // Usually called from the ISR: requests service for the group (queues its DPC).
    virtual void Notify(PSERVICEGROUP ServiceGroup) = 0;
    virtual NTSTATUS NewMasterDmaChannel(PDMACHANNEL* DmaChannel, PUNKNOWN OuterUnknown,
                                         POOL_TYPE PoolType, PRESOURCELIST ResourceList,
                                         BOOLEAN ScatterGather, BOOLEAN Dma32BitAddresses,
                                         BOOLEAN Dma64BitAddresses, BOOLEAN IgnoreCount,
                                         DMA_WIDTH DmaWidth, DMA_SPEED DmaSpeed,
                                         ULONG MaximumLength, ULONG DmaPort) = 0;
};
using PPORTWAVEPCI = IPortWavePci*;

// Mapping services for one stream. IRQL <= DISPATCH_LEVEL. Never call these
// while holding a spin lock of your own (Driver Verifier bug check 0xC4).
struct IPortWavePciStream : IUnknown {
    // Next mapping of the client's data under Tag. STATUS_NOT_FOUND when none
    // is ready (the port then calls MappingAvailable when data arrives).
    // *Flags = 1 on the last mapping of a packet, 0 otherwise.
    virtual NTSTATUS GetMapping(PVOID Tag, PPHYSICAL_ADDRESS PhysicalAddress, PVOID* VirtualAddress,
                                PULONG ByteCount, PULONG Flags) = 0;
    virtual NTSTATUS ReleaseMapping(PVOID Tag) = 0;
    // Capture: completes the packet being filled now, with what it holds.
    virtual NTSTATUS TerminatePacket() = 0;
};
using PPORTWAVEPCISTREAM = IPortWavePciStream*;

// Answered by the port's stream object on XP and later.
struct IPreFetchOffset : IUnknown {
    virtual void SetPreFetchOffset(ULONG PreFetchOffset) = 0;
};
using PPREFETCHOFFSET = IPreFetchOffset*;

// ------------------------------------------------------------ miniport side

struct IMiniport : IUnknown {
    virtual NTSTATUS GetDescription(PPCFILTER_DESCRIPTOR* Description) = 0;
    virtual NTSTATUS DataRangeIntersection(ULONG PinId, const KSDATARANGE_AUDIO* DataRange,
                                           const KSDATARANGE_AUDIO* MatchingDataRange,
                                           ULONG OutputBufferLength, PVOID ResultantFormat,
                                           PULONG ResultantFormatLength) = 0;
};

struct IMiniportWavePciStream;
using PMINIPORTWAVEPCISTREAM = IMiniportWavePciStream*;

struct IMiniportWavePci : IMiniport {
    // PASSIVE_LEVEL. *ServiceGroup: the filter-level group, or null.
    virtual NTSTATUS Init(PUNKNOWN UnknownAdapter, PRESOURCELIST ResourceList, PPORTWAVEPCI Port,
                          PSERVICEGROUP* ServiceGroup) = 0;
    // PASSIVE_LEVEL. The stream starts in KSSTATE_STOP at position 0.
    // *DmaChannel is not AddRef'd (the documented exception); *ServiceGroup is
    // the stream's group (AddRef'd) or null, in which case the port runs its
    // own 20 ms timer.
    virtual NTSTATUS NewStream(PMINIPORTWAVEPCISTREAM* Stream, PUNKNOWN OuterUnknown,
                               POOL_TYPE PoolType, PPORTWAVEPCISTREAM PortStream, ULONG Pin,
                               BOOLEAN Capture, PKSDATAFORMAT DataFormat, PDMACHANNEL* DmaChannel,
                               PSERVICEGROUP* ServiceGroup) = 0;
    // DISPATCH_LEVEL, from the filter group's DPC.
    virtual void Service() = 0;
};
using PMINIPORTWAVEPCI = IMiniportWavePci*;

struct IMiniportWavePciStream : IUnknown {
    virtual NTSTATUS SetFormat(PKSDATAFORMAT DataFormat) = 0;                         // PASSIVE
    virtual NTSTATUS SetState(KSSTATE State) = 0;                                     // PASSIVE
    virtual NTSTATUS GetPosition(PULONGLONG Position) = 0;                            // PASSIVE
    virtual NTSTATUS NormalizePhysicalPosition(PLONGLONG PhysicalPosition) = 0;       // any
    virtual NTSTATUS GetAllocatorFraming(PKSALLOCATOR_FRAMING AllocatorFraming) = 0;  // PASSIVE
    // DISPATCH_LEVEL. Tags FirstTag..LastTag inclusive, in acquisition order.
    virtual NTSTATUS RevokeMappings(PVOID FirstTag, PVOID LastTag, PULONG MappingsRevoked) = 0;
    virtual void MappingAvailable() = 0;  // <= DISPATCH_LEVEL
    virtual void Service() = 0;           // DISPATCH_LEVEL
};

}  // namespace ps
