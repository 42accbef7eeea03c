// TraceLog keeps every record in chunks and hands out views that stay valid
// (records and interned strings) while the log goes on and after the tracer
// that produced them is gone.
#include "model/sim/TraceLog.h"

#include <gtest/gtest.h>

#include <cstring>
#include <memory>
#include <string>
#include <thread>

namespace ps {
namespace {

TEST(TraceLogTest, ViewHoldsEveryRecordInOrder) {
    Scheduler scheduler;
    Tracer tracer(scheduler, 16);
    auto log = TraceLog::attachTo(tracer);
    const std::size_t n = 3 * kTraceLogChunkRecords + 17;
    for (std::size_t i = 0; i < n; ++i) {
        tracer.record(TraceRecord(TraceCategory::Client, "client", "write").addUInt("I", i));
    }
    const TraceLogView view = log->view();
    EXPECT_EQ(view.firstIndex(), 0u);
    EXPECT_EQ(view.endIndex(), n);
    for (std::uint64_t i = 0; i < n; i += 511) {
        EXPECT_EQ(view.at(i).index, i);
        EXPECT_EQ(view.at(i).field("I")->u, i);
    }
    EXPECT_EQ(view.at(n - 1).field("I")->u, n - 1);
    EXPECT_EQ(view.find(n), nullptr);
}

TEST(TraceLogTest, EarlierViewIsUnchangedByLaterRecords) {
    Scheduler scheduler;
    Tracer tracer(scheduler, 16);
    auto log = TraceLog::attachTo(tracer);
    tracer.record(TraceRecord(TraceCategory::Client, "client", "a"));
    const TraceLogView before = log->view();
    for (int i = 0; i < 10; ++i) {
        tracer.record(TraceRecord(TraceCategory::Client, "client", "b"));
    }
    EXPECT_EQ(before.size(), 1u);
    EXPECT_STREQ(before.at(0).name, "a");
    EXPECT_EQ(log->view().size(), 11u);
}

TEST(TraceLogTest, BoundedByDroppingWholeOldChunks) {
    Scheduler scheduler;
    Tracer tracer(scheduler, 16);
    auto log = TraceLog::attachTo(tracer, 2 * kTraceLogChunkRecords);
    const TraceLogView early = [&] {
        tracer.record(TraceRecord(TraceCategory::Client, "client", "first"));
        return log->view();
    }();
    for (std::size_t i = 1; i < 5 * kTraceLogChunkRecords + 3; ++i) {
        tracer.record(TraceRecord(TraceCategory::Client, "client", "next"));
    }
    const TraceLogView view = log->view();
    EXPECT_EQ(view.endIndex(), 5 * kTraceLogChunkRecords + 3);
    EXPECT_EQ(view.firstIndex(), 4 * kTraceLogChunkRecords);
    EXPECT_EQ(log->droppedRecords(), 4 * kTraceLogChunkRecords);
    EXPECT_EQ(view.find(0), nullptr);
    // The early view still holds the dropped chunk.
    EXPECT_STREQ(early.at(0).name, "first");
}

TEST(TraceLogTest, InternedStringsOutliveTheTracer) {
    TraceLogView view;
    {
        Scheduler scheduler;
        Tracer tracer(scheduler, 16);
        auto log = TraceLog::attachTo(tracer);
        const std::string built = std::string("HDA#") + std::to_string(3);
        tracer.record(TraceRecord(TraceCategory::Dma, tracer.strings().intern(built), "burst"));
        view = log->view();
        tracer.removeSink(log.get());
    }
    EXPECT_STREQ(view.at(0).source, "HDA#3");
}

TEST(TraceLogTest, GapInIndicesIsAnError) {
    TraceLog log(std::make_shared<TraceStringPool>());
    TraceRecord r(TraceCategory::Sim, "sim", "x");
    r.index = 5;
    log.onTraceRecord(r);
    r.index = 7;
    EXPECT_THROW(log.onTraceRecord(r), std::logic_error);
}

TEST(TraceLogTest, ReaderThreadSeesPublishedRecordsWhileWriterGoesOn) {
    Scheduler scheduler;
    Tracer tracer(scheduler, 16);
    auto log = TraceLog::attachTo(tracer, 4 * kTraceLogChunkRecords);
    for (std::size_t i = 0; i < kTraceLogChunkRecords / 2; ++i) {
        tracer.record(TraceRecord(TraceCategory::Client, "client", "w").addUInt("I", i));
    }
    const TraceLogView published = log->view();
    std::uint64_t sum = 0;
    std::thread reader([&] {
        for (std::uint64_t i = published.firstIndex(); i < published.endIndex(); ++i) {
            sum += published.at(i).field("I")->u;
        }
    });
    for (std::size_t i = 0; i < 8 * kTraceLogChunkRecords; ++i) {
        tracer.record(TraceRecord(TraceCategory::Client, "client", "w").addUInt("I", 0));
    }
    reader.join();
    const std::uint64_t n = kTraceLogChunkRecords / 2;
    EXPECT_EQ(sum, n * (n - 1) / 2);
}

}  // namespace
}  // namespace ps
