// The stream resource DDI of the Windows 10 portcls.h (DDI.md §13): the
// descriptor, the handle, IPortClsStreamResourceManager (Windows 10 RTM) and
// IPortClsStreamResourceManager2 (1511), all callable at PASSIVE_LEVEL only.
//
// The WaveRT port answers both interfaces by QueryInterface depending on the
// emulated OS version (KernelConfig::osVersion); the free functions
// PcAddStreamResource / PcRemoveStreamResource are in PcStreamResource.h.
// There is no RemoveStreamResource2: handles from AddStreamResource2 go to the
// inherited RemoveStreamResource.
#pragma once

#include "model/kernel/ComBase.h"
#include "model/kernel/KernelObjects.h"
#include "model/kernel/KernelThread.h"
#include "model/portcls/PortClsTypes.h"

#include <cstring>

namespace ps {

// DECLARE_HANDLE(PCSTREAMRESOURCE): an opaque pointer-sized value. PortScope's
// handles are small numbers issued per kernel (never dereferenced).
struct PCSTREAMRESOURCE__;
using PCSTREAMRESOURCE = PCSTREAMRESOURCE__*;

// Values follow declaration order (there is no "PcStreamResourceType_Interrupt").
// A fixed underlying type: a caller may pass any value (the registry refuses
// unknown ones), and reading such a value must be defined.
enum PcStreamResourceType : int {
    ePcStreamResourceInterrupt = 0,  // Resource.Interrupt.Generic is a PKINTERRUPT
    ePcStreamResourceThread = 1,     // Resource.Thread is a driver-owned PETHREAD
    ePcStreamResourceSet = 2,        // a link to another stack's resources (reserved)
};
const char* pcStreamResourceTypeName(PcStreamResourceType type);

struct PCSTREAMRESOURCE_DESCRIPTOR {
    ULONG Size = 0;                // sizeof(PCSTREAMRESOURCE_DESCRIPTOR), set by the INIT macro
    ULONG Flags = 0;               // reserved, 0
    PDEVICE_OBJECT Pdo = nullptr;  // the stack that created the resource
    PcStreamResourceType Type = ePcStreamResourceInterrupt;
    union {
        struct {
            ULONG Version;
            PVOID Generic;  // PKINTERRUPT
        } Interrupt;
        PETHREAD Thread;
        PVOID ResourceSet;  // reserved, NULL
    } Resource{};
};
using PPCSTREAMRESOURCE_DESCRIPTOR = PCSTREAMRESOURCE_DESCRIPTOR*;

// PCSTREAMRESOURCE_DESCRIPTOR_INIT: zeroes the structure and sets Size.
inline void PCSTREAMRESOURCE_DESCRIPTOR_INIT(PPCSTREAMRESOURCE_DESCRIPTOR Descriptor) {
    *Descriptor = PCSTREAMRESOURCE_DESCRIPTOR{};
    std::memset(&Descriptor->Resource, 0, sizeof(Descriptor->Resource));
    Descriptor->Size = sizeof(PCSTREAMRESOURCE_DESCRIPTOR);
}

struct IPortClsStreamResourceManager : IUnknown {
    // ResourceSet must be NULL. STATUS_SUCCESS and *ResourceHandle, or
    // STATUS_INVALID_PARAMETER (StreamResourceRegistry.h lists the checks).
    virtual NTSTATUS AddStreamResource(PVOID ResourceSet,
                                       PPCSTREAMRESOURCE_DESCRIPTOR ResourceDescriptor,
                                       PCSTREAMRESOURCE* ResourceHandle) = 0;
    virtual NTSTATUS RemoveStreamResource(PCSTREAMRESOURCE ResourceHandle) = 0;
};
using PPORTCLSSTREAMRESOURCEMANAGER = IPortClsStreamResourceManager*;

struct IPortClsStreamResourceManager2 : IPortClsStreamResourceManager {
    // As AddStreamResource, with the PDO given explicitly: it must be the
    // port's device stack's PDO and equal ResourceDescriptor->Pdo.
    virtual NTSTATUS AddStreamResource2(PDEVICE_OBJECT PhysicalDeviceObject, PVOID ResourceSet,
                                        PPCSTREAMRESOURCE_DESCRIPTOR ResourceDescriptor,
                                        PCSTREAMRESOURCE* ResourceHandle) = 0;
};
using PPORTCLSSTREAMRESOURCEMANAGER2 = IPortClsStreamResourceManager2*;

}  // namespace ps
