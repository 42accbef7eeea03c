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

}  // namespace
}  // namespace ps
