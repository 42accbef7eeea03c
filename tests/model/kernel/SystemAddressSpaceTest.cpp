#include "model/kernel/SystemAddressSpace.h"

#include <gtest/gtest.h>

#include <array>
#include <vector>

namespace ps {
namespace {

PhysicalMemoryConfig config(std::uint64_t frames) {
    PhysicalMemoryConfig c;
    c.frameCount = frames;
    c.seed = 5;
    return c;
}

TEST(SystemAddressSpace, MapsAtDeterministicPageAlignedAddressesWithGuardPages) {
    PhysicalMemory memory(config(64));
    SystemAddressSpace space(memory);
    const auto a = memory.allocatePages(3);
    const auto b = memory.allocatePages(1);
    ASSERT_TRUE(a && b);
    const auto va = space.map(*a);
    const auto vb = space.map(*b);
    ASSERT_TRUE(va && vb);
    EXPECT_EQ(*va, SystemAddressSpace::kDefaultBaseVa);
    EXPECT_EQ(*vb, *va + 4 * PAGE_SIZE);  // 3 pages + 1 guard page
    EXPECT_EQ(space.mappings().size(), 2u);

    for (std::size_t i = 0; i < a->size(); ++i) {
        EXPECT_EQ(space.translate(*va + i * PAGE_SIZE + 123), pfnToAddress((*a)[i]) + 123);
    }
    EXPECT_FALSE(space.translate(*va + 3 * PAGE_SIZE).has_value());  // the guard page
    EXPECT_FALSE(space.translate(*va - 1).has_value());
}

TEST(SystemAddressSpace, TranslatesAlternatingMappingsAndForgetsUnmappedOnes) {
    PhysicalMemory memory(config(64));
    SystemAddressSpace space(memory);
    const auto a = memory.allocatePages(2);
    const auto b = memory.allocatePages(2);
    ASSERT_TRUE(a && b);
    const auto va = space.map(*a);
    const auto vb = space.map(*b);
    ASSERT_TRUE(va && vb);
    // Runs on one mapping, then the other, then back, and the gaps around them.
    for (int round = 0; round < 2; ++round) {
        EXPECT_EQ(space.translate(*va + PAGE_SIZE + 8), pfnToAddress((*a)[1]) + 8);
        EXPECT_EQ(space.translate(*va + 16), pfnToAddress((*a)[0]) + 16);
        EXPECT_FALSE(space.translate(*va + 2 * PAGE_SIZE).has_value());  // a's guard page
        EXPECT_EQ(space.translate(*vb + 4), pfnToAddress((*b)[0]) + 4);
        EXPECT_EQ(space.translate(*vb + 2 * PAGE_SIZE - 1), pfnToAddress((*b)[1]) + PAGE_SIZE - 1);
        EXPECT_FALSE(space.translate(*va - 1).has_value());
    }
    // A mapping made after a translation is found too.
    const auto c = memory.allocatePages(1);
    ASSERT_TRUE(c);
    const auto vc = space.map(*c);
    ASSERT_TRUE(vc);
    EXPECT_EQ(space.translate(*vc + 1), pfnToAddress((*c)[0]) + 1);
    // The mapping translated last, once unmapped, faults like any other VA.
    EXPECT_EQ(space.translate(*vb + 4), pfnToAddress((*b)[0]) + 4);
    ASSERT_TRUE(space.unmap(*vb));
    EXPECT_FALSE(space.translate(*vb + 4).has_value());
    std::uint8_t byte = 0;
    EXPECT_EQ(space.write(*vb + 4, &byte, 1).status, STATUS_ACCESS_VIOLATION);
    EXPECT_EQ(space.translate(*va + 16), pfnToAddress((*a)[0]) + 16);
}

TEST(SystemAddressSpace, ReadsAndWritesThroughNonContiguousFrames) {
    PhysicalMemory memory(config(64));
    SystemAddressSpace space(memory);
    const auto pages = memory.allocatePages(2);
    ASSERT_TRUE(pages);
    const auto va = space.map(*pages);
    ASSERT_TRUE(va);
    std::vector<std::uint8_t> data(64);
    for (std::size_t i = 0; i < data.size(); ++i) {
        data[i] = static_cast<std::uint8_t>(0xC0 + i);
    }
    ASSERT_TRUE(space.write(*va + PAGE_SIZE - 32, data.data(), data.size()).ok());
    // The two halves sit in separate frames.
    EXPECT_EQ(memory.readU32(pfnToAddress((*pages)[0]) + PAGE_SIZE - 32), 0xC3C2C1C0u);
    EXPECT_EQ(memory.readU32(pfnToAddress((*pages)[1])), 0xE3E2E1E0u);
    std::vector<std::uint8_t> back(64);
    ASSERT_TRUE(space.read(*va + PAGE_SIZE - 32, back.data(), back.size()).ok());
    EXPECT_EQ(back, data);
    EXPECT_TRUE(space.writeU64(*va + 8, 0x1122334455667788ull).ok());
    EXPECT_EQ(space.readU64(*va + 8), 0x1122334455667788ull);
}

TEST(SystemAddressSpace, UnmappedAddressesFaultAtTheFirstBadByte) {
    PhysicalMemory memory(config(64));
    SystemAddressSpace space(memory);
    const auto pages = memory.allocatePages(1);
    ASSERT_TRUE(pages);
    const auto va = space.map(*pages);
    ASSERT_TRUE(va);
    std::array<std::uint8_t, 32> data{};
    data.fill(0x42);
    const MemoryAccess overrun = space.write(*va + PAGE_SIZE - 16, data.data(), data.size());
    EXPECT_EQ(overrun.status, STATUS_ACCESS_VIOLATION);
    EXPECT_EQ(overrun.faultAddress, *va + PAGE_SIZE);
    EXPECT_EQ(overrun.faultBytes, 16u);
    EXPECT_EQ(overrun.bytesTransferred, 16u);
    EXPECT_EQ(space.faults().count(), 1u);
    EXPECT_EQ(space.faults().recent().back().space, MemorySpace::SystemVirtual);

    EXPECT_TRUE(space.unmap(*va));
    EXPECT_FALSE(space.unmap(*va));
    EXPECT_FALSE(space.translate(*va).has_value());
    std::array<std::uint8_t, 8> back{};
    back.fill(0x99);
    const MemoryAccess stale = space.read(*va, back.data(), back.size());
    EXPECT_EQ(stale.status, STATUS_ACCESS_VIOLATION);
    EXPECT_EQ(stale.faultAddress, *va);
    EXPECT_EQ(back, (std::array<std::uint8_t, 8>{}));
    EXPECT_FALSE(space.readU32(0).has_value());
    EXPECT_EQ(space.faults().count(), 3u);
    // The physical frame kept what was written before the unmap.
    EXPECT_EQ(memory.readU32(pfnToAddress(pages->front()) + PAGE_SIZE - 16), 0x42424242u);
}

TEST(SystemAddressSpace, AFreedFrameBehindAMappingFaultsInBothSpaces) {
    PhysicalMemory memory(config(64));
    SystemAddressSpace space(memory);
    const auto pages = memory.allocatePages(2);
    ASSERT_TRUE(pages);
    const auto va = space.map(*pages);
    ASSERT_TRUE(va);
    ASSERT_EQ(memory.freePages({(*pages)[1]}), STATUS_SUCCESS);
    std::array<std::uint8_t, 16> data{};
    const MemoryAccess w = space.write(*va + PAGE_SIZE - 8, data.data(), data.size());
    EXPECT_EQ(w.status, STATUS_ACCESS_VIOLATION);
    EXPECT_EQ(w.faultAddress, *va + PAGE_SIZE);
    EXPECT_EQ(memory.faults().recent().back().address, pfnToAddress((*pages)[1]));
}

TEST(SystemAddressSpace, AccessesInsideOnePageMatchTheGeneralPathFaultsIncluded) {
    PhysicalMemory memory(config(64));
    SystemAddressSpace space(memory);
    const auto pages = memory.allocatePages(2);
    ASSERT_TRUE(pages);
    const auto va = space.map(*pages);
    ASSERT_TRUE(va);
    // A frame never written reads as zeros; the first write gives it bytes.
    std::array<std::uint8_t, 8> back{};
    back.fill(0x99);
    const MemoryAccess unbacked = space.read(*va + PAGE_SIZE + 40, back.data(), back.size());
    EXPECT_TRUE(unbacked.ok());
    EXPECT_EQ(unbacked.bytesTransferred, 8u);
    EXPECT_EQ(back, (std::array<std::uint8_t, 8>{}));
    const MemoryAccess stored = space.writeU64(*va + PAGE_SIZE + 40, 0x0102030405060708ull);
    EXPECT_TRUE(stored.ok());
    EXPECT_EQ(stored.bytesTransferred, 8u);
    EXPECT_EQ(memory.readU64(pfnToAddress((*pages)[1]) + 40), 0x0102030405060708ull);
    EXPECT_EQ(space.readU64(*va + PAGE_SIZE + 40), 0x0102030405060708ull);
    // The last byte of a page, and a whole page.
    EXPECT_TRUE(space.write(*va + PAGE_SIZE - 1, back.data(), 1).ok());
    std::vector<std::uint8_t> whole(PAGE_SIZE, 0x5A);
    EXPECT_TRUE(space.write(*va, whole.data(), whole.size()).ok());
    EXPECT_EQ(memory.readU32(pfnToAddress((*pages)[0]) + PAGE_SIZE - 4), 0x5A5A5A5Au);
    // A null buffer is refused without a fault.
    EXPECT_EQ(space.write(*va, nullptr, 4).status, STATUS_INVALID_PARAMETER);
    EXPECT_EQ(space.faults().count(), 0u);

    // A freed frame behind the mapping: the fault is at the first byte's VA in
    // this space and at its physical address in PhysicalMemory.
    ASSERT_EQ(memory.freePages({(*pages)[1]}), STATUS_SUCCESS);
    back.fill(0x77);
    const MemoryAccess r = space.read(*va + PAGE_SIZE + 24, back.data(), back.size());
    EXPECT_EQ(r.status, STATUS_ACCESS_VIOLATION);
    EXPECT_EQ(r.faultAddress, *va + PAGE_SIZE + 24);
    EXPECT_EQ(r.faultBytes, 8u);
    EXPECT_EQ(r.bytesTransferred, 0u);
    EXPECT_EQ(back, (std::array<std::uint8_t, 8>{}));
    ASSERT_EQ(space.faults().count(), 1u);
    EXPECT_EQ(space.faults().recent().back().space, MemorySpace::SystemVirtual);
    EXPECT_EQ(space.faults().recent().back().kind, AccessKind::Read);
    EXPECT_EQ(space.faults().recent().back().accessStart, *va + PAGE_SIZE + 24);
    EXPECT_EQ(space.faults().recent().back().accessBytes, 8u);
    EXPECT_EQ(memory.faults().recent().back().address, pfnToAddress((*pages)[1]) + 24);
    const MemoryAccess w = space.writeU32(*va + PAGE_SIZE + 4, 1);
    EXPECT_EQ(w.status, STATUS_ACCESS_VIOLATION);
    EXPECT_EQ(w.faultAddress, *va + PAGE_SIZE + 4);
    EXPECT_EQ(space.faults().count(), 2u);
    EXPECT_EQ(space.faults().recent().back().kind, AccessKind::Write);
}

TEST(SystemAddressSpace, RefusesToMapFramesThatAreNotAllocated) {
    PhysicalMemory memory(config(16));
    SystemAddressSpace space(memory);
    EXPECT_FALSE(space.map({}).has_value());
    EXPECT_FALSE(space.map({0x100}).has_value());  // exists, but free
    EXPECT_FALSE(space.map({0x7}).has_value());    // does not exist
    EXPECT_TRUE(space.mappings().empty());
}

TEST(SystemAddressSpace, MapsAnMdlAtItsByteOffset) {
    PhysicalMemory memory(config(64));
    SystemAddressSpace space(memory);
    auto mdl = buildMdl(memory, 2 * PAGE_SIZE, 0x80);
    ASSERT_TRUE(mdl);
    const auto va = space.mapMdl(*mdl);
    ASSERT_TRUE(va);
    EXPECT_EQ(mdl->MappedSystemVa, *va);
    EXPECT_EQ(BYTE_OFFSET(*va), 0x80u);
    EXPECT_EQ(space.translate(*va), physicalAddressAt(*mdl, 0));
    EXPECT_EQ(space.translate(*va + 5000), physicalAddressAt(*mdl, 5000));
    EXPECT_FALSE(space.mapMdl(*mdl).has_value());  // already mapped
    EXPECT_EQ(freeMdlPages(memory, *mdl), STATUS_INVALID_DEVICE_STATE);
    EXPECT_TRUE(space.unmapMdl(*mdl));
    EXPECT_EQ(mdl->MappedSystemVa, 0u);
    EXPECT_FALSE(space.unmapMdl(*mdl));
    EXPECT_EQ(freeMdlPages(memory, *mdl), STATUS_SUCCESS);
}

TEST(SystemAddressSpace, ExhaustionNearTheTopOfTheAddressSpaceIsRefused) {
    PhysicalMemory memory(config(16));
    SystemAddressSpace space(memory, ~std::uint64_t{0} - 3 * PAGE_SIZE + 1);  // 3 pages left
    const auto pages = memory.allocatePages(4);
    ASSERT_TRUE(pages);
    EXPECT_FALSE(space.map(*pages).has_value());
    const auto va = space.map({(*pages)[0], (*pages)[1]});
    ASSERT_TRUE(va);
    EXPECT_FALSE(space.map({(*pages)[2]}).has_value());
    EXPECT_TRUE(space.write(*va, "x", 1).ok());
    std::array<std::uint8_t, 32> big{};
    EXPECT_EQ(space.read(~std::uint64_t{0} - 7, big.data(), big.size()).status,
              STATUS_ACCESS_VIOLATION);
}

// More mappings than the translation cache has entries, so that pages share
// entries: random translations match the frames mapped, and after unmapping
// every third mapping its pages fault while the others still translate.
TEST(SystemAddressSpace, TranslationsOfManyMappingsMatchTheirFramesAcrossUnmaps) {
    PhysicalMemory memory(config(1024));
    SystemAddressSpace space(memory);
    std::vector<std::pair<std::uint64_t, std::vector<PFN_NUMBER>>> mapped;
    for (int i = 0; i < 100; ++i) {
        const auto pages = memory.allocatePages(1 + i % 3);
        ASSERT_TRUE(pages);
        const auto va = space.map(*pages);
        ASSERT_TRUE(va);
        mapped.emplace_back(*va, *pages);
    }
    std::uint64_t state = 12345;
    auto next = [&state] {
        state = state * 6364136223846793005ull + 1442695040888963407ull;
        return state >> 33;
    };
    auto check = [&](const std::vector<bool>& unmapped) {
        for (int n = 0; n < 5000; ++n) {
            const std::size_t m = next() % mapped.size();
            const auto& [va, pages] = mapped[m];
            const std::size_t page = next() % pages.size();
            const std::uint64_t offset = next() % PAGE_SIZE;
            const auto pa = space.translate(va + page * PAGE_SIZE + offset);
            if (unmapped[m]) {
                EXPECT_FALSE(pa.has_value()) << "mapping " << m;
            } else {
                EXPECT_EQ(pa, pfnToAddress(pages[page]) + offset) << "mapping " << m;
            }
            EXPECT_FALSE(space.translate(va + pages.size() * PAGE_SIZE + offset).has_value())
                << "guard page of mapping " << m;
        }
    };
    std::vector<bool> unmapped(mapped.size(), false);
    check(unmapped);
    for (std::size_t m = 0; m < mapped.size(); m += 3) {
        ASSERT_TRUE(space.unmap(mapped[m].first));
        unmapped[m] = true;
    }
    check(unmapped);
}

}  // namespace
}  // namespace ps
