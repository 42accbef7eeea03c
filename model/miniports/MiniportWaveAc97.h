// CMiniportWaveAc97: PortScope's WavePci sample miniport for the AC'97-style
// bus master (model/hw/ac97), written the way Microsoft's AC97 sample
// CMiniportWaveICH is (DDI.md §1, §6), with the sample's known flaws fixed and
// reproducible behind WavePciMiniportOptions' bug switches.
//
// The filter (GetDescription):
//   pin 0  wave out: render sink, KSPIN_DATAFLOW_IN, streams to the PCM Out engine
//   pin 1  wave in:  capture, KSPIN_DATAFLOW_OUT, streams from the PCM In engine
//   pin 2  bridge to the speakers (KSPIN_DATAFLOW_OUT, no streams)
//   pin 3  bridge from the line input (KSPIN_DATAFLOW_IN, no streams)
// Streaming pins accept Ac97StreamFormat.h's range; one stream per pin.
//
// Init(UnknownAdapter, ResourceList, Port, &ServiceGroup), PASSIVE_LEVEL:
// - ResourceList must hold an I/O port range of at least ac97::kNabmLength
//   bytes (the NABM base) and an interrupt; otherwise
//   STATUS_DEVICE_CONFIGURATION_ERROR and nothing is kept.
// - Resets the three engines, connects the ISR (IoConnectInterrupt, shared,
//   level-sensitive, at the resource's DIRQL; Level 0 means the kernel's
//   default device IRQL), creates the bus-master DMA channel
//   (Port->NewMasterDmaChannel: scatter/gather, 32-bit addresses,
//   MaximumLength 0x1FFFE, as AC97) and returns a NULL filter service group:
//   Service() is empty.
// - Holds a reference on Port from Init until the miniport is destroyed (as
//   AC97). The port holds the miniport too: the port must release the
//   miniport when the subdevice goes away, not in its own destructor.
//
// NewStream: see MiniportWaveAc97Stream.h for the stream's contract. Returns
// *Stream AddRef'd, *DmaChannel NOT AddRef'd (the DDI's documented exception)
// and *ServiceGroup AddRef'd (the stream's own group; the ISR notifies it).
//
// ISR (DIRQL): GLOB_STA 0 or all ones is not ours (FALSE). For every engine
// whose GLOB_STA bit is set it reads SR and writes the value back (the W1C
// acknowledge) and, when the engine has a stream, calls Port->Notify(that
// stream's group). Returns TRUE when any engine bit was set. No mapping work
// happens at DIRQL (DDI.md §1) unless getMappingFromIsr is on.
//
// Stream resources and power (MiniportWaveAc97Resources.cpp, DDI.md §13):
// - The WavePci port answers neither IPortClsStreamResourceManager interface,
//   so the miniport uses the free functions with its PDO
//   (options.physicalDeviceObject). They exist from Windows 10 on: Init asks
//   RtlIsNtDdiVersionAvailable(NTDDI_WIN10) and, only then, registers its
//   interrupt with PcAddStreamResource right after connecting it. On older
//   systems it runs unregistered and nothing fails.
// - PcRemoveStreamResource comes before every IoDisconnectInterrupt: on D3
//   and on device removal (the destructor). PowerChangeState3(D0) reconnects
//   the interrupt and registers it again. The streams keep their engine
//   state; the controller's registers are not modeled as lost in D3.
// - IAdapterPowerManagement3: the miniport is the adapter object the
//   adapter registers (PcRegisterAdapterPowerManagement).
// - Bug switch skipStreamResourceRegistration: never registers (traced as
//   "stream resources not registered").
//
// Simulation thread only; every Ke*/READ_PORT_* call goes through the Kernel
// given to the factory.
#pragma once

#include "model/hw/ac97/Ac97Registers.h"
#include "model/kernel/ComBase.h"
#include "model/kernel/Kernel.h"
#include "model/miniports/WavePciMiniportOptions.h"
#include "model/portcls/AdapterPower.h"
#include "model/portcls/StreamResource.h"
#include "model/portcls/WavePciInterfaces.h"

#include <array>

