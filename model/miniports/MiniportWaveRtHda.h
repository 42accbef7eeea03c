// CMiniportWaveRtHda: PortScope's WaveRT sample miniport for the HD
// Audio-style controller (model/hw/hda), written the way a WDK WaveRT miniport
// is (sysvad's CMiniportWaveRT and the AC97 sample's CAC97MiniportWaveRT,
// DDI.md §7-§10), but driving real stream descriptors: the cyclic buffer is
// described by a BDL, the position is the controller's link position (LPIB),
// and notifications come from IOC interrupts through an ISR and a DPC.
//
// The filter (GetDescription):
//   pin 0  render sink, KSPIN_DATAFLOW_IN: streams to an output descriptor (SDO)
//   pin 1  capture, KSPIN_DATAFLOW_OUT: streams from an input descriptor (SDI)
// Both accept hdaRtStreamDataRange() (WaveRtHdaFormat.h: PCM, 1..8 channels,
// 8..32 bits, 8000..192000 Hz). MaxInstanceCount = the controller's output /
// input descriptor count from GCAP (0 before Init).
//
// Init(UnknownAdapter, ResourceList, Port), PASSIVE_LEVEL:
// - ResourceList must hold a memory range (CmResourceTypeMemory: Port.Start =
//   the MMIO base, Port.Length >= hda::kRegisterSetBytes, within the 32-bit
//   bus; hda::kMmioLength to reach the LPIB alias page) and an interrupt;
//   otherwise STATUS_DEVICE_CONFIGURATION_ERROR and
//   nothing is kept. A second Init is STATUS_UNSUCCESSFUL.
// - Resets the controller (GCTL.CRST 0, then 1, polling each; a controller
//   that does not come out of reset is STATUS_DEVICE_NOT_READY), reads GCAP
//   (no output and no input descriptor: STATUS_DEVICE_CONFIGURATION_ERROR),
//   connects the ISR (IoConnectInterrupt, shared, level-sensitive, at the
//   resource's DIRQL; Level 0 means the kernel's default device IRQL) and
//   sets INTCTL.GIE | CIE. Each stream adds its SIE bit while it exists.
// - Holds a reference on Port from Init until the miniport is destroyed (as
//   AC97 RT). The port holds the miniport too: it must release the miniport
//   when the subdevice goes away, not in its own destructor.
//
// GetDeviceDescription: zeroed (as sysvad), then Master, ScatterGather and
// Dma32BitAddresses TRUE, Dma64BitAddresses = GCAP.64OK (FALSE before Init),
// InterfaceType PCIBus, DmaWidth Width32Bits, MaximumLength 0xFFFFFFFF.
//
// NewStream (PASSIVE): pin 0 with Capture FALSE or pin 1 with Capture TRUE,
// else STATUS_INVALID_PARAMETER; before Init STATUS_DEVICE_NOT_READY; the
// format per hdaRtReadDataFormat (INVALID_PARAMETER malformed, NO_MATCH not
// streamable); no free descriptor or stream tag of that direction:
// STATUS_INSUFFICIENT_RESOURCES. See MiniportWaveRtHdaStream.h for the
// stream. *Stream is AddRef'd; it answers IMiniportWaveRTStream and
// IMiniportWaveRTStreamNotification.
//
// Stream resources and power (MiniportWaveRtHdaResources.cpp, DDI.md §13):
// - Init creates a worker thread (PsCreateSystemThread). Its job: while any
//   stream runs it wakes every workerPeriodNs and services each running
//   stream's position watchdog (LPIB sampled; unchanged for 20 ms in RUN is
//   traced "DMA stall suspected"). A wakeup more than half a period late is
//   counted (workerLateWakeups()) and traced: interference that delays the
//   thread delays stall detection by as much.
// - Init QIs the port for IPortClsStreamResourceManager2, else
//   IPortClsStreamResourceManager, and when one is offered (and
//   options.physicalDeviceObject is set) registers its interrupt and its
//   worker thread (AddStreamResource2 / AddStreamResource). On an OS without
//   the interfaces it registers nothing and runs just the same.
// - IAdapterPowerManagement3 (the adapter object is the miniport here):
//   PowerChangeState3(D3) unregisters both, masks INTCTL and disconnects the
//   interrupt; PowerChangeState3(D0) reconnects it, restores INTCTL and
//   registers both again. D3ExitLatencyChanged is recorded.
// - The destructor (device stop / removal) unregisters both before it
//   disconnects the interrupt and ends the thread.
//
// ISR (DIRQL): INTSTS 0 or all ones is not ours (FALSE). For every descriptor
// whose SIS bit is set it reads SDnSTS and writes the W1C bits back (the
// acknowledge; a descriptor without a stream is acknowledged too, or the
// level-sensitive line would storm), and queues the stream's DPC when BCIS was
// set. FIFOE and DESE are traced. Returns TRUE when any SIS bit was set.
//
// Simulation thread only; every Ke* / READ_REGISTER_* call goes through the
// Kernel given to the factory.
#pragma once

