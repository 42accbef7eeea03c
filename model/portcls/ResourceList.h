// IResourceList: the hardware resources the PnP manager assigned to an
// adapter, as PortCls hands them to a miniport's Init. PortScope's adapters
// get one I/O port range per device and one interrupt.
#pragma once

#include "model/kernel/ComBase.h"

#include <vector>

namespace ps {

enum CM_RESOURCE_TYPE : UCHAR {
    CmResourceTypeNull = 0,
    CmResourceTypePort = 1,
    CmResourceTypeInterrupt = 2,
    CmResourceTypeMemory = 3,
};

struct CM_PARTIAL_RESOURCE_DESCRIPTOR {
    CM_RESOURCE_TYPE Type = CmResourceTypeNull;
    struct {
        ULONGLONG Start = 0;  // Port/Memory: first address
        ULONG Length = 0;
    } Port;
    struct {
        ULONG Level = 0;  // DIRQL
        ULONG Vector = 0;
        ULONG_PTR Affinity = 1;
    } Interrupt;
};
using PCM_PARTIAL_RESOURCE_DESCRIPTOR = CM_PARTIAL_RESOURCE_DESCRIPTOR*;

struct IResourceList : IUnknown {
    virtual ULONG NumberOfEntries() = 0;
    virtual ULONG NumberOfEntriesOfType(CM_RESOURCE_TYPE Type) = 0;
    // The Index-th entry of that type, or nullptr.
    virtual PCM_PARTIAL_RESOURCE_DESCRIPTOR FindTranslatedEntry(CM_RESOURCE_TYPE Type,
                                                                ULONG Index) = 0;
};
using PRESOURCELIST = IResourceList*;

// PcNewResourceList's result for PortScope's adapters: a list built from
// descriptors.
ComPtr<IResourceList> newResourceList(ComObjectRegistry* registry,
                                      std::vector<CM_PARTIAL_RESOURCE_DESCRIPTOR> entries);

}  // namespace ps
