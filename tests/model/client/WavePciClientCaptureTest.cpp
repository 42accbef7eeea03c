#include "ClientFixture.h"
#include "model/client/RecordingCaptureSink.h"
#include "model/client/SineSource.h"

namespace ps {
namespace {

WavePciClientConfig captureConfig(std::uint32_t packets, std::uint32_t packetMs) {
    WavePciClientConfig c;
    c.direction = StreamDirection::Capture;
    c.packetsQueued = packets;
    c.packetMs = packetMs;
    return c;
}

class WavePciClientCapture : public ClientFixture {
  protected:
    const AudioFormat format = AudioFormat::extensiblePcm(48000, 2, 24, 20);
    FakeWavePciPin pin{kernel, format, false};
    SineSource microphone{330.0, 0.4, 48000, {0.0, 1.0}};
    RecordingCaptureSink sink;
};

TEST_F(WavePciClientCapture, SubmitsEmptyPacketsAndDeliversWhatThePinWrote) {
    pin.captureSource = &microphone;
    WavePciClient client(kernel, pin, captureConfig(3, 10), nullptr, &sink);
    ASSERT_EQ(client.start(), STATUS_SUCCESS);
    for (const auto& r : pin.received()) {
        EXPECT_EQ(r.header.DataUsed, 0u);
        EXPECT_EQ(r.header.FrameExtent, 480u * 6);
    }
    runForMs(205);
    EXPECT_EQ(pin.pendingPacketCount(), 3u);
    ASSERT_EQ(sink.packets().size(), 20u);
    EXPECT_EQ(sink.frameCount(), 20 * 480);
    EXPECT_EQ(sink.bytes(), renderEncoded(microphone, format, 0, 20 * 480));
    EXPECT_EQ(sink.discontinuities(), 0u);
    EXPECT_EQ(sink.format(), format);
    for (std::size_t k = 0; k < sink.packets().size(); ++k) {
        EXPECT_EQ(sink.packets()[k].firstFrame, static_cast<std::int64_t>(k) * 480);
        EXPECT_EQ(sink.packets()[k].runIndex, 1u);
        EXPECT_EQ(client.packets()[k].firstFrame, static_cast<std::int64_t>(k) * 480);
    }
    EXPECT_EQ(client.counters().framesCompleted, 20u * 480);
    EXPECT_EQ(client.nextFrame(), 20 * 480);
    // The decoded samples are the microphone quantized to 20 bits.
    const std::vector<float> samples = sink.samples();
    ASSERT_EQ(samples.size(), 2u * 20 * 480);
    EXPECT_NEAR(samples[2 * 100 + 1], microphone.sampleAt(100, 1), 1.0 / 524288);
}

TEST_F(WavePciClientCapture, DeliversOnlyTheReportedWholeFrames) {
    pin.bytesToReport = [](ULONG bytes) { return bytes / 2 + 1; };  // 1441: 240 frames + 1 byte
    WavePciClient client(kernel, pin, captureConfig(2, 10), nullptr, &sink);
    client.start();
    runForMs(25);
    ASSERT_EQ(sink.packets().size(), 2u);
    EXPECT_EQ(sink.packets()[0].frames, 240u);
    EXPECT_EQ(sink.packets()[1].firstFrame, 240);
    EXPECT_TRUE(hasError(client, "completion bytes are not whole frames"));
    EXPECT_EQ(client.packets()[0].completionBytes, 1441u);
    EXPECT_EQ(client.packets()[0].completedFrames, 240u);
}

TEST_F(WavePciClientCapture, DeliversInSubmissionOrderWhenThePinCompletesOutOfOrder) {
    WavePciClient client(kernel, pin, captureConfig(3, 10), nullptr, &sink);
    client.pause();  // primed, not running
    const std::vector<std::uint64_t> ids = pin.pendingIds();
    ASSERT_EQ(ids.size(), 3u);
    ASSERT_TRUE(pin.completeNow(ids[1], STATUS_SUCCESS, 600));
    EXPECT_TRUE(sink.packets().empty());  // waits for the first
    EXPECT_EQ(client.packetsOutstanding(), 3u);
    ASSERT_TRUE(pin.completeNow(ids[0], STATUS_SUCCESS, 1200));
    ASSERT_EQ(sink.packets().size(), 2u);
    EXPECT_EQ(sink.packets()[0].packetId, ids[0]);
    EXPECT_EQ(sink.packets()[0].frames, 200u);
    EXPECT_EQ(sink.packets()[1].packetId, ids[1]);
    EXPECT_EQ(sink.packets()[1].firstFrame, 200);
    EXPECT_EQ(client.packetsOutstanding(), 1u);
    runForMs(0);  // refill
    EXPECT_EQ(pin.pendingPacketCount(), 3u);
}

TEST_F(WavePciClientCapture, StopCancelsAndStartBeginsANewRunWithContiguousFrameIndices) {
    pin.captureSource = &microphone;
    WavePciClient client(kernel, pin, captureConfig(2, 10), nullptr, &sink);
    client.start();
    runForMs(25);
    client.stop();
    EXPECT_EQ(client.counters().packetsCancelled, 2u);
    const auto delivered = sink.frameCount();
    EXPECT_EQ(delivered, 2 * 480);
    client.start();
    runForMs(15);
    ASSERT_EQ(sink.packets().size(), 3u);
    EXPECT_EQ(sink.packets()[2].firstFrame, delivered);
    EXPECT_EQ(sink.packets()[2].runIndex, 2u);
    EXPECT_EQ(sink.discontinuities(), 0u);
    // A cancelled capture packet with bytes 0 delivers nothing.
    EXPECT_EQ(client.counters().framesCompleted, 3u * 480);
}

TEST_F(WavePciClientCapture, WithoutASinkDataIsCountedAndDropped) {
    WavePciClient client(kernel, pin, captureConfig(2, 10), nullptr, nullptr);
    client.start();
    runForMs(35);
    EXPECT_EQ(client.counters().framesCompleted, 3u * 480);
    EXPECT_EQ(client.counters().errors, 0u);
}

}  // namespace
}  // namespace ps
