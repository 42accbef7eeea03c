#include "model/portcls/WavePciMappingQueue.h"

#include <algorithm>
#include <utility>

namespace ps {

const char* mappingStateName(MappingState state) {
    switch (state) {
        case MappingState::Held:
            return "held";
        case MappingState::Released:
            return "released";
        case MappingState::Revoked:
            return "revoked";
    }
    return "?";
}

const char* packetStateName(PacketState state) {
    switch (state) {
        case PacketState::Queued:
            return "queued";
        case PacketState::Mapping:
            return "mapping";
        case PacketState::FullyMapped:
            return "fully mapped";
        case PacketState::Completed:
            return "completed";
        case PacketState::Cancelled:
            return "cancelled";
    }
    return "?";
}

WavePciMappingQueue::WavePciMappingQueue(SystemAddressSpace& addressSpace)
    : m_space(addressSpace) {}

NTSTATUS WavePciMappingQueue::addPacket(std::uint64_t packetId, std::uint64_t virtualAddress,
                                        std::uint32_t byteCount, TimeNs nowNs) {
    if (byteCount == 0) {
        return STATUS_INVALID_PARAMETER;
    }
    // Probe and lock: every page of the range must be mapped (MmProbeAndLockPages).
    const std::uint64_t pages = ADDRESS_AND_SIZE_TO_SPAN_PAGES(virtualAddress, byteCount);
    std::vector<PFN_NUMBER> pfns;
    pfns.swap(m_sparePages);
    pfns.clear();
    pfns.reserve(static_cast<std::size_t>(pages));
    for (std::uint64_t i = 0; i < pages; ++i) {
        const PHYSICAL_ADDRESS pa = m_space.physicalOf(PAGE_ALIGN(virtualAddress) + i * PAGE_SIZE);
        if (pa == SystemAddressSpace::kNotMapped) {
            m_sparePages.swap(pfns);
            return STATUS_INVALID_PARAMETER;
        }
        pfns.push_back(pa >> PAGE_SHIFT);
    }
    if (!m_packets.empty() && packetId <= m_packets.back().id) {
        m_idsAscending = false;
    }
    // Built in place: a packet built on the stack and moved in was read back
    // with wide loads from narrower stores just made (a store-forwarding stall).
    WavePciPacket& p = m_packets.emplace_back();
    p.mdl.ByteOffset = BYTE_OFFSET(virtualAddress);
    p.mdl.ByteCount = byteCount;
    p.mdl.MappedSystemVa = virtualAddress;
    p.mdl.pages.swap(pfns);
    p.id = packetId;
    p.virtualAddress = virtualAddress;
    p.byteCount = byteCount;
    p.streamOffset = m_bytesQueued;
    p.submittedAtNs = nowNs;
    m_bytesQueued += byteCount;
    return STATUS_SUCCESS;
}

namespace {

bool mappable(const WavePciPacket& p) {
    return !p.cancelRequested &&
           (p.state == PacketState::Queued || p.state == PacketState::Mapping);
}

}  // namespace

// A packet that is not mappable never becomes mappable again (its state only
// moves forward and a cancel is never withdrawn), so the packets before the
// first mappable one, finished history included, are skipped from then on.
std::deque<WavePciPacket>::iterator WavePciMappingQueue::firstMappable() {
    // One walk with an iterator (indexing a deque splits the index into block
    // and offset every time), started by stepping back from the end: the
    // first mappable packet is nearly always the newest or none, and a short
    // step within a block needs no block arithmetic.
    const auto end = m_packets.end();
    auto it = end - static_cast<std::ptrdiff_t>(m_packets.size() - m_unmappableFront);
    while (it != end && !mappable(*it)) {
        ++it;
        ++m_unmappableFront;
    }
    return it;
}

bool WavePciMappingQueue::hasUnmappedData() const {
    const auto end = m_packets.end();
    return std::any_of(end - static_cast<std::ptrdiff_t>(m_packets.size() - m_unmappableFront), end,
                       mappable);
}

WavePciMappingQueue::GetResult WavePciMappingQueue::getMapping(std::uint64_t tag, TimeNs nowNs,
                                                               WavePciMapping* out) {
    // The tag is in use when its newest mapping is held. A mapping is created
    // only when the tag's newest is not held, and held is not re-entered, so
    // that is the same as any held mapping having the tag.
    for (const HeldMapping& held : m_held) {
        if (held.tag == tag) {
            return GetResult::TagInUse;
        }
    }
    auto it = firstMappable();
    if (it == m_packets.end()) {
        return GetResult::NoData;
    }
    WavePciPacket& packet = *it;
    const std::uint64_t va = packet.virtualAddress + packet.bytesMapped;
    const std::uint32_t remaining = packet.byteCount - packet.bytesMapped;
    // Physical addresses come from the locked MDL's PFN array, not from the
    // address space: the pages stay locked even if the client unmaps its view.
    const auto pa = physicalAddressAt(packet.mdl, packet.bytesMapped);
    if (!pa) {
        return GetResult::NoData;
    }
    // Up to the end of this page, then whole further pages while they follow
    // physically, at most kMaxMappingPages pages.
    std::uint32_t count = std::min<std::uint32_t>(
        remaining, static_cast<std::uint32_t>(PAGE_SIZE - (va % PAGE_SIZE)));
    std::uint32_t pages = 1;
    while (count < remaining && pages < kMaxMappingPages) {
        const auto next = physicalAddressAt(packet.mdl, packet.bytesMapped + count);
        if (!next || *next != *pa + count) {
            break;
        }
        count += std::min<std::uint32_t>(remaining - count, static_cast<std::uint32_t>(PAGE_SIZE));
        ++pages;
    }
    WavePciMapping m;
    m.tag = tag;
    m.packetId = packet.id;
    m.sequence = m_nextSequence++;
    m.streamOffset = packet.streamOffset + packet.bytesMapped;
    m.physicalAddress = *pa;
    m.virtualAddress = va;
    m.byteCount = count;
    m.flags = count == remaining ? 1u : 0u;
    m.state = MappingState::Held;
    m.acquiredAtNs = nowNs;
    packet.bytesMapped += count;
    ++packet.mappingsOut;
    ++packet.mappingCount;
    packet.state =
        packet.bytesMapped == packet.byteCount ? PacketState::FullyMapped : PacketState::Mapping;
    m_bytesMapped += count;
    m_held.push_back(HeldMapping{tag, m.sequence});
    m_mappings.push_back(m);
    if (out != nullptr) {
        *out = m;
    }
    trimHistory();
    return GetResult::Ok;
}

WavePciMappingQueue::Release WavePciMappingQueue::releaseMapping(std::uint64_t tag, TimeNs nowNs) {
    Release r;
    // A held mapping with the tag is the tag's newest (see getMapping), the
    // one findMapping would find; held ones are few and in acquisition order,
    // so one held before it is an older mapping still held.
    std::size_t heldIndex = 0;
    while (heldIndex < m_held.size() && m_held[heldIndex].tag != tag) {
        ++heldIndex;
    }
    if (heldIndex == m_held.size()) {
        // Not held: unknown, or its newest mapping has ended.
        const WavePciMapping* ended = findMapping(tag);
        if (ended == nullptr) {
            r.result = ReleaseResult::UnknownTag;
            return r;
        }
        r.mapping = *ended;
        r.result = ReleaseResult::AlreadyEnded;
        return r;
    }
    WavePciMapping* m = &mappingAt(m_held[heldIndex].sequence);
    r.outOfOrder = heldIndex > 0;
    m_held.erase(m_held.begin() + static_cast<std::ptrdiff_t>(heldIndex));
    m->state = MappingState::Released;
    m->endedAtNs = nowNs;
    r.mapping = *m;
    r.result = ReleaseResult::Ok;
    m_bytesReleased += m->byteCount;
    if (WavePciPacket* p = findPacket(m->packetId)) {
        --p->mappingsOut;
        p->bytesReleased += m->byteCount;
        finishIfDone(*p);
    }
    return r;
}

bool WavePciMappingQueue::terminateCurrentPacket() {
    auto it = std::find_if(m_packets.begin(), m_packets.end(), [](const WavePciPacket& p) {
        return !p.cancelRequested && (p.state == PacketState::Mapping ||
                                      (p.state == PacketState::FullyMapped && p.mappingsOut > 0));
    });
    if (it == m_packets.end()) {
        return false;
    }
    it->state = PacketState::FullyMapped;
    it->terminated = true;
    finishIfDone(*it);
    return true;
}

std::vector<const WavePciMapping*> WavePciMappingQueue::heldMappings() const {
    std::vector<const WavePciMapping*> out;
    for (const auto& m : m_mappings) {
        if (m.state == MappingState::Held) {
            out.push_back(&m);
        }
    }
    return out;
}

std::vector<const WavePciMapping*> WavePciMappingQueue::heldMappings(std::uint64_t packetId) const {
    std::vector<const WavePciMapping*> out;
    for (const auto& m : m_mappings) {
        if (m.state == MappingState::Held && m.packetId == packetId) {
            out.push_back(&m);
        }
    }
    return out;
}

std::uint32_t WavePciMappingQueue::markRevoked(std::uint64_t firstSequence,
                                               std::uint64_t lastSequence, TimeNs nowNs) {
    std::uint32_t n = 0;
    std::vector<std::uint64_t> touched;
    for (auto& m : m_mappings) {
        if (m.state == MappingState::Held && m.sequence >= firstSequence &&
            m.sequence <= lastSequence) {
            m.state = MappingState::Revoked;
            m.endedAtNs = nowNs;
            forgetHeld(m.sequence);
            ++n;
            if (WavePciPacket* p = findPacket(m.packetId)) {
                --p->mappingsOut;
                ++p->mappingsRevoked;
                touched.push_back(p->id);
            }
        }
    }
    for (std::uint64_t id : touched) {
        if (WavePciPacket* p = findPacket(id)) {
            finishIfDone(*p);
        }
    }
    return n;
}

bool WavePciMappingQueue::cancelPacket(std::uint64_t packetId) {
    WavePciPacket* p = findPacket(packetId);
    if (p == nullptr || p->state == PacketState::Completed || p->state == PacketState::Cancelled) {
        return false;
    }
    p->cancelRequested = true;
    finishIfDone(*p);
    return true;
}

void WavePciMappingQueue::cancelAll() {
    for (auto& p : m_packets) {
        if (p.state != PacketState::Completed && p.state != PacketState::Cancelled) {
            p.cancelRequested = true;
            finishIfDone(p);
        }
    }
}

std::vector<FinishedPacket> WavePciMappingQueue::takeFinished() {
    std::vector<FinishedPacket> out;
    takeFinished(out);
    return out;
}

void WavePciMappingQueue::takeFinished(std::vector<FinishedPacket>& out) {
    out.clear();
    out.swap(m_finished);
    trimHistory();
}

void WavePciMappingQueue::resetOffsets() {
    m_bytesQueued = 0;
    m_bytesMapped = 0;
    m_bytesReleased = 0;
}

WavePciPacket* WavePciMappingQueue::findPacket(std::uint64_t id) {
    if (m_idsAscending) {
        // The port numbers packets one after the other, so the packet is
        // usually at index id - (first id); otherwise a binary search finds
        // it. Ids are unique here, so this is the packet the scan finds.
        if (m_packets.empty() || id < m_packets.front().id || id > m_packets.back().id) {
            return nullptr;
        }
        const std::uint64_t guess = id - m_packets.front().id;
        if (guess < m_packets.size() && m_packets[static_cast<std::size_t>(guess)].id == id) {
            return &m_packets[static_cast<std::size_t>(guess)];
        }
        const auto it = std::lower_bound(
            m_packets.begin(), m_packets.end(), id,
            [](const WavePciPacket& p, std::uint64_t value) { return p.id < value; });
        return it != m_packets.end() && it->id == id ? &*it : nullptr;
    }
    for (auto& p : m_packets) {
        if (p.id == id) {
            return &p;
        }
    }
    return nullptr;
}

WavePciMapping* WavePciMappingQueue::findMapping(std::uint64_t tag) {
    // The newest mapping with the tag: a miniport whose tag counter wrapped may
    // reuse a tag once its earlier mapping ended.
    for (auto it = m_mappings.end(); it != m_mappings.begin();) {
        --it;
        if (it->tag == tag) {
            return &*it;
        }
    }
    return nullptr;
}

WavePciMapping& WavePciMappingQueue::mappingAt(std::uint64_t sequence) {
    return m_mappings[static_cast<std::size_t>(sequence - m_mappings.front().sequence)];
}

void WavePciMappingQueue::forgetHeld(std::uint64_t sequence) {
    const auto it = std::find_if(m_held.begin(), m_held.end(), [sequence](const HeldMapping& h) {
        return h.sequence == sequence;
    });
    if (it != m_held.end()) {
        m_held.erase(it);
    }
}

void WavePciMappingQueue::finishIfDone(WavePciPacket& p) {
    if (p.state == PacketState::Completed || p.state == PacketState::Cancelled ||
        p.mappingsOut != 0) {
        return;
    }
    // A packet some of whose mappings were revoked did not play (or fill)
    // whole: it completes cancelled, unless it was terminated.
    if (p.cancelRequested || (p.mappingsRevoked > 0 && !p.terminated)) {
        p.state = PacketState::Cancelled;
        m_finished.push_back(FinishedPacket{p.id, STATUS_CANCELLED, p.bytesReleased});
    } else if (p.state == PacketState::FullyMapped) {
        // (also reached by a terminated packet whose other mappings were revoked)
        p.state = PacketState::Completed;
        m_finished.push_back(FinishedPacket{p.id, STATUS_SUCCESS, p.bytesReleased});
    }
}

void WavePciMappingQueue::trimHistory() {
    auto finished = [](const WavePciPacket& p) {
        return p.state == PacketState::Completed || p.state == PacketState::Cancelled;
    };
    while (m_packets.size() > kHistoryPackets && finished(m_packets.front())) {
        m_sparePages.swap(m_packets.front().mdl.pages);
        m_packets.pop_front();
        m_unmappableFront -= m_unmappableFront > 0 ? 1 : 0;
    }
    while (m_mappings.size() > kHistoryMappings && m_mappings.front().state != MappingState::Held) {
        m_mappings.pop_front();
    }
}

}  // namespace ps
