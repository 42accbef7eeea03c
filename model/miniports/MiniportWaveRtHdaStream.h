// CMiniportWaveRtHdaStream: one WaveRT stream of the HD Audio miniport, bound
// to one stream descriptor (pin 0 -> an output descriptor, pin 1 -> an input
// descriptor) with its own stream tag. It answers IMiniportWaveRTStream and
// IMiniportWaveRTStreamNotification (DDI.md §8, §9).
//
// Contract towards the port (all PASSIVE_LEVEL unless stated):
// - Created in KSSTATE_STOP at position 0: the descriptor is reset (SRST),
//   carries its tag and SDnFMT, and its SIE bit is set. No buffer yet.
// - AllocateAudioBuffer (polling) / AllocateBufferWithNotification (event):
//   * RequestedSize 0 or below one frame: STATUS_UNSUCCESSFUL (sysvad; PortAudio
//     #761). A buffer is already allocated: STATUS_UNSUCCESSFUL (free it first).
//   * NotificationCount: Strict policy 1 or 2, SampleDivisors policy any
//     count dividing RequestedSize; otherwise STATUS_INVALID_PARAMETER
//     (acceptNotificationCountAny: any count >= 1).
//   * Size per the options' WaveRtBufferSizePolicy, whole frames.
//   * Pages from PortStream->AllocatePagesForMdl(4 GiB - 1, pages): NOT
//     physically contiguous. When one entry per page would exceed the 256-entry
//     BDL, the buffer is allocated contiguous instead
//     (AllocateContiguousPagesForMdl) and described by merged fragments.
//     Short or failed allocation: STATUS_INSUFFICIENT_RESOURCES.
//   * The BDL (WaveRtHdaBdl.h: one entry per page fragment, IOC exactly where
//     each notification packet ends; none in polling mode) lives in one
//     physically contiguous page (AllocateContiguousPagesForMdl, page aligned,
//     so 128-byte aligned; 256 entries x 16 bytes = one page), mapped with
//     MapAllocatedPages.
//   * The descriptor is reset and programmed: tag, SDnCBL = ActualSize, SDnFMT,
//     SDnLVI = entries - 1, SDnBDPL/BDPU, IOCE only with notifications.
//   * Returns the MDL, *ActualSize, *OffsetFromFirstPage 0 and *CacheType
//     MmWriteCombined (the Docs: Intel HD Audio miniports must).
// - FreeAudioBuffer / FreeBufferWithNotification: stops the DMA if it still
//   runs (a port bug, traced), resets the descriptor, FreePagesFromMdl for the
//   buffer and the BDL. BufferSize is ignored (as both samples). A wrong or
//   null MDL is traced and ignored.
// - SetState (always one step, as the port sequences them):
//   STOP    clear RUN, SRST cycle (LPIB back to 0), reprogram the descriptor
//   ACQUIRE nothing
//   PAUSE   clear RUN: the DMA stops, LPIB holds (dmaRunsInPause: RUN stays set)
//   RUN     STATUS_DEVICE_NOT_READY without a buffer; else set RUN (the DMA
//           starts where LPIB holds) with DEIE, FEIE and, with notifications,
//           IOCE. Registered events are not required.
// - GetPosition (PASSIVE or DISPATCH): PlayOffset = SDnLPIB, always in
//   [0, ActualSize); 0 without a buffer. WriteOffset per the options'
//   WaveRtWriteOffsetPolicy. LPIB is the controller's DMA position (render:
//   bytes fetched into the FIFO; capture: bytes stored from it), so it leads
//   (render) or trails (capture) the converter by the FIFO level, at most
//   FifoSize bytes; like sysvad and AC97 RT the miniport does not subtract
//   it (DDI.md §8), it reports FifoSize in GetHWLatency instead.
// - GetPositionRegister: STATUS_NOT_SUPPORTED unless offerPositionRegister;
//   else Register = a kernel VA of SDnLPIB's alias (CMiniportWaveRtHda::
//   positionRegisterAddress; MmMapIoSpace, 4 bytes, mapped on
//   first call and unmapped when the stream goes), Width 32, Numerator and
//   Denominator 0, Accuracy = SDnFIFOS + 1 bytes, the largest step LPIB
//   takes (see positionAccuracyBytes()).
// - GetClockRegister: STATUS_NOT_SUPPORTED unless offerClockRegister; else
//   WALCLK's VA (mapped once per miniport), Width 32, 24,000,000 / 1 Hz,
//   Accuracy 1 tick.
// - GetHWLatency: FifoSize = SDnFIFOS + 1 bytes (as read now), ChipsetDelay 0
//   (PCI), CodecDelay = options.codecDelay100ns.
// - SetFormat: STATUS_INVALID_DEVICE_STATE in RUN (unless
//   acceptSetFormatWhileRunning); the format per hdaRtReadDataFormat; with a
//   buffer allocated, a frame size that does not divide it is STATUS_NO_MATCH.
//   Writes SDnFMT.
// - RegisterNotificationEvent: null STATUS_INVALID_PARAMETER, a duplicate
//   STATUS_UNSUCCESSFUL (sysvad), else appended. UnregisterNotificationEvent:
//   STATUS_NOT_FOUND for an unknown event.
// - Interrupts: the ISR acknowledges SDnSTS and, on BCIS, queues the stream's
//   DPC. The DPC (DISPATCH_LEVEL) signals every registered event with
//   KeSetEvent, in registration order, under the stream's position spin lock
//   (sysvad's atomicity, DDI.md §19 row 11). An IOC that comes while the DPC
//   is still queued merges into that DPC (traced).
//
// The stream holds references on the miniport and on PortStream until it is
// destroyed. A buffer still allocated then is freed (as sysvad's destructor
// does) and traced, as are events never unregistered.
#pragma once

