#include "WaveRtClientFixture.h"
#include "model/client/SineSource.h"
#include "model/client/WhiteNoiseSource.h"

namespace ps {
namespace {

using WaveRtClientEvent = WaveRtClientFixture;

TEST_F(WaveRtClientEvent, SetupRequestsWholeFramesRegistersTheEventAndPrefillsTheBuffer) {
    const AudioFormat format = AudioFormat::pcm(44100, 2, 24);  // 6-byte frames
    FakeWaveRtPin pin(kernel, format, true);
    WhiteNoiseSource noise(5, 0.4);
    WaveRtClient client(kernel, pin, eventConfig(2, 10), &noise);
    ASSERT_EQ(client.setupStatus(), STATUS_SUCCESS);
    EXPECT_TRUE(client.isReady());
    EXPECT_EQ(client.streamingMode(), WaveRtStreamingMode::Event);
    // 441 frames, rounded down to a multiple of the notification count.
    EXPECT_EQ(client.requestedBufferBytes(), 440u * 6);
    EXPECT_EQ(client.bufferBytes(), 440u * 6);
    EXPECT_EQ(client.packetBytes(), 220u * 6);
    EXPECT_EQ(pin.notificationCount(), 2u);
    EXPECT_EQ(pin.registeredEvents(), 1u);
    EXPECT_TRUE(client.eventRegistered());
    EXPECT_FALSE(client.usesPositionRegister());
    EXPECT_TRUE(pin.steps().empty());

    ASSERT_EQ(client.start(), STATUS_SUCCESS);
    EXPECT_EQ(pin.steps(), (std::vector<KSSTATE>{KSSTATE_ACQUIRE, KSSTATE_PAUSE, KSSTATE_RUN}));
    EXPECT_EQ(client.mode(), ClientMode::Running);
    // The prefill is the whole buffer: source frames 0..439.
    EXPECT_EQ(pin.bufferContents(), renderEncoded(noise, format, 0, 440));
    EXPECT_EQ(client.clientPositionBytes(), 440u * 6);
    EXPECT_EQ(client.nextFrame(), 440);
    ASSERT_EQ(client.passes().size(), 1u);
    EXPECT_EQ(client.passes()[0].wakeup, 0u);
    EXPECT_EQ(countRecords("prefill"), 1u);
    EXPECT_TRUE(client.errors().empty());
}

TEST_F(WaveRtClientEvent, TwoNotificationsRefillTheFinishedHalfAndPlayTheSourceInOrder) {
    FakeWaveRtPin pin(kernel, kStereo16, true);
    SineSource sine(997.0, 0.5, 48000);
    WaveRtClient client(kernel, pin, eventConfig(2, 10), &sine);
    ASSERT_EQ(client.start(), STATUS_SUCCESS);
    runForMs(500);

    EXPECT_EQ(pin.signals(), 100u);  // every 5 ms
    const auto& c = client.counters();
    EXPECT_EQ(c.wakeups, 100u);
    EXPECT_EQ(c.underruns, 0u);
    EXPECT_EQ(c.emptyWakeups, 0u);
    EXPECT_EQ(c.framesWritten, 480u + 100u * 240u);
    EXPECT_EQ(c.errors, 0u);
    // Each wake refills the packet that just finished, with the next packet.
    for (const WaveRtPass& pass : client.passes()) {
        if (pass.wakeup == 0) {
            continue;
        }
        EXPECT_EQ(pass.atNs, msToNs(5) * static_cast<TimeNs>(pass.wakeup));
        EXPECT_EQ(pass.devicePositionBytes, 960u * pass.wakeup);
        EXPECT_EQ(pass.bytes, 960u);
        EXPECT_EQ(pass.firstPositionBytes, 960u * (pass.wakeup + 1));
        EXPECT_EQ(pass.firstPositionBytes % 1920u, ((pass.wakeup - 1) % 2) * 960u);
        EXPECT_EQ(pass.firstFrame, 480 + 240 * static_cast<std::int64_t>(pass.wakeup - 1));
    }
    // The device played exactly the source's frames, in order.
    ASSERT_EQ(pin.played().size(), 96000u);
    EXPECT_EQ(pin.played(), renderEncoded(sine, kStereo16, 0, 24000));
    EXPECT_EQ(client.devicePositionBytes(), 96000u);
}

TEST_F(WaveRtClientEvent, OneNotificationRefillsTheWholeBufferAtEachWrap) {
    FakeWaveRtPin pin(kernel, kStereo16, true);
    WhiteNoiseSource noise(77, 0.3);
    WaveRtClient client(kernel, pin, eventConfig(1, 10), &noise);
    ASSERT_EQ(client.packetBytes(), 1920u);
    ASSERT_EQ(client.start(), STATUS_SUCCESS);
    runForMs(200);

    EXPECT_EQ(client.counters().wakeups, 20u);
    EXPECT_EQ(client.counters().underruns, 0u);
    for (const WaveRtPass& pass : client.passes()) {
        EXPECT_EQ(pass.bytes, 1920u);
        EXPECT_EQ(pass.firstPositionBytes % 1920u, 0u);
    }
    EXPECT_EQ(pin.played(), renderEncoded(noise, kStereo16, 0, 9600));
}

// The count-1 race: the end-of-buffer event is also the moment the device
// starts re-reading offset 0. Everything it fetched before the client's pass
// is an underrun; with two notifications the same latency is harmless.
TEST_F(WaveRtClientEvent, OneNotificationUnderrunsByWhatTheDeviceFetchedBeforeTheWake) {
    FakeWaveRtPin pin(kernel, kStereo16, true);
    pin.signalDelayNs = usToNs(50);  // 2.4 frames at 48 kHz: the position is 2 frames past
    WhiteNoiseSource noise(3, 0.3);
    WaveRtClient client(kernel, pin, eventConfig(1, 10), &noise);
    ASSERT_EQ(client.start(), STATUS_SUCCESS);
    runForMs(101);

    const auto& c = client.counters();
    ASSERT_EQ(c.wakeups, 10u);
    EXPECT_EQ(c.underruns, 10u);
    EXPECT_EQ(c.underrunBytes, 10u * 8);
    EXPECT_EQ(countGlitchRecords("render underrun"), 10u);
    for (const WaveRtGlitch& g : client.glitches()) {
        EXPECT_EQ(g.kind, WaveRtGlitchKind::RenderUnderrun);
        EXPECT_EQ(g.devicePositionBytes, g.clientPositionBytes + 8);
        EXPECT_EQ(g.bytesAffected, 8u);
        EXPECT_EQ(g.resyncPositionBytes, g.devicePositionBytes);
    }
    // Played: source frames in order, with 2 stale frames at each wrap.
    std::size_t stale = 0;
    const auto expected = expectedRenderStream(noise, kStereo16, client, pin.played().size());
    EXPECT_EQ(mismatches(pin.played(), expected, &stale), 0u);
    EXPECT_EQ(stale, 10u * 8);

    FakeWaveRtPin pin2(kernel, kStereo16, true);
    pin2.signalDelayNs = usToNs(50);
    WaveRtClient client2(kernel, pin2, eventConfig(2, 10), &noise);
    ASSERT_EQ(client2.start(), STATUS_SUCCESS);
    runForMs(101);
    EXPECT_EQ(client2.counters().wakeups, 20u);
    expectPlayedInOrder(pin2, client2, noise, pin2.played().size() / 4);
}

TEST_F(WaveRtClientEvent, PauseFreezesTheStreamAndResumeContinuesItSeamlessly) {
    FakeWaveRtPin pin(kernel, kStereo16, true);
    SineSource sine(440.0, 0.5, 48000);
    WaveRtClient client(kernel, pin, eventConfig(2, 10), &sine);
    ASSERT_EQ(client.start(), STATUS_SUCCESS);
    runForMs(37);
    ASSERT_EQ(client.pause(), STATUS_SUCCESS);
    EXPECT_EQ(client.mode(), ClientMode::Paused);
    EXPECT_EQ(pin.state(), KSSTATE_PAUSE);
    const std::uint64_t wakeups = client.counters().wakeups;
    runForMs(100);
    EXPECT_EQ(client.counters().wakeups, wakeups);
    ASSERT_EQ(client.resume(), STATUS_SUCCESS);
    EXPECT_EQ(client.segment(), 2u);
    runForMs(63);

    EXPECT_EQ(pin.linearPositionBytes(), 100u * 192);  // 100 ms in RUN
    expectPlayedInOrder(pin, client, sine, pin.played().size() / 4);
    EXPECT_EQ(client.devicePositionBytes(), client.passes().back().devicePositionBytes);
    for (std::uint32_t segment : {1u, 2u}) {
        const PositionJitterStats jitter = client.positionJitter(segment);
        EXPECT_GE(jitter.samples, 5u);
        EXPECT_LT(jitter.maxAbsMs, 0.03) << "segment " << segment;  // under 1.5 frames
        EXPECT_TRUE(withinHlkJitterLimits(jitter));
    }
}

TEST_F(WaveRtClientEvent, StopThenStartBeginsANewRunThatContinuesTheSource) {
    FakeWaveRtPin pin(kernel, kStereo16, true);
    WhiteNoiseSource noise(9, 0.3);
    WaveRtClient client(kernel, pin, eventConfig(2, 10), &noise);
    ASSERT_EQ(client.start(), STATUS_SUCCESS);
    runForMs(22);
    ASSERT_EQ(client.stop(), STATUS_SUCCESS);
    EXPECT_EQ(pin.state(), KSSTATE_STOP);
    const std::size_t playedFirstRun = pin.played().size();
    const std::int64_t continueAt = client.nextFrame();
    EXPECT_EQ(playedFirstRun, 22u * 192);
    EXPECT_EQ(continueAt, 480 + 4 * 240);  // prefill + four refills (5, 10, 15, 20 ms)
    runForMs(10);
    ASSERT_EQ(client.start(), STATUS_SUCCESS);
    EXPECT_EQ(client.runIndex(), 2u);
    EXPECT_EQ(client.clientPositionBytes(), 1920u);
    runForMs(30);

    EXPECT_EQ(client.counters().underruns, 0u);
    std::vector<std::uint8_t> expected = renderEncoded(noise, kStereo16, 0, playedFirstRun / 4);
    const auto second = renderEncoded(noise, kStereo16, continueAt, 30 * 48);
    expected.insert(expected.end(), second.begin(), second.end());
    EXPECT_EQ(pin.played(), expected);
}

TEST_F(WaveRtClientEvent, CloseStopsUnregistersAndClosesThePinOnce) {
    FakeWaveRtPin pin(kernel, kStereo16, true);
    WaveRtClient client(kernel, pin, eventConfig(2, 10), nullptr);
    ASSERT_EQ(client.start(), STATUS_SUCCESS);
    runForMs(12);
    EXPECT_EQ(client.close(), STATUS_SUCCESS);
    EXPECT_EQ(client.mode(), ClientMode::Closed);
    EXPECT_FALSE(client.isReady());
    EXPECT_EQ(pin.state(), KSSTATE_STOP);
    EXPECT_EQ(pin.registeredEvents(), 0u);
    EXPECT_TRUE(pin.closed());
    EXPECT_EQ(client.close(), STATUS_SUCCESS);
    EXPECT_EQ(countRecords("close pin"), 1u);
    EXPECT_EQ(client.start(), STATUS_INVALID_DEVICE_STATE);
    const std::uint64_t wakeups = client.counters().wakeups;
    runForMs(50);
    EXPECT_EQ(client.counters().wakeups, wakeups);
    EXPECT_TRUE(hasError(client, "start after close"));
}

TEST_F(WaveRtClientEvent, DestroyingARunningClientLeavesNoWakeBehind) {
    FakeWaveRtPin pin(kernel, kStereo16, true);
    {
        WaveRtClientConfig config = eventConfig(2, 10);
        config.extraDelayNs = [](std::uint64_t) { return usToNs(100); };
        WaveRtClient client(kernel, pin, config, nullptr);
        ASSERT_EQ(client.start(), STATUS_SUCCESS);
        // Stop between a wake and its delayed reaction.
        scheduler.runUntil(msToNs(5) + usToNs(50));
    }
    EXPECT_TRUE(pin.closed());
    runForMs(50);  // nothing left to call into the destroyed client
    EXPECT_EQ(pin.state(), KSSTATE_STOP);
}

}  // namespace
}  // namespace ps
