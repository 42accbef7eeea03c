// CyclicPositionUnwrapper, the jitter helper, and the client's unwrapping over
// many laps of a small buffer.
#include "WaveRtClientFixture.h"
#include "model/client/CyclicPositionUnwrapper.h"
#include "model/client/WhiteNoiseSource.h"

#include <cmath>

namespace ps {
namespace {

// A 1000-byte buffer at 1000 bytes per second: one byte per millisecond.
CyclicPositionUnwrapper unwrapper1000() {
    CyclicPositionUnwrapper u;
    u.reset(1000, 1000);
    return u;
}

TEST(WaveRtPositionUnwrapper, FollowsTheOffsetAcrossWraps) {
    CyclicPositionUnwrapper u = unwrapper1000();
    EXPECT_EQ(u.observe(300, msToNs(300)), 300u);
    EXPECT_EQ(u.observe(900, msToNs(900)), 900u);
    EXPECT_EQ(u.observe(100, msToNs(1100)), 1100u);
    EXPECT_EQ(u.observe(50, msToNs(2050)), 2050u);
    EXPECT_EQ(u.positionBytes(), 2050u);
    for (int lap = 3; lap < 1003; ++lap) {  // a thousand more laps, four looks each
        for (int quarter = 0; quarter < 4; ++quarter) {
            const std::int64_t ms = lap * 1000 + quarter * 250 + 50;
            ASSERT_EQ(u.observe(static_cast<std::uint64_t>(ms % 1000), msToNs(ms)),
                      static_cast<std::uint64_t>(ms));
        }
    }
    EXPECT_EQ(u.regressions(), 0u);
}

TEST(WaveRtPositionUnwrapper, ALateLookCountsTheWholeLapsFromTheRunningTime) {
    CyclicPositionUnwrapper u = unwrapper1000();
    EXPECT_EQ(u.observe(200, msToNs(200)), 200u);
    // 3.7 laps later: offset 900 could be 900, 1900, 2900, 3900 or 4900.
    EXPECT_EQ(u.observe(900, msToNs(3900)), 3900u);
    // A device clock 8 % fast over a 5-lap gap (5400 bytes in 5 s) is still
    // counted right: the error stays under half a lap.
    EXPECT_EQ(u.observe(300, msToNs(3900 + 5000)), 9300u);
}

TEST(WaveRtPositionUnwrapper, ASmallStepBackIsARegressionNotALap) {
    CyclicPositionUnwrapper u = unwrapper1000();
    EXPECT_EQ(u.observe(500, msToNs(500)), 500u);
    EXPECT_EQ(u.observe(496, msToNs(501)), 500u);  // held, not 1496
    EXPECT_EQ(u.regressions(), 1u);
    EXPECT_EQ(u.observe(520, msToNs(520)), 520u);
}

TEST(WaveRtPositionUnwrapper, AStalledDeviceLookedAtOftenInventsNoLaps) {
    CyclicPositionUnwrapper u = unwrapper1000();
    u.observe(100, msToNs(100));
    for (int i = 1; i <= 50; ++i) {
        EXPECT_EQ(u.observe(100, msToNs(100 + 200 * i)), 100u);
    }
    EXPECT_EQ(u.regressions(), 0u);
    u.reset(1000, 1000, 5000, msToNs(7));
    EXPECT_EQ(u.positionBytes(), 5000u);
    EXPECT_EQ(u.observe(10, msToNs(17)), 5010u);
}

TEST(WaveRtPositionJitter, DeviationsAgainstTheIdealClock) {
    // 1000 bytes per second: 1 byte = 1 ms.
    const std::vector<PositionSample> samples{
        {msToNs(100), 5000}, {msToNs(110), 5010}, {msToNs(120), 5022}, {msToNs(130), 5028}};
    const PositionJitterStats stats = computePositionJitter(samples, 1000);
    EXPECT_EQ(stats.samples, 4u);
    EXPECT_DOUBLE_EQ(stats.meanMs, 0.0);               // deviations 0, 0, +2, -2
    EXPECT_DOUBLE_EQ(stats.stddevMs, std::sqrt(2.0));  // sqrt((4 + 4) / 4)
    EXPECT_DOUBLE_EQ(stats.maxAbsMs, 2.0);
    EXPECT_FALSE(withinHlkJitterLimits(stats));  // stddev > 1 ms

    const std::vector<PositionSample> lagging{
        {0, 0}, {msToNs(10), 9}, {msToNs(20), 19}, {msToNs(30), 29}};
    const PositionJitterStats lag = computePositionJitter(lagging, 1000);
    EXPECT_DOUBLE_EQ(lag.meanMs, -0.75);
    EXPECT_NEAR(lag.stddevMs, std::sqrt(0.1875), 1e-12);
    EXPECT_DOUBLE_EQ(lag.maxAbsMs, 1.0);
    EXPECT_TRUE(withinHlkJitterLimits(lag));

    EXPECT_EQ(computePositionJitter({samples[0]}, 1000).maxAbsMs, 0.0);
    EXPECT_EQ(computePositionJitter(samples, 0).stddevMs, 0.0);
}

using WaveRtClientPosition = WaveRtClientFixture;

TEST_F(WaveRtClientPosition, UnwrapsAThousandLapsOfATwoMillisecondBuffer) {
    const AudioFormat format = AudioFormat::pcm(48000, 2, 16);
    for (bool registers : {false, true}) {
        FakeWaveRtPin pin(kernel, format, true);
        pin.registersSupported = registers;
        WhiteNoiseSource noise(51, 0.3);
        WaveRtClient client(kernel, pin, eventConfig(2, 2), &noise);
        ASSERT_EQ(client.bufferBytes(), 384u);
        ASSERT_EQ(client.start(), STATUS_SUCCESS);
        runForMs(2000);
        EXPECT_EQ(client.counters().wakeups, 2000u);
        EXPECT_EQ(client.devicePositionBytes(), 2000u * 192);
        EXPECT_EQ(client.devicePositionBytes(), pin.linearPositionBytes());
        EXPECT_EQ(client.clientPositionBytes(), 2000u * 192 + 384);
        EXPECT_EQ(client.counters().underruns, 0u);
        EXPECT_EQ(client.counters().positionRegressions, 0u);
        EXPECT_EQ(pin.played(), renderEncoded(noise, format, 0, 2000 * 48));
        const PositionJitterStats jitter = client.positionJitter(1);
        EXPECT_EQ(jitter.samples, 2000u);
        EXPECT_DOUBLE_EQ(jitter.maxAbsMs, 0.0);  // every sample on a packet boundary
        client.close();
    }
}

}  // namespace
}  // namespace ps
