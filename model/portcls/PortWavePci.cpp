#include "model/portcls/PortWavePci.h"

#include "model/portcls/AdapterPowerManager.h"
#include "model/portcls/DdiTrace.h"
#include "model/portcls/PinPowerGate.h"
#include "model/portcls/PortPinWavePci.h"

#include <algorithm>

namespace ps {

CPortWavePci::CPortWavePci(Kernel& kernel, WavePciPortOptions options)
    : CUnknownImpl(nullptr, "CPortWavePci"), m_kernel(kernel), m_options(options) {}

CPortWavePci::~CPortWavePci() {
    if (m_filterGroup) {
        m_filterGroup->RemoveMember(static_cast<IServiceSink*>(this));
    }
}

NTSTATUS CPortWavePci::NonDelegatingQueryInterface(REFIID iid, void** object) {
    if (iid == IID_IUnknown || iid == IID_IPort || iid == IID_IPortWavePci) {
        return grantInterface<IPortWavePci>(this, object);
    }
    if (iid == IID_IServiceSink) {
        return grantInterface<IServiceSink>(this, object);
    }
    return refuseInterface(object);
}

NTSTATUS CPortWavePci::Init(PDEVICE_OBJECT DeviceObject, PIRP, PUNKNOWN UnknownMiniport,
                            PUNKNOWN UnknownAdapter, PRESOURCELIST ResourceList) {
    if (DeviceObject == nullptr || UnknownMiniport == nullptr || m_miniport) {
        return STATUS_INVALID_PARAMETER;
    }
    m_device = DeviceObject;
    IMiniportWavePci* miniport = nullptr;
    NTSTATUS status =
        UnknownMiniport->QueryInterface(IID_IMiniportWavePci, reinterpret_cast<void**>(&miniport));
    if (!NT_SUCCESS(status)) {
        return STATUS_INVALID_PARAMETER;  // ReactOS port_wavepci.cpp: not a WavePci miniport
    }
    m_miniport.attach(miniport);
    PSERVICEGROUP group = nullptr;
    {
        DdiCall call(m_kernel, "port", "IMiniportWavePci::Init", kNoStream);
        status = m_miniport->Init(UnknownAdapter, ResourceList, this, &group);
        call.flag("ServiceGroup", group != nullptr).done(status);
    }
    if (!NT_SUCCESS(status)) {
        if (group != nullptr) {
            group->Release();
        }
        m_miniport.reset();
        return status;
    }
    m_filterGroup.attach(group);
    {
        DdiCall call(m_kernel, "port", "IMiniport::GetDescription", kNoStream);
        status = m_miniport->GetDescription(&m_filter);
        call.uint("Pins", m_filter != nullptr ? m_filter->Pins.size() : 0).done(status);
    }
    if (!NT_SUCCESS(status) || m_filter == nullptr) {
        m_filterGroup.reset();
        m_miniport.reset();
        return NT_SUCCESS(status) ? STATUS_INVALID_PARAMETER : status;
    }
    m_pinInstances.assign(m_filter->Pins.size(), 0);
    if (m_filterGroup) {
        m_filterGroup->AddMember(static_cast<IServiceSink*>(this));
    }
    return STATUS_SUCCESS;
}

void CPortWavePci::Notify(PSERVICEGROUP ServiceGroup) {
    DdiCall call(m_kernel, "miniport", "IPortWavePci::Notify", kNoStream);
    call.flag("ServiceGroup", ServiceGroup != nullptr).doneVoid();
    if (ServiceGroup != nullptr) {
        ServiceGroup->RequestService();
    }
}

NTSTATUS CPortWavePci::NewMasterDmaChannel(PDMACHANNEL* DmaChannel, PUNKNOWN OuterUnknown,
                                           POOL_TYPE, PRESOURCELIST, BOOLEAN ScatterGather,
                                           BOOLEAN Dma32BitAddresses, BOOLEAN Dma64BitAddresses,
                                           BOOLEAN IgnoreCount, DMA_WIDTH DmaWidth,
                                           DMA_SPEED DmaSpeed, ULONG MaximumLength, ULONG DmaPort) {
    DdiCall call(m_kernel, "miniport", "IPortWavePci::NewMasterDmaChannel", kNoStream);
    call.flag("ScatterGather", ScatterGather)
        .flag("Dma32BitAddresses", Dma32BitAddresses)
        .flag("Dma64BitAddresses", Dma64BitAddresses)
        .hex("MaximumLength", MaximumLength);
    if (DmaChannel == nullptr || OuterUnknown != nullptr) {
        call.done(STATUS_INVALID_PARAMETER);
        return STATUS_INVALID_PARAMETER;
    }
    DEVICE_DESCRIPTION d;
    d.Version = DEVICE_DESCRIPTION_VERSION;
    d.Master = TRUE;
    d.ScatterGather = ScatterGather;
    d.Dma32BitAddresses = Dma32BitAddresses;
    d.Dma64BitAddresses = Dma64BitAddresses;
    d.IgnoreCount = IgnoreCount;
    d.DmaWidth = DmaWidth;
    d.DmaSpeed = DmaSpeed;
    d.MaximumLength = MaximumLength;
    d.DmaPort = DmaPort;
    d.InterfaceType = PCIBus;
    const NTSTATUS status = newMasterDmaChannel(m_kernel, d, DmaChannel);
    call.done(status);
    return status;
}

void CPortWavePci::RequestService() {
    if (!m_miniport) {
        return;
    }
    DdiCall call(m_kernel, "port", "IMiniportWavePci::Service", kNoStream);
    m_miniport->Service();
    call.doneVoid();
}

NTSTATUS CPortWavePci::newPin(ULONG pinId, const AudioFormat& format, std::uint16_t traceStreamId,
                              ComPtr<CPortPinWavePci>* pin,
                              PinCreationRoutine<CPortPinWavePci> onComplete) {
    if (pin == nullptr || !m_miniport || m_filter == nullptr) {
        return STATUS_INVALID_DEVICE_STATE;
    }
    *pin = nullptr;
    if (pinId >= m_filter->Pins.size() || !m_filter->Pins[pinId].streaming) {
        return STATUS_INVALID_PARAMETER;
    }
    const PCPIN_DESCRIPTOR& descriptor = m_filter->Pins[pinId];
    if (m_pinInstances[pinId] >= descriptor.MaxInstanceCount) {
        return STATUS_INVALID_PARAMETER;
    }
    if (!format.validate().ok()) {
        return STATUS_INVALID_PARAMETER;
    }
    const bool inRange = formatFitsDataRanges(format, descriptor);
    if (!inRange) {
        return STATUS_NO_MATCH;
    }
    // NewStream programs the hardware: the adapter must be powered.
    AdapterPowerManager* power = adapterPower();
    if (power == nullptr || power->requestD0()) {
        return createPin(pinId, format, traceStreamId, pin);
    }
    // The held request keeps the port alive (the file object's reference).
    ComPtr<CPortWavePci> self(this);
    return holdPinCreation(m_kernel, *power, pinId, traceStreamId, std::move(onComplete),
                           [self, pinId, format, traceStreamId](ComPtr<CPortPinWavePci>* created) {
                               return self->m_miniport
                                          ? self->createPin(pinId, format, traceStreamId, created)
                                          : STATUS_INVALID_DEVICE_STATE;
                           });
}

NTSTATUS CPortWavePci::createPin(ULONG pinId, const AudioFormat& format,
                                 std::uint16_t traceStreamId, ComPtr<CPortPinWavePci>* pin) {
    const PCPIN_DESCRIPTOR& descriptor = m_filter->Pins[pinId];
    if (m_pinInstances[pinId] >= descriptor.MaxInstanceCount) {
        return STATUS_INVALID_PARAMETER;  // another creation took the instance meanwhile
    }
    const bool capture = descriptor.DataFlow == KSPIN_DATAFLOW_OUT;
    ComPtr<CPortPinWavePci> created(
        new CPortPinWavePci(*this, pinId, capture, format, traceStreamId));
    const NTSTATUS status = created->init();
    if (!NT_SUCCESS(status)) {
        return status;
    }
    ++m_pinInstances[pinId];
    *pin = std::move(created);
    return STATUS_SUCCESS;
}

void CPortWavePci::ReleaseChildren() {
    if (m_filterGroup) {
        m_filterGroup->RemoveMember(static_cast<IServiceSink*>(this));
        m_filterGroup.reset();
    }
    m_filter = nullptr;
    m_miniport.reset();
}

void CPortWavePci::pinClosed(ULONG pinId) {
    if (pinId < m_pinInstances.size() && m_pinInstances[pinId] > 0) {
        --m_pinInstances[pinId];
    }
}

NTSTATUS PcNewPortWavePci(Kernel& kernel, ComPtr<CPortWavePci>* port, WavePciPortOptions options) {
    if (port == nullptr) {
        return STATUS_INVALID_PARAMETER;
    }
    *port = ComPtr<CPortWavePci>(new CPortWavePci(kernel, options));
    return STATUS_SUCCESS;
}

}  // namespace ps
