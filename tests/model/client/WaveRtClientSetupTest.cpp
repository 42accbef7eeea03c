#include "WaveRtClientFixture.h"
#include "model/client/WhiteNoiseSource.h"

namespace ps {
namespace {

using WaveRtClientSetup = WaveRtClientFixture;

TEST_F(WaveRtClientSetup, NotificationCountThreeIsRefusedAndTheClientStaysStopped) {
    FakeWaveRtPin pin(kernel, kStereo16, true);
    WaveRtClient client(kernel, pin, eventConfig(3, 10), nullptr);
    EXPECT_EQ(client.setupStatus(), STATUS_INVALID_PARAMETER);
    EXPECT_FALSE(client.isReady());
    EXPECT_EQ(client.requestedBufferBytes(), 480u * 4);  // 480 frames: a multiple of 3
    EXPECT_TRUE(hasError(client, "getBufferWithNotification failed"));
    EXPECT_EQ(pin.registeredEvents(), 0u);

    EXPECT_EQ(client.start(), STATUS_INVALID_PARAMETER);
    EXPECT_EQ(client.pause(), STATUS_INVALID_PARAMETER);
    EXPECT_EQ(client.mode(), ClientMode::Stopped);
    EXPECT_TRUE(pin.steps().empty());
    runForMs(50);
    EXPECT_EQ(client.counters().wakeups, 0u);
    EXPECT_TRUE(hasError(client, "start without a buffer"));
    EXPECT_EQ(client.close(), STATUS_SUCCESS);
    EXPECT_TRUE(pin.closed());
}

TEST_F(WaveRtClientSetup, APinWithoutNotificationsFailsAnEventClientUnlessItMayPoll) {
    FakeWaveRtPin pin(kernel, kStereo16, true);
    pin.notificationSupported = false;  // no IMiniportWaveRTStreamNotification
    WaveRtClient strict(kernel, pin, eventConfig(2, 10), nullptr);
    EXPECT_EQ(strict.setupStatus(), STATUS_NOT_SUPPORTED);
    EXPECT_EQ(strict.start(), STATUS_NOT_SUPPORTED);
    EXPECT_EQ(strict.mode(), ClientMode::Stopped);
    EXPECT_EQ(countRecords("fallback to polling"), 0u);

    FakeWaveRtPin pin2(kernel, kStereo16, true);
    pin2.notificationSupported = false;
    WaveRtClientConfig config = eventConfig(2, 10);
    config.fallbackToPolling = true;
    config.pollingPeriodNs = msToNs(2);
    config.writeAheadMs = 6;
    WhiteNoiseSource noise(41, 0.3);
    WaveRtClient client(kernel, pin2, config, &noise);
    EXPECT_EQ(client.setupStatus(), STATUS_SUCCESS);
    EXPECT_EQ(client.streamingMode(), WaveRtStreamingMode::Polling);
    EXPECT_EQ(countRecords("fallback to polling"), 1u);
    EXPECT_EQ(pin2.registeredEvents(), 0u);
    EXPECT_TRUE(client.errors().empty());
    ASSERT_EQ(client.start(), STATUS_SUCCESS);
    runForMs(100);
    EXPECT_EQ(client.counters().wakeups, 50u);
    expectPlayedInOrder(pin2, client, noise, 100 * 48);
}

TEST_F(WaveRtClientSetup, ARefusedEventRegistrationIsAnErrorOrAFallback) {
    FakeWaveRtPin pin(kernel, kStereo16, true);
    pin.registerEventStatus = STATUS_INSUFFICIENT_RESOURCES;
    WaveRtClient strict(kernel, pin, eventConfig(2, 10), nullptr);
    EXPECT_EQ(strict.setupStatus(), STATUS_INSUFFICIENT_RESOURCES);
    EXPECT_TRUE(hasError(strict, "registerNotificationEvent failed"));
    EXPECT_FALSE(strict.eventRegistered());

    FakeWaveRtPin pin2(kernel, kStereo16, true);
    pin2.registerEventStatus = STATUS_INSUFFICIENT_RESOURCES;
    WaveRtClientConfig config = eventConfig(2, 10);
    config.fallbackToPolling = true;
    WaveRtClient client(kernel, pin2, config, nullptr);
    EXPECT_EQ(client.setupStatus(), STATUS_SUCCESS);
    EXPECT_EQ(client.streamingMode(), WaveRtStreamingMode::Polling);
    ASSERT_EQ(client.start(), STATUS_SUCCESS);
    runForMs(30);
    EXPECT_EQ(client.counters().wakeups, 10u);  // the default 3 ms timer
    EXPECT_EQ(client.counters().underruns, 0u);
}

TEST_F(WaveRtClientSetup, AFailedAllocationStopsSetupAndIsReported) {
    FakeWaveRtPin pin(kernel, kStereo16, true);
    pin.bufferStatus = STATUS_DEVICE_NOT_READY;
    WaveRtClient client(kernel, pin, pollingConfig(), nullptr);
    EXPECT_EQ(client.setupStatus(), STATUS_DEVICE_NOT_READY);
    EXPECT_TRUE(hasError(client, "getBuffer failed"));
    EXPECT_EQ(client.start(), STATUS_DEVICE_NOT_READY);
    EXPECT_EQ(countRecords("client error"), 2u);
}

TEST_F(WaveRtClientSetup, UsesTheActualSizeWhenThePinRoundsTheRequestUp) {
    FakeWaveRtPin pin(kernel, kStereo16, true);
    pin.extraBufferBytes = 4096 - 1920;  // rounded up to a page, as ReactOS does
    WhiteNoiseSource noise(42, 0.3);
    WaveRtClient client(kernel, pin, eventConfig(2, 10), &noise);
    EXPECT_EQ(client.requestedBufferBytes(), 1920u);
    EXPECT_EQ(client.bufferBytes(), 4096u);
    EXPECT_EQ(client.packetBytes(), 2048u);
    ASSERT_EQ(client.start(), STATUS_SUCCESS);
    EXPECT_EQ(client.clientPositionBytes(), 4096u);
    runForMs(160);  // 15 packets of 512 frames (10.67 ms)
    EXPECT_EQ(client.counters().wakeups, 15u);
    expectPlayedInOrder(pin, client, noise, pin.played().size() / 4);
    EXPECT_EQ(pin.played().size(), 160u * 192);
}

TEST_F(WaveRtClientSetup, BufferLengthIsClampedToOneMillisecondToTwoSeconds) {
    FakeWaveRtPin pin(kernel, kStereo16, true);
    WaveRtClientConfig tiny = pollingConfig();
    tiny.bufferMs = 0;
    WaveRtClient a(kernel, pin, tiny, nullptr);
    EXPECT_EQ(a.config().bufferMs, 1u);
    EXPECT_EQ(a.requestedBufferBytes(), 48u * 4);
    EXPECT_EQ(a.writeAheadBytes(), 48u * 4) << "the write-ahead never exceeds the buffer";

    FakeWaveRtPin pin2(kernel, kStereo16, true);
    WaveRtClientConfig huge = eventConfig(2, 60'000);
    WaveRtClient b(kernel, pin2, huge, nullptr);
    EXPECT_EQ(b.config().bufferMs, 2000u);
    EXPECT_EQ(b.requestedBufferBytes(), 96000u * 4);
}

TEST_F(WaveRtClientSetup, EveryClientActionIsTracedWithTheStreamId) {
    FakeWaveRtPin pin(kernel, kStereo16, true);
    WaveRtClient client(kernel, pin, eventConfig(2, 10), nullptr);
    ASSERT_EQ(client.start(), STATUS_SUCCESS);
    runForMs(10);
    client.close();
    std::size_t clientRecords = 0;
    tracer.ring().forEachFrom(0, [&](const TraceRecord& r) {
        if (r.category == TraceCategory::Client) {
            ++clientRecords;
            EXPECT_EQ(r.streamId, 7u);
            EXPECT_STREQ(r.source, "client");
        }
    });
    EXPECT_GT(clientRecords, 10u);
    for (const char* name :
         {"open", "get buffer with notification", "buffer", "hw latency",
          "register notification event", "setup done", "start", "begin run", "prefill", "set state",
          "write", "unregister notification event", "close pin", "closed"}) {
        EXPECT_GE(countRecords(name), 1u) << name;
    }
    EXPECT_EQ(countRecords("write"), 2u);
}

}  // namespace
}  // namespace ps
