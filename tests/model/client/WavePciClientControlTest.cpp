#include "ClientFixture.h"
#include "model/client/SineSource.h"
#include "model/client/WhiteNoiseSource.h"

namespace ps {
namespace {

WavePciClientConfig renderConfig(std::uint32_t packets, std::uint32_t packetMs) {
    WavePciClientConfig c;
    c.packetsQueued = packets;
    c.packetMs = packetMs;
    return c;
}

class WavePciClientControl : public ClientFixture {
  protected:
    const AudioFormat format = AudioFormat::pcm(48000, 2, 16);
    FakeWavePciPin pin{kernel, format, true};
    WhiteNoiseSource noise{99, 0.5};
};

TEST_F(WavePciClientControl, PauseFreezesTheQueueAndResumeContinuesTheSameStream) {
    WavePciClient client(kernel, pin, renderConfig(3, 10), &noise);
    client.start();
    runForMs(35);
    const auto completedBeforePause = client.counters().packetsCompleted;
    EXPECT_EQ(client.pause(), STATUS_SUCCESS);
    EXPECT_EQ(client.mode(), ClientMode::Paused);
    EXPECT_EQ(pin.state(), KSSTATE_PAUSE);
    runForMs(100);
    EXPECT_EQ(client.counters().packetsCompleted, completedBeforePause);
    EXPECT_EQ(pin.pendingPacketCount(), 3u);    // still queued
    EXPECT_EQ(client.pause(), STATUS_SUCCESS);  // no-op
    EXPECT_EQ(client.resume(), STATUS_SUCCESS);
    EXPECT_EQ(client.mode(), ClientMode::Running);
    runForMs(50);
    EXPECT_GT(client.counters().packetsCompleted, completedBeforePause + 3);
    EXPECT_EQ(client.counters().packetsCancelled, 0u);
    EXPECT_EQ(pin.played(), expectedPlayed(noise, format, client));
    EXPECT_EQ(pin.played(), renderEncoded(noise, format, 0, pin.played().size() / 4));
    EXPECT_EQ(client.runIndex(), 1u);
}

TEST_F(WavePciClientControl, PauseFromStoppedPrimesAndResumeNeedsAPausedClient) {
    WavePciClient client(kernel, pin, renderConfig(2, 10), &noise);
    EXPECT_EQ(client.resume(), STATUS_INVALID_DEVICE_STATE);
    EXPECT_EQ(client.pause(), STATUS_SUCCESS);
    EXPECT_EQ(pin.state(), KSSTATE_PAUSE);
    EXPECT_EQ(pin.pendingPacketCount(), 2u);
    EXPECT_EQ(client.runIndex(), 1u);
    EXPECT_EQ(client.start(), STATUS_SUCCESS);  // from Paused: RUN, same run
    EXPECT_EQ(client.runIndex(), 1u);
    EXPECT_EQ(pin.state(), KSSTATE_RUN);
}

TEST_F(WavePciClientControl, StopThenStartContinuesAfterTheLastSubmittedFrame) {
    WavePciClient client(kernel, pin, renderConfig(4, 10), &noise);
    client.start();
    runForMs(25);  // two packets played, four queued
    EXPECT_EQ(client.stop(), STATUS_SUCCESS);
    EXPECT_EQ(client.mode(), ClientMode::Stopped);
    EXPECT_EQ(pin.state(), KSSTATE_STOP);
    EXPECT_EQ(pin.steps().back(), KSSTATE_STOP);
    EXPECT_EQ(client.counters().packetsCancelled, 4u);
    EXPECT_EQ(client.packetsOutstanding(), 0u);
    const std::int64_t next = client.nextFrame();
    EXPECT_EQ(next, 6 * 480);  // nothing resubmitted after STOP
    // The four cancelled packets are lost ranges, contiguous, ending at `next`.
    ASSERT_EQ(client.lostFrames().size(), 4u);
    EXPECT_EQ(client.lostFrames().front().firstFrame, 2 * 480);
    EXPECT_EQ(client.lostFrames().back().firstFrame + client.lostFrames().back().frames, next);
    for (const LostFrameRange& lost : client.lostFrames()) {
        EXPECT_EQ(lost.cause, LossCause::Cancelled);
    }
    runForMs(50);
    EXPECT_EQ(pin.received().size(), 6u);  // stopped: nothing submitted

    EXPECT_EQ(client.start(), STATUS_SUCCESS);
    EXPECT_EQ(client.runIndex(), 2u);
    ASSERT_EQ(pin.received().size(), 10u);
    const SubmittedPacket& firstOfRun2 = client.packets()[6];
    EXPECT_EQ(firstOfRun2.runIndex, 2u);
    EXPECT_EQ(firstOfRun2.firstFrame, next);
    runForMs(40);
    // What played: run 1's first two packets, then run 2 from `next` on.
    EXPECT_EQ(pin.played(), expectedPlayed(noise, format, client));
    const auto run1 = renderEncoded(noise, format, 0, 960);
    EXPECT_TRUE(std::equal(run1.begin(), run1.end(), pin.played().begin()));
    const auto run2 = renderEncoded(noise, format, next, 480);
    EXPECT_TRUE(std::equal(run2.begin(), run2.end(), pin.played().begin() + 960 * 4));
}

TEST_F(WavePciClientControl, PacketsThePinKeepsAfterStopAreRecordedAndNotResubmitted) {
    pin.holdOnStop = 1;
    pin.holdDelayNs = msToNs(3);
    WavePciClient client(kernel, pin, renderConfig(3, 10), &noise);
    client.start();
    runForMs(15);
    client.stop();
    EXPECT_EQ(client.counters().packetsCancelled, 2u);
    EXPECT_EQ(client.packetsOutstanding(), 1u);
    runForMs(5);
    EXPECT_EQ(client.packetsOutstanding(), 0u);
    EXPECT_EQ(client.counters().packetsCompleted, 2u);  // one played + the held one
    EXPECT_EQ(pin.received().size(), 4u);
    EXPECT_EQ(client.counters().errors, 0u);
    EXPECT_EQ(kernel.systemSpace().faults().count(), 0u);
}

TEST_F(WavePciClientControl, StopWithAsynchronousCancellation) {
    pin.asyncCancel = true;
    WavePciClient client(kernel, pin, renderConfig(3, 10), &noise);
    client.start();
    runForMs(5);
    client.stop();
    EXPECT_EQ(client.packetsOutstanding(), 3u);  // completions not here yet
    runForMs(1);
    EXPECT_EQ(client.packetsOutstanding(), 0u);
    EXPECT_EQ(client.counters().packetsCancelled, 3u);
    EXPECT_EQ(pin.received().size(), 3u);
    EXPECT_EQ(client.counters().framesLost, 3u * 480);
}

TEST_F(WavePciClientControl, CancelledFramesAreLostAndRecordedSoTheOutputIsPredictable) {
    SineSource sine(750.0, 0.6, 48000);
    WavePciClient client(kernel, pin, renderConfig(3, 10), &sine);
    client.start();
    runForMs(25);
    EXPECT_EQ(client.cancelPackets(), 3u);
    EXPECT_EQ(client.counters().packetsCancelled, 3u);
    ASSERT_EQ(client.lostFrames().size(), 3u);
    EXPECT_EQ(client.lostFrames()[0].firstFrame, 2 * 480);
    EXPECT_EQ(client.lostFrames()[2].firstFrame + client.lostFrames()[2].frames, 5 * 480);
    EXPECT_EQ(client.mode(), ClientMode::Running);
    runForMs(0);  // the refill event
    EXPECT_EQ(pin.pendingPacketCount(), 3u);
    EXPECT_EQ(client.packets()[5].firstFrame, 5 * 480);  // not resubmitted: the next frames
    runForMs(40);
    EXPECT_EQ(pin.played(), expectedPlayed(sine, format, client));
    // The DAC output jumps from frame 959 to frame 2400.
    const auto after = renderEncoded(sine, format, 5 * 480, 480);
    EXPECT_TRUE(std::equal(after.begin(), after.end(), pin.played().begin() + 960 * 4));
    EXPECT_EQ(countRecords("cancel packet"), 3u);
}

TEST_F(WavePciClientControl, AsynchronousCancelIsHandledToo) {
    pin.asyncCancel = true;
    WavePciClient client(kernel, pin, renderConfig(2, 10), &noise);
    client.start();
    EXPECT_EQ(client.cancelPackets(), 2u);
    EXPECT_EQ(client.counters().packetsCancelled, 0u);
    runForMs(1);
    EXPECT_EQ(client.counters().packetsCancelled, 2u);
    EXPECT_EQ(pin.pendingPacketCount(), 2u);  // refilled with new frames
    EXPECT_EQ(client.packets()[2].firstFrame, 2 * 480);
}

TEST_F(WavePciClientControl, CloseFreesMemoryOnlyAfterThePinReturnsItsBuffers) {
    const std::uint64_t baseline = kernel.memory().allocatedFrameCount();
    pin.holdOnStop = 2;
    pin.holdDelayNs = msToNs(4);
    {
        WavePciClient client(kernel, pin, renderConfig(4, 10), &noise);
        const std::uint64_t allocated = kernel.memory().allocatedFrameCount() - baseline;
        EXPECT_EQ(allocated, 4u * 2);  // 3136 + 1920 bytes: two pages each
        client.start();
        runForMs(12);
        EXPECT_EQ(client.close(), STATUS_SUCCESS);
        EXPECT_EQ(client.mode(), ClientMode::Closing);
        EXPECT_EQ(kernel.memory().allocatedFrameCount() - baseline, 2u * 2);
        EXPECT_EQ(client.bufferHeldByPin(0) + client.bufferHeldByPin(1) +
                      client.bufferHeldByPin(2) + client.bufferHeldByPin(3),
                  2);
        runForMs(5);  // the held packets complete, reading their memory
        EXPECT_EQ(client.mode(), ClientMode::Closed);
        EXPECT_EQ(kernel.memory().allocatedFrameCount(), baseline);
        EXPECT_EQ(kernel.systemSpace().faults().count(), 0u);
        EXPECT_EQ(client.start(), STATUS_INVALID_DEVICE_STATE);
        EXPECT_EQ(client.close(), STATUS_SUCCESS);  // idempotent
    }
    EXPECT_EQ(kernel.memory().allocatedFrameCount(), baseline);
}

TEST_F(WavePciClientControl, DestroyingTheClientLeavesHeldBuffersToTheirCompletion) {
    const std::uint64_t baseline = kernel.memory().allocatedFrameCount();
    pin.holdOnStop = 1;
    pin.holdDelayNs = msToNs(2);
    {
        WavePciClient client(kernel, pin, renderConfig(2, 10), &noise);
        client.start();
        runForMs(3);
    }  // destructor: STOP, cancel, the held buffer stays with the pin
    EXPECT_EQ(kernel.memory().allocatedFrameCount() - baseline, 2u);
    runForMs(3);  // the completion arrives at a routine whose client is gone
    EXPECT_EQ(kernel.memory().allocatedFrameCount(), baseline);
    EXPECT_EQ(kernel.systemSpace().faults().count(), 0u);
}

TEST_F(WavePciClientControl, SetDataFormatReallocatesOnlyWhenStopped) {
    WavePciClient client(kernel, pin, renderConfig(2, 10), &noise);
    client.start();
    EXPECT_EQ(client.setDataFormat(AudioFormat::pcm(44100, 1, 24)), STATUS_INVALID_DEVICE_STATE);
    client.stop();
    const std::uint64_t before = kernel.memory().allocatedFrameCount();
    EXPECT_EQ(client.setDataFormat(AudioFormat::pcm(44100, 1, 24)), STATUS_SUCCESS);
    EXPECT_EQ(client.format(), AudioFormat::pcm(44100, 1, 24));
    EXPECT_EQ(client.packetFrames(), 441u);
    EXPECT_EQ(client.packetBytes(), 1323u);
    EXPECT_EQ(client.pageOffsetBytes(), 3435u);                // 4096 - 1323 / 2, a multiple of 3
    EXPECT_EQ(kernel.memory().allocatedFrameCount(), before);  // still 2 pages per buffer
    client.start();
    runForMs(30);
    EXPECT_EQ(pin.received().back().header.DataUsed, 1323u);

    pin.formatStatus = STATUS_NOT_SUPPORTED;
    client.stop();
    EXPECT_EQ(client.setDataFormat(AudioFormat::pcm(96000, 2, 16)), STATUS_NOT_SUPPORTED);
    EXPECT_EQ(client.format(), AudioFormat::pcm(44100, 1, 24));
    EXPECT_TRUE(client.hasBuffers());
}

}  // namespace
}  // namespace ps
