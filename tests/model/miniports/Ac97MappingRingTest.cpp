// The mapping table ring and its re-layout after an engine reset: the three
// compaction cases of DDI.md §6.5 fall out of one operation.
#include "model/miniports/Ac97MappingRing.h"

#include <gtest/gtest.h>

#include <vector>

namespace ps {
namespace {

Ac97Mapping mapping(ULONG tag) {
    Ac97Mapping m;
    m.Tag = tag;
    m.ByteCount = 100 * tag;
    return m;
}

// Tags in queue order (head first).
std::vector<ULONG> queuedTags(const Ac97MappingRing& ring) {
    std::vector<ULONG> tags;
    for (ULONG p = 0; p < ring.count(); ++p) {
        tags.push_back(ring.at(p).Tag);
    }
    return tags;
}

// A ring whose head is at `head` holding tags first..first+count-1.
Ac97MappingRing ringAt(ULONG head, ULONG first, ULONG count) {
    Ac97MappingRing ring;
    for (ULONG i = 0; i < head; ++i) {
        ring.push(mapping(999));
        ring.popHead();
    }
    for (ULONG i = 0; i < count; ++i) {
        ring.push(mapping(first + i));
    }
    return ring;
}

TEST(Ac97MappingRingTest, PushAndPopKeepOrderAcrossTheWrap) {
    Ac97MappingRing ring = ringAt(30, 1, 5);
    EXPECT_EQ(ring.head(), 30u);
    EXPECT_EQ(ring.tail(), 3u);
    EXPECT_EQ(ring.count(), 5u);
    EXPECT_EQ(ring.slot(31).Tag, 2u);
    EXPECT_EQ(ring.slot(0).Tag, 3u);
    EXPECT_EQ(ring.lastSlot(), 2u);
    EXPECT_EQ(ring.positionOfSlot(1), 3u);
    EXPECT_EQ(ring.positionOfSlot(29), 31u);  // the slot before head
    EXPECT_EQ(ring.popHead().Tag, 1u);
    EXPECT_EQ(queuedTags(ring), (std::vector<ULONG>{2, 3, 4, 5}));
    EXPECT_EQ(*ring.positionOfTag(4), 2u);
    EXPECT_FALSE(ring.positionOfTag(1).has_value());
}

TEST(Ac97MappingRingTest, HoldsAtMost31) {
    Ac97MappingRing ring = ringAt(7, 1, 31);
    EXPECT_TRUE(ring.full());
    EXPECT_EQ(ring.tail(), 6u);  // one free slot between tail and head
}

TEST(Ac97MappingRingTest, RelayoutPutsTheResumeEntryInSlotZero) {
    Ac97MappingRing ring = ringAt(20, 1, 6);
    EXPECT_EQ(ring.relayout(2, 0, 0), 2u);  // tags 1, 2 passed; resume with 3
    EXPECT_EQ(ring.slot(0).Tag, 3u);
    EXPECT_EQ(ring.slot(30).Tag, 1u);
    EXPECT_EQ(ring.slot(31).Tag, 2u);
    EXPECT_EQ(ring.head(), 30u);
    EXPECT_EQ(ring.tail(), 4u);
    EXPECT_EQ(queuedTags(ring), (std::vector<ULONG>{1, 2, 3, 4, 5, 6}));
}

TEST(Ac97MappingRingTest, RevokeBothAtOrAfterTheCurrentEntry) {
    // Tags 1, 2 passed, 3 current; revoke 4..5.
    Ac97MappingRing ring = ringAt(10, 1, 7);
    EXPECT_EQ(ring.relayout(2, 3, 2), 2u);
    EXPECT_EQ(queuedTags(ring), (std::vector<ULONG>{1, 2, 3, 6, 7}));
    EXPECT_EQ(ring.slot(0).Tag, 3u);
    EXPECT_EQ(ring.slot(1).Tag, 6u);
    EXPECT_EQ(ring.tail(), 3u);
}

TEST(Ac97MappingRingTest, RevokeFirstBeforeAndLastAfterTheCurrentEntry) {
    // Tags 1, 2, 3 passed, 4 current; revoke 2..5: 1 stays passed, 6 resumes.
    Ac97MappingRing ring = ringAt(25, 1, 8);
    EXPECT_EQ(ring.relayout(3, 1, 4), 1u);
    EXPECT_EQ(queuedTags(ring), (std::vector<ULONG>{1, 6, 7, 8}));
    EXPECT_EQ(ring.slot(31).Tag, 1u);
    EXPECT_EQ(ring.slot(0).Tag, 6u);
    EXPECT_EQ(ring.head(), 31u);
    EXPECT_EQ(ring.tail(), 3u);
}

TEST(Ac97MappingRingTest, RevokeBothBeforeTheCurrentEntry) {
    // Tags 1, 2, 3 passed, 4 current; revoke 1..2.
    Ac97MappingRing ring = ringAt(3, 1, 6);
    EXPECT_EQ(ring.relayout(3, 0, 2), 1u);
    EXPECT_EQ(queuedTags(ring), (std::vector<ULONG>{3, 4, 5, 6}));
    EXPECT_EQ(ring.slot(31).Tag, 3u);
    EXPECT_EQ(ring.slot(0).Tag, 4u);
}

TEST(Ac97MappingRingTest, RevokeEverythingLeavesAnEmptyRing) {
    Ac97MappingRing ring = ringAt(12, 1, 4);
    EXPECT_EQ(ring.relayout(1, 0, 4), 0u);
    EXPECT_TRUE(ring.empty());
    EXPECT_EQ(ring.head(), ring.tail());
}

TEST(Ac97MappingRingTest, AllPassedLeavesNothingToResume) {
    Ac97MappingRing ring = ringAt(5, 1, 3);
    EXPECT_EQ(ring.relayout(3, 0, 0), 3u);
    EXPECT_EQ(ring.tail(), 0u);
    EXPECT_EQ(ring.head(), 29u);
    EXPECT_EQ(queuedTags(ring), (std::vector<ULONG>{1, 2, 3}));
}

}  // namespace
}  // namespace ps
