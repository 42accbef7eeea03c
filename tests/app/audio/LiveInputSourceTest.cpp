#include "app/audio/LiveInputSource.h"

#include <gtest/gtest.h>

#include <vector>

namespace ps {
namespace {

TEST(LiveInputSourceTest, SilentUntilPrimedThenFramesInOrder) {
    SpscRing<float> ring(64, 2);
    LiveInputSource source(ring, 4);
    const float in[6] = {0.1f, -0.1f, 0.2f, -0.2f, 0.3f, -0.3f};
    ring.push(in, 3);
    std::vector<float> out(4, 9.0f);
    source.render(0, out.data(), 2, 2);
    EXPECT_EQ(out, (std::vector<float>{0, 0, 0, 0}));  // 3 < 4 frames: not primed
    EXPECT_FALSE(source.primed());
    EXPECT_EQ(ring.availableFrames(), 3u);
    ring.push(in, 1);
    source.render(2, out.data(), 2, 2);
    EXPECT_TRUE(source.primed());
    EXPECT_EQ(out, (std::vector<float>{0.1f, -0.1f, 0.2f, -0.2f}));
    EXPECT_EQ(source.shortfallFrames(), 0);
}

TEST(LiveInputSourceTest, ShortfallAfterPrimingIsSilenceAndCounted) {
    SpscRing<float> ring(64, 2);
    LiveInputSource source(ring, 1);
    const float in[2] = {0.5f, 0.25f};
    ring.push(in, 1);
    std::vector<float> out(6, 9.0f);
    source.render(0, out.data(), 3, 2);
    EXPECT_EQ(out, (std::vector<float>{0.5f, 0.25f, 0, 0, 0, 0}));
    EXPECT_EQ(source.shortfallFrames(), 2);
}

TEST(LiveInputSourceTest, ChannelsAreMapped) {
    SpscRing<float> mono(64, 1);
    LiveInputSource fromMono(mono, 1);
    const float m[1] = {0.5f};
    mono.push(m, 1);
    std::vector<float> out(3);
    fromMono.render(0, out.data(), 1, 3);
    EXPECT_EQ(out, (std::vector<float>{0.5f, 0.5f, 0.5f}));  // mono feeds every channel

    SpscRing<float> stereo(64, 2);
    LiveInputSource fromStereo(stereo, 1);
    const float st[2] = {0.5f, -0.5f};
    stereo.push(st, 1);
    std::vector<float> four(4, 9.0f);
    fromStereo.render(0, four.data(), 1, 4);
    EXPECT_EQ(four, (std::vector<float>{0.5f, -0.5f, 0, 0}));  // missing channels silent
    stereo.push(st, 1);
    std::vector<float> one(1);
    fromStereo.render(1, one.data(), 1, 1);
    EXPECT_EQ(one, (std::vector<float>{0.5f}));  // extra channels dropped
}

}  // namespace
}  // namespace ps
