#include "model/portcls/PortWaveRt.h"

#include "model/portcls/AdapterPowerManager.h"
#include "model/portcls/DdiTrace.h"
#include "model/portcls/PcStreamResource.h"
#include "model/portcls/PinPowerGate.h"
#include "model/portcls/PortPinWaveRt.h"
#include "model/portcls/StreamResourceRegistry.h"

#include <algorithm>

namespace ps {

CPortWaveRT::CPortWaveRT(Kernel& kernel, WaveRtPortOptions options)
    : CUnknownImpl(nullptr, "CPortWaveRT"), m_kernel(kernel), m_options(options) {}

NTSTATUS CPortWaveRT::NonDelegatingQueryInterface(REFIID iid, void** object) {
    if (iid == IID_IUnknown || iid == IID_IPort || iid == IID_IPortWaveRT) {
        return grantInterface<IPortWaveRT>(this, object);
    }
    const OsVersion os = m_kernel.config().osVersion;
    if (streamResources() != nullptr) {
        if (iid == IID_IPortClsStreamResourceManager && osHasStreamResourceManager(os)) {
            return grantInterface<IPortClsStreamResourceManager>(
                static_cast<IPortClsStreamResourceManager2*>(this), object);
        }
        if (iid == IID_IPortClsStreamResourceManager2 && osHasStreamResourceManager2(os)) {
            return grantInterface<IPortClsStreamResourceManager2>(this, object);
        }
    }
    return refuseInterface(object);
}

NTSTATUS CPortWaveRT::AddStreamResource(PVOID ResourceSet,
                                        PPCSTREAMRESOURCE_DESCRIPTOR ResourceDescriptor,
                                        PCSTREAMRESOURCE* ResourceHandle) {
    StreamResourceRegistry* registry = streamResources();
    if (registry == nullptr) {
        return STATUS_INVALID_DEVICE_STATE;  // unreachable through QueryInterface
    }
    return registry->add("IPortClsStreamResourceManager::AddStreamResource", false, nullptr,
                         ResourceSet, ResourceDescriptor, ResourceHandle);
}

NTSTATUS CPortWaveRT::RemoveStreamResource(PCSTREAMRESOURCE ResourceHandle) {
    StreamResourceRegistry* registry = streamResources();
    if (registry == nullptr) {
        return STATUS_INVALID_DEVICE_STATE;
    }
    return registry->remove("IPortClsStreamResourceManager::RemoveStreamResource", ResourceHandle);
}

NTSTATUS CPortWaveRT::AddStreamResource2(PDEVICE_OBJECT PhysicalDeviceObject, PVOID ResourceSet,
                                         PPCSTREAMRESOURCE_DESCRIPTOR ResourceDescriptor,
                                         PCSTREAMRESOURCE* ResourceHandle) {
    StreamResourceRegistry* registry = streamResources();
    if (registry == nullptr) {
        return STATUS_INVALID_DEVICE_STATE;
    }
    return registry->add("IPortClsStreamResourceManager2::AddStreamResource2", true,
                         PhysicalDeviceObject, ResourceSet, ResourceDescriptor, ResourceHandle);
}

NTSTATUS CPortWaveRT::Init(PDEVICE_OBJECT DeviceObject, PIRP, PUNKNOWN UnknownMiniport,
                           PUNKNOWN UnknownAdapter, PRESOURCELIST ResourceList) {
    if (DeviceObject == nullptr || UnknownMiniport == nullptr || m_miniport) {
        return STATUS_INVALID_PARAMETER;
    }
    m_device = DeviceObject;
    IMiniportWaveRT* miniport = nullptr;
    if (!NT_SUCCESS(UnknownMiniport->QueryInterface(IID_IMiniportWaveRT,
                                                    reinterpret_cast<void**>(&miniport)))) {
        return STATUS_INVALID_PARAMETER;  // ReactOS port_wavert.cpp
    }
    m_miniport.attach(miniport);
    NTSTATUS status;
    {
        DdiCall call(m_kernel, "port", "IMiniportWaveRT::Init", kNoStream);
        status = m_miniport->Init(UnknownAdapter, ResourceList, this);
        call.done(status);
    }
    if (NT_SUCCESS(status)) {
        DdiCall call(m_kernel, "port", "IMiniport::GetDescription", kNoStream);
        status = m_miniport->GetDescription(&m_filter);
        call.uint("Pins", m_filter != nullptr ? m_filter->Pins.size() : 0).done(status);
        if (NT_SUCCESS(status) && m_filter == nullptr) {
            status = STATUS_INVALID_PARAMETER;
        }
    }
    if (!NT_SUCCESS(status)) {
        m_miniport.reset();
        m_filter = nullptr;
        return status;
    }
    m_pinInstances.assign(m_filter->Pins.size(), 0);
    return STATUS_SUCCESS;
}

NTSTATUS CPortWaveRT::newPin(ULONG pinId, const AudioFormat& format, std::uint16_t traceStreamId,
                             ComPtr<CPortPinWaveRT>* pin,
                             PinCreationRoutine<CPortPinWaveRT> onComplete) {
    if (pin == nullptr || !m_miniport || m_filter == nullptr) {
        return STATUS_INVALID_DEVICE_STATE;
    }
    *pin = nullptr;
    if (pinId >= m_filter->Pins.size() || !m_filter->Pins[pinId].streaming ||
        m_pinInstances[pinId] >= m_filter->Pins[pinId].MaxInstanceCount) {
        return STATUS_INVALID_PARAMETER;
    }
    if (!format.validate().ok()) {
        return STATUS_INVALID_PARAMETER;
    }
    if (!formatFitsDataRanges(format, m_filter->Pins[pinId])) {
        return STATUS_NO_MATCH;
    }
    // NewStream programs the hardware: the adapter must be powered.
    AdapterPowerManager* power = adapterPower();
    if (power == nullptr || power->requestD0()) {
        return createPin(pinId, format, traceStreamId, pin);
    }
    // The held request keeps the port alive (the file object's reference).
    ComPtr<CPortWaveRT> self(this);
    return holdPinCreation(m_kernel, *power, pinId, traceStreamId, std::move(onComplete),
                           [self, pinId, format, traceStreamId](ComPtr<CPortPinWaveRT>* created) {
                               return self->m_miniport
                                          ? self->createPin(pinId, format, traceStreamId, created)
                                          : STATUS_INVALID_DEVICE_STATE;
                           });
}

NTSTATUS CPortWaveRT::createPin(ULONG pinId, const AudioFormat& format, std::uint16_t traceStreamId,
                                ComPtr<CPortPinWaveRT>* pin) {
    if (m_pinInstances[pinId] >= m_filter->Pins[pinId].MaxInstanceCount) {
        return STATUS_INVALID_PARAMETER;  // another creation took the instance meanwhile
    }
    const bool capture = m_filter->Pins[pinId].DataFlow == KSPIN_DATAFLOW_OUT;
    ComPtr<CPortPinWaveRT> created(
        new CPortPinWaveRT(*this, pinId, capture, format, traceStreamId));
    const NTSTATUS status = created->init();
    if (!NT_SUCCESS(status)) {
        return status;
    }
    ++m_pinInstances[pinId];
    *pin = std::move(created);
    return STATUS_SUCCESS;
}

void CPortWaveRT::ReleaseChildren() {
    m_filter = nullptr;
    m_miniport.reset();
}

void CPortWaveRT::pinClosed(ULONG pinId) {
    if (pinId < m_pinInstances.size() && m_pinInstances[pinId] > 0) {
        --m_pinInstances[pinId];
    }
}

NTSTATUS PcNewPortWaveRT(Kernel& kernel, ComPtr<CPortWaveRT>* port, WaveRtPortOptions options) {
    if (port == nullptr) {
        return STATUS_INVALID_PARAMETER;
    }
    *port = ComPtr<CPortWaveRT>(new CPortWaveRT(kernel, options));
    return STATUS_SUCCESS;
}

}  // namespace ps
