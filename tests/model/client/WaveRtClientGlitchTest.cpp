#include "WaveRtClientFixture.h"
#include "model/client/WhiteNoiseSource.h"

#include <map>

namespace ps {
namespace {

using WaveRtClientGlitch = WaveRtClientFixture;

std::function<TimeNs(std::uint64_t)> lateOn(std::map<std::uint64_t, TimeNs> delays) {
    return [delays](std::uint64_t wakeup) {
        const auto it = delays.find(wakeup);
        return it == delays.end() ? TimeNs{0} : it->second;
    };
}

// Buffer 10 ms, two 5 ms packets: a wake may be up to one packet late.
TEST_F(WaveRtClientGlitch, EventLatenessGivesExactlyTheInjectedUnderruns) {
    FakeWaveRtPin pin(kernel, kStereo16, true);
    WhiteNoiseSource noise(21, 0.3);
    WaveRtClientConfig config = eventConfig(2, 10);
    // Wakeups 5 and 12 are 2 ms too late; wakeup 20 is late but within the slack.
    config.extraDelayNs = lateOn({{5, msToNs(7)}, {12, msToNs(7)}, {20, msToNs(4)}});
    WaveRtClient client(kernel, pin, config, &noise);
    ASSERT_EQ(client.start(), STATUS_SUCCESS);
    runForMs(200);

    const auto& c = client.counters();
    EXPECT_EQ(c.lateWakeups, 3u);
    ASSERT_EQ(c.underruns, 2u);
    EXPECT_EQ(c.underrunBytes, 2u * 384);
    EXPECT_EQ(countGlitchRecords("render underrun"), 2u);
    // The boundary passed while the client was busy wakes it at once, with
    // nothing left to do: the position, not the wake count, paces the client.
    EXPECT_EQ(c.emptyWakeups, 2u);
    EXPECT_EQ(c.wakeups, pin.signals());

    const WaveRtGlitch& first = client.glitches()[0];
    EXPECT_EQ(first.wakeup, 5u);
    EXPECT_EQ(first.atNs, msToNs(32));
    EXPECT_EQ(first.clientPositionBytes, 6u * 960);   // the end of packet 6 (30 ms)
    EXPECT_EQ(first.devicePositionBytes, 32u * 192);  // 32 ms
    EXPECT_EQ(first.bytesAffected, 384u);
    EXPECT_EQ(first.resyncPositionBytes, 32u * 192);
    EXPECT_EQ(first.nextFrame, 6 * 240);
    const WaveRtGlitch& second = client.glitches()[1];
    EXPECT_EQ(second.wakeup, 12u);
    EXPECT_EQ(second.atNs, msToNs(67));
    EXPECT_EQ(second.bytesAffected, 384u);

    // Played: the source in order, with the 2 ms of stale buffer at each glitch.
    std::size_t stale = 0;
    const auto expected = expectedRenderStream(noise, kStereo16, client, pin.played().size());
    EXPECT_EQ(mismatches(pin.played(), expected, &stale), 0u);
    EXPECT_EQ(stale, 2u * 384);
}

// Polling every 2 ms, 6 ms ahead: the padding before a tick is 4 ms.
TEST_F(WaveRtClientGlitch, PollingLatenessGivesExactlyTheInjectedUnderruns) {
    FakeWaveRtPin pin(kernel, kStereo16, true);
    WhiteNoiseSource noise(22, 0.3);
    WaveRtClientConfig config = pollingConfig(msToNs(2), 6, 20);
    config.extraDelayNs = lateOn({{10, msToNs(5)}, {30, msToNs(3)}});
    WaveRtClient client(kernel, pin, config, &noise);
    ASSERT_EQ(client.start(), STATUS_SUCCESS);
    runForMs(200);

    const auto& c = client.counters();
    ASSERT_EQ(c.underruns, 1u);
    EXPECT_EQ(c.underrunBytes, 192u);  // 1 ms
    EXPECT_EQ(c.emptyWakeups, 2u);     // ticks that fired while the client was busy
    const WaveRtGlitch& g = client.glitches()[0];
    EXPECT_EQ(g.wakeup, 10u);
    EXPECT_EQ(g.atNs, msToNs(25));
    EXPECT_EQ(g.clientPositionBytes, 18u * 192 + 1152);
    EXPECT_EQ(g.devicePositionBytes, 25u * 192);
    std::size_t stale = 0;
    const auto expected = expectedRenderStream(noise, kStereo16, client, pin.played().size());
    EXPECT_EQ(mismatches(pin.played(), expected, &stale), 0u);
    EXPECT_EQ(stale, 192u);
    EXPECT_EQ(client.clientPositionBytes() - client.devicePositionBytes(), 1152u);
}

TEST_F(WaveRtClientGlitch, AWakeLateBySeveralBuffersCountsEveryWrap) {
    FakeWaveRtPin pin(kernel, kStereo16, true);
    WhiteNoiseSource noise(23, 0.3);
    WaveRtClientConfig config = eventConfig(2, 10);
    config.extraDelayNs = lateOn({{3, msToNs(35)}});  // 3.5 buffers
    WaveRtClient client(kernel, pin, config, &noise);
    ASSERT_EQ(client.start(), STATUS_SUCCESS);
    scheduler.runUntil(msToNs(50));
    EXPECT_EQ(client.devicePositionBytes(), 50u * 192);
    EXPECT_EQ(client.devicePositionBytes(), pin.linearPositionBytes());
    runForMs(50);

    ASSERT_EQ(client.counters().underruns, 1u);
    const WaveRtGlitch& g = client.glitches()[0];
    EXPECT_EQ(g.clientPositionBytes, 4u * 960);
    EXPECT_EQ(g.devicePositionBytes, 50u * 192);
    EXPECT_EQ(g.bytesAffected, 50u * 192 - 4 * 960);
    EXPECT_EQ(client.counters().positionRegressions, 0u);
    const auto expected = expectedRenderStream(noise, kStereo16, client, pin.played().size());
    EXPECT_EQ(mismatches(pin.played(), expected), 0u);
    EXPECT_EQ(client.devicePositionBytes(), pin.linearPositionBytes());
}

TEST_F(WaveRtClientGlitch, AFailingGetPositionIsRecordedAndTheLostTimeIsAnUnderrun) {
    FakeWaveRtPin pin(kernel, kStereo16, true);
    WhiteNoiseSource noise(24, 0.3);
    WaveRtClient client(kernel, pin, eventConfig(2, 10), &noise);
    ASSERT_EQ(client.start(), STATUS_SUCCESS);
    scheduler.runUntil(msToNs(22));
    pin.positionStatus = STATUS_DEVICE_NOT_READY;  // the wakes at 25 and 30 ms fail
    scheduler.runUntil(msToNs(32));
    pin.positionStatus = STATUS_SUCCESS;
    runForMs(68);

    EXPECT_EQ(client.counters().errors, 2u);
    ASSERT_EQ(client.errors().size(), 2u);
    EXPECT_STREQ(client.errors()[0].what, "getPosition failed");
    EXPECT_EQ(client.errors()[0].status, STATUS_DEVICE_NOT_READY);
    EXPECT_EQ(countRecords("client error"), 2u);
    ASSERT_EQ(client.counters().underruns, 1u);
    EXPECT_EQ(client.glitches()[0].atNs, msToNs(35));
    EXPECT_EQ(client.glitches()[0].bytesAffected, 960u);  // the 5 ms after the written 30 ms
    const auto expected = expectedRenderStream(noise, kStereo16, client, pin.played().size());
    EXPECT_EQ(mismatches(pin.played(), expected), 0u);
}

TEST_F(WaveRtClientGlitch, ADeviceThatNeverSignalsTimesTheWaitOut) {
    FakeWaveRtPin pin(kernel, kStereo16, true);
    WaveRtClientConfig config = eventConfig(2, 10);
    config.notificationTimeoutNs = msToNs(15);
    WaveRtClient client(kernel, pin, config, nullptr);
    ASSERT_EQ(client.start(), STATUS_SUCCESS);
    ASSERT_EQ(pin.unregisterNotificationEvent(const_cast<KEVENT*>(&client.notificationEvent())),
              STATUS_SUCCESS);  // the device forgets the event
    runForMs(46);
    EXPECT_EQ(client.counters().timeouts, 3u);  // at 15, 30 and 45 ms
    EXPECT_TRUE(hasError(client, "notification timeout"));
    // Each timeout still services the buffer: the first finds the device 5 ms
    // past what was written.
    ASSERT_GE(client.counters().underruns, 1u);
    EXPECT_EQ(client.glitches()[0].bytesAffected, 5u * 192);
}

}  // namespace
}  // namespace ps
