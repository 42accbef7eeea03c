// The WavePci port's bookkeeping of client packets and the mappings it hands
// the miniport: the heart of IPortWavePciStream, without COM or tracing so
// that it can be tested and inspected on its own.
//
// A packet is one client buffer (one IRP with one KSSTREAM_HEADER): a locked
// range of simulated kernel VA, split into mappings. A mapping never crosses a
// page boundary unless the next page is physically contiguous (the Docs
// contract, DDI.md §3), is at most kMaxMappingPages pages, and starts and ends
// on arbitrary bytes, so an audio frame may straddle two mappings. Mappings
// are handed out in buffer order, packet after packet; each is identified by
// the miniport's tag until it is released or revoked.
//
// A packet completes when it is fully mapped and every one of its mappings has
// been released or revoked; cancelled packets complete with STATUS_CANCELLED
// once the port has revoked the mappings the miniport still holds.
#pragma once

#include "model/kernel/Mdl.h"
#include "model/kernel/NtStatus.h"
#include "model/kernel/PhysicalMemory.h"
#include "model/kernel/SystemAddressSpace.h"
#include "model/sim/SimTime.h"

#include <cstdint>
#include <deque>
#include <optional>
#include <vector>

namespace ps {

enum class MappingState : std::uint8_t { Held, Released, Revoked };
const char* mappingStateName(MappingState state);

enum class PacketState : std::uint8_t {
    Queued,       // no mapping handed out yet
    Mapping,      // some mappings handed out, more bytes left
    FullyMapped,  // every byte handed out (or the packet was terminated)
    Completed,
    Cancelled,
};
const char* packetStateName(PacketState state);

struct WavePciMapping {
    std::uint64_t tag = 0;  // the miniport's PVOID tag value
    std::uint64_t packetId = 0;
    std::uint64_t sequence = 0;      // acquisition order, 0, 1, 2 ...
    std::uint64_t streamOffset = 0;  // stream-relative byte offset of its first byte
    PHYSICAL_ADDRESS physicalAddress = 0;
    std::uint64_t virtualAddress = 0;
    std::uint32_t byteCount = 0;
    std::uint32_t flags = 0;  // 1 on the last mapping of a packet
    MappingState state = MappingState::Held;
    TimeNs acquiredAtNs = 0;
    TimeNs endedAtNs = 0;  // released or revoked
};

struct WavePciPacket {
    std::uint64_t id = 0;
    std::uint64_t virtualAddress = 0;
    MDL mdl;                          // the locked buffer: PFN array, ByteOffset, ByteCount
    std::uint32_t byteCount = 0;      // bytes to move: DataUsed (render) or FrameExtent (capture)
    std::uint64_t streamOffset = 0;   // stream-relative offset of its first byte
    std::uint32_t bytesMapped = 0;    // handed out so far
    std::uint32_t bytesReleased = 0;  // of released mappings
    std::uint32_t mappingsOut = 0;    // held now
    std::uint32_t mappingCount = 0;   // handed out in total
    PacketState state = PacketState::Queued;
    std::uint32_t mappingsRevoked = 0;
    bool cancelRequested = false;
    bool terminated = false;  // TerminatePacket: completes with what it holds
    TimeNs submittedAtNs = 0;
};

// A packet that has just finished, for the port to complete to its client.
struct FinishedPacket {
    std::uint64_t packetId = 0;
    NTSTATUS status = STATUS_SUCCESS;
    std::uint32_t bytes = 0;  // bytes of released mappings
};

class WavePciMappingQueue {
  public:
    static constexpr std::uint32_t kMaxMappingPages = 16;

    explicit WavePciMappingQueue(SystemAddressSpace& addressSpace);

    // Queues a packet, probing and locking its buffer into an MDL (the PFN of
    // every page it spans, as IoAllocateMdl + MmProbeAndLockPages build it).
    // Fails (STATUS_INVALID_PARAMETER) for zero bytes or a VA range that is
    // not entirely mapped; STATUS_SUCCESS otherwise.
    NTSTATUS addPacket(std::uint64_t packetId, std::uint64_t virtualAddress,
                       std::uint32_t byteCount, TimeNs nowNs);

    enum class GetResult { Ok, NoData, TagInUse };
    GetResult getMapping(std::uint64_t tag, TimeNs nowNs, WavePciMapping* out);

