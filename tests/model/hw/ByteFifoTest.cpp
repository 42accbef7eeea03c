#include "model/hw/ByteFifo.h"

#include <gtest/gtest.h>

#include <deque>
#include <numeric>
#include <random>
#include <stdexcept>
#include <vector>

namespace ps {
namespace {

TEST(ByteFifo, ZeroCapacityIsRejected) {
    EXPECT_THROW(ByteFifo(0), std::invalid_argument);
}

TEST(ByteFifo, PushAndPopKeepOrderAcrossTheWrap) {
    ByteFifo fifo(10);
    std::vector<std::uint8_t> in(7);
    std::iota(in.begin(), in.end(), std::uint8_t{1});
    EXPECT_EQ(fifo.push(in.data(), 7), 7u);
    std::uint8_t out[10] = {};
    EXPECT_EQ(fifo.pop(out, 5), 5u);
    EXPECT_EQ(out[0], 1);
    EXPECT_EQ(out[4], 5);
    // 2 bytes left at the end of the storage; the next 6 wrap around.
    const std::uint8_t more[6] = {8, 9, 10, 11, 12, 13};
    EXPECT_EQ(fifo.push(more, 6), 6u);
    EXPECT_EQ(fifo.levelBytes(), 8u);
    EXPECT_EQ(fifo.pop(out, 10), 8u);
    const std::uint8_t expected[8] = {6, 7, 8, 9, 10, 11, 12, 13};
    EXPECT_TRUE(std::equal(expected, expected + 8, out));
    EXPECT_TRUE(fifo.empty());
}

TEST(ByteFifo, OverfullPushAndOverlongPopAreShortCounts) {
    ByteFifo fifo(4);
    const std::uint8_t in[6] = {1, 2, 3, 4, 5, 6};
    EXPECT_EQ(fifo.push(in, 6), 4u);
    EXPECT_TRUE(fifo.full());
    EXPECT_EQ(fifo.freeBytes(), 0u);
    EXPECT_EQ(fifo.push(in, 1), 0u);
    std::uint8_t out[6] = {};
    EXPECT_EQ(fifo.peek(out, 6), 4u);
    EXPECT_EQ(fifo.levelBytes(), 4u) << "peek removes nothing";
    EXPECT_EQ(fifo.pop(nullptr, 3), 3u) << "a null destination discards";
    EXPECT_EQ(fifo.pop(out, 6), 1u);
    EXPECT_EQ(out[0], 4);
    EXPECT_EQ(fifo.pop(out, 1), 0u);
}

TEST(ByteFifo, ClearEmptiesIt) {
    ByteFifo fifo(8);
    const std::uint8_t in[5] = {1, 2, 3, 4, 5};
    fifo.push(in, 5);
    fifo.clear();
    EXPECT_TRUE(fifo.empty());
    EXPECT_EQ(fifo.freeBytes(), 8u);
}

// Random pushes, pops, peeks and staged runs against a reference queue, for
// far more bytes than the storage holds: the contents, front() and the
// counts stay those of a FIFO across every move back to the storage's start.
TEST(ByteFifo, MatchesAReferenceQueueThroughStagedRuns) {
    for (const std::size_t capacity : {std::size_t{1}, std::size_t{16}, std::size_t{192}}) {
        ByteFifo fifo(capacity);
        std::deque<std::uint8_t> reference;
        std::mt19937 random(static_cast<std::uint32_t>(capacity));
        std::uint8_t next = 0;
        std::vector<std::uint8_t> buffer;
        for (int step = 0; step < 20000; ++step) {
            const int what = static_cast<int>(random() % 4);
            const std::size_t n = random() % (2 * capacity + 2);
            buffer.resize(std::max<std::size_t>(n, 1));
            if (what == 0) {
                for (std::size_t i = 0; i < n; ++i) {
                    buffer[i] = next++;
                }
                const std::size_t stored = fifo.push(buffer.data(), n);
                ASSERT_EQ(stored, std::min(n, capacity - reference.size()));
                reference.insert(reference.end(), buffer.begin(),
                                 buffer.begin() + static_cast<std::ptrdiff_t>(stored));
            } else if (what == 1) {
                const std::size_t taken = fifo.pop(buffer.data(), n);
                ASSERT_EQ(taken, std::min(n, reference.size()));
                for (std::size_t i = 0; i < taken; ++i) {
                    ASSERT_EQ(buffer[i], reference.front());
                    reference.pop_front();
                }
            } else if (what == 2) {
                const std::size_t seen = fifo.peek(buffer.data(), n);
                ASSERT_EQ(seen, std::min(n, reference.size()));
                ASSERT_TRUE(std::equal(buffer.begin(),
                                       buffer.begin() + static_cast<std::ptrdiff_t>(seen),
                                       reference.begin()));
            } else {
                // A catch-up: stage n bytes (any number, past the capacity),
                // read everything from front(), consume down to a level within
                // the capacity.
                std::uint8_t* tail = fifo.stage(n);
                for (std::size_t i = 0; i < n; ++i) {
                    tail[i] = next;
                    reference.push_back(next++);
                }
                ASSERT_TRUE(std::equal(reference.begin(), reference.end(), fifo.front()));
                const std::size_t keep =
                    std::min<std::size_t>(reference.size(), random() % (capacity + 1));
                fifo.commitStaged(n, reference.size() - keep);
                reference.erase(reference.begin(),
                                reference.end() - static_cast<std::ptrdiff_t>(keep));
            }
            ASSERT_EQ(fifo.levelBytes(), reference.size());
            ASSERT_EQ(fifo.freeBytes(), capacity - reference.size());
            ASSERT_TRUE(std::equal(reference.begin(), reference.end(), fifo.front()));
        }
    }
}

TEST(ByteFifo, StagedBytesCountOnlyWhenCommitted) {
    ByteFifo fifo(8);
    const std::uint8_t in[3] = {1, 2, 3};
    fifo.push(in, 3);
    std::uint8_t* tail = fifo.stage(20);
    for (std::uint8_t i = 0; i < 20; ++i) {
        tail[i] = static_cast<std::uint8_t>(10 + i);
    }
    EXPECT_EQ(fifo.levelBytes(), 3u) << "staging alone adds nothing";
    EXPECT_EQ(fifo.front()[3], 10);
    // 3 + 20 held for a moment; keeping 9 would exceed the capacity of 8.
    EXPECT_THROW(fifo.commitStaged(20, 14), std::logic_error);
    EXPECT_EQ(fifo.levelBytes(), 3u) << "a refused commit changes nothing";
    fifo.commitStaged(20, 15);
    EXPECT_EQ(fifo.levelBytes(), 8u);
    std::uint8_t out[8] = {};
    EXPECT_EQ(fifo.pop(out, 8), 8u);
    EXPECT_EQ(out[0], 22);
    EXPECT_EQ(out[7], 29);
    // Only the first stagedBytes count: the rest of a stage is dropped.
    fifo.stage(4)[0] = 7;
    fifo.commitStaged(1, 0);
    EXPECT_EQ(fifo.levelBytes(), 1u);
    EXPECT_EQ(fifo.front()[0], 7);
}

}  // namespace
}  // namespace ps
