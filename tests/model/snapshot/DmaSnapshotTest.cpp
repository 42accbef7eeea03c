// The mapping-queue and cyclic-buffer parts of a snapshot carry the model's
// numbers: tags, slots and registers of the AC'97 stream, the WaveRT buffer's
// descriptors and positions, and building them changes nothing in the run.
#include "model/miniports/MiniportWaveAc97Stream.h"
#include "model/scenario/ScenarioRun.h"
#include "model/sim/TraceLog.h"
#include "model/snapshot/SnapshotBuilder.h"
#include "tests/model/session/SessionSpecs.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace ps {
namespace {

std::shared_ptr<const SessionSnapshot> snapshotOf(ScenarioRun& run) {
    return buildSessionSnapshot(run, nullptr, {});
}

TEST(DmaSnapshotTest, EachStreamGetsTheViewOfItsStack) {
    ScenarioRun run(test::mixedSessionSpec());
    ASSERT_EQ(run.start(), "");
    run.advanceTo(msToNs(60));
    const auto snap = snapshotOf(run);
    ASSERT_EQ(snap->mappingQueues.size(), 1u);
    ASSERT_EQ(snap->cyclicBuffers.size(), 2u);
    EXPECT_NE(snap->mappingQueueOf(0), nullptr);
    EXPECT_EQ(snap->mappingQueueOf(1), nullptr);
    EXPECT_NE(snap->cyclicBufferOf(1), nullptr);
    EXPECT_NE(snap->cyclicBufferOf(2), nullptr);
    EXPECT_EQ(snap->cyclicBufferOf(0), nullptr);
    EXPECT_TRUE(snap->cyclicBufferOf(2)->capture);
}

TEST(DmaSnapshotTest, MappingsSitInTheSlotsTheMiniportLoadedThem) {
    ScenarioRun run(test::mixedSessionSpec());
    ASSERT_EQ(run.start(), "");
    run.advanceTo(msToNs(60));
    const auto snap = snapshotOf(run);
    const MappingQueueSnapshot& q = *snap->mappingQueueOf(0);
    const CPortPinWavePci& pin = *run.wavePciPin(0);
    const auto& ms = dynamic_cast<const CMiniportWaveAc97Stream&>(*pin.miniportStream());
    const Ac97MappingRing& ring = ms.mappingRing();

    EXPECT_EQ(q.engineName, "PO");
    EXPECT_EQ(q.dmaState, "ON");
    EXPECT_TRUE(q.dmaRunning);
    EXPECT_EQ(q.mappingsHeld, pin.mappingQueue().heldCount());
    EXPECT_EQ(q.countOf(MappingPhase::Held) + q.countOf(MappingPhase::Loaded) +
                  q.countOf(MappingPhase::Played),
              pin.mappingQueue().heldCount());
    EXPECT_GT(q.countOf(MappingPhase::Loaded), 0u);
    EXPECT_EQ(q.countOf(MappingPhase::Held), 0u);  // the AC'97 miniport queues what it gets
    EXPECT_EQ(q.countOf(MappingPhase::Released), kSnapshotEndedMappings);
    EXPECT_EQ(q.ringHead, ring.head());
    EXPECT_EQ(q.ringCount, ring.count());

    for (const MappingEntrySnapshot& m : q.mappings) {
        if (m.phase != MappingPhase::Loaded && m.phase != MappingPhase::Played) {
            continue;
        }
        ASSERT_GE(m.slot, 0);
        const DescriptorSlotSnapshot& slot = q.descriptorSlots[static_cast<std::size_t>(m.slot)];
        EXPECT_TRUE(slot.readable);
        EXPECT_TRUE(slot.queued);
        EXPECT_EQ(slot.tag, m.tag);
        EXPECT_EQ(slot.address, m.physicalAddress);
        EXPECT_EQ(slot.bytes, m.byteCount);
        EXPECT_EQ(slot.samples * q.lengthUnitBytes, m.byteCount);
        EXPECT_EQ(ring.slot(static_cast<ULONG>(m.slot)).Tag, m.tag);
    }
    // Registers: the engine plays the slot at CIV and stops at LVI, the last
    // queued slot; PICB counts what is left of CIV's buffer.
    EXPECT_EQ(q.lvi, ring.lastSlot());
    EXPECT_TRUE(q.descriptorSlots[q.civ].queued);
    EXPECT_LE(q.picbBytes, q.descriptorSlots[q.civ].bytes);
    EXPECT_EQ(q.picbBytes, q.picbSamples * q.lengthUnitBytes);
    const MappingEntrySnapshot* atCiv = q.findTag(q.descriptorSlots[q.civ].tag);
    ASSERT_NE(atCiv, nullptr);
    EXPECT_EQ(atCiv->phase, MappingPhase::Loaded);
    // Ended entries keep their times; the newest release is the oldest loaded
    // entry's predecessor in acquisition order.
    const MappingEntrySnapshot& newestEnded = q.mappings.back();
    EXPECT_EQ(newestEnded.phase, MappingPhase::Released);
    EXPECT_GE(newestEnded.endedAtNs, newestEnded.acquiredAtNs);
    // Order: available, then the live ones in acquisition order, then ended.
    const MappingEntrySnapshot& oldestLive = q.mappings[q.countOf(MappingPhase::Available)];
    EXPECT_EQ(newestEnded.sequence + 1, oldestLive.sequence);
    EXPECT_EQ(newestEnded.streamOffsetBytes + newestEnded.byteCount, oldestLive.streamOffsetBytes);
}

TEST(DmaSnapshotTest, AvailableBytesAreTheQueuedPacketsNotYetMapped) {
    // More audio queued than 31 descriptors of at most a page each can hold.
    ScenarioSpec spec = test::mixedSessionSpec();
    spec.streams[0].wavepci.packetMs = 100;
    spec.streams[0].wavepci.packetsQueued = 8;
    ScenarioRun run(spec);
    ASSERT_EQ(run.start(), "");
    run.advanceTo(msToNs(60));
    const auto snap = snapshotOf(run);
    const MappingQueueSnapshot& q = *snap->mappingQueueOf(0);
    std::uint64_t available = 0;
    for (const MappingEntrySnapshot& m : q.mappings) {
        if (m.phase == MappingPhase::Available) {
            available += m.byteCount;
            EXPECT_EQ(m.tag, 0u);
            EXPECT_NE(m.physicalAddress, 0u);
            EXPECT_EQ(m.slot, -1);
        }
    }
    EXPECT_EQ(available, q.bytesQueued - q.bytesMapped);
    EXPECT_GT(available, 0u);
}

TEST(DmaSnapshotTest, CyclicBufferCarriesLayoutAndPositions) {
    ScenarioRun run(test::mixedSessionSpec());
    ASSERT_EQ(run.start(), "");
    run.advanceTo(msToNs(61));
    const auto snap = snapshotOf(run);
    const CyclicBufferSnapshot& b = *snap->cyclicBufferOf(1);
    const CPortPinWaveRT& pin = *run.waveRtPin(1);
    const WaveRtClient& client = *run.waveRtClient(1);

    EXPECT_EQ(b.bufferBytes, pin.bufferBytes());
    EXPECT_EQ(b.bytesPerFrame, 4u);
    EXPECT_EQ(b.notificationCount, 2u);
    EXPECT_TRUE(b.eventMode);
    EXPECT_TRUE(b.running);
    ASSERT_FALSE(b.bdl.empty());
    std::uint32_t offset = 0;
    for (const CyclicBdlEntrySnapshot& e : b.bdl) {
        EXPECT_EQ(e.offsetBytes, offset);
        EXPECT_NE(e.address, 0u);
        offset += e.lengthBytes;
    }
    EXPECT_EQ(offset, b.bufferBytes);
    ASSERT_EQ(b.notificationOffsets.size(), 2u);
    EXPECT_EQ(b.notificationOffsets[0], b.bufferBytes / 2);
    EXPECT_EQ(b.notificationOffsets[1], b.bufferBytes);
    EXPECT_EQ(b.pages.size(), (b.bufferBytes + PAGE_SIZE - 1) / PAGE_SIZE);
    EXPECT_EQ(b.pages[0].offsetBytes, 0u);
    EXPECT_EQ(b.pages[0].physicalAddress, b.bdl[0].address);

    EXPECT_LT(b.lpibBytes, b.bufferBytes);
    EXPECT_EQ(b.lpibBytes, b.fetchPositionBytes % b.bufferBytes);
    EXPECT_EQ(b.playOffsetBytes, b.playPositionBytes % b.bufferBytes);
    EXPECT_EQ(b.fetchPositionBytes - b.playPositionBytes, b.fifoLevelBytes);
    EXPECT_EQ(b.clientPositionBytes, client.clientPositionBytes());
    EXPECT_EQ(b.clientOffsetBytes, client.clientPositionBytes() % b.bufferBytes);
    EXPECT_EQ(b.paddingBytes, static_cast<std::int64_t>(b.clientPositionBytes) -
                                  static_cast<std::int64_t>(b.playPositionBytes));
    EXPECT_GT(b.paddingBytes, 0);
    EXPECT_LE(b.paddingBytes, static_cast<std::int64_t>(b.bufferBytes));
    EXPECT_TRUE(b.underruns.empty());

    const CyclicBufferSnapshot& in = *snap->cyclicBufferOf(2);
    EXPECT_EQ(in.paddingBytes, static_cast<std::int64_t>(in.fetchPositionBytes) -
                                   static_cast<std::int64_t>(in.clientPositionBytes));
    EXPECT_GE(in.paddingBytes, 0);
}

TEST(DmaSnapshotTest, UnderrunsAreMarkedWhereTheDeviceWas) {
    ScenarioSpec spec = test::mixedSessionSpec();
    FaultSpec stall;
    stall.kind = FaultKind::StalledClient;
    stall.stream = 1;
    stall.fromNs = msToNs(40);
    stall.untilNs = msToNs(70);
    spec.faults.push_back(stall);
    ScenarioRun run(spec);
    ASSERT_EQ(run.start(), "");
    run.advanceTo(msToNs(120));
    const auto snap = snapshotOf(run);
    const CyclicBufferSnapshot& b = *snap->cyclicBufferOf(1);
    ASSERT_FALSE(b.underruns.empty());
    EXPECT_EQ(b.clientGlitches, run.waveRtClient(1)->glitches().size());
    for (const CyclicUnderrunSnapshot& u : b.underruns) {
        EXPECT_EQ(u.offsetBytes, u.devicePositionBytes % b.bufferBytes);
        EXPECT_GT(u.bytesAffected, 0u);
        EXPECT_GE(u.atNs, msToNs(40));
    }
}

TEST(DmaSnapshotTest, HardwareUnderrunsAreMarkedAtLpib) {
    // A DMA that waits for BCIS to be acknowledged, and an interrupt that is
    // lost: the FIFO runs dry and the DAC plays zeros from then on.
    ScenarioSpec spec = test::mixedSessionSpec();
    spec.hardware.hdaDmaWaitsForBcisAck = true;
    FaultSpec lost;
    lost.kind = FaultKind::LostInterrupt;
    lost.stream = 1;
    lost.fromNs = msToNs(40);
    spec.faults.push_back(lost);
    ScenarioRun run(spec);
    auto log = TraceLog::attachTo(run.machine().tracer());
    ASSERT_EQ(run.start(), "");
    run.advanceTo(msToNs(120));
    const auto snap = snapshotOf(run);
    const CyclicBufferSnapshot& b = *snap->cyclicBufferOf(1);
    ASSERT_FALSE(b.hardwareGlitches.empty());
    EXPECT_GT(b.underrunFrames, 0);

    std::vector<const TraceRecord*> underruns;
    const TraceLogView trace = log->view();
    for (std::uint64_t i = trace.firstIndex(); i < trace.endIndex(); ++i) {
        const TraceRecord& r = trace.at(i);
        if (r.category == TraceCategory::Glitch && std::string(r.name) == "underrun" &&
            std::string(r.source).rfind("HDA", 0) == 0) {
            underruns.push_back(&r);
        }
    }
    run.machine().tracer().removeSink(log.get());
    ASSERT_EQ(underruns.size(), b.hardwareGlitches.size());
    std::int64_t frames = 0;
    for (std::size_t k = 0; k < underruns.size(); ++k) {
        const CyclicHardwareGlitchSnapshot& g = b.hardwareGlitches[k];
        const TraceRecord& r = *underruns[k];
        EXPECT_TRUE(g.underrun);
        EXPECT_EQ(g.atNs, r.timeNs);
        std::uint64_t lpib = ~0ull;
        for (std::size_t f = 0; f < r.fieldCount; ++f) {
            if (std::string(r.fields[f].name) == "LPIB") {
                lpib = r.fields[f].u;
            }
        }
        EXPECT_EQ(g.offsetBytes, lpib);
        EXPECT_LT(g.offsetBytes, b.bufferBytes);
        EXPECT_GT(g.frames, 0);
        frames += g.frames;
    }
    EXPECT_EQ(frames, b.underrunFrames);
}

TEST(DmaSnapshotTest, BuildingSnapshotsLeavesTheRunUnchanged) {
    ScenarioRun plain(test::mixedSessionSpec());
    ScenarioRun watched(test::mixedSessionSpec());
    ASSERT_EQ(plain.start(), "");
    ASSERT_EQ(watched.start(), "");
    for (TimeNs t = 0; t <= msToNs(150); t += msToNs(1) / 3) {
        watched.advanceTo(t);
        snapshotOf(watched);
    }
    plain.advanceTo(msToNs(150));
    EXPECT_EQ(watched.machine().digest().hex(), plain.machine().digest().hex());
    EXPECT_EQ(watched.machine().tracer().recordCount(), plain.machine().tracer().recordCount());
}

}  // namespace
}  // namespace ps
