// Batched trace sinks: handed every record from the ring in index order, in
// runs, before the ring overwrites them, whatever its size and whatever the
// other sinks record meanwhile; caught up on demand and on removal.
#include "model/sim/TraceDigest.h"
#include "model/sim/Tracer.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

namespace ps {
namespace {

// Keeps each record it is handed (by index and name) and the runs.
class BatchKeeper : public TraceSink {
  public:
    BatchKeeper() { setBatched(); }
    void onTraceRecord(const TraceRecord& r) override {
        indices.push_back(r.index);
        names.emplace_back(r.name);
    }
    void onTraceRecords(const TraceRing& ring, std::uint64_t first, std::uint64_t end) override {
        runs.push_back(end - first);
        TraceSink::onTraceRecords(ring, first, end);
    }
    void sync() const { catchUp(); }

    std::vector<std::uint64_t> indices;
    std::vector<std::string> names;
    std::vector<std::uint64_t> runs;
};

// Keeps every record as the plain sinks see them, one at a time.
struct PlainKeeper : TraceSink {
    void onTraceRecord(const TraceRecord& r) override {
        indices.push_back(r.index);
        names.emplace_back(r.name);
    }
    std::vector<std::uint64_t> indices;
    std::vector<std::string> names;
};

// Emits `findings` records for every "call" record, like the verifier.
struct Reporter : TraceSink {
    Tracer* tracer = nullptr;
    int findings = 0;
    void onTraceRecord(const TraceRecord& r) override {
        if (std::string(r.name) == "call") {
            for (int i = 0; i < findings; ++i) {
                tracer->record(TraceRecord(TraceCategory::Verifier, "verifier", "finding")
                                   .addUInt("about", r.index)
                                   .addInt("n", i));
            }
        }
    }
};

TEST(TracerBatches, BatchedSinksSeeEveryRecordInOrderHoweverSmallTheRing) {
    for (const std::size_t capacity : {1u, 2u, 3u, 4u, 31u, 32u, 33u, 64u, 1000u}) {
        Scheduler s;
        Tracer t(s, capacity);
        Reporter reporter;
        reporter.tracer = &t;
        reporter.findings = 5;
        BatchKeeper batched;
        PlainKeeper plain;
        t.addSink(&reporter);
        t.addSink(&batched);
        t.addSink(&plain);
        for (int i = 0; i < 200; ++i) {
            t.record(TraceRecord(TraceCategory::Sim, "x", i % 3 == 0 ? "call" : "other"));
        }
        batched.sync();
        ASSERT_EQ(t.recordCount(), 200u + 67u * 5u) << capacity;
        EXPECT_EQ(batched.indices, plain.indices) << capacity;
        EXPECT_EQ(batched.names, plain.names) << capacity;
        ASSERT_EQ(batched.indices.size(), t.recordCount()) << capacity;
        for (std::size_t i = 0; i < batched.indices.size(); ++i) {
            ASSERT_EQ(batched.indices[i], i) << capacity;
        }
        for (const std::uint64_t run : batched.runs) {
            EXPECT_LE(run, std::min<std::uint64_t>(capacity, Tracer::kBatchRecords)) << capacity;
        }
    }
}

TEST(TracerBatches, RecordsAreHandedInRunsAndOnCatchUp) {
    Scheduler s;
    Tracer t(s);
    t.record(TraceRecord(TraceCategory::Sim, "x", "before"));  // not handed: added later
    BatchKeeper batched;
    t.addSink(&batched);
    for (std::size_t i = 0; i < Tracer::kBatchRecords; ++i) {
        t.record(TraceRecord(TraceCategory::Sim, "x", "r"));
    }
    EXPECT_TRUE(batched.indices.empty()) << "a full run waits for the next record";
    t.record(TraceRecord(TraceCategory::Sim, "x", "r"));
    ASSERT_EQ(batched.runs, std::vector<std::uint64_t>{Tracer::kBatchRecords});
    EXPECT_EQ(batched.indices.front(), 1u);
    batched.sync();
    EXPECT_EQ(batched.runs.back(), 1u);
    EXPECT_EQ(batched.indices.size(), Tracer::kBatchRecords + 1);
    batched.sync();
    EXPECT_EQ(batched.runs.size(), 2u) << "nothing new, no call";
    t.record(TraceRecord(TraceCategory::Sim, "x", "last"));
    t.removeSink(&batched);
    EXPECT_EQ(batched.names.back(), "last") << "removal hands the rest";
    t.record(TraceRecord(TraceCategory::Sim, "x", "after"));
    batched.sync();
    EXPECT_EQ(batched.names.back(), "last");
}

TEST(TracerBatches, EitherMayBeDestroyedFirst) {
    auto digest = std::make_unique<TraceDigest>();
    TraceDigest reference;
    {
        Scheduler s;
        Tracer t(s);
        t.addSink(digest.get());
        for (int i = 0; i < 10; ++i) {
            const TraceRecord r(TraceCategory::Sim, "x", "r");
            t.record(r);
            reference.onTraceRecord(t.ring().held(t.ring().endIndex() - 1));
        }
    }
    // The Tracer handed the digest its records when it went.
    EXPECT_EQ(digest->recordCount(), 10u);
    EXPECT_EQ(digest->value(), reference.value());

    Scheduler s;
    Tracer t(s);
    digest = std::make_unique<TraceDigest>();
    t.addSink(digest.get());
    t.record(TraceRecord(TraceCategory::Sim, "x", "r"));
    digest.reset();  // leaves the Tracer
    t.record(TraceRecord(TraceCategory::Sim, "x", "r"));
    EXPECT_EQ(t.recordCount(), 2u);
}

TEST(TracerBatches, DigestFedFromTheRingEqualsOneFedRecordByRecord) {
    Scheduler s;
    Tracer t(s, 5);
    Reporter reporter;
    reporter.tracer = &t;
    reporter.findings = 2;
    TraceDigest batched;
    struct Plain : TraceSink {
        TraceDigest digest;
        void onTraceRecord(const TraceRecord& r) override { digest.onTraceRecord(r); }
    } plain;
    t.addSink(&reporter);
    t.addSink(&batched);
    t.addSink(&plain);
    for (int i = 0; i < 100; ++i) {
        t.record(TraceRecord(TraceCategory::Client, "client", i % 2 == 0 ? "call" : "write")
                     .addUInt("Bytes", static_cast<std::uint64_t>(i) * 480)
                     .addText("Who", i % 4 == 0 ? "a" : "bb"));
    }
    EXPECT_EQ(batched.recordCount(), plain.digest.recordCount());
    EXPECT_EQ(batched.hex(), plain.digest.hex());
}

}  // namespace
}  // namespace ps