#include "model/hw/hda/HdaRegisters.h"
#include "model/kernel/ComBase.h"
#include "model/kernel/Kernel.h"
#include "model/ks/AudioFormat.h"
#include "model/portcls/WaveRtInterfaces.h"

#include <vector>

namespace ps {

class CMiniportWaveRtHda;

class CMiniportWaveRtHdaStream final : public CUnknownImpl<IMiniportWaveRTStreamNotification> {
  public:
    // Only CMiniportWaveRtHda::NewStream creates streams.
    CMiniportWaveRtHdaStream(CMiniportWaveRtHda& miniport, unsigned descriptor, unsigned tag,
                             BOOLEAN Capture, PPORTWAVERTSTREAM PortStream,
                             const AudioFormat& format, const hda::StreamFormat& streamFormat);
    ~CMiniportWaveRtHdaStream() override;

    // Resets and programs the descriptor and registers with the ISR.
    NTSTATUS Init();

    NTSTATUS NonDelegatingQueryInterface(REFIID iid, void** object) override;

    // IMiniportWaveRTStream
    NTSTATUS SetFormat(PKSDATAFORMAT DataFormat) override;
    NTSTATUS SetState(KSSTATE State) override;
    NTSTATUS GetPosition(PKSAUDIO_POSITION AudioPosition) override;
    NTSTATUS AllocateAudioBuffer(ULONG RequestedSize, PMDL* AudioBufferMdl, ULONG* ActualSize,
                                 ULONG* OffsetFromFirstPage,
                                 MEMORY_CACHING_TYPE* CacheType) override;
    void FreeAudioBuffer(PMDL AudioBufferMdl, ULONG BufferSize) override;
    void GetHWLatency(PKSRTAUDIO_HWLATENCY hwLatency) override;
    NTSTATUS GetPositionRegister(PKSRTAUDIO_HWREGISTER Register) override;
    NTSTATUS GetClockRegister(PKSRTAUDIO_HWREGISTER Register) override;
    // IMiniportWaveRTStreamNotification
    NTSTATUS AllocateBufferWithNotification(ULONG NotificationCount, ULONG RequestedSize,
                                            PMDL* AudioBufferMdl, ULONG* ActualSize,
                                            ULONG* OffsetFromFirstPage,
                                            MEMORY_CACHING_TYPE* CacheType) override;
    void FreeBufferWithNotification(PMDL AudioBufferMdl, ULONG BufferSize) override;
    NTSTATUS RegisterNotificationEvent(PKEVENT NotificationEvent) override;
    NTSTATUS UnregisterNotificationEvent(PKEVENT NotificationEvent) override;

    // Called by the miniport's ISR at DIRQL with the SDnSTS it acknowledged.
    void onInterrupt(UCHAR streamStatus);
    // Called by the miniport's worker thread (PASSIVE) while the stream runs:
    // samples LPIB; unchanged for kWatchdogStallNs in RUN is traced once per
    // stall as "DMA stall suspected".
    void serviceWatchdog(TimeNs nowNs);
    static constexpr TimeNs kWatchdogStallNs = 20'000'000;
    std::uint64_t stallsSuspected() const { return m_stalls; }

