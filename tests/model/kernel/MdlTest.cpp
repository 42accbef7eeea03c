#include "model/kernel/Mdl.h"

#include <gtest/gtest.h>

#include <set>

namespace ps {
namespace {

PhysicalMemoryConfig config(std::uint64_t frames) {
    PhysicalMemoryConfig c;
    c.frameCount = frames;
    c.seed = 3;
    return c;
}

TEST(Mdl, SpanPagesFollowTheWdkFormula) {
    static_assert(ADDRESS_AND_SIZE_TO_SPAN_PAGES(0, 0) == 0);
    static_assert(ADDRESS_AND_SIZE_TO_SPAN_PAGES(0, 1) == 1);
    static_assert(ADDRESS_AND_SIZE_TO_SPAN_PAGES(0, 4096) == 1);
    static_assert(ADDRESS_AND_SIZE_TO_SPAN_PAGES(1, 4096) == 2);
    static_assert(ADDRESS_AND_SIZE_TO_SPAN_PAGES(4095, 2) == 2);
    static_assert(ADDRESS_AND_SIZE_TO_SPAN_PAGES(0x12345FFF, 1) == 1);
    static_assert(ADDRESS_AND_SIZE_TO_SPAN_PAGES(100, 65536) == 17);
    static_assert(ADDRESS_AND_SIZE_TO_SPAN_PAGES(0, ~std::uint64_t{0}) == (std::uint64_t{1} << 52));
    static_assert(BYTE_OFFSET(0x12345678) == 0x678);
    static_assert(PAGE_ALIGN(0x12345678) == 0x12345000);
    static_assert(BYTES_TO_PAGES(4097) == 2);
    static_assert(ROUND_TO_PAGES(1) == 4096);
}

TEST(Mdl, BuildsOverNonContiguousPagesWithAByteOffset) {
    PhysicalMemory memory(config(1024));
    auto mdl = buildMdl(memory, 65536, 100);
    ASSERT_TRUE(mdl.has_value());
    EXPECT_EQ(MmGetMdlByteCount(&*mdl), 65536u);
    EXPECT_EQ(MmGetMdlByteOffset(&*mdl), 100u);
    EXPECT_EQ(mdl->pages.size(), 17u);
    EXPECT_EQ(MmGetMdlPfnArray(&*mdl), mdl->pages.data());
    EXPECT_TRUE(mdlIsWellFormed(*mdl));
    EXPECT_FALSE(mdl->contiguous);
    EXPECT_EQ(mdl->MappedSystemVa, 0u);
    EXPECT_EQ(std::set<PFN_NUMBER>(mdl->pages.begin(), mdl->pages.end()).size(), 17u);

    EXPECT_EQ(physicalAddressAt(*mdl, 0), pfnToAddress(mdl->pages[0]) + 100);
    EXPECT_EQ(physicalAddressAt(*mdl, 3995), pfnToAddress(mdl->pages[0]) + 4095);
    EXPECT_EQ(physicalAddressAt(*mdl, 3996), pfnToAddress(mdl->pages[1]));
    EXPECT_EQ(physicalAddressAt(*mdl, 65535), pfnToAddress(mdl->pages[16]) + 99);
    EXPECT_FALSE(physicalAddressAt(*mdl, 65536).has_value());

    // Bytes written through physicalAddressAt land where the MDL says.
    for (ULONG i = 0; i < 65536; i += 4093) {
        ASSERT_TRUE(memory.writeU32(*physicalAddressAt(*mdl, i) & ~std::uint64_t{3}, i).ok());
    }
    EXPECT_EQ(memory.allocatedFrameCount(), 17u);
    EXPECT_EQ(freeMdlPages(memory, *mdl), STATUS_SUCCESS);
    EXPECT_EQ(memory.allocatedFrameCount(), 0u);
    EXPECT_TRUE(mdl->pages.empty());
    EXPECT_EQ(mdl->ByteCount, 0u);
}

TEST(Mdl, ContiguousBuilderGivesConsecutiveFrames) {
    PhysicalMemory memory(config(64));
    auto mdl = buildContiguousMdl(memory, 3 * PAGE_SIZE + 1);
    ASSERT_TRUE(mdl.has_value());
    ASSERT_EQ(mdl->pages.size(), 4u);
    EXPECT_TRUE(mdl->contiguous);
    for (std::size_t i = 1; i < mdl->pages.size(); ++i) {
        EXPECT_EQ(mdl->pages[i], mdl->pages[0] + i);
    }
}

TEST(Mdl, BuildersRefuseImpossibleRequests) {
    PhysicalMemory memory(config(4));
    EXPECT_FALSE(buildMdl(memory, 0).has_value());
    EXPECT_FALSE(buildMdl(memory, 16, PAGE_SIZE).has_value());
    EXPECT_FALSE(buildMdl(memory, 4 * PAGE_SIZE, 1).has_value());  // needs 5 frames
    EXPECT_FALSE(buildContiguousMdl(memory, 5 * PAGE_SIZE).has_value());
    EXPECT_EQ(memory.allocatedFrameCount(), 0u);
    EXPECT_FALSE(buildMdl(memory, 16, 0, 0xFFFFF).has_value());  // nothing below 1 MiB
}

TEST(Mdl, HelpersTolerateNullAndShortMdls) {
    EXPECT_EQ(MmGetMdlByteCount(nullptr), 0u);
    EXPECT_EQ(MmGetMdlByteOffset(nullptr), 0u);
    EXPECT_EQ(MmGetMdlPfnArray(static_cast<MDL*>(nullptr)), nullptr);
    MDL broken;
    broken.ByteCount = 3 * PAGE_SIZE;
    broken.pages = {0x100};
    EXPECT_FALSE(mdlIsWellFormed(broken));
    EXPECT_TRUE(physicalAddressAt(broken, 10).has_value());
    EXPECT_FALSE(physicalAddressAt(broken, PAGE_SIZE).has_value());  // no PFN entry for it
    broken.ByteOffset = PAGE_SIZE;
    EXPECT_FALSE(physicalAddressAt(broken, 0).has_value());
}

}  // namespace
}  // namespace ps