namespace ps {
namespace {

// Per-category sink lists keep the order the sinks were added in, follow
// removals, and leave records of categories nobody reads undispatched.
TEST(TracerSinkLists, SinksOfOverlappingCategoriesKeepTheirOrder) {
    struct Logging : TraceSink {
        Logging(std::vector<std::string>& log, std::string tag, std::uint32_t mask)
            : m_log(log), m_tag(std::move(tag)) {
            setCategoryMask(mask);
        }
        void onTraceRecord(const TraceRecord& r) override { m_log.push_back(m_tag + ":" + r.name); }
        std::vector<std::string>& m_log;
        std::string m_tag;
    };
    Scheduler s;
    Tracer t(s);
    std::vector<std::string> log;
    Logging a(log, "a", traceCategoryBit(TraceCategory::DdiCall));
    Logging b(log, "b", kAllTraceCategories);
    Logging c(log, "c",
              traceCategoryBit(TraceCategory::DdiCall) | traceCategoryBit(TraceCategory::State));
    t.addSink(&a);
    t.addSink(&b);
    t.addSink(&c);
    t.record(TraceRecord(TraceCategory::DdiCall, "x", "call"));
    t.record(TraceRecord(TraceCategory::State, "x", "state"));
    t.removeSink(&b);
    t.record(TraceRecord(TraceCategory::Dma, "x", "dma"));
    t.record(TraceRecord(TraceCategory::DdiCall, "x", "call2"));
    EXPECT_EQ(log, (std::vector<std::string>{"a:call", "b:call", "c:call", "b:state", "c:state",
                                             "a:call2", "c:call2"}));
    EXPECT_EQ(t.ring().endIndex(), 4u);
}

}  // namespace
}  // namespace ps
