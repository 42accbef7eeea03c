#include "model/hw/ByteFifo.h"

#include <gtest/gtest.h>

#include <numeric>
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

}  // namespace
}  // namespace ps
