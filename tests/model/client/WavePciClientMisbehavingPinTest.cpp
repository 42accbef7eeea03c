#include "ClientFixture.h"
#include "model/client/RecordingCaptureSink.h"
#include "model/client/WhiteNoiseSource.h"

namespace ps {
namespace {

WavePciClientConfig renderConfig(std::uint32_t packets) {
    WavePciClientConfig c;
    c.packetsQueued = packets;
    c.packetMs = 10;
    return c;
}

class WavePciClientMisbehavingPin : public ClientFixture {
  protected:
    const AudioFormat format = AudioFormat::pcm(48000, 2, 16);
    FakeWavePciPin pin{kernel, format, true};
    WhiteNoiseSource noise{5, 0.5};
};

TEST_F(WavePciClientMisbehavingPin, FailedSubmitsAreRecordedAndConsumeNoFrames) {
    pin.failSubmits = 2;
    WavePciClient client(kernel, pin, renderConfig(3), &noise);
    EXPECT_EQ(client.start(), STATUS_SUCCESS);  // the state change itself works
    EXPECT_EQ(pin.pendingPacketCount(), 0u);    // priming stopped at the first failure
    EXPECT_EQ(client.counters().submitFailures, 1u);
    EXPECT_TRUE(hasError(client, "submitPacket failed"));
    EXPECT_EQ(client.errors().front().status, STATUS_INSUFFICIENT_RESOURCES);
    ASSERT_EQ(client.packets().size(), 1u);
    EXPECT_EQ(client.packets()[0].status, PacketStatus::SubmitFailed);
    EXPECT_EQ(client.nextFrame(), 0);

    // Nothing is queued, so nothing completes: the client retries one packet
    // duration (10 ms) later.
    runForMs(10);
    EXPECT_EQ(client.counters().submitFailures, 2u);  // second failure, retried again
    EXPECT_EQ(pin.pendingPacketCount(), 0u);
    runForMs(10);
    EXPECT_EQ(pin.pendingPacketCount(), 3u);
    EXPECT_EQ(client.counters().errors, 2u);
    runForMs(50);
    EXPECT_EQ(client.packets()[2].firstFrame, 0);  // the same frames, resubmitted
    EXPECT_EQ(pin.played(), renderEncoded(noise, format, 0, pin.played().size() / 4));
    EXPECT_EQ(pin.played(), expectedPlayed(noise, format, client));
}

TEST_F(WavePciClientMisbehavingPin, ADoubleCompletionIsRecordedAndIgnored) {
    pin.completeTwice = true;
    WavePciClient client(kernel, pin, renderConfig(2), &noise);
    client.start();
    runForMs(25);
    EXPECT_EQ(client.counters().packetsCompleted, 2u);
    EXPECT_EQ(client.counters().framesCompleted, 2u * 480);
    EXPECT_TRUE(hasError(client, "duplicate completion"));
    EXPECT_EQ(client.counters().errors, 2u);
    EXPECT_EQ(pin.pendingPacketCount(), 2u);  // still exactly N queued
    EXPECT_EQ(pin.played(), expectedPlayed(noise, format, client));
}

TEST_F(WavePciClientMisbehavingPin, ACompletionWithAnUnknownIdKeepsTheBufferHeld) {
    pin.idSkew = 1000;
    WavePciClient client(kernel, pin, renderConfig(2), &noise);
    client.start();
    runForMs(25);
    EXPECT_TRUE(hasError(client, "completion with an unknown packet id"));
    EXPECT_EQ(client.counters().packetsCompleted, 0u);
    EXPECT_EQ(client.packetsOutstanding(), 2u);  // never resubmitted: the pin may still use them
    EXPECT_TRUE(client.bufferHeldByPin(0));
    EXPECT_EQ(pin.received().size(), 2u);
    const std::uint64_t before = kernel.memory().allocatedFrameCount();
    client.close();
    EXPECT_EQ(client.mode(), ClientMode::Closing);
    EXPECT_EQ(kernel.memory().allocatedFrameCount(), before);  // nothing freed under the pin
}

TEST_F(WavePciClientMisbehavingPin, ACompletionInsideSubmitPacketIsHandled) {
    pin.completeInsideSubmit = 1;
    WavePciClient client(kernel, pin, renderConfig(2), &noise);
    client.start();
    EXPECT_EQ(client.counters().packetsCompleted, 1u);
    EXPECT_EQ(client.counters().errors, 0u);
    EXPECT_EQ(client.packets()[0].packetId, pin.received()[0].packetId);
    EXPECT_EQ(client.packets()[0].status, PacketStatus::Completed);
    EXPECT_EQ(pin.pendingPacketCount(), 1u);
    runForMs(0);  // the refill event, not a nested submit
    EXPECT_EQ(pin.pendingPacketCount(), 2u);
    EXPECT_EQ(client.packets()[2].firstFrame, 2 * 480);
}

TEST_F(WavePciClientMisbehavingPin, MoreBytesThanThePacketHoldsAreClamped) {
    pin.bytesToReport = [](ULONG bytes) { return bytes * 2; };
    WavePciClient client(kernel, pin, renderConfig(2), &noise);
    client.start();
    runForMs(15);
    EXPECT_TRUE(hasError(client, "completion reports more bytes than the packet holds"));
    EXPECT_EQ(client.counters().framesCompleted, 480u);
    EXPECT_EQ(client.lostFrames().size(), 0u);
}

TEST_F(WavePciClientMisbehavingPin, ShortAndFailedCompletionsAreLostFrames) {
    WavePciClient client(kernel, pin, renderConfig(3), &noise);
    client.pause();
    const auto ids = pin.pendingIds();
    pin.completeNow(ids[0], STATUS_SUCCESS, 400);  // 100 of 480 frames played
    pin.completeNow(ids[1], STATUS_UNSUCCESSFUL, 0);
    ASSERT_EQ(client.lostFrames().size(), 2u);
    EXPECT_EQ(client.lostFrames()[0].cause, LossCause::ShortCompletion);
    EXPECT_EQ(client.lostFrames()[0].firstFrame, 100);
    EXPECT_EQ(client.lostFrames()[0].frames, 380);
    EXPECT_EQ(client.lostFrames()[1].cause, LossCause::Failed);
    EXPECT_EQ(client.counters().packetsFailed, 1u);
    EXPECT_EQ(client.counters().framesLost, 380u + 480);
}

TEST_F(WavePciClientMisbehavingPin, AFailedStateStepLeavesTheClientWhereThePinIs) {
    pin.failStep = KSSTATE_PAUSE;
    WavePciClient client(kernel, pin, renderConfig(2), &noise);
    EXPECT_EQ(client.start(), STATUS_UNSUCCESSFUL);
    EXPECT_EQ(pin.state(), KSSTATE_ACQUIRE);
    EXPECT_EQ(client.mode(), ClientMode::Paused);
    EXPECT_TRUE(hasError(client, "setState failed"));
    pin.failStep.reset();
    EXPECT_EQ(client.start(), STATUS_SUCCESS);
    EXPECT_EQ(pin.state(), KSSTATE_RUN);
    EXPECT_EQ(client.runIndex(), 1u);
}

TEST_F(WavePciClientMisbehavingPin, ACaptureDoubleCompletionDoesNotDeliverTwice) {
    FakeWavePciPin capturePin(kernel, format, false);
    capturePin.completeTwice = true;
    RecordingCaptureSink sink;
    WavePciClientConfig config = renderConfig(2);
    config.direction = StreamDirection::Capture;
    WavePciClient client(kernel, capturePin, config, nullptr, &sink);
    client.start();
    runForMs(25);
    EXPECT_EQ(sink.packets().size(), 2u);
    EXPECT_EQ(sink.discontinuities(), 0u);
    EXPECT_TRUE(hasError(client, "duplicate completion"));
}

TEST_F(WavePciClientMisbehavingPin, BufferAllocationFailureLeavesAClientThatRefusesToStart) {
    PhysicalMemoryConfig tiny;
    tiny.frameCount = 3;
    KernelConfig config;
    config.memory = tiny;
    Kernel small(scheduler, tracer, config);
    FakeWavePciPin smallPin(small, format, true);
    WavePciClient client(small, smallPin, renderConfig(4), &noise);
    EXPECT_FALSE(client.hasBuffers());
    EXPECT_TRUE(hasError(client, "packet buffer allocation failed"));
    EXPECT_EQ(small.memory().allocatedFrameCount(), 0u);  // nothing leaked
    EXPECT_EQ(client.start(), STATUS_INSUFFICIENT_RESOURCES);
    EXPECT_EQ(smallPin.received().size(), 0u);
}

}  // namespace
}  // namespace ps
