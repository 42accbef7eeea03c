// TimelineData, TraceCounters, TimeMarks and InterruptDpcLatency: the
// timeline's series read from hand-made records and from real runs of both
// stacks, compared with a direct scan of the trace.
#include "model/scenario/ScenarioRun.h"
#include "model/snapshot/InterruptDpcLatency.h"
#include "model/snapshot/TimelineData.h"
#include "model/snapshot/TraceCounters.h"
#include "tests/model/session/SessionSpecs.h"

#include <gtest/gtest.h>

#include <cstring>
#include <memory>

namespace ps {
namespace {

TraceRecord at(TraceRecord r, std::uint64_t index, TimeNs timeNs) {
    r.index = index;
    r.timeNs = timeNs;
    return r;
}

TEST(TraceCountersTest, ListsFieldCountersThenTheBurstThenThePadding) {
    TraceRecord r(TraceCategory::Glitch, "client", "underrun", 1);
    r.addUInt("WritePosition", 9000).addUInt("PlayPosition", 9600).addText("Kind", "x");
    const TraceCounters c = extractTraceCounters(r);
    ASSERT_EQ(c.count, 3u);
    EXPECT_EQ(c.items[0].kind, TraceCounterKind::WritePosition);
    EXPECT_EQ(c.items[0].value, 9000);
    EXPECT_EQ(c.items[1].kind, TraceCounterKind::PlayPosition);
    EXPECT_EQ(c.items[2].kind, TraceCounterKind::PaddingBytes);
    EXPECT_STREQ(c.items[2].name, "padding");
    EXPECT_STREQ(c.items[2].unit, "bytes");
    EXPECT_EQ(c.items[2].value, -600);

    TraceRecord burst(TraceCategory::Dma, "HDA", "DMA burst", 2);
    burst.addText("Stream", "SD3")
        .addUInt("Bytes", 64)
        .addUInt("LPIB", 128)
        .addUInt("FifoBytes", 116);
    const TraceCounters b = extractTraceCounters(burst);
    ASSERT_EQ(b.count, 3u);
    EXPECT_EQ(b.items[0].kind, TraceCounterKind::Lpib);
    EXPECT_EQ(b.items[1].kind, TraceCounterKind::FifoLevel);
    EXPECT_STREQ(b.items[1].name, "FIFO level");
    EXPECT_EQ(b.items[1].value, 116);
    EXPECT_EQ(b.items[2].kind, TraceCounterKind::DmaBurstBytes);
    EXPECT_EQ(b.items[2].value, 64);

    TraceRecord call(TraceCategory::DdiCall, "port", "GetPosition", 0);
    call.addUInt("Position", 480).addUInt("QueuedFrames", 12);
    const TraceCounters p = extractTraceCounters(call);
    ASSERT_EQ(p.count, 2u);
    EXPECT_EQ(p.items[0].kind, TraceCounterKind::GetPosition);
    EXPECT_EQ(p.items[1].kind, TraceCounterKind::PaddingFrames);
    EXPECT_STREQ(p.items[1].unit, "frames");
    // Position outside a DDI call, and text fields, are not counters.
    TraceRecord other(TraceCategory::Client, "client", "seek", 0);
    other.addUInt("Position", 1).addText("FifoBytes", "n/a");
    EXPECT_TRUE(extractTraceCounters(other).empty());
}

TEST(TimelineDataMemoryTest, HoldsAboutWhatTheTraceLogHolds) {
    // A log that keeps 16 chunks (65,536 records) of DMA bursts on stream 0,
    // each with the FIFO level, and a BCIS mark every 100 records.
    TraceLog log(std::make_shared<TraceStringPool>(), 16 * kTraceLogChunkRecords);
    TimelineData data;
    const std::vector<std::uint32_t> bytesPerFrame{4};
    constexpr std::uint64_t kRecords = 600'000;
    for (std::uint64_t i = 0; i < kRecords; ++i) {
        TraceRecord r(TraceCategory::Dma, "HDA", i % 100 == 0 ? "BCIS set" : "DMA burst", 0);
        r.addUInt("Bytes", 64).addUInt("FifoBytes", i % 256);
        log.onTraceRecord(at(r, i, static_cast<TimeNs>(i) * 10'000));
        if (i % 8192 == 8191 || i + 1 == kRecords) {
            data.update(log.view(), bytesPerFrame);
        }
    }
    const TraceLogView view = log.view();
    ASSERT_GT(view.firstIndex(), 500'000u);
    const StreamTimeline* s = data.stream(0);
    ASSERT_NE(s, nullptr);
    // Every record is still counted, but only the newest are held: at most
    // what the log holds plus two drop units.
    EXPECT_EQ(s->fifoBytes.size(), kRecords);
    EXPECT_LE(s->fifoBytes.heldPoints(), view.size() + 2 * MinMaxSeries::kDropUnit);
    EXPECT_LE(s->fifoBytes.at(s->fifoBytes.firstIndex()).recordIndex, view.firstIndex());
    EXPECT_LE(s->dmaPosition.heldPoints(), view.size() + 2 * MinMaxSeries::kDropUnit);
    EXPECT_LT(s->notifications.size(), kRecords / 100);
    // What is held is what the records say.
    for (std::uint64_t i = view.firstIndex(); i < view.endIndex(); i += 997) {
        const MinMaxSeries::Point& p = s->fifoBytes.at(static_cast<std::size_t>(i));
        EXPECT_EQ(p.recordIndex, i);
        EXPECT_EQ(p.value, static_cast<std::int64_t>(i % 256));
    }
}

TEST(TimeMarksTest, DecimationKeepsTheFirstMarkOfEveryColumn) {
    TimeMarks m;
    for (TimeNs t : {0, 5, 9, 10, 35, 99, 100}) {
        m.append(t, static_cast<std::uint64_t>(t), "x");
    }
    std::vector<std::size_t> shown;
    m.decimate(0, 100, 10, shown);  // columns of 10 ns; 100 is outside
    ASSERT_EQ(shown.size(), 4u);
    EXPECT_EQ(m.at(shown[0]).timeNs, 0);
    EXPECT_EQ(m.at(shown[1]).timeNs, 10);
    EXPECT_EQ(m.at(shown[2]).timeNs, 35);
    EXPECT_EQ(m.at(shown[3]).timeNs, 99);
    m.decimate(6, 36, 300, shown);  // finer than the marks: each one shows
    EXPECT_EQ(shown.size(), 3u);
}

TEST(InterruptDpcLatencyTest, PairsTheDpcWithTheIsrThatQueuedIt) {
    InterruptDpcLatency pairing;
    InterruptDpcPair pair;
    auto line = [](std::uint64_t vector) {
        return TraceRecord(TraceCategory::Interrupt, "kernel", "line asserted")
            .addUInt("Vector", vector);
    };
    auto isr = [](std::uint64_t vector, const char* name) {
        return TraceRecord(TraceCategory::Interrupt, "kernel", "ISR")
            .addText("Name", name)
            .addUInt("Vector", vector)
            .addBool("Claimed", true);
    };
    auto dpc = [](TimeNs latency) {
        return TraceRecord(TraceCategory::Dpc, "kernel", "some DPC").addInt("LatencyNs", latency);
    };
    EXPECT_FALSE(pairing.onRecord(at(line(11), 0, 1000), pair));
    EXPECT_FALSE(pairing.onRecord(at(line(12), 1, 1500), pair));
    EXPECT_FALSE(pairing.onRecord(at(isr(11, "A"), 2, 2000), pair));
    EXPECT_FALSE(pairing.onRecord(at(isr(12, "B"), 3, 2500), pair));
    ASSERT_TRUE(pairing.onRecord(at(dpc(2000), 4, 4000), pair));  // queued at 2000: A's
    EXPECT_EQ(pair.vector, 11u);
    EXPECT_STREQ(pair.isrName, "A");
    EXPECT_EQ(pair.latencyNs(), 3000);
    EXPECT_EQ(pair.dpcRecordIndex, 4u);
    ASSERT_TRUE(pairing.onRecord(at(dpc(2000), 5, 4500), pair));  // queued at 2500: B's
    EXPECT_EQ(pair.vector, 12u);
    EXPECT_EQ(pair.latencyNs(), 3000);
    // A DPC queued when no ISR ran (a timer's) pairs with nothing.
    EXPECT_FALSE(pairing.onRecord(at(dpc(100), 6, 4600), pair));
}

class TimelineDataTest : public ::testing::Test {
  protected:
    struct Run {
        std::unique_ptr<TraceLog> log;  // outlives the run
        std::unique_ptr<ScenarioRun> run;
    };
    static Run start() {
        Run r;
        r.run = std::make_unique<ScenarioRun>(test::mixedSessionSpec());
        r.log = TraceLog::attachTo(r.run->machine().tracer());
        EXPECT_EQ(r.run->start(), "");
        return r;
    }
    const std::vector<std::uint32_t> m_frameBytes{4, 4, 4};
};

TEST_F(TimelineDataTest, SeriesHoldEveryCounterOfTheTrace) {
    Run r = start();
    r.run->advanceTo(msToNs(80));
    const TraceLogView view = r.log->view();
    TimelineData data;
    ASSERT_TRUE(data.update(view, m_frameBytes));
    EXPECT_EQ(data.endIndex(), view.endIndex());
    EXPECT_FALSE(data.update(view, m_frameBytes));  // nothing new

    // Brute force over the trace for the WaveRT render stream (1) and the
    // WavePci one (0).
    std::size_t client = 0, device = 0, fifo = 0, bursts = 0, states = 0, padding0 = 0;
    std::int64_t dmaBytes = 0;
    const StreamTimeline* rt = data.stream(1);
    const StreamTimeline* pci = data.stream(0);
    ASSERT_NE(rt, nullptr);
    ASSERT_NE(pci, nullptr);
    for (std::uint64_t i = view.firstIndex(); i < view.endIndex(); ++i) {
        const TraceRecord& rec = view.at(i);
        if (rec.streamId == 0 && rec.field("QueuedFrames") != nullptr) {
            ASSERT_LT(padding0, pci->paddingFrames.size());
            EXPECT_EQ(pci->paddingFrames.at(padding0).value,
                      static_cast<std::int64_t>(rec.field("QueuedFrames")->u));
            EXPECT_EQ(pci->paddingFrames.at(padding0).recordIndex, i);
            ++padding0;
        }
        if (rec.streamId != 1) {
            continue;
        }
        if (const TraceField* w = rec.field("WritePosition")) {
            ASSERT_LT(client, rt->clientPosition.size());
            EXPECT_EQ(rt->clientPosition.at(client).value, static_cast<std::int64_t>(w->u));
            EXPECT_EQ(rt->clientPosition.at(client).timeNs, rec.timeNs);
            const std::int64_t play = static_cast<std::int64_t>(rec.field("PlayPosition")->u);
            EXPECT_EQ(rt->devicePosition.at(device).value, play);
            ++client;
            ++device;
        }
        if (const TraceField* f = rec.field("FifoBytes")) {
            ASSERT_LT(fifo, rt->fifoBytes.size());
            EXPECT_EQ(rt->fifoBytes.at(fifo).value, static_cast<std::int64_t>(f->u));
            EXPECT_EQ(rt->fifoBytes.at(fifo).recordIndex, i);
            ++fifo;
        }
        if (rec.category == TraceCategory::Dma && std::strcmp(rec.name, "DMA burst") == 0) {
            dmaBytes += static_cast<std::int64_t>(rec.field("Bytes")->u);
            EXPECT_EQ(rt->dmaPosition.at(bursts).value, dmaBytes);
            ++bursts;
        }
        if (rec.category == TraceCategory::State) {
            ++states;
        }
    }
    EXPECT_GT(client, 3u);
    EXPECT_GT(fifo, 100u);
    EXPECT_GT(padding0, 3u);
    EXPECT_EQ(client, rt->clientPosition.size());
    EXPECT_EQ(fifo, rt->fifoBytes.size());
    EXPECT_EQ(bursts, rt->dmaPosition.size());
    EXPECT_EQ(padding0, pci->paddingFrames.size());
    EXPECT_EQ(states, rt->states.size());
    EXPECT_EQ(states, 3u);  // STOP -> ACQUIRE -> PAUSE -> RUN
    EXPECT_STREQ(rt->states.at(2).label, "RUN");
    // WaveRT padding: write minus play, in frames of 4 bytes.
    ASSERT_FALSE(rt->paddingFrames.empty());
    EXPECT_EQ(rt->paddingFrames.at(0).value,
              (rt->clientPosition.at(0).value - rt->devicePosition.at(0).value) / 4);
    EXPECT_GT(rt->notifications.size(), 2u);
    // Both devices' interrupts pair with their DPCs, a few microseconds apart.
    ASSERT_FALSE(data.interrupts().empty());
    for (const InterruptTimeline& irq : data.interrupts()) {
        ASSERT_FALSE(irq.latencyNs.empty()) << irq.label;
        EXPECT_GT(irq.latencyNs.at(0).value, 0);
        EXPECT_LT(irq.latencyNs.at(0).value, 1'000'000);
        EXPECT_EQ(view.at(irq.latencyNs.at(0).recordIndex).category, TraceCategory::Dpc);
    }
}

TEST_F(TimelineDataTest, IncrementalUpdatesEqualOneUpdateAndAnotherRunRebuilds) {
    Run a = start();
    TimelineData stepped;
    for (int ms = 5; ms <= 60; ms += 5) {
        a.run->advanceTo(msToNs(ms));
        stepped.update(a.log->view(), m_frameBytes);
    }
    TimelineData whole;
    whole.update(a.log->view(), m_frameBytes);
    const StreamTimeline& s = *stepped.stream(1);
    const StreamTimeline& w = *whole.stream(1);
    ASSERT_EQ(s.fifoBytes.size(), w.fifoBytes.size());
    for (std::size_t i = 0; i < s.fifoBytes.size(); ++i) {
        EXPECT_EQ(s.fifoBytes.at(i).value, w.fifoBytes.at(i).value);
    }
    EXPECT_EQ(s.dmaPosition.back().value, w.dmaPosition.back().value);
    EXPECT_EQ(stepped.rebuilds(), 0u);

    // A fresh run that is not as far along (a step back replays this way).
    Run b = start();
    b.run->advanceTo(msToNs(20));
    EXPECT_TRUE(stepped.update(b.log->view(), m_frameBytes));
    EXPECT_EQ(stepped.rebuilds(), 1u);
    TimelineData fresh;
    fresh.update(b.log->view(), m_frameBytes);
    EXPECT_EQ(stepped.stream(1)->fifoBytes.size(), fresh.stream(1)->fifoBytes.size());
    EXPECT_EQ(stepped.stream(1)->dmaPosition.back().value,
              fresh.stream(1)->dmaPosition.back().value);
    EXPECT_EQ(stepped.endNs(), fresh.endNs());
}

}  // namespace
}  // namespace ps