    enum class ReleaseResult { Ok, UnknownTag, AlreadyEnded };
    struct Release {
        ReleaseResult result = ReleaseResult::UnknownTag;
        bool outOfOrder = false;  // an older mapping is still held
        WavePciMapping mapping;   // valid for Ok and AlreadyEnded
    };
    Release releaseMapping(std::uint64_t tag, TimeNs nowNs);

    // TerminatePacket: the packet being filled (the oldest unfinished one with
    // mappings handed out) gets no further mappings; it completes successfully
    // with the bytes of its released mappings, even if others are revoked.
    // False if no packet has mappings handed out.
    bool terminateCurrentPacket();

    // Held mappings in acquisition order (all of them, or one packet's).
    std::vector<const WavePciMapping*> heldMappings() const;
    std::vector<const WavePciMapping*> heldMappings(std::uint64_t packetId) const;
    // Marks held mappings with sequence numbers in [firstSeq, lastSeq] revoked.
    std::uint32_t markRevoked(std::uint64_t firstSequence, std::uint64_t lastSequence,
                              TimeNs nowNs);

    // Cancels a packet: it gets no further mappings and finishes (cancelled)
    // as soon as none of its mappings is held. False if unknown or finished.
    bool cancelPacket(std::uint64_t packetId);
    // Cancels every packet not yet finished.
    void cancelAll();

    // Packets finished since the last call, in the order they finished.
    std::vector<FinishedPacket> takeFinished();
    // The same into `out` (replacing its contents); the queue keeps out's
    // storage for the next ones, so a caller that passes the same vector back
    // each time allocates nothing once both have grown.
    void takeFinished(std::vector<FinishedPacket>& out);

    const std::deque<WavePciPacket>& packets() const { return m_packets; }
    const std::deque<WavePciMapping>& mappings() const { return m_mappings; }
    bool hasUnmappedData() const;
    std::size_t heldCount() const { return m_held.size(); }
    std::uint64_t bytesMapped() const { return m_bytesMapped; }      // stream-relative
    std::uint64_t bytesReleased() const { return m_bytesReleased; }  // stream-relative
    std::uint64_t bytesQueued() const { return m_bytesQueued; }
    // Forget everything (STOP resets stream-relative offsets). Only when no
    // mapping is held and every packet has finished.
    void resetOffsets();

    // Finished packets and ended mappings are kept for the inspector up to
    // these many entries, then the oldest are dropped.
    static constexpr std::size_t kHistoryPackets = 64;
    static constexpr std::size_t kHistoryMappings = 256;

  private:
    WavePciPacket* findPacket(std::uint64_t id);
    std::deque<WavePciPacket>::iterator firstMappable();
    WavePciMapping* findMapping(std::uint64_t tag);
    // The mapping with this sequence number (it is in m_mappings: held ones
    // are never trimmed, and sequences there are consecutive).
    WavePciMapping& mappingAt(std::uint64_t sequence);
    void forgetHeld(std::uint64_t sequence);
    void finishIfDone(WavePciPacket& packet);
    void trimHistory();

    SystemAddressSpace& m_space;
    std::deque<WavePciPacket> m_packets;
    std::size_t m_unmappableFront = 0;  // m_packets before this index are never mappable again
    // Every packet added so far had a larger id than the one before (the
    // port's numbering): findPacket need not scan.
    bool m_idsAscending = true;
    std::deque<WavePciMapping> m_mappings;
    std::vector<FinishedPacket> m_finished;
    // The PFN array of the last packet dropped from the history, kept so that
    // the next addPacket reuses its storage instead of allocating.
    std::vector<PFN_NUMBER> m_sparePages;
    // The held mappings' tags and sequence numbers in acquisition order: the
    // tag-in-use check, the release lookup and the out-of-order test read
    // this short array instead of walking the mapping history backwards.
    struct HeldMapping {
        std::uint64_t tag;
        std::uint64_t sequence;
    };
    std::vector<HeldMapping> m_held;
    std::uint64_t m_nextSequence = 0;
    std::uint64_t m_bytesQueued = 0;
    std::uint64_t m_bytesMapped = 0;
    std::uint64_t m_bytesReleased = 0;
};

}  // namespace ps
