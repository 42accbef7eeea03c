// TraceDigest hashes a record's content: equal content gives an equal digest
// wherever its strings live, and any change in a field, string or time changes
// it.
#include "model/sim/TraceDigest.h"

#include <gtest/gtest.h>

#include <string>
#include <utility>
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

// Every value position of records of 0..kMaxTraceFields fields counts, and
// so does the order of the values: no two positions may cancel or swap.
TEST(TraceDigest, EveryValuePositionAndTheOrderOfValuesCount) {
    static const char* const kNames[] = {"F0", "F1", "F2", "F3", "F4",
                                         "F5", "F6", "F7", "F8", "F9"};
    for (std::size_t n = 0; n <= kMaxTraceFields; ++n) {
        TraceRecord base(TraceCategory::Client, "client", "values");
        base.index = 3;
        base.timeNs = 1000;
        for (std::size_t i = 0; i < n; ++i) {
            base.addUInt(kNames[i], 100 + i);
        }
        const std::uint64_t d = digestOf(base);
        for (std::size_t i = 0; i < n; ++i) {
            TraceRecord r = base;
            r.fields[i].u ^= 1;
            EXPECT_NE(digestOf(r), d) << n << " fields, value " << i;
            r = base;
            r.fields[i].u = 0;
            EXPECT_NE(digestOf(r), d) << n << " fields, value " << i << " zero";
            if (i + 1 < n) {
                r = base;
                std::swap(r.fields[i].u, r.fields[i + 1].u);
                EXPECT_NE(digestOf(r), d) << n << " fields, values " << i << " and " << i + 1;
            }
        }
        // The time and index swapped, and the status 0 against no status.
        TraceRecord r = base;
        r.index = 1000;
        r.timeNs = 3;
        EXPECT_NE(digestOf(r), d) << n << " fields";
        r = base;
        r.setStatus(0);
        EXPECT_NE(digestOf(r), d) << n << " fields";
    }
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

// A record's shape is cached by its running shape key, name and source: a
// record with the same name pointer and field names but another kind, or
// another source, gets its own shape hash (compared with the same records
// built from copied strings, which miss the cache).
TEST(TraceDigest, CachedShapesAreCheckedNotJustLookedUp) {
    const std::string source = "HDA";
    const std::string other = "HDB";
    const std::string name = "DMA burst";
    const std::string field = "Bytes";
    const auto build = [](const char* src, const char* what, const char* f, TraceValueKind kind) {
        TraceRecord r(TraceCategory::Dma, src, what, 1);
        r.addUInt(f, 64);
        r.fields[0].kind = kind;
        r.refreshShapeKey();
        return r;
    };
    const auto digestOfAll = [](const std::vector<TraceRecord>& records) {
        TraceDigest d;
        for (TraceRecord r : records) {
            d.onTraceRecord(r);
        }
        return d.value();
    };
    const std::string nameCopy = name;
    const std::string fieldCopy = field;
    const std::string sourceCopy = source;
    const std::string otherCopy = other;
    const std::string nameCopy2 = name;
    const std::vector<TraceRecord> cached = {
        build(source.c_str(), name.c_str(), field.c_str(), TraceValueKind::UInt),
        build(source.c_str(), name.c_str(), field.c_str(), TraceValueKind::Hex),
        build(other.c_str(), name.c_str(), field.c_str(), TraceValueKind::Hex)};
    const std::vector<TraceRecord> fresh = {
        build(source.c_str(), name.c_str(), field.c_str(), TraceValueKind::UInt),
        build(sourceCopy.c_str(), nameCopy.c_str(), fieldCopy.c_str(), TraceValueKind::Hex),
        build(otherCopy.c_str(), nameCopy2.c_str(), fieldCopy.c_str(), TraceValueKind::Hex)};
    EXPECT_EQ(digestOfAll(cached), digestOfAll(fresh));
    const std::vector<TraceRecord> sameKind = {
        build(source.c_str(), name.c_str(), field.c_str(), TraceValueKind::UInt),
        build(source.c_str(), name.c_str(), field.c_str(), TraceValueKind::UInt),
        build(other.c_str(), name.c_str(), field.c_str(), TraceValueKind::Hex)};
    EXPECT_NE(digestOfAll(cached), digestOfAll(sameKind));
}

TEST(TraceDigest, ShapeKeyFollowsFieldNamesKindsAndOrder) {
    const auto key = [](bool hexFirst, const char* second) {
        TraceRecord r(TraceCategory::Dma, "HDA", "DMA burst", 1);
        if (hexFirst) {
            r.addHex("Address", 1);
        } else {
            r.addUInt("Address", 1);
        }
        r.addUInt(second, 2);
        EXPECT_EQ(r.shapeKey, r.shapeKeyOf());
        return r.shapeKey;
    };
    EXPECT_EQ(key(true, "Bytes"), key(true, "Bytes"));
    EXPECT_NE(key(true, "Bytes"), key(false, "Bytes"));
    EXPECT_NE(key(true, "Bytes"), key(true, "Count"));
    TraceRecord ab(TraceCategory::Sim, "s", "n");
    ab.addUInt("A", 1).addUInt("B", 2);
    TraceRecord ba(TraceCategory::Sim, "s", "n");
    ba.addUInt("B", 2).addUInt("A", 1);
    EXPECT_NE(ab.shapeKey, ba.shapeKey);
    EXPECT_EQ(TraceRecord().shapeKey, TraceRecord::kEmptyShapeKey);
}

// A record whose key does not match its fields (written directly, without
// refreshShapeKey()) is hashed from its content and does not enter the cache
// under its stale key.
TEST(TraceDigest, StaleShapeKeysAreNotCached) {
    const auto build = [](bool hex) {
        TraceRecord r(TraceCategory::Dma, "HDA", "DMA burst", 1);
        if (hex) {
            r.addHex("Bytes", 64);
        } else {
            r.addUInt("Bytes", 64);
        }
        return r;
    };
    TraceRecord stale = build(false);
    stale.fields[0].kind = TraceValueKind::Hex;
    TraceDigest withStale;
    withStale.onTraceRecord(stale);
    withStale.onTraceRecord(build(false));
    TraceDigest proper;
    proper.onTraceRecord(build(true));
    proper.onTraceRecord(build(false));
    EXPECT_EQ(withStale.value(), proper.value());
}

// The reference packing of stringHash(): bytes one at a time, little-endian,
// eight to a word, the partial last word, then the length.
std::uint64_t referenceStringHash(const std::string& text) {
    const auto mixed = [](std::uint64_t hash, std::uint64_t word) {
        hash = (hash ^ word) * 0x9E3779B97F4A7C15ull;
        return hash ^ (hash >> 29);
    };
    std::uint64_t hash = 0xCBF29CE484222325ull;
    std::uint64_t word = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        word |= std::uint64_t{static_cast<unsigned char>(text[i])} << (8 * (i % 8));
        if (i % 8 == 7) {
            hash = mixed(hash, word);
            word = 0;
        }
    }
    hash = mixed(hash, word);
    return mixed(hash, text.size());
}