#include "model/hw/hda/HdaRegisters.h"
#include "model/kernel/ComBase.h"
#include "model/kernel/Kernel.h"
#include "model/miniports/WaveRtMiniportOptions.h"
#include "model/portcls/AdapterPower.h"
#include "model/portcls/StreamResource.h"
#include "model/portcls/WaveRtInterfaces.h"

#include <array>

namespace ps {

class CMiniportWaveRtHdaStream;

// The adapter's PcNewMiniport for this device. *Unknown receives the
// miniport's IUnknown (AddRef'd); the port QIs it for IID_IMiniportWaveRT.
NTSTATUS createMiniportWaveRtHda(Kernel& kernel, const WaveRtMiniportOptions& options,
                                 PUNKNOWN* Unknown);

// Filter pin ids.
enum HdaRtPinId : ULONG {
    kHdaRtPinRender = 0,
    kHdaRtPinCapture = 1,
};

class CMiniportWaveRtHda final : public CUnknownImpl<IMiniportWaveRT, IAdapterPowerManagement3> {
  public:
    CMiniportWaveRtHda(Kernel& kernel, const WaveRtMiniportOptions& options);
    ~CMiniportWaveRtHda() override;

    NTSTATUS NonDelegatingQueryInterface(REFIID iid, void** object) override;

    // IMiniport
    NTSTATUS GetDescription(PPCFILTER_DESCRIPTOR* Description) override;
    NTSTATUS DataRangeIntersection(ULONG PinId, const KSDATARANGE_AUDIO* DataRange,
                                   const KSDATARANGE_AUDIO* MatchingDataRange,
                                   ULONG OutputBufferLength, PVOID ResultantFormat,
                                   PULONG ResultantFormatLength) override;
    // IMiniportWaveRT
    NTSTATUS Init(PUNKNOWN UnknownAdapter, PRESOURCELIST ResourceList, PPORTWAVERT Port) override;
    NTSTATUS NewStream(PMINIPORTWAVERTSTREAM* Stream, PPORTWAVERTSTREAM PortStream, ULONG Pin,
                       BOOLEAN Capture, PKSDATAFORMAT DataFormat) override;
    NTSTATUS GetDeviceDescription(PDEVICE_DESCRIPTION DeviceDescription) override;
    // IAdapterPowerManagement3
    void PowerChangeState3(DEVICE_POWER_STATE NewPowerState, POWER_ACTION PowerAction) override;
    void D3ExitLatencyChanged(PC_EXIT_LATENCY NewLatency) override;

    // ---- for the streams (and the inspector)
    Kernel& kernel() { return m_kernel; }
    const WaveRtMiniportOptions& options() const { return m_options; }
    // Bus address of a global register / of a register of descriptor n.
    std::uint32_t registerAddress(std::uint32_t offset) const { return m_mmioBase + offset; }
    std::uint32_t streamRegisterAddress(unsigned descriptor, std::uint32_t offset) const {
        return m_mmioBase + hda::streamOffset(descriptor) + offset;
    }
    // Bus address of descriptor n's LPIB as offered to clients: its alias in
    // the second page of the window (HARDWARE.md §2.5, e.g. J1850 OSD3LPIBA),
    // which holds nothing else, when the memory resource covers that page;
    // else SDnLPIB itself.
    std::uint32_t positionRegisterAddress(unsigned descriptor) const;
    bool dma64BitAddresses() const { return m_dma64; }
    unsigned inputDescriptors() const { return m_inputStreams; }
    unsigned outputDescriptors() const { return m_outputStreams; }
    // A kernel VA of WALCLK (MmMapIoSpace, mapped on first use, unmapped when
    // the miniport goes); nullptr if it cannot be mapped.
    PVOID wallClockRegisterVa();
    // The stream on descriptor n, or null. Set and cleared by the stream
    // itself, synchronized with the ISR.
    CMiniportWaveRtHdaStream* stream(unsigned descriptor) const {
        return descriptor < m_streams.size() ? m_streams[descriptor] : nullptr;
    }
    void setStream(unsigned descriptor, CMiniportWaveRtHdaStream* stream);
    // Sets or clears the descriptor's INTCTL.SIE bit.
    void enableStreamInterrupt(unsigned descriptor, bool enable);
    // Gives a stream tag back (NewStream hands them out, 1..15 per direction).
    void releaseStreamTag(bool capture, unsigned tag);
    // A stream entered RUN: the worker thread starts its periodic service.
    void kickWorker();

