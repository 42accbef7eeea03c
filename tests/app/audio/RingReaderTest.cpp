#include "app/audio/RingReader.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <vector>

namespace ps {
namespace {

TEST(RingReaderTest, PopsWholeFramesAsInt16) {
    SpscRing<float> ring(64, 2);
    const float in[6] = {0.5f, -0.5f, 0.25f, -1.0f, 1.0f, 0.0f};
    ring.push(in, 3);
    RingReader reader(ring, RingReader::Encoding::Int16);
    ASSERT_TRUE(reader.open(QIODevice::ReadOnly | QIODevice::Unbuffered));
    EXPECT_EQ(reader.bytesPerFrame(), 4);
    char out[10] = {};
    // 10 bytes asked: two whole frames (8 bytes) come out.
    EXPECT_EQ(reader.read(out, 10), 8);
    std::int16_t samples[4];
    std::memcpy(samples, out, 8);
    EXPECT_EQ(samples[0], 16384);
    EXPECT_EQ(samples[1], -16384);
    EXPECT_EQ(samples[2], 8192);
    EXPECT_EQ(samples[3], -32768);
    EXPECT_EQ(ring.availableFrames(), 1u);
    EXPECT_EQ(reader.shortfallFrames(), 0);
}

TEST(RingReaderTest, FloatFramesPassUnchanged) {
    SpscRing<float> ring(64, 1);
    const float in[2] = {0.125f, -0.75f};
    ring.push(in, 2);
    RingReader reader(ring, RingReader::Encoding::Float32);
    ASSERT_TRUE(reader.open(QIODevice::ReadOnly | QIODevice::Unbuffered));
    float out[2] = {};
    EXPECT_EQ(reader.read(reinterpret_cast<char*>(out), 8), 8);
    EXPECT_EQ(out[0], 0.125f);
    EXPECT_EQ(out[1], -0.75f);
}

TEST(RingReaderTest, AShortRingIsCountedUntilTheRunEnds) {
    SpscRing<float> ring(64, 2);
    const float in[2] = {0.5f, 0.5f};
    ring.push(in, 1);
    RingReader reader(ring, RingReader::Encoding::Int16);
    ASSERT_TRUE(reader.open(QIODevice::ReadOnly | QIODevice::Unbuffered));
    char out[16];
    EXPECT_EQ(reader.read(out, 16), 4);  // one frame of four asked
    EXPECT_EQ(reader.shortfallFrames(), 3);
    reader.setCountShortfall(false);  // draining after the run: not a shortfall
    EXPECT_EQ(reader.read(out, 16), 0);
    EXPECT_EQ(reader.shortfallFrames(), 3);
}

// A jump holds the reader until the device was flushed: it pops nothing
// meanwhile (nor counts a shortfall), and a hold requested after the
// flusher read the requests outlives that release.
TEST(RingReaderTest, AHeldReaderPopsNothingUntilEveryHoldSeenIsReleased) {
    SpscRing<float> ring(64, 1);
    const float in[4] = {0.25f, 0.5f, -0.25f, -0.5f};
    ring.push(in, 4);
    RingReader reader(ring, RingReader::Encoding::Float32);
    ASSERT_TRUE(reader.open(QIODevice::ReadOnly | QIODevice::Unbuffered));
    EXPECT_FALSE(reader.held());
    reader.requestHold();
    EXPECT_TRUE(reader.held());
    float out[4] = {};
    EXPECT_EQ(reader.read(reinterpret_cast<char*>(out), 16), 0);
    EXPECT_EQ(ring.availableFrames(), 4u);
    EXPECT_EQ(reader.shortfallFrames(), 0);

    const std::uint32_t seen = reader.holdRequests();
    reader.requestHold();  // a second jump while the first is being flushed
    reader.releaseHolds(seen);
    EXPECT_TRUE(reader.held());
    EXPECT_EQ(reader.read(reinterpret_cast<char*>(out), 16), 0);

    reader.releaseHolds(reader.holdRequests());
    EXPECT_FALSE(reader.held());
    EXPECT_EQ(reader.read(reinterpret_cast<char*>(out), 16), 16);
    EXPECT_EQ(out[0], 0.25f);
    EXPECT_EQ(out[3], -0.5f);
}

}  // namespace
}  // namespace ps
