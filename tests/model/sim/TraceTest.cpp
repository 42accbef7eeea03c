#include "model/sim/Random.h"
#include "model/sim/Scheduler.h"
#include "model/sim/TraceDigest.h"
#include "model/sim/TraceRing.h"
#include "model/sim/Tracer.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <stdexcept>
#include <string>
#include <vector>

namespace ps {
namespace {

struct CollectingSink : TraceSink {
    std::vector<TraceRecord> records;
    void onTraceRecord(const TraceRecord& r) override { records.push_back(r); }
};

TEST(Tracer, StampsIndexAndTimeAndKeepsTypedFields) {
    Scheduler s;
    Tracer t(s, 16);
    CollectingSink sink;
    t.addSink(&sink);
    s.schedule(1'500, [&] {
        t.record(
            TraceRecord(TraceCategory::DdiCall, "miniport", "IPortWavePciStream::GetMapping", 2)
                .addHex("Tag", 0x10)
                .addHex("PhysicalAddress", 0x3F000)
                .addUInt("ByteCount", 4096)
                .addUInt("Flags", 1)
                .setStatus(0));
    });
    s.runUntil(2'000);
    ASSERT_EQ(sink.records.size(), 1u);
    const TraceRecord& r = sink.records[0];
    EXPECT_EQ(r.index, 0u);
    EXPECT_EQ(r.timeNs, 1'500);
    ASSERT_NE(r.field("ByteCount"), nullptr);
    EXPECT_EQ(r.field("ByteCount")->u, 4096u);
    EXPECT_EQ(r.field("Missing"), nullptr);
    EXPECT_EQ(toCanonicalString(r),
              "0|1500|ddi|2|miniport|IPortWavePciStream::GetMapping|0x00000000|"
              "Tag=0x10,PhysicalAddress=0x3F000,ByteCount=4096,Flags=1");
}

TEST(TraceRecord, TooManyFieldsIsRefused) {
    TraceRecord r(TraceCategory::Sim, "test", "many");
    for (std::size_t i = 0; i < kMaxTraceFields; ++i) {
        r.addInt("f", static_cast<std::int64_t>(i));
    }
    EXPECT_THROW(r.addInt("extra", 1), std::length_error);
}

TEST(TraceRing, BoundedWithMonotonicIndicesAndEviction) {
    Scheduler s;
    Tracer t(s, 4);
    for (int i = 0; i < 10; ++i) {
        t.record(TraceRecord(TraceCategory::Sim, "test", "tick").addInt("i", i));
    }
    const TraceRing& ring = t.ring();
    EXPECT_EQ(ring.size(), 4u);
    EXPECT_EQ(ring.capacity(), 4u);
    EXPECT_EQ(ring.firstIndex(), 6u);
    EXPECT_EQ(ring.endIndex(), 10u);
    EXPECT_EQ(ring.evictedCount(), 6u);
    EXPECT_EQ(ring.find(5), nullptr);
    EXPECT_EQ(ring.find(10), nullptr);
    ASSERT_NE(ring.find(7), nullptr);
    EXPECT_EQ(ring.find(7)->field("i")->i, 7);
    std::vector<std::uint64_t> seen;
    ring.forEachFrom(0, [&](const TraceRecord& r) { seen.push_back(r.index); });
    EXPECT_EQ(seen, (std::vector<std::uint64_t>{6, 7, 8, 9}));
    seen.clear();
    ring.forEachFrom(8, [&](const TraceRecord& r) { seen.push_back(r.index); });
    EXPECT_EQ(seen, (std::vector<std::uint64_t>{8, 9}));
}

TEST(TraceRing, RefusesGapsAndZeroCapacity) {
    EXPECT_THROW(TraceRing(0), std::invalid_argument);
    TraceRing ring(8);
    TraceRecord r;
    r.index = 0;
    ring.append(r);
    r.index = 2;
    EXPECT_THROW(ring.append(r), std::logic_error);
}

TEST(Tracer, RecordsFromSinksAreDispatchedAfterTheRecordThatCausedThem) {
    Scheduler s;
    Tracer t(s);
    struct Reporter : TraceSink {
        Tracer* tracer = nullptr;
        void onTraceRecord(const TraceRecord& r) override {
            if (std::string(r.name) == "call") {
                tracer->record(TraceRecord(TraceCategory::Verifier, "verifier", "violation")
                                   .addUInt("about", r.index));
            }
        }
    } reporter;
    reporter.tracer = &t;
    CollectingSink after;
    t.addSink(&reporter);
    t.addSink(&after);
    t.record(TraceRecord(TraceCategory::Sim, "x", "call"));
    t.record(TraceRecord(TraceCategory::Sim, "x", "other"));
    ASSERT_EQ(after.records.size(), 3u);
    EXPECT_STREQ(after.records[0].name, "call");
    EXPECT_STREQ(after.records[1].name, "violation");
    EXPECT_EQ(after.records[1].index, 1u);
    EXPECT_EQ(after.records[1].field("about")->u, 0u);
    EXPECT_STREQ(after.records[2].name, "other");
    EXPECT_EQ(t.ring().endIndex(), 3u);
}

// Sinks are handed the record as stored in the ring; records a sink emits
// must not overwrite it while later sinks (and the emitting sink itself) still
// read it, however small the ring.
TEST(Tracer, RecordsFromSinksDoNotOverwriteTheRecordBeingDispatchedInASmallRing) {
    for (const std::size_t capacity :
         {std::size_t{1}, std::size_t{2}, std::size_t{3}, std::size_t{4}, std::size_t{64}}) {
        Scheduler s;
        Tracer t(s, capacity);
        struct Reporter : TraceSink {
            Tracer* tracer = nullptr;
            std::vector<std::string> seenAfterReporting;
            void onTraceRecord(const TraceRecord& r) override {
                if (std::string(r.name) != "call") {
                    return;
                }
                for (int i = 0; i < 5; ++i) {
                    tracer->record(TraceRecord(TraceCategory::Verifier, "verifier", "violation")
                                       .addUInt("about", r.index)
                                       .addInt("n", i));
                }
                seenAfterReporting.push_back(std::string(r.name) + "#" + std::to_string(r.index) +
                                             "/" + std::to_string(r.field("Value")->i));
            }
        } reporter;
        reporter.tracer = &t;
        CollectingSink after;
        t.addSink(&reporter);
        t.addSink(&after);
        t.record(TraceRecord(TraceCategory::Sim, "x", "call").addInt("Value", 42));
        t.record(TraceRecord(TraceCategory::Sim, "x", "other"));
        EXPECT_EQ(reporter.seenAfterReporting, std::vector<std::string>{"call#0/42"}) << capacity;
        ASSERT_EQ(after.records.size(), 7u) << capacity;
        EXPECT_STREQ(after.records[0].name, "call");
        EXPECT_EQ(after.records[0].field("Value")->i, 42);
        for (std::size_t i = 1; i <= 5; ++i) {
            EXPECT_EQ(after.records[i].index, i);
            EXPECT_STREQ(after.records[i].name, "violation");
            EXPECT_EQ(after.records[i].field("n")->i, static_cast<std::int64_t>(i - 1));
        }
        EXPECT_STREQ(after.records[6].name, "other");
        // The ring holds the newest records, in index order, with their fields.
        const TraceRing& ring = t.ring();
        EXPECT_EQ(ring.endIndex(), 7u);
        EXPECT_EQ(ring.size(), std::min<std::size_t>(capacity, 7));
        for (std::uint64_t i = ring.firstIndex(); i < ring.endIndex(); ++i) {
            ASSERT_NE(ring.find(i), nullptr);
            EXPECT_EQ(ring.find(i)->index, i);
            EXPECT_STREQ(ring.find(i)->name, after.records[i].name);
            EXPECT_EQ(ring.find(i)->fieldCount, after.records[i].fieldCount);
        }
    }
}

// A sink's category mask: the tracer hands it only records of those
// categories, the ones sinks emit while a record is dispatched included; the
// ring and the other sinks see every record.
TEST(Tracer, SinksAreHandedOnlyTheCategoriesOfTheirMask) {
    Scheduler s;
    Tracer t(s);
    struct Reporter : TraceSink {
        Tracer* tracer = nullptr;
        std::vector<std::string> seen;
        Reporter() { setCategoryMask(traceCategoryBit(TraceCategory::DdiCall)); }
        void onTraceRecord(const TraceRecord& r) override {
            seen.push_back(r.name);
            if (std::string(r.name) == "call") {
                tracer->record(TraceRecord(TraceCategory::Verifier, "verifier", "finding"));
                tracer->record(TraceRecord(TraceCategory::DdiCall, "verifier", "nested call"));
            }
        }
    } reporter;
    reporter.tracer = &t;
    struct Masked : CollectingSink {
        Masked() {
            setCategoryMask(traceCategoryBit(TraceCategory::Verifier) |
                            traceCategoryBit(TraceCategory::Dma));
        }
    } masked;
    CollectingSink all;
    EXPECT_EQ(all.categoryMask(), kAllTraceCategories);
    t.addSink(&reporter);
    t.addSink(&masked);
    t.addSink(&all);
    t.record(TraceRecord(TraceCategory::Dma, "x", "burst"));
    t.record(TraceRecord(TraceCategory::DdiCall, "x", "call"));
    t.record(TraceRecord(TraceCategory::Client, "x", "write"));
    const auto names = [](const CollectingSink& sink) {
        std::vector<std::string> out;
        for (const TraceRecord& r : sink.records) {
            out.push_back(std::to_string(r.index) + ":" + r.name);
        }
        return out;
    };
    EXPECT_EQ(reporter.seen, (std::vector<std::string>{"call", "nested call"}));
    EXPECT_EQ(names(all), (std::vector<std::string>{"0:burst", "1:call", "2:finding",
                                                    "3:nested call", "4:write"}));
    EXPECT_EQ(names(masked), (std::vector<std::string>{"0:burst", "2:finding"}));
    EXPECT_EQ(t.ring().endIndex(), 5u);
}

TEST(TraceStringPool, InternedPointersAreStableAndShared) {
    TraceStringPool pool;
    const char* a = pool.intern("stream 1");
    for (int i = 0; i < 1000; ++i) {
        pool.intern("filler " + std::to_string(i));
    }
    EXPECT_EQ(pool.intern(std::string("stream ") + "1"), a);
    EXPECT_STREQ(a, "stream 1");
}

// A randomized workload: timers that reschedule themselves with random delays,
// random cancellations, and a trace record per event. Its trace digest must be
// a pure function of the seed.
std::string runRandomWorkload(std::uint64_t seed, std::uint64_t* records = nullptr) {
    Scheduler s;
    Tracer t(s, 1024);
    TraceDigest digest;
    t.addSink(&digest);
    Random rng(seed);
    std::vector<EventId> ids;
    std::function<void(int)> fire = [&](int actor) {
        t.record(TraceRecord(TraceCategory::Sim, "actor", "fire")
                     .addInt("actor", actor)
                     .addUInt("draw", rng.uniformBelow(1000)));
        ids.push_back(s.scheduleIn(rng.uniformInt(0, 5'000), [&fire, actor] { fire(actor); }));
        if (rng.bernoulli(0.2) && !ids.empty()) {
            const auto victim = rng.uniformBelow(ids.size());
            if (s.cancel(ids[victim])) {
                t.record(
                    TraceRecord(TraceCategory::Sim, "actor", "cancel").addUInt("victim", victim));
                ids.push_back(
                    s.scheduleIn(rng.uniformInt(1, 100), [&fire, actor] { fire(actor + 100); }));
            }
        }
    };
    for (int actor = 0; actor < 20; ++actor) {
        ids.push_back(s.schedule(rng.uniformInt(0, 1'000), [&fire, actor] { fire(actor); }));
    }
    s.runUntil(2'000'000);
    if (records != nullptr) {
        *records = digest.recordCount();
    }
    return digest.hex();
}

TEST(Determinism, SameSeedSameTraceHashDifferentSeedDifferentHash) {
    std::uint64_t records = 0;
    const std::string a = runRandomWorkload(2024, &records);
    EXPECT_GT(records, 5'000u);
    EXPECT_EQ(a, runRandomWorkload(2024));
    EXPECT_NE(a, runRandomWorkload(2025));
}

}  // namespace
}  // namespace ps