    // ---- inspection (tests, views); simulation thread only
    unsigned descriptorIndex() const { return m_descriptor; }
    unsigned streamTag() const { return m_tag; }
    bool isCapture() const { return m_capture; }
    const AudioFormat& format() const { return m_format; }
    const hda::StreamFormat& streamFormat() const { return m_streamFormat; }
    KSSTATE ksState() const { return m_ksState; }
    ULONG bufferBytes() const { return m_bufferBytes; }
    ULONG notificationCount() const { return m_notificationCount; }
    bool bufferIsContiguous() const { return m_bufferContiguous; }
    PMDL bufferMdl() const { return m_BufferMdl; }
    PHYSICAL_ADDRESS bdlPhysicalAddress() const { return m_bdlPhysical; }
    // The entries as programmed (the BDL page holds their encoding).
    const std::vector<hda::BdlEntry>& bdlEntries() const { return m_bdlEntries; }
    std::size_t registeredEventCount() const { return m_NotificationEvents.size(); }
    // Interrupts with BCIS seen by the ISR, and notification DPCs run.
    std::uint64_t interruptCount() const { return m_iocInterrupts; }
    std::uint64_t dpcCount() const { return m_dpcRuns; }
    // KSRTAUDIO_HWREGISTER::Accuracy of the position register, in bytes: LPIB
    // counts what the DMA moved, in bursts of at most the FIFO size, which is
    // therefore the largest single step the register takes (HARDWARE.md
    // §2.8): SDnFIFOS + 1 as read now.
    ULONG positionAccuracyBytes();

  private:
    // ---- buffer (MiniportWaveRtHdaStreamBuffer.cpp)
    NTSTATUS allocateBuffer(ULONG NotificationCount, ULONG RequestedSize, PMDL* AudioBufferMdl,
                            ULONG* ActualSize, ULONG* OffsetFromFirstPage,
                            MEMORY_CACHING_TYPE* CacheType, const char* method);
    NTSTATUS checkNotificationCount(ULONG NotificationCount, ULONG RequestedSize) const;
    ULONG actualBufferBytes(ULONG RequestedSize) const;
    // Pages for the buffer and its BDL entries; fills m_BufferMdl,
    // m_bufferContiguous and m_bdlEntries.
    NTSTATUS allocatePagesAndLayout(ULONG bytes, ULONG NotificationCount);
    NTSTATUS allocateBdlPage();
    void writeBdl();
    void freeBuffer(PMDL AudioBufferMdl, const char* method);
    void releaseBufferPages(PMDL bufferMdl);

    // ---- descriptor registers (MiniportWaveRtHdaStream.cpp); writers hold
    // the position lock (or run before the stream is registered). Plain reads
    // of FIFOS need none.
    UCHAR readCtlByte0();
    ULONG readCtl();
    void writeCtl(ULONG value);
    ULONG readLpib();
    void clearRun();
    void resetDescriptor();
    // Reset, then tag, CBL, FMT, LVI, BDPL/BDPU (the order of Linux's
    // snd_hdac_stream_setup, HARDWARE.md §6.3) and the interrupt enables.
    void resetAndProgramDescriptor();
    ULONG interruptEnables() const;

    static void NotificationDpc(PKDPC Dpc, PVOID DeferredContext, PVOID SystemArgument1,
                                PVOID SystemArgument2);
    void signalNotificationEvents();
    void acquirePositionLock(KIRQL* oldIrql);
    void releasePositionLock(KIRQL oldIrql);
    TraceRecord trace(TraceCategory category, const char* what) const;

    Kernel& m_kernel;
    CMiniportWaveRtHda& m_miniport;  // referenced (AddRef in the constructor)
    const unsigned m_descriptor;
    const unsigned m_tag;
    const bool m_capture;
    ComPtr<IPortWaveRTStream> m_PortStream;
    AudioFormat m_format;
    hda::StreamFormat m_streamFormat;
    bool m_registered = false;

    KSPIN_LOCK m_PositionLock;  // state, positions, the event list, the registers
    KDPC m_NotificationDpc;
    KSSTATE m_ksState = KSSTATE_STOP;
    bool m_runSet = false;  // SDnCTL.RUN as this driver last wrote it

    // The cyclic buffer and its BDL.
    PMDL m_BufferMdl = nullptr;
    ULONG m_bufferBytes = 0;
    ULONG m_notificationCount = 0;
    bool m_bufferContiguous = false;
    PMDL m_BdlMdl = nullptr;
    PVOID m_BdlVa = nullptr;
    PHYSICAL_ADDRESS m_bdlPhysical = 0;
    std::vector<hda::BdlEntry> m_bdlEntries;

    std::vector<PKEVENT> m_NotificationEvents;
    PVOID m_positionRegisterVa = nullptr;

    std::uint64_t m_iocInterrupts = 0;
    std::uint64_t m_dpcRuns = 0;
    // Watchdog: the LPIB last seen, since when, and whether this stall was
    // already reported.
    ULONG m_watchdogLpib = 0;
    TimeNs m_watchdogSinceNs = -1;
    bool m_stallReported = false;
    std::uint64_t m_stalls = 0;
    bool m_positionBugDone = false;
};

}  // namespace ps
