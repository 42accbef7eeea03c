#include "model/kernel/PhysicalMemory.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <set>
#include <vector>

namespace ps {
namespace {

PhysicalMemoryConfig smallConfig(std::uint64_t frames, std::uint64_t seed = 7) {
    PhysicalMemoryConfig config;
    config.frameCount = frames;
    config.seed = seed;
    return config;
}

bool adjacent(PFN_NUMBER a, PFN_NUMBER b) {
    return a + 1 == b || b + 1 == a;
}

TEST(PhysicalMemory, LayoutPutsLowFramesAtTheBaseAndHighFramesAt4GiB) {
    PhysicalMemoryConfig config = smallConfig(64);
    config.framesAbove4GiB = 16;
    PhysicalMemory memory(config);
    EXPECT_EQ(memory.frameCount(), 64u);
    EXPECT_EQ(memory.lowFrameCount(), 48u);
    EXPECT_EQ(memory.highFrameCount(), 16u);
    EXPECT_TRUE(memory.exists(0x100));
    EXPECT_TRUE(memory.exists(0x100 + 47));
    EXPECT_FALSE(memory.exists(0x100 + 48));
    EXPECT_FALSE(memory.exists(0));  // physical address 0 is never valid
    EXPECT_TRUE(memory.exists(kPfnAt4GiB));
    EXPECT_TRUE(memory.exists(kPfnAt4GiB + 15));
    EXPECT_FALSE(memory.exists(kPfnAt4GiB + 16));
    EXPECT_EQ(memory.freeFrameCount(), 64u);
}

TEST(PhysicalMemory, LowFramesThatDoNotFitBelow4GiBMoveAbove) {
    PhysicalMemoryConfig config = smallConfig(10);
    config.lowBasePfn = kPfnAt4GiB - 4;
    PhysicalMemory memory(config);
    EXPECT_EQ(memory.lowFrameCount(), 4u);
    EXPECT_EQ(memory.highFrameCount(), 6u);
}

TEST(PhysicalMemory, AllocationOrderIsDeterministicPerSeed) {
    PhysicalMemory a(smallConfig(4096, 11));
    PhysicalMemory b(smallConfig(4096, 11));
    PhysicalMemory c(smallConfig(4096, 12));
    for (int round = 0; round < 5; ++round) {
        const auto pa = a.allocatePages(16);
        const auto pb = b.allocatePages(16);
        const auto pc = c.allocatePages(16);
        ASSERT_TRUE(pa && pb && pc);
        EXPECT_EQ(*pa, *pb);
        EXPECT_NE(*pa, *pc);
    }
}

TEST(PhysicalMemory, ConsecutiveAllocationsAreNeverAdjacentFrames) {
    for (std::uint64_t seed = 1; seed <= 20; ++seed) {
        PhysicalMemory memory(smallConfig(1024, seed));
        const auto buffer = memory.allocatePages(16);  // a 64 KiB buffer
        ASSERT_TRUE(buffer.has_value());
        ASSERT_EQ(buffer->size(), 16u);
        EXPECT_EQ(std::set<PFN_NUMBER>(buffer->begin(), buffer->end()).size(), 16u);
        for (std::size_t i = 1; i < buffer->size(); ++i) {
            EXPECT_FALSE(adjacent((*buffer)[i - 1], (*buffer)[i])) << "seed " << seed;
        }
        const auto next = memory.allocatePages(1);
        ASSERT_TRUE(next.has_value());
        EXPECT_FALSE(adjacent(buffer->back(), next->front()));
        for (PFN_NUMBER pfn : *buffer) {
            EXPECT_TRUE(memory.isAllocated(pfn));
        }
        EXPECT_EQ(memory.allocatedFrameCount(), 17u);
    }
}

TEST(PhysicalMemory, ContiguousAllocationIsContiguousAndAligned) {
    PhysicalMemory memory(smallConfig(256));
    ASSERT_TRUE(memory.allocatePages(40));  // scatter some busy frames around
    const auto first = memory.allocateContiguous(8, 4);
    ASSERT_TRUE(first.has_value());
    EXPECT_EQ(*first % 4, 0u);
    for (std::uint64_t i = 0; i < 8; ++i) {
        EXPECT_TRUE(memory.isAllocated(*first + i));
    }
    const auto second = memory.allocateContiguous(8, 4);
    ASSERT_TRUE(second.has_value());
    EXPECT_TRUE(*second >= *first + 8 || *second + 8 <= *first);  // no overlap
    EXPECT_EQ(memory.allocatedFrameCount(), 56u);
}

TEST(PhysicalMemory, ContiguousAllocationHonoursTheAddressWindow) {
    PhysicalMemoryConfig config = smallConfig(32);
    config.framesAbove4GiB = 16;
    PhysicalMemory memory(config);
    const auto high = memory.allocateContiguous(4, 1, kMaxPhysicalAddress, 0x100000000ull);
    ASSERT_TRUE(high.has_value());
    EXPECT_EQ(*high, kPfnAt4GiB);
    const auto low = memory.allocateContiguous(16, 1, kMax32BitAddress);
    ASSERT_TRUE(low.has_value());
    EXPECT_EQ(*low, 0x100u);
    EXPECT_FALSE(memory.allocateContiguous(1, 1, kMax32BitAddress).has_value());
    EXPECT_FALSE(memory.allocateContiguous(13, 1).has_value());  // only 12 high frames left
}

TEST(PhysicalMemory, ExhaustionFailsCleanlyAndFreeingRecovers) {
    PhysicalMemory memory(smallConfig(16));
    EXPECT_FALSE(memory.allocatePages(0).has_value());
    EXPECT_FALSE(memory.allocatePages(17).has_value());
    EXPECT_EQ(memory.freeFrameCount(), 16u);  // a failed request allocates nothing
    const auto all = memory.allocatePages(16);
    ASSERT_TRUE(all.has_value());
    EXPECT_EQ(memory.freeFrameCount(), 0u);
    EXPECT_FALSE(memory.allocatePages(1).has_value());
    EXPECT_FALSE(memory.allocateContiguous(1).has_value());
    EXPECT_EQ(memory.freePages({(*all)[3], (*all)[9]}), STATUS_SUCCESS);
    const auto again = memory.allocatePages(2);
    ASSERT_TRUE(again.has_value());
    EXPECT_EQ(std::set<PFN_NUMBER>(again->begin(), again->end()),
              (std::set<PFN_NUMBER>{(*all)[3], (*all)[9]}));
}

TEST(PhysicalMemory, HighestAddressKeepsAllocationsBelow4GiB) {
    PhysicalMemoryConfig config = smallConfig(64);
    config.framesAbove4GiB = 32;
    PhysicalMemory memory(config);
    const auto low = memory.allocatePages(32, kMax32BitAddress);
    ASSERT_TRUE(low.has_value());
    for (PFN_NUMBER pfn : *low) {
        EXPECT_LT(pfn, kPfnAt4GiB);
    }
    EXPECT_FALSE(memory.allocatePages(1, kMax32BitAddress).has_value());
    const auto high = memory.allocatePages(1);
    ASSERT_TRUE(high.has_value());
    EXPECT_GE(high->front(), kPfnAt4GiB);
}

TEST(PhysicalMemory, BadFreesAreCountedAndRefused) {
    PhysicalMemory memory(smallConfig(16));
    const auto pages = memory.allocatePages(2);
    ASSERT_TRUE(pages.has_value());
    EXPECT_EQ(memory.freePages(*pages), STATUS_SUCCESS);
    EXPECT_EQ(memory.freePages(*pages), STATUS_INVALID_PARAMETER);  // double free
    EXPECT_EQ(memory.freePages({0x5}), STATUS_INVALID_PARAMETER);   // no such frame
    EXPECT_EQ(memory.badFreeCount(), 3u);
    EXPECT_EQ(memory.freeFrameCount(), 16u);
}

TEST(PhysicalMemory, AccessesCrossPageBoundariesOfSeparatelyAllocatedFrames) {
    PhysicalMemory memory(smallConfig(8));
    // Eight single-frame allocations: every frame allocated, none together.
    for (int i = 0; i < 8; ++i) {
        ASSERT_TRUE(memory.allocatePages(1).has_value());
    }
    const PHYSICAL_ADDRESS boundary = pfnToAddress(0x103);
    std::vector<std::uint8_t> data(100);
    for (std::size_t i = 0; i < data.size(); ++i) {
        data[i] = static_cast<std::uint8_t>(i + 1);
    }
    const MemoryAccess written = memory.write(boundary - 50, data.data(), data.size());
    EXPECT_TRUE(written.ok());
    EXPECT_EQ(written.bytesTransferred, 100u);
    std::vector<std::uint8_t> back(100);
    EXPECT_TRUE(memory.read(boundary - 50, back.data(), back.size()).ok());
    EXPECT_EQ(back, data);
    EXPECT_EQ(memory.faults().count(), 0u);
}

// Accesses within one frame (what the DMA bursts and buffer writes do): an
// unbacked frame reads as zeros without getting a page, writes land where
// read back, the frame's first and last bytes are in it, a freed frame
// faults, and an empty access moves nothing.
TEST(PhysicalMemory, AccessesWithinOneFrameAreExactAndFaultOnceFreed) {
    PhysicalMemory memory(smallConfig(8));
    const auto pages = memory.allocatePages(1);
    ASSERT_TRUE(pages.has_value());
    const PHYSICAL_ADDRESS base = pfnToAddress(pages->front());

    std::array<std::uint8_t, 64> back{};
    back.fill(0x55);
    MemoryAccess r = memory.read(base + 100, back.data(), back.size());
    EXPECT_TRUE(r.ok());
    EXPECT_EQ(r.bytesTransferred, back.size());
    EXPECT_TRUE(std::all_of(back.begin(), back.end(), [](std::uint8_t b) { return b == 0; }));
    EXPECT_EQ(memory.backedFrameCount(), 0u);

    std::array<std::uint8_t, 64> data{};
    for (std::size_t i = 0; i < data.size(); ++i) {
        data[i] = static_cast<std::uint8_t>(0x80 + i);
    }
    MemoryAccess w = memory.write(base + 100, data.data(), data.size());
    EXPECT_TRUE(w.ok());
    EXPECT_EQ(w.bytesTransferred, data.size());
    EXPECT_EQ(memory.backedFrameCount(), 1u);
    r = memory.read(base + 100, back.data(), back.size());
    EXPECT_TRUE(r.ok());
    EXPECT_EQ(back, data);

    const std::uint8_t last = 0xEE;
    EXPECT_TRUE(memory.write(base + PAGE_SIZE - 1, &last, 1).ok());
    std::vector<std::uint8_t> page(PAGE_SIZE, 0x11);
    r = memory.read(base, page.data(), page.size());
    EXPECT_TRUE(r.ok());
    EXPECT_EQ(r.bytesTransferred, PAGE_SIZE);
    EXPECT_EQ(page[100], 0x80);
    EXPECT_EQ(page[163], 0x80 + 63);
    EXPECT_EQ(page[PAGE_SIZE - 1], 0xEE);
    EXPECT_EQ(page[0], 0);
    EXPECT_EQ(memory.faults().count(), 0u);

    w = memory.write(base, nullptr, 0);
    EXPECT_TRUE(w.ok());
    EXPECT_EQ(w.bytesTransferred, 0u);

    ASSERT_EQ(memory.freePages(*pages), STATUS_SUCCESS);
    back.fill(0x55);
    r = memory.read(base + 100, back.data(), back.size());
    EXPECT_EQ(r.status, STATUS_ACCESS_VIOLATION);
    EXPECT_EQ(r.bytesTransferred, 0u);
    EXPECT_EQ(r.faultAddress, base + 100);
    EXPECT_EQ(r.faultBytes, back.size());
    EXPECT_TRUE(std::all_of(back.begin(), back.end(), [](std::uint8_t b) { return b == 0; }));
    w = memory.write(base + 100, data.data(), data.size());
    EXPECT_EQ(w.status, STATUS_ACCESS_VIOLATION);
    EXPECT_EQ(memory.faults().count(), 2u);
}

TEST(PhysicalMemory, AccessToAFreeFrameIsReportedAndLeavesNeighboursIntact) {
    PhysicalMemory memory(smallConfig(16));
    const auto first = memory.allocateContiguous(3);
    ASSERT_TRUE(first.has_value());
    const PHYSICAL_ADDRESS base = pfnToAddress(*first);
    ASSERT_TRUE(memory.fill(base, 0xAA, 3 * PAGE_SIZE).ok());
    ASSERT_EQ(memory.freePages({*first + 1}), STATUS_SUCCESS);  // a hole in the middle

    std::vector<std::uint8_t> ones(3 * PAGE_SIZE, 0x11);
    const MemoryAccess w = memory.write(base, ones.data(), ones.size());
    EXPECT_EQ(w.status, STATUS_ACCESS_VIOLATION);
    EXPECT_EQ(w.faultAddress, base + PAGE_SIZE);
    EXPECT_EQ(w.faultBytes, PAGE_SIZE);
    EXPECT_EQ(w.bytesTransferred, 2u * PAGE_SIZE);

    std::vector<std::uint8_t> back(3 * PAGE_SIZE, 0x77);
    const MemoryAccess r = memory.read(base, back.data(), back.size());
    EXPECT_EQ(r.status, STATUS_ACCESS_VIOLATION);
    EXPECT_EQ(r.faultAddress, base + PAGE_SIZE);
    EXPECT_TRUE(std::all_of(back.begin(), back.begin() + PAGE_SIZE,
                            [](std::uint8_t b) { return b == 0x11; }));
    EXPECT_TRUE(std::all_of(back.begin() + PAGE_SIZE, back.begin() + 2 * PAGE_SIZE,
                            [](std::uint8_t b) { return b == 0; }));  // no stale host bytes
    EXPECT_TRUE(std::all_of(back.begin() + 2 * PAGE_SIZE, back.end(),
                            [](std::uint8_t b) { return b == 0x11; }));

    // The hole was not written: whoever gets the frame next sees zeros.
    const auto reused = memory.allocatePages(1, base + 2 * PAGE_SIZE - 1);
    ASSERT_TRUE(reused.has_value());
    EXPECT_EQ(reused->front(), *first + 1);
    EXPECT_EQ(memory.readU64(base + PAGE_SIZE), 0u);
    EXPECT_EQ(memory.faults().count(), 2u);
}

TEST(PhysicalMemory, AccessPastTheLastFrameFaultsAtTheFirstBadByte) {
    PhysicalMemory memory(smallConfig(4));
    const auto first = memory.allocateContiguous(4);
    ASSERT_TRUE(first.has_value());
    const PHYSICAL_ADDRESS end = pfnToAddress(*first + 4);
    std::array<std::uint8_t, 16> data{};
    data.fill(0x5A);
    const MemoryAccess w = memory.write(end - 8, data.data(), data.size());
    EXPECT_EQ(w.status, STATUS_ACCESS_VIOLATION);
    EXPECT_EQ(w.faultAddress, end);
    EXPECT_EQ(w.faultBytes, 8u);
    EXPECT_EQ(w.bytesTransferred, 8u);
    EXPECT_EQ(memory.readU64(end - 8), 0x5A5A5A5A5A5A5A5Aull);

    EXPECT_FALSE(memory.readU32(0).has_value());
    EXPECT_FALSE(memory.readU32(end).has_value());
    // A range that would wrap past 2^64 is refused whole.
    const MemoryAccess wrap = memory.write(~std::uint64_t{0} - 3, data.data(), data.size());
    EXPECT_EQ(wrap.status, STATUS_ACCESS_VIOLATION);
    EXPECT_EQ(wrap.bytesTransferred, 0u);

    const auto& recent = memory.faults().recent();
    ASSERT_EQ(recent.size(), 4u);
    EXPECT_EQ(recent.front().address, end);
    EXPECT_EQ(recent.front().kind, AccessKind::Write);
    EXPECT_EQ(recent.front().accessStart, end - 8);
    EXPECT_EQ(recent[1].kind, AccessKind::Read);
}

TEST(PhysicalMemory, FaultObserverSeesEveryFault) {
    PhysicalMemory memory(smallConfig(4));
    std::vector<std::uint64_t> seen;
    memory.faults().setObserver([&seen](const MemoryFault& f) { seen.push_back(f.address); });
    EXPECT_FALSE(memory.writeU32(0x1234, 1).ok());
    EXPECT_FALSE(memory.fill(0x5000, 0xFF, 3).ok());
    EXPECT_EQ(seen, (std::vector<std::uint64_t>{0x1234, 0x5000}));
}

TEST(PhysicalMemory, NullHostBufferIsAnInvalidParameterNotAFault) {
    PhysicalMemory memory(smallConfig(4));
    const auto pfn = memory.allocateContiguous(1);
    ASSERT_TRUE(pfn.has_value());
    EXPECT_EQ(memory.read(pfnToAddress(*pfn), nullptr, 4).status, STATUS_INVALID_PARAMETER);
    EXPECT_EQ(memory.write(pfnToAddress(*pfn), nullptr, 4).status, STATUS_INVALID_PARAMETER);
    EXPECT_TRUE(memory.read(pfnToAddress(*pfn), nullptr, 0).ok());
    EXPECT_EQ(memory.faults().count(), 0u);
}

TEST(PhysicalMemory, ScalarsAreLittleEndianAndMayStraddlePages) {
    PhysicalMemory memory(smallConfig(4));
    const auto first = memory.allocateContiguous(2);
    ASSERT_TRUE(first.has_value());
    const PHYSICAL_ADDRESS straddle = pfnToAddress(*first + 1) - 2;
    EXPECT_TRUE(memory.writeU32(straddle, 0x11223344u).ok());
    EXPECT_EQ(memory.readU32(straddle), 0x11223344u);
    EXPECT_EQ(memory.readU16(straddle), 0x3344u);
    EXPECT_EQ(memory.readU16(straddle + 2), 0x1122u);
    EXPECT_TRUE(memory.writeU64(straddle - 4, 0x0102030405060708ull).ok());
    EXPECT_EQ(memory.readU64(straddle - 4), 0x0102030405060708ull);
    std::uint8_t low = 0;
    EXPECT_TRUE(memory.read(straddle - 4, &low, 1).ok());
    EXPECT_EQ(low, 0x08);
}

TEST(PhysicalMemory, BackingIsLazyAndDroppedOnFree) {
    PhysicalMemoryConfig config = smallConfig(std::uint64_t{1} << 20);  // 4 GiB of frames
    config.framesAbove4GiB = 1024;
    PhysicalMemory memory(config);
    const auto pages = memory.allocatePages(256);
    ASSERT_TRUE(pages.has_value());
    EXPECT_EQ(memory.backedFrameCount(), 0u);
    EXPECT_EQ(memory.readU32(pfnToAddress(pages->front())), 0u);  // reads do not back
    EXPECT_EQ(memory.backedFrameCount(), 0u);
    EXPECT_TRUE(memory.writeU32(pfnToAddress((*pages)[5]) + 12, 99).ok());
    EXPECT_TRUE(memory.fill(pfnToAddress((*pages)[6]), 0, PAGE_SIZE).ok());  // zero fill: no page
    EXPECT_EQ(memory.backedFrameCount(), 1u);
    EXPECT_EQ(memory.freePages(*pages), STATUS_SUCCESS);
    EXPECT_EQ(memory.backedFrameCount(), 0u);
}

}  // namespace
}  // namespace ps
