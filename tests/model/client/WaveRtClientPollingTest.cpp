#include "WaveRtClientFixture.h"
#include "model/client/SineSource.h"
#include "model/client/WhiteNoiseSource.h"

namespace ps {
namespace {

using WaveRtClientPolling = WaveRtClientFixture;

TEST_F(WaveRtClientPolling, KeepsTheWriteAheadBetweenTimerTicks) {
    FakeWaveRtPin pin(kernel, kStereo16, true);
    SineSource sine(1000.0, 0.5, 48000);
    WaveRtClient client(kernel, pin, pollingConfig(msToNs(2), 6, 20), &sine);
    ASSERT_EQ(client.setupStatus(), STATUS_SUCCESS);
    EXPECT_EQ(client.streamingMode(), WaveRtStreamingMode::Polling);
    EXPECT_EQ(client.packetBytes(), 0u);
    EXPECT_EQ(client.writeAheadBytes(), 1152u);  // 6 ms
    EXPECT_EQ(pin.notificationCount(), 0u);      // KSPROPERTY_RTAUDIO_BUFFER, no event
    EXPECT_EQ(pin.registeredEvents(), 0u);
    ASSERT_EQ(client.start(), STATUS_SUCCESS);
    EXPECT_EQ(client.clientPositionBytes(), 1152u);  // prefilled up to the write-ahead
    runForMs(300);

    const std::uint64_t writeAhead = 1152;
    const std::uint64_t perPeriod = 384;  // 2 ms at 192 kB/s
    EXPECT_EQ(client.counters().wakeups, 150u);
    EXPECT_EQ(client.counters().underruns, 0u);
    EXPECT_EQ(client.counters().emptyWakeups, 0u);
    for (const WaveRtPass& pass : client.passes()) {
        if (pass.wakeup == 0) {
            continue;
        }
        EXPECT_EQ(pass.atNs, msToNs(2) * static_cast<TimeNs>(pass.wakeup));
        const std::uint64_t paddingBefore = pass.clientPositionBytes - pass.devicePositionBytes;
        EXPECT_GE(paddingBefore, writeAhead - perPeriod);
        EXPECT_LE(paddingBefore, writeAhead);
        EXPECT_EQ(pass.firstPositionBytes + pass.bytes - pass.devicePositionBytes, writeAhead);
    }
    EXPECT_EQ(pin.played().size(), 300u * 192);
    EXPECT_EQ(pin.played(), renderEncoded(sine, kStereo16, 0, 300 * 48));
}

TEST_F(WaveRtClientPolling, CodecDelayOptionKeepsThatMuchMoreWrittenAhead) {
    FakeWaveRtPin pin(kernel, kStereo16, true);
    pin.latency = KSRTAUDIO_HWLATENCY{32, 0, 10'000};  // CodecDelay 1 ms
    WaveRtClientConfig config = pollingConfig(msToNs(2), 6, 20);
    config.addCodecDelay = true;
    WhiteNoiseSource noise(1, 0.2);
    WaveRtClient client(kernel, pin, config, &noise);
    EXPECT_EQ(client.hwLatency().CodecDelay, 10'000u);
    EXPECT_EQ(client.hwLatency().FifoSize, 32u);
    EXPECT_EQ(client.codecDelayBytes(), 192u);
    ASSERT_EQ(client.start(), STATUS_SUCCESS);
    EXPECT_EQ(client.clientPositionBytes(), 1152u + 192u);
    runForMs(50);
    for (const WaveRtPass& pass : client.passes()) {
        EXPECT_EQ(pass.firstPositionBytes + pass.bytes - pass.devicePositionBytes, 1152u + 192u);
    }
    expectPlayedInOrder(pin, client, noise, 50 * 48);
}

TEST_F(WaveRtClientPolling, ReadsTheMappedPositionRegisterWhenThePinOffersOne) {
    FakeWaveRtPin pin(kernel, kStereo16, true);
    pin.registersSupported = true;
    WhiteNoiseSource noise(4, 0.2);
    WaveRtClient client(kernel, pin, pollingConfig(msToNs(2), 6, 20), &noise);
    ASSERT_TRUE(client.usesPositionRegister());
    ASSERT_TRUE(client.hasClockRegister());
    EXPECT_EQ(client.positionRegister().Width, 32u);
    EXPECT_GE(client.positionRegister().Register, MmioMappings::kMmioVaBase);
    EXPECT_EQ(client.clockRegister().frequencyHz(), 24e6);
    EXPECT_EQ(countRecords("register mapped"), 2u);
    ASSERT_EQ(client.start(), STATUS_SUCCESS);
    runForMs(100);

    const auto& c = client.counters();
    EXPECT_EQ(c.wakeups, 50u);
    EXPECT_EQ(c.registerReads, 50u);
    EXPECT_EQ(c.positionReads, 0u);
    EXPECT_EQ(pin.getPositionCalls(), 0u);
    EXPECT_EQ(pin.registerReads(), 50u);
    EXPECT_EQ(kernel.mappedRegisterFaults(), 0u);
    ASSERT_EQ(client.positionSamples().size(), 50u);
    for (const PositionSample& s : client.positionSamples()) {
        EXPECT_TRUE(s.fromRegister);
        EXPECT_EQ(s.clockTicks, static_cast<std::uint64_t>(s.atNs / 1000 * 24));  // 24 MHz
    }
    EXPECT_EQ(c.underruns, 0u);
    EXPECT_EQ(pin.played(), renderEncoded(noise, kStereo16, 0, 100 * 48));
    EXPECT_TRUE(withinHlkJitterLimits(client.positionJitter(1)));
}

TEST_F(WaveRtClientPolling, FallsBackToGetPositionWhenTheRegistersAreRefused) {
    FakeWaveRtPin pin(kernel, kStereo16, true);
    pin.registerRefusal = STATUS_NOT_IMPLEMENTED;  // sysvad's answer
    WhiteNoiseSource noise(4, 0.2);
    WaveRtClient client(kernel, pin, pollingConfig(msToNs(2), 6, 20), &noise);
    EXPECT_FALSE(client.usesPositionRegister());
    EXPECT_FALSE(client.hasClockRegister());
    EXPECT_EQ(countRecords("register unavailable"), 2u);
    EXPECT_TRUE(client.errors().empty()) << "a missing register is not an error";
    ASSERT_EQ(client.start(), STATUS_SUCCESS);
    runForMs(100);
    EXPECT_EQ(client.counters().positionReads, 50u);
    EXPECT_EQ(client.counters().registerReads, 0u);
    EXPECT_EQ(pin.getPositionCalls(), 50u);
    expectPlayedInOrder(pin, client, noise, 100 * 48);
}

TEST_F(WaveRtClientPolling, ARegisterValueOutsideTheBufferSendsTheClientBackToGetPosition) {
    FakeWaveRtPin pin(kernel, kStereo16, true);
    pin.registersSupported = true;
    pin.registerBias = 1u << 20;  // always beyond the 3840-byte buffer
    WhiteNoiseSource noise(4, 0.2);
    WaveRtClient client(kernel, pin, pollingConfig(msToNs(2), 6, 20), &noise);
    ASSERT_TRUE(client.usesPositionRegister());
    ASSERT_EQ(client.start(), STATUS_SUCCESS);
    runForMs(40);
    EXPECT_FALSE(client.usesPositionRegister());
    EXPECT_TRUE(hasError(client, "position register outside the buffer; using getPosition"));
    EXPECT_EQ(client.counters().errors, 1u);
    EXPECT_EQ(client.counters().registerReads, 1u);
    EXPECT_EQ(client.counters().positionReads, 20u);
    expectPlayedInOrder(pin, client, noise, 40 * 48);
}

TEST_F(WaveRtClientPolling, EventModeAlsoReadsTheRegister) {
    FakeWaveRtPin pin(kernel, kStereo16, true);
    pin.registersSupported = true;
    SineSource sine(300.0, 0.5, 48000);
    WaveRtClient client(kernel, pin, eventConfig(2, 10), &sine);
    ASSERT_EQ(client.start(), STATUS_SUCCESS);
    runForMs(100);
    EXPECT_EQ(client.counters().registerReads, 20u);
    EXPECT_EQ(pin.getPositionCalls(), 0u);
    expectPlayedInOrder(pin, client, sine, 100 * 48);
}

TEST_F(WaveRtClientPolling, ABufferThatIsNotWholeFramesStillPlaysInOrder) {
    FakeWaveRtPin pin(kernel, kStereo16, true);
    pin.extraBufferBytes = 2;  // 3842 bytes: frames straddle the wrap
    WhiteNoiseSource noise(8, 0.2);
    WaveRtClient client(kernel, pin, pollingConfig(msToNs(2), 6, 20), &noise);
    EXPECT_EQ(client.bufferBytes(), 3842u);
    EXPECT_TRUE(hasError(client, "buffer is not a whole number of frames"));
    ASSERT_EQ(client.start(), STATUS_SUCCESS);
    runForMs(100);
    expectPlayedInOrder(pin, client, noise, 100 * 48);
}

}  // namespace
}  // namespace ps
