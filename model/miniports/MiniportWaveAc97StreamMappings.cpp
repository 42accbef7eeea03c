// The mapping work of the AC'97 stream: getting new mappings into the buffer
// descriptor list (DDI.md §6.3), releasing the ones the engine has finished
// (§6.4) and revoking a range after an engine reset (§6.5).
//
// Rule for every port call here: MapLock is dropped around GetMapping and
// ReleaseMapping (Driver Verifier bug check 0xC4 otherwise, DDI.md §3), so
// anything read before the call is re-read after it.
#include "model/miniports/MiniportWaveAc97.h"
#include "model/miniports/MiniportWaveAc97Stream.h"

#include <algorithm>
#include <utility>

namespace ps {

using namespace ac97;

namespace {

// releaseUnknownTag: a value the stream never hands out (its tags count up
// from 1 and would need 3.7 billion mappings to get here).
constexpr ULONG kNeverIssuedTag = 0xDEADBEEFu;

ULONG clampedMaxEntries(ULONG configured) {
    return std::clamp<ULONG>(configured, 1, Ac97MappingRing::kMaxQueued);
}

}  // namespace

void CMiniportWaveAc97Stream::MappingAvailable() {
    ReleaseUsedMappings();
    GetNewMappings();
}

void CMiniportWaveAc97Stream::Service() {
    // Sampling PS_PCNT at every interrupt keeps its 64-bit extension exact
    // however rarely the position is asked for.
    KIRQL oldIrql;
    acquireMapLock(&oldIrql);
    if (m_engineStarted) {
        updateConverterPosition();
    }
    releaseMapLock(oldIrql);
    ReleaseUsedMappings();
    GetNewMappings();
}

// ------------------------------------------------------------ get (§6.3)

void CMiniportWaveAc97Stream::GetNewMappings() {
    const WavePciMiniportOptions& options = m_miniport.options();
    const ULONG maxEntries = clampedMaxEntries(options.maxEntries);
    const bool holdLock = options.holdSpinLockAcrossGetMapping;

    KIRQL oldIrql;
    acquireMapLock(&oldIrql);
    if (m_engineStarted && (readSr() & SR_CELV) != 0) {
        // The engine ran off the end of its list: the audio between then and
        // the restart below is underrun filler (AC97: "we starved").
        updateConverterPosition();
        if (m_ksState == KSSTATE_RUN && !m_starved) {
            m_starved = true;
            m_kernel.tracer().record(trace(TraceCategory::Glitch, "starved")
                                         .addUInt("CIV", readCiv())
                                         .addUInt("Entries", m_ring.count()));
        }
    }

    bool added = false;
    while (m_ring.count() < maxEntries) {
        // A fresh tag per call, even when the call fails: tags are never reused.
        const ULONG tag = m_nextTag++;
        PHYSICAL_ADDRESS physicalAddress = 0;
        PVOID virtualAddress = nullptr;
        ULONG byteCount = 0;
        ULONG flags = 0;  // AC97 passes this uninitialised (DDI.md §3 quirks)
        if (!holdLock) {
            releaseMapLock(oldIrql);
        }
        const NTSTATUS status = m_PortStream->GetMapping(tagToPointer(tag), &physicalAddress,
                                                         &virtualAddress, &byteCount, &flags);
        if (!holdLock) {
            acquireMapLock(&oldIrql);
        }
        if (!NT_SUCCESS(status)) {
            break;  // STATUS_NOT_FOUND: the port calls MappingAvailable when it has more
        }
        if (m_ring.full()) {
            // Only possible if something queued while the lock was dropped:
            // give the mapping straight back rather than lose track of it.
            releaseMapLock(oldIrql);
            releaseToPort(tag);
            acquireMapLock(&oldIrql);
            break;
        }
        queueMapping(tag, physicalAddress, virtualAddress, byteCount, flags);
        added = true;
    }

    // AC97 tests the NEED_START bits here, which also fires in RESET (even
    // outside RUN) and ON (DDI.md §19 row 9). Starting depends on the KS
    // state instead: a stream paused after a revoke must not start by itself.
    if (added) {
        m_starved = false;
    }
    if (added && m_ksState == KSSTATE_RUN && m_dmaState != Ac97DmaState::On) {
        ResumeDMA();
    }
    releaseMapLock(oldIrql);
}

void CMiniportWaveAc97Stream::getMappingAtDirql() {
    // Wrong on purpose (getMappingFromIsr): the ISR runs at DIRQL, above the
    // DISPATCH_LEVEL GetMapping allows, and cannot even take MapLock.
    if (m_ring.count() >= clampedMaxEntries(m_miniport.options().maxEntries)) {
        return;
    }
    const ULONG tag = m_nextTag++;
    PHYSICAL_ADDRESS physicalAddress = 0;
    PVOID virtualAddress = nullptr;
    ULONG byteCount = 0;
    ULONG flags = 0;
    if (NT_SUCCESS(m_PortStream->GetMapping(tagToPointer(tag), &physicalAddress, &virtualAddress,
                                            &byteCount, &flags))) {
        queueMapping(tag, physicalAddress, virtualAddress, byteCount, flags);
    }
}

void CMiniportWaveAc97Stream::queueMapping(ULONG tag, PHYSICAL_ADDRESS physical,
                                           PVOID virtualAddress, ULONG bytes, ULONG flags) {
    Ac97Mapping mapping;
    mapping.Tag = tag;
    mapping.PhysicalAddress = physical;
    mapping.VirtualAddress = virtualAddress;
    mapping.ByteCount = bytes;
    mapping.Flags = flags;
    mapping.streamOffsetBytes = m_streamBytesMapped;
    m_streamBytesMapped += bytes;

    // Interrupt at the end of every packet (the port completes it when the
    // mapping is released) and at least every interruptIntervalMs of audio.
    const ULONGLONG intervalBytes = std::max<ULONGLONG>(
        1, m_format.bytesPerSecond() * m_miniport.options().interruptIntervalMs / 1000);
    m_bytesSinceIoc += bytes;
    mapping.ioc = flags != 0 || m_bytesSinceIoc >= intervalBytes;
    if (mapping.ioc) {
        m_bytesSinceIoc = 0;
    }

    const ULONG slot = m_ring.push(mapping);
    writeBdlEntry(slot);
    m_totalBytesMapped += bytes;
    m_programmedBytes += programmedBytes(mapping);
    // Every time, not once after the loop: the lock was dropped around
    // GetMapping and the engine may have moved on (§6.3 step 6).
    writeLvi(slot);
}

ULONG CMiniportWaveAc97Stream::programmedUnits(const Ac97Mapping& mapping) const {
    if (mapping.skipBytes >= mapping.ByteCount ||
        mapping.PhysicalAddress + mapping.ByteCount - 1 > kMax32BitAddress) {
        return 0;  // nothing left, or out of reach of a 32-bit bus master
    }
    return std::min<ULONG>((mapping.ByteCount - mapping.skipBytes) >> m_lengthUnitShift,
                           kBdlMaxSamples);
}

void CMiniportWaveAc97Stream::writeBdlEntry(ULONG slot) {
    const Ac97Mapping& mapping = m_ring.slot(slot);
    const ULONG units = programmedUnits(mapping);
    const ULONG programmed = units << m_lengthUnitShift;
    BufferDescriptor descriptor;
    descriptor.address = static_cast<std::uint32_t>(mapping.PhysicalAddress + mapping.skipBytes);
    descriptor.samples = static_cast<std::uint16_t>(units);
    descriptor.ioc = mapping.ioc;
    descriptor.bup = true;  // as AC97: an underrun plays silence, not a buzz
    const std::uint64_t entry = m_bdl->VirtualAddress + std::uint64_t{slot} * kBdlEntryBytes;
    // One little-endian store of the whole 8-byte entry (address, then
    // control): entries are 8-byte aligned, so it never crosses a page.
    m_kernel.systemSpace().writeU64(
        entry, std::uint64_t{descriptor.address} | std::uint64_t{encodeControl(descriptor)} << 32);
    m_kernel.tracer().record(trace(TraceCategory::Dma, "BDL entry filled")
                                 .addUInt("Index", slot)
                                 .addUInt("Tag", mapping.Tag)
                                 .addHex("PhysicalAddress", descriptor.address)
                                 .addUInt("Samples", descriptor.samples)
                                 .addUInt("Bytes", programmed)
                                 .addBool("IOC", descriptor.ioc));
    if (programmed + mapping.skipBytes != mapping.ByteCount) {
        // Unreachable for aligned client buffers (see Ac97StreamFormat.h);
        // say so when it happens instead of dropping audio silently.
        m_kernel.tracer().record(trace(TraceCategory::Glitch, "mapping not fully programmed")
                                     .addUInt("Tag", mapping.Tag)
                                     .addUInt("ByteCount", mapping.ByteCount)
                                     .addUInt("SkipBytes", mapping.skipBytes)
                                     .addUInt("ProgrammedBytes", programmed));
    }
}

// ------------------------------------------------------------ release (§6.4)

ULONG CMiniportWaveAc97Stream::releasableEntries() {
    const ULONG count = m_ring.count();
    ULONG passed = m_passedEntries;  // known passed since the last reset
    if (passed >= count || !m_engineStarted) {
        return std::min(passed, count);
    }
    const UCHAR civ = readCiv();
    const ULONG distance = m_ring.positionOfSlot(civ);
    if (distance >= count) {
        // CIV on the slot before head: the engine rests on the last entry
        // released. Anything else would be a driver or device bug.
        if (distance != Ac97MappingRing::kSlots - 1) {
            m_kernel.tracer().record(trace(TraceCategory::Dma, "CIV out of range")
                                         .addUInt("CIV", civ)
                                         .addUInt("Head", m_ring.head())
                                         .addUInt("Entries", count));
        }
        return passed;
    }
    // Entries before CIV are done. The one at CIV is done only when it is the
    // last and the engine has completed it (CELV: halted at LVI).
    passed = std::max(passed, distance);
    if (distance == count - 1 && (readSr() & SR_CELV) != 0) {
        passed = count;
    }
    return passed;
}

void CMiniportWaveAc97Stream::ReleaseUsedMappings() {
    const WavePciMiniportOptions& options = m_miniport.options();
    for (;;) {
        KIRQL oldIrql;
        acquireMapLock(&oldIrql);
        const ULONG releasable = releasableEntries();
        if (releasable == 0) {
            releaseMapLock(oldIrql);
            return;
        }
        // Pop under the lock, release without it: the ring is consistent
        // whatever happens while the lock is dropped.
        const ULONG take = options.releaseOutOfOrder && releasable >= 2 ? 2 : 1;
        ULONG tags[2] = {};
        for (ULONG i = 0; i < take; ++i) {
            const Ac97Mapping mapping = m_ring.popHead();
            if (m_passedEntries > 0) {
                --m_passedEntries;
            }
            m_totalBytesReleased += mapping.ByteCount;
            tags[i] = mapping.Tag;
        }
        if (take == 2) {
            std::swap(tags[0], tags[1]);  // releaseOutOfOrder: newest first
        }
        if (!options.holdSpinLockAcrossGetMapping) {
            releaseMapLock(oldIrql);
        }
        for (ULONG i = 0; i < take; ++i) {
            releaseToPort(tags[i]);
        }
        if (options.holdSpinLockAcrossGetMapping) {
            releaseMapLock(oldIrql);
        }
    }
}

void CMiniportWaveAc97Stream::releaseToPort(ULONG tag) {
    const WavePciMiniportOptions& options = m_miniport.options();
    if (options.forgetReleaseMapping) {
        return;
    }
    m_PortStream->ReleaseMapping(tagToPointer(tag));
    if (options.doubleRelease && !m_doubleReleaseBugDone) {
        m_doubleReleaseBugDone = true;
        m_PortStream->ReleaseMapping(tagToPointer(tag));
    }
    if (options.releaseUnknownTag && !m_unknownTagBugDone) {
        m_unknownTagBugDone = true;
        m_PortStream->ReleaseMapping(tagToPointer(kNeverIssuedTag));
    }
}

// ------------------------------------------------------------ revoke (§6.5)

ULONG CMiniportWaveAc97Stream::resumePosition(UCHAR civ, USHORT sr, USHORT picb) {
    const ULONG count = m_ring.count();
    if (count == 0 || !m_engineStarted) {
        return std::min(m_passedEntries, count);  // the engine has not moved since the reset
    }
    ULONG position = m_ring.positionOfSlot(civ);
    if (position >= count) {
        // On the slot before head: everything up to head was released.
        return std::min(m_passedEntries, count);
    }
    position = std::max(position, m_passedEntries);
    if (position == count - 1 && (sr & SR_CELV) != 0) {
        return count;  // halted after the last entry: all passed
    }
    // The reset throws away what the DMA fetched into the FIFO but the
    // converter has not clocked yet. AC97 restarts the entry at CIV from its
    // first byte (replaying what was heard). PortScope resumes at the first
    // frame boundary after the fetched bytes, so the converter stays frame
    // aligned and nothing plays twice; the FIFO's contents are the loss.
    Ac97Mapping& current = m_ring.at(position);
    const ULONG programmed = programmedBytes(current);
    const ULONG fetched = programmed - std::min<ULONG>(programmed, ULONG{picb} * m_lengthUnitBytes);
    if (fetched == 0) {
        return position;
    }
    const ULONG frameBytes = m_format.bytesPerFrame();
    const ULONGLONG fetchedTo = current.streamOffsetBytes + current.skipBytes + fetched;
    ULONGLONG resumeAt = (fetchedTo + frameBytes - 1) / frameBytes * frameBytes;
    for (; position < count; ++position) {
        Ac97Mapping& entry = m_ring.at(position);
        const ULONGLONG entryEnd = entry.streamOffsetBytes + entry.ByteCount;
        if (resumeAt >= entryEnd) {
            continue;  // the straddling frame ends in a later mapping
        }
        if (resumeAt > entry.streamOffsetBytes) {
            // A frame boundary is a multiple of the length unit into an
            // aligned client buffer, so the new buffer pointer keeps the
            // alignment the engine needs (Ac97Registers.h decodeDescriptor).
            entry.skipBytes = static_cast<ULONG>(resumeAt - entry.streamOffsetBytes);
        }
        return position;
    }
    return count;
}

NTSTATUS CMiniportWaveAc97Stream::RevokeMappings(PVOID FirstTag, PVOID LastTag,
                                                 PULONG MappingsRevoked) {
    if (MappingsRevoked == nullptr) {
        return STATUS_INVALID_PARAMETER;
    }
    *MappingsRevoked = 0;
    const ULONG firstTag = pointerToTag(FirstTag);
    const ULONG lastTag = pointerToTag(LastTag);

    KIRQL oldIrql;
    acquireMapLock(&oldIrql);
    // Where the engine stands, read with the DMA paused, before the reset
    // (the only way to empty the engine's caches) clears CIV and LVI.
    PauseDMA();
    const UCHAR civ = readCiv();
    const USHORT sr = readSr();
    const USHORT picb = readPicb();
    const ULONG oldHead = m_ring.head();
    const ULONG oldCount = m_ring.count();
    const ULONG resume = resumePosition(civ, sr, picb);
    ResetDMA();

    if (m_miniport.options().revokeWithoutCheckingTags && oldCount <= 1) {
        // The AC97 sample's shortcut (DDI.md §6.5 step 3): whatever the tags.
        m_ring.clear();
        m_passedEntries = 0;
        m_programmedBytes = m_frames.frames() * m_format.bytesPerFrame() - m_fillerBytes;
        releaseMapLock(oldIrql);
        *MappingsRevoked = oldCount;
        return STATUS_SUCCESS;
    }

    // Both tags must be queued, in acquisition order; equal tags revoke one.
    const std::optional<ULONG> first = m_ring.positionOfTag(firstTag);
    const std::optional<ULONG> last = m_ring.positionOfTag(lastTag);
    const bool valid = first && last && *first <= *last;
    const ULONG removeFirst = valid ? *first : 0;
    const ULONG removeCount = valid ? *last - *first + 1 : 0;

    // The engine restarts at slot 0 after the reset: rotate and compact even
    // when the tags are refused, then rewrite the whole list.
    m_passedEntries = m_ring.relayout(resume, removeFirst, removeCount);
    m_programmedBytes = m_frames.frames() * m_format.bytesPerFrame() - m_fillerBytes;
    for (ULONG position = 0; position < m_ring.count(); ++position) {
        const ULONG slot = m_ring.slotOf(position);
        writeBdlEntry(slot);
        if (position >= m_passedEntries) {
            m_programmedBytes += programmedBytes(m_ring.slot(slot));
        }
    }
    m_kernel.tracer().record(trace(TraceCategory::Dma, "ring rotated")
                                 .addUInt("CIV", civ)
                                 .addUInt("OldHead", oldHead)
                                 .addUInt("OldEntries", oldCount)
                                 .addUInt("Head", m_ring.head())
                                 .addUInt("Tail", m_ring.tail())
                                 .addUInt("Passed", m_passedEntries)
                                 .addUInt("Revoked", removeCount));
    if (m_ring.tail() != 0) {
        writeLvi(m_ring.tail() - 1);
    }
    if (m_ksState == KSSTATE_RUN && m_ring.count() > m_passedEntries) {
        ResumeDMA();
    }
    const bool releasePending = m_passedEntries > 0;
    releaseMapLock(oldIrql);
    // Entries the engine had passed are released from Service, not from here:
    // the port may be in the middle of its cancel path. Ask for that service
    // now rather than at the next interrupt.
    if (releasePending) {
        m_ServiceGroup->RequestService();
    }

    if (!valid) {
        return STATUS_UNSUCCESSFUL;
    }
    *MappingsRevoked = removeCount;
    return STATUS_SUCCESS;
}

}  // namespace ps
