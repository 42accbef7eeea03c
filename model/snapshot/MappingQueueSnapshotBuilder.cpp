#include "model/miniports/MiniportWaveAc97Stream.h"
#include "model/snapshot/SnapshotBuilder.h"

#include <algorithm>

namespace ps {

const char* mappingPhaseName(MappingPhase phase) {
    switch (phase) {
        case MappingPhase::Available:
            return "available";
        case MappingPhase::Held:
            return "held";
        case MappingPhase::Loaded:
            return "loaded";
        case MappingPhase::Played:
            return "played";
        case MappingPhase::Released:
            return "released";
        case MappingPhase::Revoked:
            return "revoked";
    }
    return "?";
}

int MappingQueueSnapshot::firstOf(MappingPhase phase) const {
    for (std::size_t i = 0; i < mappings.size(); ++i) {
        if (mappings[i].phase == phase) {
            return static_cast<int>(i);
        }
    }
    return -1;
}

std::size_t MappingQueueSnapshot::countOf(MappingPhase phase) const {
    return static_cast<std::size_t>(
        std::count_if(mappings.begin(), mappings.end(),
                      [phase](const MappingEntrySnapshot& m) { return m.phase == phase; }));
}

const MappingEntrySnapshot* MappingQueueSnapshot::findTag(std::uint64_t tag) const {
    for (const MappingEntrySnapshot& m : mappings) {
        if (m.phase != MappingPhase::Available && m.tag == tag) {
            return &m;
        }
    }
    return nullptr;
}

namespace {

// The queued ring entries the engine has finished, from CIV and SR as the
// engine holds them: the miniport's releasableEntries() rule, without its
// register reads (they would trace).
ULONG finishedEntries(const CMiniportWaveAc97Stream& stream, const ac97::Ac97EngineState& engine) {
    const Ac97MappingRing& ring = stream.mappingRing();
    const ULONG count = ring.count();
    ULONG passed = stream.passedEntries();
    if (passed >= count || !stream.engineStarted()) {
        return std::min(passed, count);
    }
    const ULONG distance = ring.positionOfSlot(engine.civ);
    if (distance >= count) {
        return passed;
    }
    passed = std::max(passed, distance);
    if (distance == count - 1 && (engine.sr & ac97::SR_CELV) != 0) {
        passed = count;
    }
    return passed;
}

MappingEntrySnapshot entryOf(const WavePciMapping& m) {
    MappingEntrySnapshot e;
    e.tag = m.tag;
    e.packetId = m.packetId;
    e.sequence = m.sequence;
    e.physicalAddress = m.physicalAddress;
    e.byteCount = m.byteCount;
    e.streamOffsetBytes = m.streamOffset;
    e.lastOfPacket = m.flags != 0;
    e.acquiredAtNs = m.acquiredAtNs;
    if (m.state != MappingState::Held) {
        e.phase =
            m.state == MappingState::Released ? MappingPhase::Released : MappingPhase::Revoked;
        e.endedAtNs = m.endedAtNs;
    }
    return e;
}

void addAvailable(const WavePciMappingQueue& queue, MappingQueueSnapshot& out) {
    std::size_t kept = 0;
    for (const WavePciPacket& p : queue.packets()) {
        const bool mappable = !p.cancelRequested && !p.terminated &&
                              (p.state == PacketState::Queued || p.state == PacketState::Mapping);
        if (!mappable || p.bytesMapped >= p.byteCount) {
            continue;
        }
        if (kept++ == kSnapshotAvailablePackets) {
            break;
        }
        MappingEntrySnapshot e;
        e.phase = MappingPhase::Available;
        e.packetId = p.id;
        e.physicalAddress = physicalAddressAt(p.mdl, p.bytesMapped).value_or(0);
        e.byteCount = p.byteCount - p.bytesMapped;
        e.streamOffsetBytes = p.streamOffset + p.bytesMapped;
        e.lastOfPacket = true;
        out.mappings.push_back(e);
    }
}

void addLive(const WavePciMappingQueue& queue, const CMiniportWaveAc97Stream* stream,
             ULONG finished, MappingQueueSnapshot& out) {
    std::size_t kept = 0;
    for (const WavePciMapping& m : queue.mappings()) {
        if (m.state != MappingState::Held) {
            continue;
        }
        if (kept++ == kSnapshotLiveMappings) {
            break;
        }
        MappingEntrySnapshot e = entryOf(m);
        e.phase = MappingPhase::Held;
        if (stream != nullptr && m.tag <= 0xFFFFFFFFu) {
            const Ac97MappingRing& ring = stream->mappingRing();
            if (const auto position = ring.positionOfTag(static_cast<ULONG>(m.tag))) {
                e.phase = *position < finished ? MappingPhase::Played : MappingPhase::Loaded;
                e.slot = static_cast<int>(ring.slotOf(*position));
            }
        }
        out.mappings.push_back(e);
    }
}

void addEnded(const WavePciMappingQueue& queue, MappingQueueSnapshot& out) {
    const std::size_t first = out.mappings.size();
    const auto& all = queue.mappings();
    for (auto it = all.rbegin(); it != all.rend(); ++it) {
        if (it->state == MappingState::Held) {
            continue;
        }
        if (out.mappings.size() - first == kSnapshotEndedMappings) {
            break;
        }
        out.mappings.push_back(entryOf(*it));
    }
    std::reverse(out.mappings.begin() + static_cast<std::ptrdiff_t>(first), out.mappings.end());
}

void copyEngine(const std::array<ac97::BdlEntryView, ac97::kBdlEntries>& views,
                const CMiniportWaveAc97Stream* stream, const ac97::Ac97EngineState& s,
                MappingQueueSnapshot& out) {
    out.engineName = ac97::engineName(s.engine);
    out.bdbar = s.bdbar;
    out.civ = s.civ;
    out.lvi = s.lvi;
    out.piv = s.piv;
    out.picbSamples = s.picb;
    out.lengthUnitBytes = s.format.lengthUnitBytes;
    out.picbBytes = static_cast<std::uint32_t>(s.picb) * s.format.lengthUnitBytes;
    out.sr = s.sr;
    out.cr = s.cr;
    out.fifoLevelBytes = s.fifoLevelBytes;
    out.dmaRunning = s.running;
    out.halted = s.halted;

    for (std::size_t i = 0; i < views.size(); ++i) {
        DescriptorSlotSnapshot& slot = out.descriptorSlots[i];
        slot.readable = views[i].readable;
        slot.address = views[i].descriptor.address;
        slot.samples = views[i].descriptor.samples;
        slot.bytes = static_cast<std::uint32_t>(slot.samples) * out.lengthUnitBytes;
        slot.ioc = views[i].descriptor.ioc;
        slot.bup = views[i].descriptor.bup;
    }
    if (stream != nullptr) {
        const Ac97MappingRing& ring = stream->mappingRing();
        out.ringHead = ring.head();
        out.ringCount = ring.count();
        for (ULONG position = 0; position < ring.count(); ++position) {
            DescriptorSlotSnapshot& slot = out.descriptorSlots[ring.slotOf(position)];
            slot.queued = true;
            slot.tag = ring.at(position).Tag;
        }
    }
}

}  // namespace

std::optional<MappingQueueSnapshot> buildMappingQueueSnapshot(ScenarioRun& run,
                                                              std::size_t stream) {
    const CPortPinWavePci* pin = run.wavePciPin(stream);
    if (pin == nullptr) {
        return std::nullopt;
    }
    MappingQueueSnapshot out;
    out.streamId = static_cast<std::uint16_t>(stream);
    out.capture = pin->isCapture();
    const WavePciMappingQueue& queue = pin->mappingQueue();
    out.bytesQueued = queue.bytesQueued();
    out.bytesMapped = queue.bytesMapped();
    out.bytesReleased = queue.bytesReleased();
    out.mappingsHeld = queue.heldCount();

    const auto* ms = dynamic_cast<const CMiniportWaveAc97Stream*>(pin->miniportStream());
    const int adapter = run.adapterIndexOf(stream);
    ULONG finished = 0;
    if (ms != nullptr && adapter >= 0 &&
        static_cast<std::size_t>(adapter) < run.wavePciAdapterCount()) {
        const ac97::Ac97Controller& controller =
            run.wavePciAdapter(static_cast<std::size_t>(adapter)).controller();
        const ac97::Ac97EngineState state = controller.state(ms->engine());
        out.dmaState = ac97DmaStateName(ms->dmaState());
        copyEngine(controller.descriptors(ms->engine()), ms, state, out);
        finished = finishedEntries(*ms, state);
    }

    out.mappings.reserve(kSnapshotAvailablePackets + out.mappingsHeld + kSnapshotEndedMappings);
    addAvailable(queue, out);
    addLive(queue, ms, finished, out);
    addEnded(queue, out);
    return out;
}

}  // namespace ps