namespace ps {

class CMiniportWaveAc97Stream;

// The adapter's PcNewMiniport / CreateMiniportWaveICH. *Unknown receives the
// miniport's IUnknown (AddRef'd); the port QIs it for IID_IMiniportWavePci.
NTSTATUS createMiniportWaveAc97(Kernel& kernel, const WavePciMiniportOptions& options,
                                PUNKNOWN* Unknown);

// Filter pin ids.
enum Ac97PinId : ULONG {
    kAc97PinWaveOut = 0,
    kAc97PinWaveIn = 1,
    kAc97PinSpeakerBridge = 2,
    kAc97PinLineInBridge = 3,
};

class CMiniportWaveAc97 final : public CUnknownImpl<IMiniportWavePci, IAdapterPowerManagement3> {
  public:
    CMiniportWaveAc97(Kernel& kernel, const WavePciMiniportOptions& options);
    ~CMiniportWaveAc97() override;

    NTSTATUS NonDelegatingQueryInterface(REFIID iid, void** object) override;

    // IMiniport
    NTSTATUS GetDescription(PPCFILTER_DESCRIPTOR* Description) override;
    NTSTATUS DataRangeIntersection(ULONG PinId, const KSDATARANGE_AUDIO* DataRange,
                                   const KSDATARANGE_AUDIO* MatchingDataRange,
                                   ULONG OutputBufferLength, PVOID ResultantFormat,
                                   PULONG ResultantFormatLength) override;
    // IMiniportWavePci
    NTSTATUS Init(PUNKNOWN UnknownAdapter, PRESOURCELIST ResourceList, PPORTWAVEPCI Port,
                  PSERVICEGROUP* ServiceGroup) override;
    NTSTATUS NewStream(PMINIPORTWAVEPCISTREAM* Stream, PUNKNOWN OuterUnknown, POOL_TYPE PoolType,
                       PPORTWAVEPCISTREAM PortStream, ULONG Pin, BOOLEAN Capture,
                       PKSDATAFORMAT DataFormat, PDMACHANNEL* DmaChannel,
                       PSERVICEGROUP* ServiceGroup) override;
    void Service() override;
    // IAdapterPowerManagement3
    void PowerChangeState3(DEVICE_POWER_STATE NewPowerState, POWER_ACTION PowerAction) override;
    void D3ExitLatencyChanged(PC_EXIT_LATENCY NewLatency) override;

    // ---- for the streams (and the inspector)
    Kernel& kernel() { return m_kernel; }
    const WavePciMiniportOptions& options() const { return m_options; }
    // I/O port of an NABM register (base + offset).
    std::uint32_t port(std::uint32_t offset) const { return m_ioBase + offset; }
    PPORTWAVEPCI portWavePci() const { return m_Port.get(); }
    PDMACHANNEL dmaChannel() const { return m_DmaChannel.get(); }
    // The stream on an engine, or null. Set and cleared by the stream itself,
    // synchronized with the ISR.
    CMiniportWaveAc97Stream* stream(ac97::Engine engine) const {
        return m_Streams[static_cast<std::size_t>(engine)];
    }
    void setStream(ac97::Engine engine, CMiniportWaveAc97Stream* stream);

    // ---- stream resources and power (inspection)
    PKINTERRUPT interruptObject() const { return m_InterruptObject; }
    bool interruptRegistered() const { return m_InterruptResource != nullptr; }
    DEVICE_POWER_STATE powerState() const { return m_PowerState; }
    PC_EXIT_LATENCY exitLatency() const { return m_ExitLatency; }

  private:
    static BOOLEAN InterruptServiceRoutine(PKINTERRUPT Interrupt, PVOID ServiceContext);
    BOOLEAN serviceInterrupt();
    void resetEngine(ac97::Engine engine);
    void buildFilterDescriptor();
    // ---- MiniportWaveAc97Resources.cpp
    NTSTATUS connectInterrupt();
    void disconnectInterrupt();
    void registerInterruptResource();
    void unregisterInterruptResource();

    Kernel& m_kernel;
    WavePciMiniportOptions m_options;
    ComPtr<IPortWavePci> m_Port;
    ComPtr<IDmaChannel> m_DmaChannel;
    PKINTERRUPT m_InterruptObject = nullptr;
    // The interrupt resource, kept to reconnect after D3.
    ULONG m_interruptVector = 0;
    KIRQL m_interruptLevel = kDefaultDeviceIrql;
    ULONG_PTR m_interruptAffinity = 0;
    PCSTREAMRESOURCE m_InterruptResource = nullptr;
    DEVICE_POWER_STATE m_PowerState = PowerDeviceD0;
    PC_EXIT_LATENCY m_ExitLatency = PcExitLatencyInstant;
    std::uint32_t m_ioBase = 0;
    bool m_initialized = false;
    std::array<CMiniportWaveAc97Stream*, ac97::kEngineCount> m_Streams{};
    PCFILTER_DESCRIPTOR m_FilterDescriptor;
};

}  // namespace ps
