// encodeFrames encodes a block with the format decoded once; it must write
// exactly the bytes encodeSample writes sample by sample, for every PCM
// container and valid-bit count, including the rounding ties, the clipping
// edges, NaN and infinities.
#include "model/client/PcmEncoding.h"

#include "model/sim/Random.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

namespace ps {
namespace {

std::vector<float> awkwardSamples(unsigned validBits) {
    std::vector<float> v = {0.0f,
                            -0.0f,
                            1.0f,
                            -1.0f,
                            1.5f,
                            -1.5f,
                            std::numeric_limits<float>::quiet_NaN(),
                            std::numeric_limits<float>::infinity(),
                            -std::numeric_limits<float>::infinity(),
                            std::numeric_limits<float>::denorm_min(),
                            0.99999994f,
                            -0.99999994f};
    // Exact ties: (k + 0.5) / 2^(V-1), where representable in a float.
    const double fullScale = std::ldexp(1.0, static_cast<int>(validBits) - 1);
    for (int k : {0, 1, 2, 3, 100, -1, -2, -101}) {
        v.push_back(static_cast<float>((k + 0.5) / fullScale));
    }
    Random rng(validBits);
    for (int i = 0; i < 2000; ++i) {
        v.push_back(static_cast<float>(2.2 * rng.uniform01() - 1.1));
    }
    return v;
}

TEST(PcmBlockEncoding, MatchesPerSampleEncodingForEveryPcmLayout) {
    for (unsigned container : {8u, 16u, 24u, 32u}) {
        for (unsigned valid = 1; valid <= container; ++valid) {
            AudioFormat f = AudioFormat::pcm(48000, 2, static_cast<WORD>(container));
            f.validBits = static_cast<WORD>(valid);
            ASSERT_TRUE(isPcmEncodable(f));
            std::vector<float> samples = awkwardSamples(valid);
            samples.resize(samples.size() / 2 * 2);
            const std::size_t frames = samples.size() / 2;
            const std::size_t step = container / 8;
            std::vector<std::uint8_t> block(samples.size() * step, 0xEE);
            ASSERT_TRUE(encodeFrames(f, samples.data(), frames, block.data()));
            std::vector<std::uint8_t> single(samples.size() * step, 0xEE);
            for (std::size_t i = 0; i < samples.size(); ++i) {
                encodeSample(f, samples[i], single.data() + i * step);
            }
            for (std::size_t i = 0; i < samples.size(); ++i) {
                for (std::size_t b = 0; b < step; ++b) {
                    ASSERT_EQ(block[i * step + b], single[i * step + b])
                        << "container " << container << " valid " << valid << " sample "
                        << samples[i];
                }
            }
        }
    }
}

}  // namespace
}  // namespace ps
