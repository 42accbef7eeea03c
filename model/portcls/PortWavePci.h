// The WavePci port driver (PortCls's CPortWavePci): binds a WavePci miniport
// to the system, forwards the filter group's service to IMiniportWavePci::
// Service, creates DMA channels and creates pins (CPortPinWavePci) for
// clients. Behaviour follows the documented Windows port (DDI.md §1-§5) where
// the Docs and ReactOS differ, with the decisions of DDI.md §19.
//
// Every call the port makes into the miniport and every call the miniport
// makes into the port is a DdiCall trace record: source = caller ("port" or
// "miniport"), name = "Interface::Method", fields named after the DDI
// parameters, the current IRQL and the spin locks held, and the NTSTATUS.
//
// Stream resources and power: QueryInterface answers neither
// IPortClsStreamResourceManager interface (the DDI pages say WaveRT only);
// a WavePci miniport registers through PcAddStreamResource with its PDO
// (Windows 10 on). The device object given to Init carries PortCls's
// per-device state (PortClsDevice) when the adapter made one: a new pin, or
// a pin leaving KSSTATE_STOP, then needs the adapter in D0 and is held
// (STATUS_PENDING) until it is, as on the WaveRT port (PinStateCompletion.h).
#pragma once

#include "model/kernel/Kernel.h"
#include "model/ks/AudioFormat.h"
#include "model/portcls/PinStateCompletion.h"
#include "model/portcls/WavePciInterfaces.h"

#include <cstdint>
#include <vector>

namespace ps {

class CPortPinWavePci;

struct WavePciPortOptions {
    // DDI.md §19 row 12: the Docs call MappingAvailable only after a refused
    // GetMapping; ReactOS calls it for every packet that arrives in RUN.
    bool mappingAvailableEveryPacket = false;
    // DDI.md §19 row 15: pass state changes to the miniport in one jump (as
    // ReactOS does) instead of stepping through every state. For tests.
    bool rawStateJumps = false;
    // The timer the port runs for a stream without a service group (Docs: 20 ms).
    LONG ownTimerPeriodMs = 20;
};

class CPortWavePci final : public CUnknownImpl<IPortWavePci, IServiceSink> {
  public:
    CPortWavePci(Kernel& kernel, WavePciPortOptions options = {});

    NTSTATUS NonDelegatingQueryInterface(REFIID iid, void** object) override;

    // IPort
    NTSTATUS Init(PDEVICE_OBJECT DeviceObject, PIRP Irp, PUNKNOWN UnknownMiniport,
                  PUNKNOWN UnknownAdapter, PRESOURCELIST ResourceList) override;
    // IPortWavePci
    void Notify(PSERVICEGROUP ServiceGroup) override;
    NTSTATUS NewMasterDmaChannel(PDMACHANNEL* DmaChannel, PUNKNOWN OuterUnknown, POOL_TYPE PoolType,
                                 PRESOURCELIST ResourceList, BOOLEAN ScatterGather,
                                 BOOLEAN Dma32BitAddresses, BOOLEAN Dma64BitAddresses,
                                 BOOLEAN IgnoreCount, DMA_WIDTH DmaWidth, DMA_SPEED DmaSpeed,
                                 ULONG MaximumLength, ULONG DmaPort) override;
    // IServiceSink: the filter group's service reaches IMiniportWavePci::Service.
    void RequestService() override;

    // Creates a pin instance on the miniport's filter pin pinId for a client
    // with that format (KSCREATE_PIN). STATUS_INVALID_PARAMETER for an unknown
    // or non-streaming pin or one at its instance limit; STATUS_NO_MATCH when
    // the format is outside the pin's data ranges; the miniport's status when
    // NewStream fails. traceStreamId labels the pin's trace records. Not in
    // D0: STATUS_PENDING and onComplete later, or STATUS_DEVICE_NOT_READY
    // without onComplete (holdPinCreation, PinPowerGate.h).
    NTSTATUS newPin(ULONG pinId, const AudioFormat& format, std::uint16_t traceStreamId,
                    ComPtr<CPortPinWavePci>* pin,
                    PinCreationRoutine<CPortPinWavePci> onComplete = {});

    Kernel& kernel() { return m_kernel; }
    const WavePciPortOptions& options() const { return m_options; }
    IMiniportWavePci* miniport() const { return m_miniport.get(); }
    const PCFILTER_DESCRIPTOR* filterDescriptor() const { return m_filter; }
    PDEVICE_OBJECT deviceObject() const { return m_device; }
    // PortCls's per-device state behind the device object (null before Init
    // or without a PortClsDevice).
    AdapterPowerManager* adapterPower() const {
        return m_device != nullptr ? m_device->adapterPower : nullptr;
    }
    // Called by a pin when it closes.
    void pinClosed(ULONG pinId);
    // ISubdevice::ReleaseChildren, on device removal: leaves the filter group
    // and releases the miniport, which breaks the port <-> miniport reference
    // cycle (the miniport holds the port it was initialized with).
    void ReleaseChildren();

  private:
    ~CPortWavePci() override;
    NTSTATUS createPin(ULONG pinId, const AudioFormat& format, std::uint16_t traceStreamId,
                       ComPtr<CPortPinWavePci>* pin);

    Kernel& m_kernel;
    WavePciPortOptions m_options;
    PDEVICE_OBJECT m_device = nullptr;
    ComPtr<IMiniportWavePci> m_miniport;
    ComPtr<IServiceGroup> m_filterGroup;
    PPCFILTER_DESCRIPTOR m_filter = nullptr;
    std::vector<ULONG> m_pinInstances;
};

// PcNewPort(&port, CLSID_PortWavePci), with the kernel passed explicitly.
NTSTATUS PcNewPortWavePci(Kernel& kernel, ComPtr<CPortWavePci>* port,
                          WavePciPortOptions options = {});

}  // namespace ps
