#include "model/sim/TraceRecord.h"

#include <gtest/gtest.h>

#include <cstring>

namespace ps {
namespace {

// copyUsedInto copies the header and the set fields, byte for byte, and
// leaves every byte of the destination past them as it was, for every field
// count (the last block of the copy overlaps the one before it).
TEST(TraceRecordCopy, CopiesExactlyTheUsedBytesForEveryFieldCount) {
    for (std::size_t count = 0; count <= kMaxTraceFields; ++count) {
        TraceRecord source(TraceCategory::Dma, "controller", "burst", 3);
        source.index = 77;
        source.timeNs = 123'456;
        for (std::size_t i = 0; i < count; ++i) {
            source.addUInt("Field", 1000 + i);
        }
        TraceRecord destination;
        std::memset(static_cast<void*>(&destination), 0xA5, sizeof destination);
        source.copyUsedInto(destination);

        const std::size_t used = source.usedBytes();
        const auto* s = reinterpret_cast<const unsigned char*>(&source);
        const auto* d = reinterpret_cast<const unsigned char*>(&destination);
        EXPECT_EQ(std::memcmp(s, d, used), 0) << count << " fields";
        for (std::size_t b = used; b < sizeof destination; ++b) {
            ASSERT_EQ(d[b], 0xA5) << "byte " << b << " past " << used << " with " << count
                                  << " fields";
        }
        EXPECT_EQ(destination.fieldCount, count);
        EXPECT_EQ(destination.timeNs, 123'456);
        if (count > 0) {
            EXPECT_EQ(destination.fields[count - 1].u, 1000 + count - 1);
        }
    }
}

TEST(TraceRecordCopy, CopyingARecordOntoItselfChangesNothing) {
    TraceRecord r(TraceCategory::Dma, "controller", "burst", 3);
    r.addUInt("Bytes", 64);
    r.copyUsedInto(r);
    EXPECT_EQ(r.fieldCount, 1);
    EXPECT_EQ(r.fields[0].u, 64u);
}

}  // namespace
}  // namespace ps
