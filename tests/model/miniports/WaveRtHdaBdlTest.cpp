// WaveRtHdaBdl: the fragments, notification points and BDL entries the HD
// Audio WaveRT miniport builds for a cyclic buffer (HARDWARE.md §2.5, §2.7).
#include "model/miniports/WaveRtHdaBdl.h"

#include <gtest/gtest.h>

namespace ps {
namespace {

const std::vector<PHYSICAL_ADDRESS> kScattered = {0x305000, 0x101000, 0x7F3000, 0x222000};

TEST(WaveRtHdaBdl, FragmentsAreOnePerPageWithAShortLastOne) {
    const auto f = hdaBufferFragments(kScattered, 3 * PAGE_SIZE + 100, false);
    ASSERT_EQ(f.size(), 4u);
    for (std::size_t i = 0; i < 3; ++i) {
        EXPECT_EQ(f[i].address, kScattered[i]);
        EXPECT_EQ(f[i].bytes, PAGE_SIZE);
    }
    EXPECT_EQ(f[3].bytes, 100u);
}

TEST(WaveRtHdaBdl, ContiguousPagesMergeOnlyWhenAsked) {
    const std::vector<PHYSICAL_ADDRESS> run = {0x200000, 0x201000, 0x202000, 0x400000};
    EXPECT_EQ(hdaBufferFragments(run, 4 * PAGE_SIZE, false).size(), 4u);
    const auto merged = hdaBufferFragments(run, 4 * PAGE_SIZE, true);
    ASSERT_EQ(merged.size(), 2u);
    EXPECT_EQ(merged[0].bytes, 3 * PAGE_SIZE);
    EXPECT_EQ(merged[1].address, 0x400000u);
}

TEST(WaveRtHdaBdl, NotificationPointsAreWholeFramePacketEnds) {
    EXPECT_TRUE(hdaNotificationPoints(4096, 4, 0).empty());
    EXPECT_EQ(hdaNotificationPoints(4096, 4, 1), (std::vector<ULONG>{4096}));
    EXPECT_EQ(hdaNotificationPoints(4096, 4, 2), (std::vector<ULONG>{2048, 4096}));
    // 682 six-byte frames: the midpoint is frame 341, byte 2046.
    EXPECT_EQ(hdaNotificationPoints(4092, 6, 2), (std::vector<ULONG>{2046, 4092}));
    // 683 frames: the midpoint rounds down to frame 341.
    EXPECT_EQ(hdaNotificationPoints(4098, 6, 2), (std::vector<ULONG>{2046, 4098}));
    EXPECT_EQ(hdaNotificationPoints(1200, 4, 3), (std::vector<ULONG>{400, 800, 1200}));
}

TEST(WaveRtHdaBdl, CountOneSetsIocOnlyOnTheEntryThatEndsTheBuffer) {
    const ULONG size = 3 * PAGE_SIZE + 100;
    const auto bdl = hdaBuildBdl(hdaBufferFragments(kScattered, size, false),
                                 hdaNotificationPoints(size, 4, 1), 4);
    ASSERT_TRUE(bdl);
    ASSERT_EQ(bdl->size(), 4u);
    for (std::size_t i = 0; i < 4; ++i) {
        EXPECT_EQ((*bdl)[i].address, kScattered[i]);
        EXPECT_EQ((*bdl)[i].ioc, i == 3) << i;
    }
}

TEST(WaveRtHdaBdl, AMidpointInsideAPageSplitsThatPage) {
    // 3 pages; the midpoint 6144 is in the middle of page 1.
    const ULONG size = 3 * PAGE_SIZE;
    const auto bdl = hdaBuildBdl(hdaBufferFragments(kScattered, size, false),
                                 hdaNotificationPoints(size, 4, 2), 4);
    ASSERT_TRUE(bdl);
    ASSERT_EQ(bdl->size(), 4u);
    EXPECT_EQ((*bdl)[0].lengthBytes, PAGE_SIZE);
    EXPECT_FALSE((*bdl)[0].ioc);
    EXPECT_EQ((*bdl)[1].address, kScattered[1]);
    EXPECT_EQ((*bdl)[1].lengthBytes, 2048u);
    EXPECT_TRUE((*bdl)[1].ioc);
    EXPECT_EQ((*bdl)[2].address, kScattered[1] + 2048);
    EXPECT_EQ((*bdl)[2].lengthBytes, 2048u);
    EXPECT_FALSE((*bdl)[2].ioc);
    EXPECT_EQ((*bdl)[3].lengthBytes, PAGE_SIZE);
    EXPECT_TRUE((*bdl)[3].ioc);
}

TEST(WaveRtHdaBdl, AMidpointOnAPageBoundaryNeedsNoSplit) {
    const ULONG size = 4 * PAGE_SIZE;
    const auto bdl = hdaBuildBdl(hdaBufferFragments(kScattered, size, false),
                                 hdaNotificationPoints(size, 4, 2), 4);
    ASSERT_TRUE(bdl);
    ASSERT_EQ(bdl->size(), 4u);
    EXPECT_FALSE((*bdl)[0].ioc);
    EXPECT_TRUE((*bdl)[1].ioc);
    EXPECT_FALSE((*bdl)[2].ioc);
    EXPECT_TRUE((*bdl)[3].ioc);
}

TEST(WaveRtHdaBdl, PollingBuffersHaveNoIoc) {
    const ULONG size = 4 * PAGE_SIZE;
    const auto bdl = hdaBuildBdl(hdaBufferFragments(kScattered, size, false), {}, 4);
    ASSERT_TRUE(bdl);
    for (const auto& e : *bdl) {
        EXPECT_FALSE(e.ioc);
    }
}

TEST(WaveRtHdaBdl, ASinglePageBufferIsSplitInTwoAtItsMiddleFrame) {
    const auto bdl = hdaBuildBdl(hdaBufferFragments(kScattered, 192, false),
                                 hdaNotificationPoints(192, 4, 1), 4);
    ASSERT_TRUE(bdl);
    ASSERT_EQ(bdl->size(), 2u);
    EXPECT_EQ((*bdl)[0].lengthBytes, 96u);
    EXPECT_FALSE((*bdl)[0].ioc);
    EXPECT_EQ((*bdl)[1].address, kScattered[0] + 96);
    EXPECT_EQ((*bdl)[1].lengthBytes, 96u);
    EXPECT_TRUE((*bdl)[1].ioc);
    // Count 2 already makes two entries.
    const auto two = hdaBuildBdl(hdaBufferFragments(kScattered, 192, false),
                                 hdaNotificationPoints(192, 4, 2), 4);
    ASSERT_TRUE(two);
    EXPECT_EQ(two->size(), 2u);
    EXPECT_TRUE((*two)[0].ioc && (*two)[1].ioc);
}

TEST(WaveRtHdaBdl, OneFrameBuffersSplitAtTheMiddleByteAndOneByteOnesCannot) {
    const auto bdl = hdaBuildBdl(hdaBufferFragments(kScattered, 6, false), {}, 6);
    ASSERT_TRUE(bdl);
    EXPECT_EQ((*bdl)[0].lengthBytes, 3u);
    EXPECT_EQ((*bdl)[1].lengthBytes, 3u);
    EXPECT_FALSE(hdaBuildBdl(hdaBufferFragments(kScattered, 1, false), {}, 1));
}

TEST(WaveRtHdaBdl, MoreThan256EntriesDoNotFit) {
    std::vector<PHYSICAL_ADDRESS> pages;
    for (unsigned i = 0; i < 257; ++i) {
        pages.push_back(0x100000 + 2 * i * PAGE_SIZE);  // never adjacent
    }
    EXPECT_TRUE(hdaBuildBdl(hdaBufferFragments(pages, 256 * PAGE_SIZE, false), {}, 4));
    EXPECT_FALSE(hdaBuildBdl(hdaBufferFragments(pages, 257 * PAGE_SIZE, false), {}, 4));
    // 256 pages with a midpoint split inside a page would be 257 entries.
    EXPECT_FALSE(hdaBuildBdl(hdaBufferFragments(pages, 255 * PAGE_SIZE + 8, false),
                             hdaNotificationPoints(255 * PAGE_SIZE + 8, 4, 2), 4));
}

TEST(WaveRtHdaBdl, EntriesCoverTheBufferExactly) {
    const ULONG size = 3 * PAGE_SIZE + 1000;
    for (ULONG count : {0u, 1u, 2u, 3u, 7u}) {
        const auto bdl = hdaBuildBdl(hdaBufferFragments(kScattered, size, false),
                                     hdaNotificationPoints(size, 8, count), 8);
        ASSERT_TRUE(bdl) << count;
        ULONGLONG total = 0;
        ULONG iocs = 0;
        for (const auto& e : *bdl) {
            EXPECT_GT(e.lengthBytes, 0u);
            total += e.lengthBytes;
            iocs += e.ioc ? 1 : 0;
        }
        EXPECT_EQ(total, size) << count;
        EXPECT_EQ(iocs, count) << count;
    }
}

}  // namespace
}  // namespace ps
