#include "WaveRtClientFixture.h"
#include "model/client/RecordingCaptureSink.h"
#include "model/client/SweepSource.h"
#include "model/client/WhiteNoiseSource.h"

#include <map>

namespace ps {
namespace {

using WaveRtClientCapture = WaveRtClientFixture;

WaveRtClientConfig asCapture(WaveRtClientConfig config) {
    config.direction = StreamDirection::Capture;
    return config;
}

TEST_F(WaveRtClientCapture, EventModeReadsEachFinishedPacketExactlyAsRecorded) {
    FakeWaveRtPin pin(kernel, kStereo16, false);
    WhiteNoiseSource noise(31, 0.5);
    pin.captureSource = &noise;
    RecordingCaptureSink sink;
    WaveRtClient client(kernel, pin, asCapture(eventConfig(2, 10)), nullptr, &sink);
    ASSERT_EQ(client.start(), STATUS_SUCCESS);
    EXPECT_TRUE(client.passes().empty()) << "capture has nothing to prefill";
    runForMs(100);

    EXPECT_EQ(client.counters().wakeups, 20u);
    EXPECT_EQ(client.counters().framesRead, 20u * 240);
    EXPECT_EQ(client.counters().overflows, 0u);
    ASSERT_EQ(sink.packets().size(), 20u);
    for (std::size_t i = 0; i < sink.packets().size(); ++i) {
        const auto& p = sink.packets()[i];
        EXPECT_EQ(p.frames, 240u);
        EXPECT_EQ(p.firstFrame, static_cast<std::int64_t>(240 * i));
        EXPECT_EQ(p.packetId, i + 1);  // the wakeup
        EXPECT_EQ(p.completedAtNs, msToNs(5) * static_cast<TimeNs>(i + 1));
        EXPECT_EQ(p.runIndex, 1u);
    }
    EXPECT_EQ(sink.discontinuities(), 0u);
    EXPECT_EQ(sink.format(), kStereo16);
    EXPECT_EQ(sink.bytes(), renderEncoded(noise, kStereo16, 0, 20 * 240));
    EXPECT_EQ(client.clientPositionBytes(), client.devicePositionBytes());
}

TEST_F(WaveRtClientCapture, PollingReadsEverythingUpToTheRecordPosition) {
    FakeWaveRtPin pin(kernel, kStereo16, false);
    SweepSource sweep(100.0, 8000.0, 48000, 48000, SweepShape::Logarithmic, 0.5);
    pin.captureSource = &sweep;
    pin.registersSupported = true;
    RecordingCaptureSink sink;
    WaveRtClient client(kernel, pin, asCapture(pollingConfig(msToNs(3), 6, 20)), nullptr, &sink);
    EXPECT_EQ(client.writeAheadBytes(), 0u);
    ASSERT_EQ(client.start(), STATUS_SUCCESS);
    runForMs(90);

    EXPECT_EQ(client.counters().wakeups, 30u);
    for (const WaveRtPass& pass : client.passes()) {
        EXPECT_EQ(pass.firstPositionBytes + pass.bytes, pass.devicePositionBytes);
        EXPECT_EQ(pass.bytes, 3u * 192);
    }
    EXPECT_EQ(sink.frameCount(), 90 * 48);
    EXPECT_EQ(sink.bytes(), renderEncoded(sweep, kStereo16, 0, 90 * 48));
    EXPECT_EQ(client.counters().registerReads, 30u);
}

TEST_F(WaveRtClientCapture, ALateReadLosesWhatTheDeviceOverwroteAndNothingElse) {
    FakeWaveRtPin pin(kernel, kStereo16, false);
    WhiteNoiseSource noise(32, 0.5);
    pin.captureSource = &noise;
    RecordingCaptureSink sink;
    WaveRtClientConfig config = asCapture(pollingConfig(msToNs(2), 6, 10));
    // Wakeup 5 (10 ms) reacts at 22 ms: 14 ms after the last read, 4 ms more
    // than the 10 ms buffer holds. Wakeup 20 is late but within the buffer.
    config.extraDelayNs = [](std::uint64_t wakeup) {
        return wakeup == 5 ? msToNs(12) : wakeup == 20 ? msToNs(7) : 0;
    };
    WaveRtClient client(kernel, pin, config, nullptr, &sink);
    ASSERT_EQ(client.start(), STATUS_SUCCESS);
    runForMs(100);

    const auto& c = client.counters();
    ASSERT_EQ(c.overflows, 1u);
    EXPECT_EQ(c.overflowBytes, 4u * 192);
    EXPECT_EQ(countGlitchRecords("capture overflow"), 1u);
    const WaveRtGlitch& g = client.glitches()[0];
    EXPECT_EQ(g.kind, WaveRtGlitchKind::CaptureOverflow);
    EXPECT_EQ(g.wakeup, 5u);
    EXPECT_EQ(g.atNs, msToNs(22));
    EXPECT_EQ(g.clientPositionBytes, 8u * 192);
    EXPECT_EQ(g.devicePositionBytes, 22u * 192);
    EXPECT_EQ(g.bytesAffected, 4u * 192);
    EXPECT_EQ(g.resyncPositionBytes, 12u * 192);
    EXPECT_EQ(g.nextFrame, 8 * 48);

    // Delivered: recorded frames [0, 8 ms) then [12 ms, 100 ms), contiguous
    // in the sink's frame index.
    std::vector<std::uint8_t> expected = renderEncoded(noise, kStereo16, 0, 8 * 48);
    const auto rest = renderEncoded(noise, kStereo16, 12 * 48, 88 * 48);
    expected.insert(expected.end(), rest.begin(), rest.end());
    EXPECT_EQ(sink.bytes(), expected);
    EXPECT_EQ(sink.discontinuities(), 0u);
    EXPECT_EQ(sink.frameCount(), 96 * 48);
}

TEST_F(WaveRtClientCapture, OneNotificationLosesWhatTheDeviceRecordedBeforeTheWake) {
    FakeWaveRtPin pin(kernel, kStereo16, false);
    pin.signalDelayNs = usToNs(50);  // the record position is 2 frames past the boundary
    WhiteNoiseSource noise(33, 0.5);
    pin.captureSource = &noise;
    RecordingCaptureSink sink;
    WaveRtClient client(kernel, pin, asCapture(eventConfig(1, 10)), nullptr, &sink);
    ASSERT_EQ(client.start(), STATUS_SUCCESS);
    runForMs(55);

    ASSERT_EQ(client.counters().wakeups, 5u);
    // Every lap has lost its first 2 frames: the device recorded the next
    // lap's first frames over them before the client read them.
    EXPECT_EQ(client.counters().overflows, 5u);
    EXPECT_EQ(client.counters().overflowBytes, 5u * 8);
    ASSERT_EQ(sink.packets().size(), 5u);
    std::vector<std::uint8_t> expected;
    for (std::int64_t lap = 0; lap < 5; ++lap) {
        EXPECT_EQ(sink.packets()[static_cast<std::size_t>(lap)].frames, 478u);
        const auto part = renderEncoded(noise, kStereo16, lap * 480 + 2, 478);
        expected.insert(expected.end(), part.begin(), part.end());
    }
    EXPECT_EQ(sink.bytes(), expected);
}

}  // namespace
}  // namespace ps
