// A pin instance of the WavePci port (PortCls's CPortPinWavePci): the stream
// object a WavePci miniport talks to (IPortWavePciStream, IPreFetchOffset),
// the service sink of the stream's group, and the pin a client talks to
// (WavePciClientPin: state, position, format and packet requests).
//
// Behaviour (DDI.md §1-§5, §14, decisions §19):
// - NewStream at creation; GetAllocatorFraming read once and kept.
// - Packets are locked (every page must be mapped) and split into mappings by
//   WavePciMappingQueue; GetMapping hands the next one out under the
//   miniport's tag, or STATUS_NOT_FOUND, after which the port calls
//   MappingAvailable when the next packet arrives.
// - ReleaseMapping by tag; a packet completes to the client when all its
//   mappings are released (or revoked, when cancelled).
// - Cancelling a packet whose mappings the miniport holds first revokes them
//   (RevokeMappings with the inclusive tag range, at DISPATCH_LEVEL).
// - State changes step through every intermediate state. On the way to STOP,
//   after the miniport's SetState(STOP), mappings it still holds are revoked,
//   a capture packet being filled is terminated (completes with its data), and
//   the remaining packets are cancelled; positions restart at 0.
// - The stream's service group reaches IMiniportWavePciStream::Service only in
//   RUN. Without a group the port runs its own 20 ms timer while in RUN.
// - Power and shielding (PinPowerGate), as on the WaveRT pin: leaving STOP
//   while the adapter is not in D0 is held (STATUS_PENDING, completed
//   through the StateCompletionRoutine when D0 is reached, cancelled by a
//   newer request or close()); packets may be submitted meanwhile and wait
//   in the queue. Above STOP the pin is an active stream. In RUN it is a
//   low-latency stream while the newest packet the client submitted holds
//   less audio than KernelConfig::interference.lowLatencyBelowNs.
#pragma once

#include "model/portcls/PinPowerGate.h"
#include "model/portcls/PortWavePci.h"
#include "model/portcls/WavePciClientPin.h"
#include "model/portcls/WavePciMappingQueue.h"

#include <vector>

namespace ps {

class CPortPinWavePci final
    : public CUnknownImpl<IPortWavePciStream, IServiceSink, IPreFetchOffset>,
      public WavePciClientPin {
  public:
    CPortPinWavePci(CPortWavePci& port, ULONG pinId, bool capture, const AudioFormat& format,
                    std::uint16_t traceStreamId);
    // NewStream and the stream's setup; called once by CPortWavePci::newPin.
    NTSTATUS init();

    NTSTATUS NonDelegatingQueryInterface(REFIID iid, void** object) override;

    // IPortWavePciStream (called by the miniport)
    NTSTATUS GetMapping(PVOID Tag, PPHYSICAL_ADDRESS PhysicalAddress, PVOID* VirtualAddress,
                        PULONG ByteCount, PULONG Flags) override;
    NTSTATUS ReleaseMapping(PVOID Tag) override;
    NTSTATUS TerminatePacket() override;
    // IPreFetchOffset
    void SetPreFetchOffset(ULONG PreFetchOffset) override;
    // IServiceSink (the stream's service group)
    void RequestService() override;

    // WavePciClientPin (called by the client)
    NTSTATUS setState(KSSTATE state) override;
    void setStateCompletionRoutine(StateCompletionRoutine routine) override {
        m_power.setCompletionRoutine(std::move(routine));
    }
    KSSTATE state() const override { return m_state; }
    // A state request waits for the adapter's D0 (and its target).
    bool statePending() const { return m_power.pending(); }
    KSSTATE pendingState() const { return m_power.requestTarget(); }
    bool lowLatency() const { return m_power.lowLatency(); }
    NTSTATUS getPosition(KSAUDIO_POSITION* position) override;
    NTSTATUS setDataFormat(const AudioFormat& format) override;
    const AudioFormat& dataFormat() const override { return m_format; }
    NTSTATUS getAllocatorFraming(KSALLOCATOR_FRAMING* framing) override;
    NTSTATUS submitPacket(const KSSTREAM_HEADER& header, PacketCompletionRoutine onComplete,
                          std::uint64_t* packetId) override;
    bool cancelPacket(std::uint64_t packetId) override;
    std::size_t pendingPacketCount() const override { return m_completions.size(); }

    // Closes the pin: steps down to STOP, leaves the service group, releases
    // the miniport stream. Idempotent; the destructor calls it too.
    void close();

    // Inspection.
    bool isCapture() const { return m_capture; }
    ULONG pinId() const { return m_pinId; }
    std::uint16_t traceStreamId() const { return m_streamId; }
    const WavePciMappingQueue& mappingQueue() const { return m_queue; }
    IMiniportWavePciStream* miniportStream() const { return m_stream.get(); }
    bool hasServiceGroup() const { return static_cast<bool>(m_group); }
    std::uint64_t ownTimerTicks() const { return m_timerTicks; }
    ULONG preFetchOffset() const { return m_preFetchOffset; }
    bool preFetchOffsetSet() const { return m_preFetchSet; }

  private:
    ~CPortPinWavePci() override;

    NTSTATUS stepState(KSSTATE to);
    void resumeStateRequest();
    bool isLowLatency() const;
    void onStopped();
    void revokeHeld(const std::vector<const WavePciMapping*>& held, const char* why);
    void completeFinished();
    // A packet's completion routine while it is pending. Kept in a vector in
    // submission order (a map allocated a node per packet).
    struct PendingCompletion {
        std::uint64_t packetId;
        PacketCompletionRoutine routine;
    };
    std::vector<PendingCompletion>::iterator findCompletion(std::uint64_t packetId);
    void startOwnTimer();
    void stopOwnTimer();
    static void ownTimerDpc(KDPC*, PVOID context, PVOID, PVOID);

    CPortWavePci& m_port;
    Kernel& m_kernel;
    ComPtr<CPortWavePci> m_portRef;  // keeps the port alive while the pin exists
    ULONG m_pinId;
    bool m_capture;
    AudioFormat m_format;
    std::uint16_t m_streamId;
    KSSTATE m_state = KSSTATE_STOP;
    ComPtr<IMiniportWavePciStream> m_stream;
    ComPtr<IServiceGroup> m_group;
    PDMACHANNEL m_dmaChannel = nullptr;  // not AddRef'd by NewStream (DDI.md §19 row 6)
    KSALLOCATOR_FRAMING m_framing{};
    NTSTATUS m_framingStatus = STATUS_NOT_IMPLEMENTED;
    WavePciMappingQueue m_queue;
    std::vector<PendingCompletion> m_completions;  // ids ascend: binary search
    std::vector<FinishedPacket> m_finishedSpare;   // completeFinished's list, kept for its storage
    std::uint64_t m_nextPacketId = 1;
    bool m_mappingRefused = false;  // the last GetMapping found nothing
    ULONG m_preFetchOffset = 0;
    bool m_preFetchSet = false;
    KDPC m_timerDpc;
    KTIMER m_timer;
    bool m_hasOwnTimer = false;
    std::uint64_t m_timerTicks = 0;
    bool m_closed = false;
    bool m_initialized = false;
    std::uint32_t m_lastPacketBytes = 0;  // the newest packet's audio (low-latency test)
    PinPowerGate m_power;
};

}  // namespace ps
