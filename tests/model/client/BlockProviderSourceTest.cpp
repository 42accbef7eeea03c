#include "model/client/BlockProviderSource.h"

#include <gtest/gtest.h>

#include <vector>

namespace ps {
namespace {

// Frame n, channel c holds (n * 10 + c) / 1e6; `total` frames, then the end.
class RampProvider : public AudioBlockProvider {
  public:
    RampProvider(int channels, std::int64_t total) : m_channels(channels), m_total(total) {}
    std::size_t read(float* out, std::size_t frames) override {
        ++reads;
        std::size_t n = 0;
        while (n < frames && m_position < m_total) {
            for (int c = 0; c < m_channels; ++c) {
                *out++ = value(m_position, c);
            }
            ++m_position;
            ++n;
        }
        return n;
    }
    int channels() const override { return m_channels; }
    std::int64_t rateHz() const override { return 44100; }
    static float value(std::int64_t frame, int channel) {
        return static_cast<float>(frame * 10 + channel) / 1e6f;
    }
    int reads = 0;

  private:
    int m_channels;
    std::int64_t m_total;
    std::int64_t m_position = 0;
};

std::vector<float> renderBlock(SampleSource& s, std::int64_t first, std::size_t frames,
                               int channels) {
    std::vector<float> out(frames * static_cast<std::size_t>(channels), 99.0f);
    s.render(first, out.data(), frames, channels);
    return out;
}

TEST(BlockProviderSource, MapsFrameIndicesForwardAndAllowsRepeats) {
    RampProvider provider(2, 100000);
    BlockProviderSource source(provider);
    EXPECT_EQ(source.providerRateHz(), 44100);
    const auto a = renderBlock(source, 0, 100, 2);
    EXPECT_EQ(a[0], RampProvider::value(0, 0));
    EXPECT_EQ(a[199], RampProvider::value(99, 1));
    // The same range again, and an overlapping one, give the same samples.
    EXPECT_EQ(renderBlock(source, 0, 100, 2), a);
    const auto b = renderBlock(source, 50, 100, 2);
    EXPECT_EQ(b[0], RampProvider::value(50, 0));
    EXPECT_EQ(b[199], RampProvider::value(149, 1));
    // A jump forward skips data.
    const auto c = renderBlock(source, 20000, 3, 2);
    EXPECT_EQ(c[0], RampProvider::value(20000, 0));
    EXPECT_EQ(source.rewindRequests(), 0u);
    EXPECT_FALSE(source.endFrame().has_value());
}

TEST(BlockProviderSource, PlaysSilencePastTheEndAndReportsIt) {
    RampProvider provider(1, 150);
    BlockProviderSource source(provider);
    const auto a = renderBlock(source, 100, 100, 1);
    EXPECT_EQ(a[49], RampProvider::value(149, 0));
    EXPECT_EQ(a[50], 0.0f);
    EXPECT_EQ(a[99], 0.0f);
    EXPECT_TRUE(source.endOfData());
    ASSERT_TRUE(source.endFrame().has_value());
    EXPECT_EQ(*source.endFrame(), 150);
    const int reads = provider.reads;
    for (float v : renderBlock(source, 1000, 10, 1)) {
        EXPECT_EQ(v, 0.0f);
    }
    EXPECT_EQ(provider.reads, reads);  // never read after the end
}

TEST(BlockProviderSource, FramesBeforeTheLatestRequestAreGone) {
    RampProvider provider(1, 1000);
    BlockProviderSource source(provider);
    renderBlock(source, 0, 10, 1);
    renderBlock(source, 500, 10, 1);
    const auto back = renderBlock(source, 5, 10, 1);
    EXPECT_EQ(back, std::vector<float>(10, 0.0f));
    EXPECT_EQ(source.rewindRequests(), 1u);
    EXPECT_EQ(renderBlock(source, 500, 1, 1)[0], RampProvider::value(500, 0));
}

TEST(BlockProviderSource, MapsChannels) {
    RampProvider mono(1, 100);
    BlockProviderSource monoSource(mono);
    const auto stereo = renderBlock(monoSource, 3, 1, 2);
    EXPECT_EQ(stereo[0], RampProvider::value(3, 0));
    EXPECT_EQ(stereo[1], RampProvider::value(3, 0));  // mono feeds every channel

    RampProvider three(3, 100);
    BlockProviderSource threeSource(three);
    const auto two = renderBlock(threeSource, 4, 1, 2);  // extra provider channel dropped
    EXPECT_EQ(two[0], RampProvider::value(4, 0));
    EXPECT_EQ(two[1], RampProvider::value(4, 1));
    const auto four = renderBlock(threeSource, 4, 1, 4);  // missing channel is silent
    EXPECT_EQ(four[2], RampProvider::value(4, 2));
    EXPECT_EQ(four[3], 0.0f);
}

}  // namespace
}  // namespace ps
