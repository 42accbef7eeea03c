// ChromeTraceWriter: real runs of both stacks written as trace-event JSON and
// read back with QJsonDocument.
#include "RecordedRuns.h"

#include "app/export/ChromeTraceWriter.h"
#include "model/kernel/NtStatus.h"
#include "model/sim/Scheduler.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QVariant>

#include <gtest/gtest.h>

#include <cstdio>
#include <map>
#include <set>

namespace ps {
namespace {

QJsonArray loadEvents(const std::string& path) {
    const std::string text = readFile(path);
    QJsonParseError error{};
    const QJsonDocument doc =
        QJsonDocument::fromJson(QByteArray(text.data(), static_cast<int>(text.size())), &error);
    EXPECT_EQ(error.error, QJsonParseError::NoError)
        << error.errorString().toStdString() << " at offset " << error.offset;
    EXPECT_TRUE(doc.isObject());
    EXPECT_EQ(doc.object().value("displayTimeUnit").toString(), "ns");
    return doc.object().value("traceEvents").toArray();
}

std::vector<QJsonObject> eventsNamed(const QJsonArray& events, const QString& name,
                                     const QString& ph = "i") {
    std::vector<QJsonObject> out;
    for (const auto& v : events) {
        const QJsonObject e = v.toObject();
        if (e.value("ph").toString() == ph && e.value("name").toString() == name) {
            out.push_back(e);
        }
    }
    return out;
}

// Counter series by name: (ts, value of its single arg, arg name).
struct CounterPoint {
    double ts;
    double value;
    QString unit;
};
std::map<QString, std::vector<CounterPoint>> counters(const QJsonArray& events) {
    std::map<QString, std::vector<CounterPoint>> out;
    for (const auto& v : events) {
        const QJsonObject e = v.toObject();
        if (e.value("ph").toString() != "C") {
            continue;
        }
        const QJsonObject args = e.value("args").toObject();
        EXPECT_EQ(args.size(), 1);
        out[e.value("name").toString()].push_back(
            {e.value("ts").toDouble(), args.begin().value().toDouble(), args.begin().key()});
    }
    return out;
}

// Every record is one instant event of its category, with its index; every
// lane an event uses is named.
void expectOneEventPerRecord(const QJsonArray& events, const RecordLog& log) {
    std::map<QString, std::size_t> perCategory;
    std::set<qint64> indices;
    std::set<int> tids;
    std::set<int> namedTids;
    for (const auto& v : events) {
        const QJsonObject e = v.toObject();
        const QString ph = e.value("ph").toString();
        if (ph == "i") {
            ++perCategory[e.value("cat").toString()];
            indices.insert(e.value("args").toObject().value("index").toVariant().toLongLong());
            tids.insert(e.value("tid").toInt());
            EXPECT_EQ(e.value("pid").toInt(), 1);
            EXPECT_EQ(e.value("s").toString(), "t");
        } else if (ph == "M" && e.value("name").toString() == "thread_name") {
            namedTids.insert(e.value("tid").toInt());
        }
    }
    for (int c = 0; c < kTraceCategoryCount; ++c) {
        const QString name = traceCategoryName(static_cast<TraceCategory>(c));
        EXPECT_EQ(perCategory[name], log.perCategory[c]) << name.toStdString();
    }
    EXPECT_EQ(indices.size(), log.records.size());
    EXPECT_EQ(tids, namedTids);
}

TEST(ChromeTraceWriter, WaveRtRunBecomesOneEventPerRecordWithDdiArgsAndCounters) {
    const std::string path = tempPath("wavert.json");
    ChromeTraceWriter writer;
    ASSERT_TRUE(writer.open(path)) << writer.error();
    RecordLog log;
    const std::uint64_t records = runWaveRtRender({&writer, &log});
    ASSERT_TRUE(writer.finish()) << writer.error();
    EXPECT_EQ(writer.recordsWritten(), records);
    ASSERT_GT(log.records.size(), 1000u);

    const QJsonArray events = loadEvents(path);
    expectOneEventPerRecord(events, log);

    // DDI parameters under their DDI names, the NTSTATUS by name, the lane of
    // the stream.
    const auto setState = eventsNamed(events, "IMiniportWaveRTStream::SetState");
    ASSERT_FALSE(setState.empty());
    const QJsonObject args = setState.front().value("args").toObject();
    EXPECT_EQ(args.value("State").toString(), "KSSTATE_ACQUIRE");
    EXPECT_EQ(args.value("From").toString(), "KSSTATE_STOP");
    EXPECT_EQ(args.value("status").toString(), "STATUS_SUCCESS");
    EXPECT_EQ(args.value("Irql").toString(), "PASSIVE_LEVEL");
    EXPECT_EQ(args.value("source").toString(), "port");
    EXPECT_EQ(setState.front().value("cat").toString(), "ddi");
    EXPECT_EQ(setState.front().value("tid").toInt(), 2);  // stream 1
    const auto alloc =
        eventsNamed(events, "IMiniportWaveRTStreamNotification::AllocateBufferWithNotification");
    ASSERT_EQ(alloc.size(), 1u);
    EXPECT_EQ(alloc.front().value("args").toObject().value("NotificationCount").toInt(), 2);
    EXPECT_EQ(alloc.front().value("args").toObject().value("ActualSize").toInt(), 4096);

    // ts is the record's time in microseconds, nanoseconds kept.
    const auto isr = eventsNamed(events, "ISR");
    ASSERT_FALSE(isr.empty());
    const qint64 isrIndex =
        isr.front().value("args").toObject().value("index").toVariant().toLongLong();
    const TraceRecord& isrRecord = log.records.at(static_cast<std::size_t>(isrIndex));
    EXPECT_DOUBLE_EQ(isr.front().value("ts").toDouble(),
                     static_cast<double>(isrRecord.timeNs) / 1000.0);
    EXPECT_NE(isrRecord.timeNs % 1000, 0);

    // The glitch the late wakeup caused.
    EXPECT_EQ(eventsNamed(events, "render underrun").size(), 1u);

    // Positions, padding and FIFO level as counters.
    const auto series = counters(events);
    for (const char* name : {"stream 1 PlayPosition", "stream 1 WritePosition", "stream 1 padding",
                             "HDA SD4 FIFO level", "HDA SD4 LPIB", "HDA SD4 DMA position"}) {
        ASSERT_TRUE(series.count(name)) << name;
        EXPECT_GT(series.at(name).size(), 10u) << name;
        EXPECT_EQ(series.at(name).front().unit, "bytes") << name;
    }
    // Padding is write minus play position at the same instant.
    const auto& play = series.at("stream 1 PlayPosition");
    const auto& write = series.at("stream 1 WritePosition");
    const auto& padding = series.at("stream 1 padding");
    ASSERT_EQ(play.size(), padding.size());
    ASSERT_EQ(write.size(), padding.size());
    bool negative = false;
    for (std::size_t i = 0; i < padding.size(); ++i) {
        EXPECT_EQ(padding[i].ts, play[i].ts);
        EXPECT_EQ(padding[i].value, write[i].value - play[i].value);
        negative = negative || padding[i].value < 0;
    }
    EXPECT_TRUE(negative) << "the underrun shows as negative padding";
    double maxFifo = 0;
    for (const auto& p : series.at("HDA SD4 FIFO level")) {
        maxFifo = std::max(maxFifo, p.value);
    }
    EXPECT_GT(maxFifo, 0);
    EXPECT_LE(maxFifo, 192);  // the FIFO the codec reports (FifoSize=192)
    std::remove(path.c_str());
}

TEST(ChromeTraceWriter, WavePciRunCarriesMappingsStatusesAndQueuedFrames) {
    const std::string path = tempPath("wavepci.json");
    ChromeTraceWriter writer;
    ASSERT_TRUE(writer.open(path)) << writer.error();
    RecordLog log;
    runWavePciRender({&writer, &log});
    ASSERT_TRUE(writer.finish()) << writer.error();
    const QJsonArray events = loadEvents(path);
    expectOneEventPerRecord(events, log);

    const auto mappings = eventsNamed(events, "IPortWavePciStream::GetMapping");
    ASSERT_FALSE(mappings.empty());
    const QJsonObject m = mappings.front().value("args").toObject();
    for (const char* key : {"Tag", "PhysicalAddress", "VirtualAddress", "ByteCount", "Flags",
                            "Irql", "SpinLocksHeld", "status"}) {
        EXPECT_TRUE(m.contains(key)) << key;
    }
    EXPECT_EQ(m.value("Tag").toString(), "0x1");
    const auto writes = eventsNamed(events, "IOCTL_KS_WRITE_STREAM");
    ASSERT_FALSE(writes.empty());
    EXPECT_EQ(writes.front().value("args").toObject().value("status").toString(), "STATUS_PENDING");
    bool cancelled = false;
    for (const auto& e : eventsNamed(events, "packet cancelled")) {
        cancelled = cancelled ||
                    e.value("args").toObject().value("status").toString() == "STATUS_CANCELLED";
    }
    EXPECT_TRUE(cancelled) << "closing a running client cancels its queued packets";

    const auto series = counters(events);
    ASSERT_TRUE(series.count("stream 1 padding"));
    EXPECT_EQ(series.at("stream 1 padding").front().unit, "frames");
    double maxQueued = 0;
    for (const auto& p : series.at("stream 1 padding")) {
        maxQueued = std::max(maxQueued, p.value);
    }
    EXPECT_EQ(maxQueued, 4 * 480);  // 4 packets of 10 ms at 48 kHz
    ASSERT_TRUE(series.count("stream 1 FIFO level"));

    // The DMA position counts every burst's bytes, in order.
    std::int64_t burstBytes = 0;
    for (const TraceRecord& r : log.records) {
        if (r.category == TraceCategory::Dma && r.streamId == 1 && r.field("Bytes") != nullptr &&
            log.texts[r.index].name == "DMA burst") {
            burstBytes += static_cast<std::int64_t>(r.field("Bytes")->u);
        }
    }
    ASSERT_TRUE(series.count("stream 1 DMA position"));
    const auto& dma = series.at("stream 1 DMA position");
    for (std::size_t i = 1; i < dma.size(); ++i) {
        EXPECT_GT(dma[i].value, dma[i - 1].value);
    }
    EXPECT_EQ(dma.back().value, static_cast<double>(burstBytes));
    EXPECT_GT(burstBytes, 48000 * 4 / 5);  // over 200 ms of audio
    std::remove(path.c_str());
}

// Synthetic records with awkward text: every string must come back intact.
TEST(ChromeTraceWriter, EscapesAnyTextIntoValidJson) {
    const std::string path = tempPath("escape.json");
    Scheduler scheduler;
    Tracer tracer(scheduler);
    ChromeTraceWriter writer;
    ASSERT_TRUE(writer.open(path));
    tracer.addSink(&writer);
    const char* nasty = "quote\" backslash\\ newline\n tab\t cr\r bell\x07 nul-free \x1F é €";
    tracer.record(TraceRecord(TraceCategory::Client, "so\"urce", nasty, 3)
                      .addText("Text", nasty)
                      .addText("Bad",
                               "a\xFF"
                               "b\xC3"
                               "c\xED\xA0\x80"
                               "d")
                      .addUInt("Huge", 0xFFFFFFFFFFFFFFFFull)
                      .addInt("Negative", -42)
                      .addHex("Address", 0xFEBF2104)
                      .addBool("Flag", true)
                      .setStatus(static_cast<NTSTATUS>(0xC0001234u)));
    tracer.removeSink(&writer);
    ASSERT_TRUE(writer.finish());
    const auto events = eventsNamed(loadEvents(path), QString::fromUtf8(nasty));
    ASSERT_EQ(events.size(), 1u);
    const QJsonObject args = events.front().value("args").toObject();
    EXPECT_EQ(args.value("Text").toString(), QString::fromUtf8(nasty));
    EXPECT_EQ(args.value("source").toString(), "so\"urce");
    EXPECT_EQ(args.value("Bad").toString(),
              QString::fromUtf8("a\xEF\xBF\xBD"
                                "b\xEF\xBF\xBD"
                                "c\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"
                                "d"));
    EXPECT_EQ(args.value("Huge").toString(), "18446744073709551615");
    EXPECT_EQ(args.value("Negative").toInt(), -42);
    EXPECT_EQ(args.value("Address").toString(), "0xFEBF2104");
    EXPECT_EQ(args.value("Flag").toBool(), true);
    EXPECT_EQ(args.value("status").toString(), "0xC0001234");
    std::remove(path.c_str());
}

TEST(ChromeTraceWriter, UnwritablePathIsAnErrorNotACrash) {
    ChromeTraceWriter writer;
    EXPECT_FALSE(writer.open("/nonexistent-portscope-dir/trace.json"));
    EXPECT_NE(writer.error().find("/nonexistent-portscope-dir/trace.json: cannot create file"),
              std::string::npos)
        << writer.error();
    TraceRecord r(TraceCategory::Sim, "sim", "ignored");
    writer.onTraceRecord(r);  // after a failed open: dropped
    EXPECT_EQ(writer.recordsWritten(), 0u);
    EXPECT_FALSE(writer.finish());
}

TEST(ChromeTraceWriter, DiskFullIsReported) {
    ChromeTraceWriter writer;
    ASSERT_TRUE(writer.open("/dev/full"));
    const std::uint64_t records = runWavePciRender({&writer});
    EXPECT_GT(records, 0u);
    EXPECT_FALSE(writer.finish());
    EXPECT_NE(writer.error().find("No space left on device"), std::string::npos) << writer.error();
}

}  // namespace
}  // namespace ps
