// IServiceSink and IServiceGroup, and PortCls's service group object.
//
// A service group is how an ISR gets work done at DISPATCH_LEVEL: the ISR
// calls IPortWavePci::Notify(group), the group queues its DPC, and the DPC
// calls RequestService on every member in the order they joined. Members are
// the port's sinks (the filter sink calls IMiniportWavePci::Service, a pin's
// sink calls IMiniportWavePciStream::Service while the pin is in RUN).
// Behaviour follows ReactOS service_group.cpp (DDI.md §4): one DPC with
// HighImportance; RequestService arms the timer with due time 0 when
// SupportDelayedService was called, else queues the DPC; RequestDelayedService
// takes a 100 ns due time (negative = relative).
#pragma once

#include "model/kernel/ComBase.h"
#include "model/kernel/Kernel.h"

#include <vector>

namespace ps {

struct IServiceSink : IUnknown {
    virtual void RequestService() = 0;
};
using PSERVICESINK = IServiceSink*;

struct IServiceGroup : IServiceSink {
    virtual NTSTATUS AddMember(PSERVICESINK ServiceSink) = 0;
    virtual void RemoveMember(PSERVICESINK ServiceSink) = 0;
    virtual void SupportDelayedService() = 0;
    virtual void RequestDelayedService(ULONGLONG ullDelay) = 0;
    virtual void CancelDelayedService() = 0;
};
using PSERVICEGROUP = IServiceGroup*;

// PcNewServiceGroup. PortScope passes the kernel explicitly (there are no
// globals); otherwise the DDI's signature. OuterUnknown must be null
// (aggregation is not supported, as in ReactOS): STATUS_INVALID_PARAMETER.
NTSTATUS PcNewServiceGroup(Kernel& kernel, PSERVICEGROUP* OutServiceGroup, PUNKNOWN OuterUnknown,
                           const char* name = "service group");

}  // namespace ps
