// A pin instance of the WaveRT port (PortCls's CPortPinWaveRT): the stream
// object a WaveRT miniport uses for memory (IPortWaveRTStream) and the pin an
// audio-engine client talks to (WaveRtClientPin).
//
// Behaviour (DDI.md §8-§12, §14; decisions §19):
// - NewStream at creation; IMiniportWaveRTStreamNotification found by QI.
// - RTAUDIO_BUFFER -> AllocateAudioBuffer, RTAUDIO_BUFFER_WITH_NOTIFICATION ->
//   AllocateBufferWithNotification; the MDL is mapped for the client, which
//   gets BufferAddress = mapping + OffsetFromFirstPage. One buffer per pin
//   at a time: releaseBuffer (STOP only) frees it for a new request. A size
//   below the request is flagged (row 2).
// - RTAUDIO_POSITIONREGISTER / CLOCKREGISTER hand the client the miniport's
//   mapped register; any failure means "no register" (row 1).
// - State changes step through every intermediate state; the position
//   register, when mapped, is sampled when the stream leaves and re-enters
//   RUN so that the verifier can see it move while not running.
// - close() steps RUN->PAUSE->ACQUIRE->STOP, unregisters events the client
//   left registered (and says so), frees the buffer, releases the stream.
// - Power and shielding (PinPowerGate): leaving STOP needs the adapter in
//   D0. While it is not, the request is held: setState answers
//   STATUS_PENDING, and when the adapter reaches D0 (the exit latency later)
//   the pin carries the request out through every intermediate state and
//   completes it through the client's StateCompletionRoutine. A newer state
//   request or close() cancels a held one (STATUS_CANCELLED). Above STOP
//   the pin counts as an active stream until it is back in STOP or closed;
//   a RUN with a buffer shorter than KernelConfig::interference.
//   lowLatencyBelowNs counts as a low-latency stream
//   (Kernel::lowLatencyStreamStarted) until it leaves RUN.
#pragma once

#include "model/portcls/PinPowerGate.h"
#include "model/portcls/PortWaveRt.h"
#include "model/portcls/WaveRtClientPin.h"

#include <memory>
#include <vector>

namespace ps {

class CPortPinWaveRT final : public CUnknownImpl<IPortWaveRTStream>, public WaveRtClientPin {
  public:
    CPortPinWaveRT(CPortWaveRT& port, ULONG pinId, bool capture, const AudioFormat& format,
                   std::uint16_t traceStreamId);
    NTSTATUS init();

    NTSTATUS NonDelegatingQueryInterface(REFIID iid, void** object) override;

    // IPortWaveRTStream (called by the miniport)
    PMDL AllocatePagesForMdl(PHYSICAL_ADDRESS HighAddress, SIZE_T TotalBytes) override;
    PMDL AllocateContiguousPagesForMdl(PHYSICAL_ADDRESS LowAddress, PHYSICAL_ADDRESS HighAddress,
                                       SIZE_T TotalBytes) override;
    PVOID MapAllocatedPages(PMDL MemoryDescriptorList, MEMORY_CACHING_TYPE CacheType) override;
    void UnmapAllocatedPages(PVOID BaseAddress, PMDL MemoryDescriptorList) override;
    void FreePagesFromMdl(PMDL MemoryDescriptorList) override;
    ULONG GetPhysicalPagesCount(PMDL MemoryDescriptorList) override;
    PHYSICAL_ADDRESS GetPhysicalPageAddress(PMDL MemoryDescriptorList, ULONG Index) override;

    // WaveRtClientPin (called by the client)
    NTSTATUS setState(KSSTATE state) override;
    void setStateCompletionRoutine(StateCompletionRoutine routine) override {
        m_power.setCompletionRoutine(std::move(routine));
    }
    KSSTATE state() const override { return m_state; }
    // A state request waits for the adapter's D0 (and its target).
    bool statePending() const { return m_power.pending(); }
    KSSTATE pendingState() const { return m_power.requestTarget(); }
    NTSTATUS getPosition(KSAUDIO_POSITION* position) override;
    NTSTATUS setDataFormat(const AudioFormat& format) override;
    const AudioFormat& dataFormat() const override { return m_format; }
    NTSTATUS getBuffer(ULONG requestedBytes, KSRTAUDIO_BUFFER* buffer) override;
    NTSTATUS getBufferWithNotification(ULONG requestedBytes, ULONG notificationCount,
                                       KSRTAUDIO_BUFFER* buffer) override;
    NTSTATUS releaseBuffer() override;
    NTSTATUS getPositionRegister(KSRTAUDIO_HWREGISTER* reg) override;
    NTSTATUS getClockRegister(KSRTAUDIO_HWREGISTER* reg) override;
    NTSTATUS getHwLatency(KSRTAUDIO_HWLATENCY* latency) override;
    NTSTATUS registerNotificationEvent(PKEVENT event) override;
    NTSTATUS unregisterNotificationEvent(PKEVENT event) override;
    void close() override;

    // Inspection.
    bool isCapture() const { return m_capture; }
    ULONG pinId() const { return m_pinId; }
    std::uint16_t traceStreamId() const { return m_streamId; }
    bool hasNotificationInterface() const { return static_cast<bool>(m_notification); }
    bool hasBuffer() const { return m_bufferMdl != nullptr; }
    ULONG bufferBytes() const { return m_bufferBytes; }
    ULONG notificationCount() const { return m_notificationCount; }
    std::uint64_t clientBufferAddress() const { return m_clientVa; }
    const MDL* bufferMdl() const { return m_bufferMdl; }
    const std::vector<PKEVENT>& registeredEvents() const { return m_events; }
    std::size_t outstandingMdls() const { return m_mdls.size(); }
    IMiniportWaveRTStream* miniportStream() const { return m_stream.get(); }

  private:
    ~CPortPinWaveRT() override;

    NTSTATUS stepState(KSSTATE to);
    // The adapter reached D0: carries out the held state request.
    void resumeStateRequest();
    NTSTATUS allocate(ULONG requestedBytes, ULONG notificationCount, bool withNotification,
                      KSRTAUDIO_BUFFER* buffer);
    void freeBuffer();
    void samplePositionRegister(const char* when);
    // The cyclic buffer is shorter than the interference config's
    // lowLatencyBelowNs (the stream counts as low-latency while it runs).
    bool isLowLatency() const;

    CPortWaveRT& m_port;
    Kernel& m_kernel;
    ComPtr<CPortWaveRT> m_portRef;
    ULONG m_pinId;
    bool m_capture;
    AudioFormat m_format;
    std::uint16_t m_streamId;
    KSSTATE m_state = KSSTATE_STOP;
    ComPtr<IMiniportWaveRTStream> m_stream;
    ComPtr<IMiniportWaveRTStreamNotification> m_notification;
    std::vector<std::unique_ptr<MDL>> m_mdls;  // MDLs the helpers handed out
    std::uint64_t m_mdlsHandedOut = 0;
    // The MDL's trace handle if this pin handed it out, else its address.
    std::uint64_t mdlHandle(const MDL* mdl) const;
    PMDL m_bufferMdl = nullptr;
    ULONG m_bufferBytes = 0;
    ULONG m_notificationCount = 0;
    bool m_bufferWithNotification = false;
    std::uint64_t m_clientMappingVa = 0;
    std::uint64_t m_clientVa = 0;
    std::uint64_t m_positionRegisterVa = 0;
    std::vector<PKEVENT> m_events;
    bool m_initialized = false;
    bool m_closed = false;
    PinPowerGate m_power;
};

}  // namespace ps
