#include "model/sim/RecyclingDeque.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <numeric>
#include <vector>

namespace ps {
namespace {

struct Entry {
    std::uint64_t id = 0;
    std::uint64_t payload[7] = {};  // 64 bytes: eight to a deque block
};

TEST(RecyclingDeque, ABoundedFifoKeepsItsContentsInOrder) {
    RecyclingDeque<Entry> fifo;
    std::uint64_t next = 0;
    // Push at the back, trim the front to 20 entries: blocks are freed and
    // taken again all the time.
    for (int i = 0; i < 2000; ++i) {
        fifo.push_back(Entry{next++, {}});
        while (fifo.size() > 20) {
            fifo.pop_front();
        }
        ASSERT_EQ(fifo.front().id, next - fifo.size());
        ASSERT_EQ(fifo.back().id, next - 1);
    }
    ASSERT_EQ(fifo.size(), 20u);
    std::uint64_t expected = next - 20;
    for (const Entry& e : fifo) {
        EXPECT_EQ(e.id, expected++);
    }
}

TEST(RecyclingDeque, AllocatorsAreInterchangeableAndMovesKeepElementAddresses) {
    BlockRecyclingAllocator<int> a;
    BlockRecyclingAllocator<double> b;
    EXPECT_TRUE(a == BlockRecyclingAllocator<int>(b));
    EXPECT_FALSE(a != b);

    // A freed allocation stays with the allocator (the heap cannot hand it
    // to anyone else) and comes back for a request of the same size only.
    int* first = a.allocate(32);
    a.deallocate(first, 32);
    int* plain = std::allocator<int>().allocate(32);
    EXPECT_NE(plain, first);
    int* other = a.allocate(16);
    EXPECT_NE(other, first);
    int* again = a.allocate(32);
    EXPECT_EQ(again, first);
    std::allocator<int>().deallocate(plain, 32);
    a.deallocate(other, 16);
    a.deallocate(again, 32);

    RecyclingDeque<int> source;
    for (int i = 0; i < 1000; ++i) {
        source.push_back(i);
    }
    const int* element = &source[500];
    RecyclingDeque<int> moved = std::move(source);
    EXPECT_EQ(&moved[500], element);
    RecyclingDeque<int> swapped;
    swapped.swap(moved);
    EXPECT_EQ(&swapped[500], element);
    std::vector<int> expected(1000);
    std::iota(expected.begin(), expected.end(), 0);
    EXPECT_TRUE(std::equal(swapped.begin(), swapped.end(), expected.begin(), expected.end()));
}

}  // namespace
}  // namespace ps
