// CsvTraceWriter: a real run written as CSV and parsed back with an RFC 4180
// reader; awkward text survives quoting.
#include "RecordedRuns.h"

#include "app/export/CsvTraceWriter.h"
#include "model/kernel/NtStatus.h"
#include "model/sim/Scheduler.h"

#include <gtest/gtest.h>

#include <cstdio>

namespace ps {
namespace {

using Row = std::vector<std::string>;

// A strict RFC 4180 reader: CRLF row ends, quoted fields with "" for a quote.
std::vector<Row> parseCsv(const std::string& text) {
    std::vector<Row> rows;
    Row row;
    std::string cell;
    std::size_t i = 0;
    bool quoted = false;
    bool cellStarted = false;
    while (i < text.size()) {
        const char c = text[i];
        if (quoted) {
            if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
                cell += '"';
                i += 2;
            } else if (c == '"') {
                quoted = false;
                ++i;
            } else {
                cell += c;
                ++i;
            }
            continue;
        }
        if (c == '"' && !cellStarted) {
            quoted = true;
            cellStarted = true;
            ++i;
        } else if (c == ',') {
            row.push_back(cell);
            cell.clear();
            cellStarted = false;
            ++i;
        } else if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
            row.push_back(cell);
            rows.push_back(row);
            row.clear();
            cell.clear();
            cellStarted = false;
            i += 2;
        } else {
            EXPECT_NE(c, '"') << "a quote inside an unquoted field at byte " << i;
            EXPECT_NE(c, '\n') << "a bare LF at byte " << i;
            cell += c;
            cellStarted = true;
            ++i;
        }
    }
    EXPECT_FALSE(quoted) << "unterminated quoted field";
    EXPECT_TRUE(row.empty() && cell.empty()) << "the last row has no CRLF";
    return rows;
}

TEST(CsvTraceWriter, EveryRecordIsOneRowMatchingItsCanonicalText) {
    const std::string path = tempPath("wavert.csv");
    CsvTraceWriter writer;
    ASSERT_TRUE(writer.open(path)) << writer.error();
    RecordLog log;
    const std::uint64_t records = runWaveRtRender({&writer, &log});
    ASSERT_TRUE(writer.finish()) << writer.error();
    EXPECT_EQ(writer.recordsWritten(), records);

    const auto rows = parseCsv(readFile(path));
    ASSERT_EQ(rows.size(), log.records.size() + 1);
    const Row header = {"index",  "time_ns", "category", "stream", "source", "name",
                        "status", "field1",  "field2",   "field3", "field4", "field5",
                        "field6", "field7",  "field8",   "field9", "field10"};
    EXPECT_EQ(rows.front(), header);
    bool sawQuotedComma = false;
    for (std::size_t k = 0; k < log.records.size(); ++k) {
        const TraceRecord& r = log.records[k];
        const Row& row = rows[k + 1];
        ASSERT_EQ(row.size(), 17u) << "row " << k + 1;
        EXPECT_EQ(row[0], std::to_string(r.index));
        EXPECT_EQ(row[1], std::to_string(r.timeNs));
        EXPECT_EQ(row[2], traceCategoryName(r.category));
        EXPECT_EQ(row[3], r.streamId == kNoStream ? "" : std::to_string(r.streamId));
        const RecordLog::Texts& t = log.texts[k];
        EXPECT_EQ(row[4], t.source);
        EXPECT_EQ(row[5], t.name);
        EXPECT_EQ(row[6], r.hasStatus ? ntStatusToString(r.status) : "");
        for (std::size_t f = 0; f < kMaxTraceFields; ++f) {
            const std::string expected = f < t.fields.size() ? t.fields[f] : "";
            EXPECT_EQ(row[7 + f], expected) << "record " << k << " field " << f + 1;
            sawQuotedComma = sawQuotedComma || expected.find(',') != std::string::npos;
        }
    }
    EXPECT_TRUE(sawQuotedComma) << "format texts such as \"48000 Hz, 2 ch\" hold commas";
    std::remove(path.c_str());
}

TEST(CsvTraceWriter, QuotesCommasQuotesAndNewlines) {
    const std::string path = tempPath("quoting.csv");
    Scheduler scheduler;
    Tracer tracer(scheduler);
    CsvTraceWriter writer;
    ASSERT_TRUE(writer.open(path));
    tracer.addSink(&writer);
    tracer.record(TraceRecord(TraceCategory::Client, "a,b", "say \"hi\"\r\nbye", 7)
                      .addText("Note", "x,\"y\"\nz")
                      .addText("Plain", "plain text")
                      .setStatus(STATUS_PENDING));
    tracer.removeSink(&writer);
    ASSERT_TRUE(writer.finish());
    const std::string text = readFile(path);
    EXPECT_NE(text.find("\"a,b\",\"say \"\"hi\"\"\r\nbye\",STATUS_PENDING,"
                        "\"Note=x,\"\"y\"\"\nz\",Plain=plain text,"),
              std::string::npos)
        << text;
    const auto rows = parseCsv(text);
    ASSERT_EQ(rows.size(), 2u);
    EXPECT_EQ(rows[1][3], "7");
    EXPECT_EQ(rows[1][4], "a,b");
    EXPECT_EQ(rows[1][5], "say \"hi\"\r\nbye");
    EXPECT_EQ(rows[1][7], "Note=x,\"y\"\nz");
    EXPECT_EQ(rows[1][8], "Plain=plain text");
    EXPECT_EQ(rows[1][9], "");
    std::remove(path.c_str());
}

TEST(CsvTraceWriter, UnwritablePathIsAnError) {
    CsvTraceWriter writer;
    EXPECT_FALSE(writer.open("/nonexistent-portscope-dir/trace.csv"));
    EXPECT_NE(writer.error().find("cannot create file"), std::string::npos) << writer.error();
    EXPECT_FALSE(writer.finish());
}

}  // namespace
}  // namespace ps
