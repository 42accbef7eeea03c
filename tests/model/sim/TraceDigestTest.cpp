// TraceDigest hashes a record's content: equal content gives an equal digest
// wherever its strings live, and any change in a field, string or time changes
// it.
#include "model/sim/TraceDigest.h"

#include <gtest/gtest.h>

#include <string>

namespace ps {
namespace {

TraceRecord sample(const char* source, const char* text) {
    TraceRecord r(TraceCategory::Dma, source, "DMA burst", 3);
    r.index = 7;
    r.timeNs = 123456789;
    r.addHex("Address", 0x1234000)
        .addUInt("Bytes", 64)
        .addInt("Delta", -5)
        .addBool("IOC", true)
        .addText("Stream", text);
    return r;
}

std::uint64_t digestOf(const TraceRecord& r) {
    TraceDigest d;
    d.onTraceRecord(r);
    return d.value();
}

TEST(TraceDigest, HashesStringsByContentNotAddress) {
    const std::string source = "HDA";
    const std::string text = "SD4";
    EXPECT_EQ(digestOf(sample("HDA", "SD4")), digestOf(sample(source.c_str(), text.c_str())));
}

TEST(TraceDigest, EveryPartOfARecordCounts) {
    const TraceRecord base = sample("HDA", "SD4");
    const std::uint64_t d = digestOf(base);
    TraceRecord r = base;
    r.index = 8;
    EXPECT_NE(digestOf(r), d);
    r = base;
    r.timeNs += 1;
    EXPECT_NE(digestOf(r), d);
    r = base;
    r.streamId = 4;
    EXPECT_NE(digestOf(r), d);
    r = base;
    r.category = TraceCategory::Register;
    EXPECT_NE(digestOf(r), d);
    r = base;
    r.setStatus(0);
    EXPECT_NE(digestOf(r), d);
    EXPECT_NE(digestOf(sample("HDB", "SD4")), d);
    EXPECT_NE(digestOf(sample("HDA", "SD5")), d);
    EXPECT_NE(digestOf(sample("HDA", "SD4 ")), d);
    r = base;
    r.fields[1].u = 65;
    EXPECT_NE(digestOf(r), d);
    r = base;
    r.fields[1].kind = TraceValueKind::Hex;  // same value, other kind
    EXPECT_NE(digestOf(r), d);
    r = base;
    r.fields[2].name = "Delta2";
    EXPECT_NE(digestOf(r), d);
    r = base;
    r.fieldCount = 4;
    EXPECT_NE(digestOf(r), d);
    // Strings split differently between source and name are different records.
    TraceRecord a(TraceCategory::Sim, "ab", "c");
    TraceRecord b(TraceCategory::Sim, "a", "bc");
    EXPECT_NE(digestOf(a), digestOf(b));
}

TEST(TraceDigest, FoldsRecordsInOrderAndCountsThem) {
    TraceDigest ab;
    TraceDigest ba;
    const TraceRecord a = sample("HDA", "SD4");
    const TraceRecord b = sample("HDA", "SD5");
    ab.onTraceRecord(a);
    ab.onTraceRecord(b);
    ba.onTraceRecord(b);
    ba.onTraceRecord(a);
    EXPECT_NE(ab.value(), ba.value());
    EXPECT_EQ(ab.recordCount(), 2u);
    EXPECT_EQ(ab.hex().size(), 16u);
}

}  // namespace
}  // namespace ps
