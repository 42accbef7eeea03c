// IDmaChannel: the DMA channel object IPortWavePci::NewMasterDmaChannel
// creates for a bus-master device. A WavePci miniport uses it for the DMA
// adapter (GetAdapterObject, to allocate its descriptor list as a common
// buffer) and optionally for one common buffer of its own.
// Following ReactOS dma_slave.cpp (DDI.md §4): AllocateBuffer fails with
// STATUS_UNSUCCESSFUL when a buffer exists; MaximumBufferSize is the
// description's MaximumLength.
#pragma once

#include "model/kernel/ComBase.h"
#include "model/kernel/DmaAdapter.h"

#include <memory>

namespace ps {

class Kernel;

struct IDmaChannel : IUnknown {
    virtual NTSTATUS AllocateBuffer(ULONG BufferSize,
                                    PHYSICAL_ADDRESS* PhysicalAddressConstraint) = 0;
    virtual void FreeBuffer() = 0;
    virtual ULONG TransferCount() = 0;
    virtual ULONG MaximumBufferSize() = 0;
    virtual ULONG AllocatedBufferSize() = 0;
    virtual ULONG BufferSize() = 0;
    virtual void SetBufferSize(ULONG BufferSize) = 0;
    // Simulated system VA of the buffer (0 when none).
    virtual PVOID SystemAddress() = 0;
    virtual PHYSICAL_ADDRESS PhysicalAddress(PHYSICAL_ADDRESS* PhysicalAddressOut) = 0;
    virtual DmaAdapter* GetAdapterObject() = 0;
};
using PDMACHANNEL = IDmaChannel*;

// Creates a DMA channel over a new adapter built from description; the status
// is IoGetDmaAdapter's (STATUS_DEVICE_CONFIGURATION_ERROR when the description
// is refused, as PcNewDmaChannel reports it).
NTSTATUS newMasterDmaChannel(Kernel& kernel, const DEVICE_DESCRIPTION& description,
                             PDMACHANNEL* DmaChannel);

}  // namespace ps
