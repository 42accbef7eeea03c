// WaveRtClient::changeFormat against the fake pin: the client stops, gives
// its buffer back, sets the format, sets up a buffer for it and returns to
// the mode it was in.
#include "WaveRtClientFixture.h"
#include "model/client/SineSource.h"

namespace ps {
namespace {

using WaveRtClientFormat = WaveRtClientFixture;

const AudioFormat kStereo24At44k = AudioFormat::pcm(44100, 2, 24);  // 6 B per frame

TEST_F(WaveRtClientFormat, RunningClientStepsDownReallocatesAndRunsInTheNewFormat) {
    FakeWaveRtPin pin(kernel, kStereo16, true);
    SineSource tone(1000.0, 0.5, 48000);
    WaveRtClient client(kernel, pin, eventConfig(2, 10), &tone);
    ASSERT_EQ(client.start(), STATUS_SUCCESS);
    runForMs(30);
    EXPECT_EQ(pin.bufferBytes(), 480u * 4);
    const std::size_t stepsBefore = pin.steps().size();

    int acceptedCalls = 0;
    const NTSTATUS status = client.changeFormat(kStereo24At44k, [&](const AudioFormat& f) {
        ++acceptedCalls;
        EXPECT_EQ(f, kStereo24At44k);
        // Called after the old buffer went back and before the new one.
        EXPECT_EQ(pin.bufferBytes(), 0u);
        EXPECT_EQ(pin.registeredEvents(), 0u);
        EXPECT_EQ(pin.state(), KSSTATE_STOP);
    });
    EXPECT_EQ(status, STATUS_SUCCESS);
    EXPECT_EQ(acceptedCalls, 1);
    EXPECT_EQ(pin.dataFormat(), kStereo24At44k);
    EXPECT_EQ(client.format(), kStereo24At44k);
    // Down through every state to STOP, and back up to RUN.
    const std::vector<KSSTATE> steps(pin.steps().begin() + static_cast<std::ptrdiff_t>(stepsBefore),
                                     pin.steps().end());
    EXPECT_EQ(steps, (std::vector<KSSTATE>{KSSTATE_PAUSE, KSSTATE_ACQUIRE, KSSTATE_STOP,
                                           KSSTATE_ACQUIRE, KSSTATE_PAUSE, KSSTATE_RUN}));
    // 10 ms at 44.1 kHz: 441 frames, 440 for two notifications.
    EXPECT_EQ(client.requestedBufferBytes(), 440u * 6);
    EXPECT_EQ(pin.bufferBytes(), 440u * 6);
    EXPECT_EQ(client.bufferBytes(), 440u * 6);
    EXPECT_EQ(client.packetBytes(), 220u * 6);
    EXPECT_EQ(pin.registeredEvents(), 1u);
    EXPECT_TRUE(client.eventRegistered());
    EXPECT_EQ(client.mode(), ClientMode::Running);
    EXPECT_EQ(client.runIndex(), 2u);
    EXPECT_EQ(countRecords("change format"), 1u);
    EXPECT_EQ(countRecords("release buffer"), 1u);

    runForMs(50);
    EXPECT_EQ(client.counters().underruns, 0u);
    EXPECT_TRUE(client.errors().empty());
    EXPECT_EQ(client.close(), STATUS_SUCCESS);
}

TEST_F(WaveRtClientFormat, PausedClientReturnsToPauseAndStoppedStaysStopped) {
    FakeWaveRtPin pin(kernel, kStereo16, true);
    WaveRtClient client(kernel, pin, pollingConfig(), nullptr);
    ASSERT_EQ(client.start(), STATUS_SUCCESS);
    runForMs(20);
    ASSERT_EQ(client.pause(), STATUS_SUCCESS);
    EXPECT_EQ(client.changeFormat(kStereo24At44k), STATUS_SUCCESS);
    EXPECT_EQ(client.mode(), ClientMode::Paused);
    EXPECT_EQ(pin.state(), KSSTATE_PAUSE);
    EXPECT_EQ(client.format(), kStereo24At44k);
    // Polling: 20 ms at 44.1 kHz, 882 frames.
    EXPECT_EQ(pin.bufferBytes(), 882u * 6);
    EXPECT_EQ(client.writeAheadBytes(), 264u * 6);  // 6 ms

    ASSERT_EQ(client.stop(), STATUS_SUCCESS);
    EXPECT_EQ(client.changeFormat(kStereo16), STATUS_SUCCESS);
    EXPECT_EQ(client.mode(), ClientMode::Stopped);
    EXPECT_EQ(pin.state(), KSSTATE_STOP);
    EXPECT_EQ(pin.bufferBytes(), 960u * 4);
    EXPECT_EQ(client.start(), STATUS_SUCCESS);
    runForMs(20);
    EXPECT_EQ(client.counters().underruns, 0u);
    EXPECT_TRUE(client.errors().empty());
}

TEST_F(WaveRtClientFormat, ClosedClientRefusesAFormatChange) {
    FakeWaveRtPin pin(kernel, kStereo16, true);
    WaveRtClient client(kernel, pin, eventConfig(), nullptr);
    client.close();
    EXPECT_EQ(client.changeFormat(kStereo24At44k), STATUS_INVALID_DEVICE_STATE);
    EXPECT_TRUE(hasError(client, "change format after close"));
    EXPECT_EQ(pin.dataFormat(), kStereo16);
}

}  // namespace
}  // namespace ps