// The word loads of stringHash() pack like the byte-at-a-time reference for
// every length from 0 to 24 (tails of 0..7 bytes after 0..3 whole words).
TEST(TraceDigest, StringPackingMatchesTheByteAtATimeReference) {
    const std::string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghij";
    for (std::size_t n = 0; n <= 24; ++n) {
        const std::string text = alphabet.substr(0, n);
        EXPECT_EQ(TraceDigest::stringHash(text.c_str()), referenceStringHash(text)) << n;
    }
}

// String hashes are cached by address: the same texts at other addresses,
// and more distinct strings than the cache has slots (misses, replacements),
// give the same digest.
TEST(TraceDigest, CachedStringsGiveTheSameDigest) {
    std::vector<std::string> texts;
    for (int i = 0; i < 40000; ++i) {
        texts.push_back("text " + std::to_string(i));
    }
    const auto digestOfAll = [](const std::vector<std::string>& strings) {
        TraceDigest d;
        for (std::uint64_t round = 0; round < 2; ++round) {
            for (std::size_t i = 0; i < strings.size(); ++i) {
                TraceRecord r(TraceCategory::Client, "client", strings[i].c_str(), 1);
                r.index = round * strings.size() + i;
                d.onTraceRecord(r);
            }
        }
        EXPECT_EQ(d.recordCount(), 2 * strings.size());
        return d.value();
    };
    const std::vector<std::string> copies = texts;  // other addresses
    EXPECT_EQ(digestOfAll(texts), digestOfAll(copies));
    // And a record's digest is its strings' hashes, not their addresses.
    TraceRecord a(TraceCategory::Client, "client", texts[7].c_str(), 1);
    TraceRecord b(TraceCategory::Client, "client", copies[7].c_str(), 1);
    EXPECT_EQ(digestOf(a), digestOf(b));
    EXPECT_NE(TraceDigest::stringHash(texts[7].c_str()), TraceDigest::stringHash(texts[8].c_str()));
}

}  // namespace
}  // namespace ps
