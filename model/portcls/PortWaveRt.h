// The WaveRT port driver (PortCls's CPortWaveRT): binds a WaveRT miniport to
// the system and creates pins (CPortPinWaveRT) for clients. There is no
// service group: a WaveRT miniport's hardware moves data on its own and
// signals the client's events from its DPC (DDI.md §7).
//
// DDI calls in both directions are DdiCall trace records (DdiTrace.h).
//
// Stream resources (DDI.md §13): QueryInterface answers
// IPortClsStreamResourceManager from Windows 10 RTM and
// IPortClsStreamResourceManager2 from 1511 on (KernelConfig::osVersion), and
// refuses both on Windows 8.1 or when the device object given to Init has no
// PortClsDevice. The methods forward to the device's StreamResourceRegistry;
// AddStreamResource (v1) has no PDO argument.
//
// Power: a new pin, or a pin leaving KSSTATE_STOP, needs the adapter in D0
// (AdapterPowerManager). While it is not, the port starts the return to D0
// and holds the request (STATUS_PENDING) until the exit latency has passed;
// see PinStateCompletion.h and PortPinWaveRt.h. newPin without a
// PinCreationRoutine cannot be held: STATUS_DEVICE_NOT_READY.
#pragma once

#include "model/kernel/Kernel.h"
#include "model/ks/AudioFormat.h"
#include "model/portcls/PinStateCompletion.h"
#include "model/portcls/StreamResource.h"
#include "model/portcls/WaveRtInterfaces.h"

#include <vector>

namespace ps {

class CPortPinWaveRT;

struct WaveRtPortOptions {
    // DDI.md §19 row 15: pass state changes in one jump (ReactOS) instead of
    // stepping through every state. For tests of the verifier.
    bool rawStateJumps = false;
    // Close a pin without stepping down to STOP first (frees the buffer while
    // the stream may run). For tests of the verifier.
    bool closeWithoutStop = false;
};

class CPortWaveRT final : public CUnknownImpl<IPortWaveRT, IPortClsStreamResourceManager2> {
  public:
    CPortWaveRT(Kernel& kernel, WaveRtPortOptions options = {});

    NTSTATUS NonDelegatingQueryInterface(REFIID iid, void** object) override;
    NTSTATUS Init(PDEVICE_OBJECT DeviceObject, PIRP Irp, PUNKNOWN UnknownMiniport,
                  PUNKNOWN UnknownAdapter, PRESOURCELIST ResourceList) override;

    // IPortClsStreamResourceManager(2)
    NTSTATUS AddStreamResource(PVOID ResourceSet, PPCSTREAMRESOURCE_DESCRIPTOR ResourceDescriptor,
                               PCSTREAMRESOURCE* ResourceHandle) override;
    NTSTATUS RemoveStreamResource(PCSTREAMRESOURCE ResourceHandle) override;
    NTSTATUS AddStreamResource2(PDEVICE_OBJECT PhysicalDeviceObject, PVOID ResourceSet,
                                PPCSTREAMRESOURCE_DESCRIPTOR ResourceDescriptor,
                                PCSTREAMRESOURCE* ResourceHandle) override;

    // KSCREATE_PIN on the miniport's filter pin pinId (see CPortWavePci::newPin
    // for the statuses). Not in D0: STATUS_PENDING and onComplete later, or
    // STATUS_DEVICE_NOT_READY without onComplete (the header comment). A
    // "pin creation pending" / "pin creation completed" Resource record
    // brackets a held creation.
    NTSTATUS newPin(ULONG pinId, const AudioFormat& format, std::uint16_t traceStreamId,
                    ComPtr<CPortPinWaveRT>* pin,
                    PinCreationRoutine<CPortPinWaveRT> onComplete = {});
    // Device removal: releases the miniport (breaks the port <-> miniport cycle).
    void ReleaseChildren();

    Kernel& kernel() { return m_kernel; }
    const WaveRtPortOptions& options() const { return m_options; }
    IMiniportWaveRT* miniport() const { return m_miniport.get(); }
    const PCFILTER_DESCRIPTOR* filterDescriptor() const { return m_filter; }
    PDEVICE_OBJECT deviceObject() const { return m_device; }
    // PortCls's per-device state behind the device object (null before Init
    // or without a PortClsDevice).
    StreamResourceRegistry* streamResources() const {
        return m_device != nullptr ? m_device->streamResources : nullptr;
    }
    AdapterPowerManager* adapterPower() const {
        return m_device != nullptr ? m_device->adapterPower : nullptr;
    }
    void pinClosed(ULONG pinId);

  private:
    ~CPortWaveRT() override = default;
    NTSTATUS createPin(ULONG pinId, const AudioFormat& format, std::uint16_t traceStreamId,
                       ComPtr<CPortPinWaveRT>* pin);

    Kernel& m_kernel;
    WaveRtPortOptions m_options;
    PDEVICE_OBJECT m_device = nullptr;
    ComPtr<IMiniportWaveRT> m_miniport;
    PPCFILTER_DESCRIPTOR m_filter = nullptr;
    std::vector<ULONG> m_pinInstances;
};

NTSTATUS PcNewPortWaveRT(Kernel& kernel, ComPtr<CPortWaveRT>* port, WaveRtPortOptions options = {});

}  // namespace ps
