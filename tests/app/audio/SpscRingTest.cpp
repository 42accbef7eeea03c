#include "app/audio/SpscRing.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <thread>
#include <vector>

namespace ps {
namespace {

TEST(SpscRingTest, CapacityRoundsUpToAPowerOfTwo) {
    SpscRing<float> ring(1000, 2);
    EXPECT_EQ(ring.capacityFrames(), 1024u);
    EXPECT_EQ(ring.channels(), 2);
    EXPECT_EQ(ring.availableFrames(), 0u);
    EXPECT_EQ(ring.freeFrames(), 1024u);
}

TEST(SpscRingTest, RejectsNoChannelsOrNoFrames) {
    EXPECT_THROW(SpscRing<float>(16, 0), std::invalid_argument);
    EXPECT_THROW(SpscRing<std::int16_t>(0, 2), std::invalid_argument);
}

TEST(SpscRingTest, PushStopsWhenFullAndPopWhenEmpty) {
    SpscRing<std::int16_t> ring(4, 2);
    const std::vector<std::int16_t> in = {1, -1, 2, -2, 3, -3, 4, -4, 5, -5, 6, -6};
    EXPECT_EQ(ring.push(in.data(), 6), 4u);
    EXPECT_EQ(ring.freeFrames(), 0u);
    EXPECT_EQ(ring.push(in.data(), 1), 0u);
    std::vector<std::int16_t> out(12, 0);
    EXPECT_EQ(ring.pop(out.data(), 6), 4u);
    EXPECT_EQ(std::vector<std::int16_t>(out.begin(), out.begin() + 8),
              std::vector<std::int16_t>(in.begin(), in.begin() + 8));
    EXPECT_EQ(ring.pop(out.data(), 1), 0u);
    EXPECT_EQ(ring.framesPushed(), 4u);
    EXPECT_EQ(ring.framesPopped(), 4u);
}

TEST(SpscRingTest, SkipTakesFramesUnreadAndNoMoreThanThereAre) {
    SpscRing<float> ring(8, 2);
    const std::vector<float> in = {1, -1, 2, -2, 3, -3};
    ASSERT_EQ(ring.push(in.data(), 3), 3u);
    EXPECT_EQ(ring.skip(2), 2u);
    EXPECT_EQ(ring.framesPopped(), 2u);
    EXPECT_EQ(ring.skip(1'000'000'000), 1u);  // only what is there
    EXPECT_EQ(ring.availableFrames(), 0u);
    EXPECT_EQ(ring.skip(5), 0u);
    ring.push(in.data(), 3);
    std::vector<float> out(2);
    ring.skip(2);
    ASSERT_EQ(ring.pop(out.data(), 1), 1u);
    EXPECT_EQ(out, (std::vector<float>{3, -3}));  // the frame after the skipped ones
}

TEST(SpscRingTest, FramesWrapAroundTheEndIntact) {
    SpscRing<float> ring(8, 3);
    std::vector<float> out(30);
    float next = 0;
    float expect = 0;
    // Offsets 0, 5, 10 (=2), ... cross the end of storage in every phase.
    for (int round = 0; round < 20; ++round) {
        std::vector<float> in;
        for (int i = 0; i < 5 * 3; ++i) {
            in.push_back(next++);
        }
        ASSERT_EQ(ring.push(in.data(), 5), 5u);
        ASSERT_EQ(ring.pop(out.data(), 5), 5u);
        for (int i = 0; i < 15; ++i) {
            ASSERT_EQ(out[static_cast<std::size_t>(i)], expect++);
        }
    }
}

// One producer and one consumer thread hammer the ring with odd-sized
// chunks; every frame must arrive once, in order, with its channels intact.
TEST(SpscRingTest, TwoThreadsLoseNothingAndKeepOrder) {
    constexpr std::uint64_t kFrames = 2'000'000;
    SpscRing<std::int16_t> ring(256, 2);
    std::thread producer([&ring] {
        std::vector<std::int16_t> chunk;
        std::uint64_t sent = 0;
        std::size_t size = 1;
        while (sent < kFrames) {
            size = size % 97 + 1;
            const std::size_t n =
                static_cast<std::size_t>(std::min<std::uint64_t>(size, kFrames - sent));
            chunk.resize(n * 2);
            for (std::size_t i = 0; i < n; ++i) {
                const auto v = static_cast<std::int16_t>((sent + i) & 0x7FFF);
                chunk[2 * i] = v;
                chunk[2 * i + 1] = static_cast<std::int16_t>(-v);
            }
            std::size_t done = 0;
            while (done < n) {
                done += ring.push(chunk.data() + 2 * done, n - done);
                if (done < n) {
                    std::this_thread::yield();
                }
            }
            sent += n;
        }
    });
    std::vector<std::int16_t> out(2 * 61);
    std::uint64_t received = 0;
    std::uint64_t mismatches = 0;
    while (received < kFrames) {
        const std::size_t n = ring.pop(out.data(), 61);
        if (n == 0) {
            std::this_thread::yield();
        }
        for (std::size_t i = 0; i < n; ++i) {
            const auto v = static_cast<std::int16_t>((received + i) & 0x7FFF);
            mismatches += out[2 * i] != v || out[2 * i + 1] != static_cast<std::int16_t>(-v);
        }
        received += n;
    }
    producer.join();
    EXPECT_EQ(mismatches, 0u);
    EXPECT_EQ(received, kFrames);
    EXPECT_EQ(ring.framesPushed(), kFrames);
    EXPECT_EQ(ring.availableFrames(), 0u);
}

}  // namespace
}  // namespace ps
