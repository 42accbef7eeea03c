// TraceDigest hashes a record's content: equal content gives an equal digest
// wherever its strings live, and any change in a field, string or time changes
// it.
#include "model/sim/TraceDigest.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

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

// The digest packs string bytes little-endian into words whatever the
// loading strategy; these values were produced by a byte-at-a-time packing
// and pin every string length from 0 to 24 (tails of 0..7 bytes after 0..3
// whole words).
TEST(TraceDigest, StringPackingMatchesTheByteAtATimeReference) {
    const std::uint64_t expected[] = {
        0x4d7100c78fd39808ull, 0x719b73adda9d6472ull, 0xf84bc85b5f04d65aull, 0x85c6c99916f46e0dull,
        0x6a6fa63504b96fbbull, 0x439926a0c9db72b8ull, 0x3f42c9d7f3a75da0ull, 0x4632f9576e429094ull,
        0x48141f0deedfc936ull, 0x36618f520484ec59ull, 0x07dcd180d37e45c9ull, 0x0edd49e7fd325048ull,
        0x43e4fbd8a4377278ull, 0x537d67cb5c701310ull, 0xeff7d9c7996f7411ull, 0x63446a332b6e68f9ull,
        0x73152eaa62321eccull, 0x7c8c31a29bcfde90ull, 0x7a1b72b939eefcc2ull, 0x598910e913db2e0bull,
        0xcb32a4fc4330ea5eull, 0x6da78b96ae8291f7ull, 0x818f7afe1807a21cull, 0xcdaac9669d4b1d48ull,
        0x67ec43e24efa2f8aull};
    const std::string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghij";
    std::vector<std::string> strings;
    for (std::size_t n = 0; n <= 24; ++n) {
        strings.push_back(alphabet.substr(0, n));
    }
    TraceDigest all;
    for (std::size_t n = 0; n <= 24; ++n) {
        TraceRecord r(TraceCategory::Client, strings[n].c_str(), "name", 1);
        r.index = n;
        r.addText(strings[n].c_str(), strings[n].c_str());
        EXPECT_EQ(digestOf(r), expected[n]) << n;
        all.onTraceRecord(r);
    }
    EXPECT_EQ(all.value(), 0x81013f9c7e77d256ull);
}

}  // namespace
}  // namespace ps