    // ---- stream resources and power (inspection)
    PKINTERRUPT interruptObject() const { return m_InterruptObject; }
    PETHREAD workerThread() const { return m_WorkerThread; }
    bool hasResourceManager() const { return static_cast<bool>(m_ResourceManager); }
    bool hasResourceManager2() const { return static_cast<bool>(m_ResourceManager2); }
    bool interruptRegistered() const { return m_InterruptResource != nullptr; }
    bool threadRegistered() const { return m_ThreadResource != nullptr; }
    DEVICE_POWER_STATE powerState() const { return m_PowerState; }
    PC_EXIT_LATENCY exitLatency() const { return m_ExitLatency; }
    std::uint64_t workerServices() const { return m_workerServices; }
    std::uint64_t workerLateWakeups() const { return m_workerLateWakeups; }

  private:
    // ---- MiniportWaveRtHdaResources.cpp
    NTSTATUS connectInterrupt();
    void disconnectInterrupt();
    void startWorkerThread();
    void stopWorkerThread();
    static void WorkerThreadStart(PVOID StartContext);
    void workerWait();
    void workerService(std::int32_t waitStatus);
    void queryResourceManager();
    void registerStreamResources();
    void unregisterStreamResources();
    NTSTATUS addStreamResource(PcStreamResourceType type, PVOID resource, PCSTREAMRESOURCE* handle);
    void removeStreamResource(PCSTREAMRESOURCE* handle);

    static BOOLEAN InterruptServiceRoutine(PKINTERRUPT Interrupt, PVOID ServiceContext);
    BOOLEAN serviceInterrupt();
    bool resetController();
    void buildFilterDescriptor();
    // A free descriptor of the direction (or -1) and a free tag (or 0).
    int freeDescriptor(bool capture) const;
    unsigned allocateStreamTag(bool capture);
    TraceRecord trace(TraceCategory category, const char* what) const;

    Kernel& m_kernel;
    WaveRtMiniportOptions m_options;
    ComPtr<IPortWaveRT> m_Port;
    PKINTERRUPT m_InterruptObject = nullptr;
    std::uint32_t m_mmioBase = 0;
    bool m_lpibAliasDecoded = false;  // the resource covers the LPIB alias page
    bool m_initialized = false;
    bool m_dma64 = false;
    unsigned m_inputStreams = 0;
    unsigned m_outputStreams = 0;
    PVOID m_wallClockVa = nullptr;
    std::array<CMiniportWaveRtHdaStream*, hda::kMaxStreams> m_streams{};
    // Bit n set while m_streams[n] holds a stream: the worker thread visits
    // those in descriptor order instead of all kMaxStreams slots.
    std::uint32_t m_streamSlots = 0;
    std::array<std::array<bool, 16>, 2> m_tagsInUse{};  // [capture][tag], tag 0 unused
    PCFILTER_DESCRIPTOR m_FilterDescriptor;

    // Interrupt resource, kept to reconnect after D3.
    ULONG m_interruptVector = 0;
    KIRQL m_interruptLevel = kDefaultDeviceIrql;
    ULONG_PTR m_interruptAffinity = 0;
    ULONG m_savedIntctl = 0;
    // Stream resources.
    ComPtr<IPortClsStreamResourceManager> m_ResourceManager;
    ComPtr<IPortClsStreamResourceManager2> m_ResourceManager2;
    PCSTREAMRESOURCE m_InterruptResource = nullptr;
    PCSTREAMRESOURCE m_ThreadResource = nullptr;
    DEVICE_POWER_STATE m_PowerState = PowerDeviceD0;
    PC_EXIT_LATENCY m_ExitLatency = PcExitLatencyInstant;
    // The worker thread and its watchdog service.
    PETHREAD m_WorkerThread = nullptr;
    KEVENT m_WorkerEvent;
    TimeNs m_workerDueNs = -1;  // when the next periodic service is due (-1: idle)
    std::uint64_t m_workerServices = 0;
    std::uint64_t m_workerLateWakeups = 0;
};

}  // namespace ps
