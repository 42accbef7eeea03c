// A scripted stand-in for the WavePci port driver, for the miniport tests.
//
// FakePortWavePci implements IPortWavePci: Notify(group) calls the group's
// RequestService (as ReactOS does), NewMasterDmaChannel builds a real
// IDmaChannel from the parameters and records them.
//
// FakePortWavePciStream implements IPortWavePciStream (+ IPreFetchOffset
// unless told not to, + IServiceSink so it can join the stream's group the way
// the port's pin does). It hands out mappings of "packets": client buffers in
// real pages of kernel.memory(), mapped in the system address space, split at
// page boundaries, Flags = 1 on the last mapping of a packet, STATUS_NOT_FOUND
// when nothing is left. It records every GetMapping and ReleaseMapping with the
// IRQL and the spin locks held at the call, and classifies each release
// (in order, out of order, unknown tag, double release). RequestService calls
// the miniport stream's Service only while running, like the port's pin sink.
#pragma once

#include "model/kernel/Kernel.h"
#include "model/portcls/WavePciInterfaces.h"

#include <cstdint>
#include <deque>
#include <map>
#include <vector>

namespace ps::test {

struct NewMasterDmaChannelCall {
    BOOLEAN ScatterGather = FALSE;
    BOOLEAN Dma32BitAddresses = FALSE;
    BOOLEAN Dma64BitAddresses = FALSE;
    BOOLEAN IgnoreCount = FALSE;
    DMA_WIDTH DmaWidth = Width8Bits;
    DMA_SPEED DmaSpeed = Compatible;
    ULONG MaximumLength = 0;
};

class FakePortWavePci final : public CUnknownImpl<IPortWavePci> {
  public:
    explicit FakePortWavePci(Kernel& kernel);
    NTSTATUS NonDelegatingQueryInterface(REFIID iid, void** object) override;

    NTSTATUS Init(PDEVICE_OBJECT, PIRP, PUNKNOWN, PUNKNOWN, PRESOURCELIST) override {
        return STATUS_SUCCESS;
    }
    void Notify(PSERVICEGROUP ServiceGroup) override;
    NTSTATUS NewMasterDmaChannel(PDMACHANNEL* DmaChannel, PUNKNOWN OuterUnknown, POOL_TYPE PoolType,
                                 PRESOURCELIST ResourceList, BOOLEAN ScatterGather,
                                 BOOLEAN Dma32BitAddresses, BOOLEAN Dma64BitAddresses,
                                 BOOLEAN IgnoreCount, DMA_WIDTH DmaWidth, DMA_SPEED DmaSpeed,
                                 ULONG MaximumLength, ULONG DmaPort) override;

    std::vector<NewMasterDmaChannelCall> dmaChannelCalls;
    std::uint64_t notifyCount = 0;
    std::vector<KIRQL> notifyIrqls;

  private:
    Kernel& m_kernel;
};

struct GetMappingCall {
    ULONG tag = 0;
    NTSTATUS status = STATUS_SUCCESS;
    PHYSICAL_ADDRESS physicalAddress = 0;
    std::uint64_t virtualAddress = 0;
    ULONG byteCount = 0;
    ULONG flags = 0;
    std::size_t packet = 0;
    ULONG offsetInPacket = 0;
    KIRQL irql = PASSIVE_LEVEL;
    std::size_t locksHeld = 0;
    TimeNs timeNs = 0;
};

enum class ReleaseKind { InOrder, OutOfOrder, UnknownTag, DoubleRelease, RevokedTag };

struct ReleaseMappingCall {
    ULONG tag = 0;
    ReleaseKind kind = ReleaseKind::InOrder;
    KIRQL irql = PASSIVE_LEVEL;
    std::size_t locksHeld = 0;
    TimeNs timeNs = 0;
};

class FakePortWavePciStream final
    : public CUnknownImpl<IPortWavePciStream, IPreFetchOffset, IServiceSink> {
  public:
    FakePortWavePciStream(Kernel& kernel, bool answerPreFetchOffset = true);
    ~FakePortWavePciStream() override;
    NTSTATUS NonDelegatingQueryInterface(REFIID iid, void** object) override;

    // IPortWavePciStream
    NTSTATUS GetMapping(PVOID Tag, PPHYSICAL_ADDRESS PhysicalAddress, PVOID* VirtualAddress,
                        PULONG ByteCount, PULONG Flags) override;
    NTSTATUS ReleaseMapping(PVOID Tag) override;
    NTSTATUS TerminatePacket() override;
    // IPreFetchOffset
    void SetPreFetchOffset(ULONG PreFetchOffset) override { preFetchOffset = PreFetchOffset; }
    // IServiceSink (joined to the miniport stream's group)
    void RequestService() override;

    // ---- script
    // The miniport stream to service (not AddRef'd: the stream holds us).
    void setStream(IMiniportWavePciStream* stream) { m_stream = stream; }
    void setRunning(bool running) { m_running = running; }
    // Queues a packet of data.size() bytes whose first byte sits firstPageOffset
    // bytes into its first page; returns the packet index. When
    // callMappingAvailable, calls MappingAvailable if the last GetMapping failed
    // (the Docs' rule, DDI.md §19 row 12).
    std::size_t addPacket(const std::vector<std::uint8_t>& data, ULONG firstPageOffset = 0,
                          bool callMappingAvailable = true);
    // Packet bytes as they are in memory now (capture: what the DMA wrote).
    std::vector<std::uint8_t> packetBytes(std::size_t packet);
    std::size_t packetCount() const { return m_packets.size(); }
    // True when every mapping of the packet was handed out and released.
    bool packetReleased(std::size_t packet) const;
    // Marks tags first..last (inclusive) revoked after the miniport accepted them.
    void markRevoked(ULONG firstTag, ULONG lastTag);

    // ---- records
    std::vector<GetMappingCall> getMappingCalls;  // successful and failed
    std::vector<ReleaseMappingCall> releaseCalls;
    std::vector<ULONG> successfulTags() const;
    std::size_t outstandingCount() const { return m_outstanding.size(); }
    const std::deque<ULONG>& outstanding() const { return m_outstanding; }
    ULONG preFetchOffset = 0;
    std::uint64_t terminatePacketCount = 0;
    std::uint64_t mappingAvailableCalls = 0;
    bool lastGetMappingFailed = false;

  private:
    struct Packet {
        std::vector<PFN_NUMBER> pages;
        std::uint64_t mappingVa = 0;  // start of the system mapping (page aligned)
        std::uint64_t dataVa = 0;     // first data byte
        ULONG bytes = 0;
        ULONG mappedBytes = 0;  // handed out so far
        std::vector<ULONG> tags;
        bool lastHandedOut = false;
    };

    Kernel& m_kernel;
    bool m_answerPreFetchOffset;
    IMiniportWavePciStream* m_stream = nullptr;
    bool m_running = false;
    std::vector<Packet> m_packets;
    std::size_t m_current = 0;        // packet being mapped
    std::deque<ULONG> m_outstanding;  // acquired, not released/revoked, in order
    std::map<ULONG, std::size_t> m_tagPacket;
    std::map<ULONG, bool> m_released;  // tag -> released (false = revoked)
};

}  // namespace ps::test
