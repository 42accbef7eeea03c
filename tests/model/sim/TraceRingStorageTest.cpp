#include "model/sim/TraceRing.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>

namespace ps {
namespace {

TEST(TraceRingStorage, LargeStorageIsAlignedToHugePagesAndWritable) {
    constexpr std::size_t kHugePage = std::size_t{2} << 20;
    const std::size_t bytes = 3 * kHugePage + 100;  // not a whole number of huge pages
    void* storage = allocateTraceRingStorage(bytes);
    ASSERT_NE(storage, nullptr);
    EXPECT_EQ(reinterpret_cast<std::uintptr_t>(storage) % kHugePage, 0u);
    std::memset(storage, 0x5A, bytes);
    EXPECT_EQ(static_cast<unsigned char*>(storage)[bytes - 1], 0x5A);
    freeTraceRingStorage(storage, bytes);

    void* small = allocateTraceRingStorage(64);
    ASSERT_NE(small, nullptr);
    std::memset(small, 0, 64);
    freeTraceRingStorage(small, 64);
}

// A ring larger than a huge page keeps the newest records with their
// indices, times and fields, like a small one.
TEST(TraceRingStorage, ALargeRingWrapsAndKeepsTheNewestRecords) {
    const std::size_t capacity = (std::size_t{5} << 20) / sizeof(TraceRecord);
    TraceRing ring(capacity);
    const std::uint64_t total = 2 * capacity + 123;
    for (std::uint64_t i = 0; i < total; ++i) {
        TraceRecord r(TraceCategory::Dma, "controller", "burst", 1);
        r.addUInt("Bytes", i * 3);
        ring.store(r, i, static_cast<TimeNs>(i) * 10);
    }
    EXPECT_EQ(ring.size(), capacity);
    EXPECT_EQ(ring.firstIndex(), total - capacity);
    EXPECT_EQ(ring.evictedCount(), total - capacity);
    EXPECT_EQ(ring.find(total - capacity - 1), nullptr);
    for (std::uint64_t i : {total - capacity, total - capacity / 2, total - 1}) {
        const TraceRecord* r = ring.find(i);
        ASSERT_NE(r, nullptr) << i;
        EXPECT_EQ(r->index, i);
        EXPECT_EQ(r->timeNs, static_cast<TimeNs>(i) * 10);
        ASSERT_EQ(r->fieldCount, 1);
        EXPECT_EQ(r->fields[0].u, i * 3);
    }
}

}  // namespace
}  // namespace ps
