#include "ClientFixture.h"
#include "model/client/BlockProviderSource.h"
#include "model/client/SineSource.h"
#include "model/client/WhiteNoiseSource.h"

namespace ps {
namespace {

WavePciClientConfig renderConfig(std::uint32_t packets = 4, std::uint32_t packetMs = 10) {
    WavePciClientConfig c;
    c.direction = StreamDirection::Render;
    c.packetsQueued = packets;
    c.packetMs = packetMs;
    c.streamId = 3;
    return c;
}

using WavePciClientRender = ClientFixture;

TEST_F(WavePciClientRender, PacketsAreWholeFramesAndStraddlePageBoundaries) {
    const AudioFormat format = AudioFormat::pcm(48000, 2, 24);  // 6-byte frames
    FakeWavePciPin pin(kernel, format, true);
    SineSource sine(1000.0, 0.5, 48000);
    WavePciClient client(kernel, pin, renderConfig(3), &sine);
    ASSERT_TRUE(client.hasBuffers());
    EXPECT_EQ(client.packetFrames(), 480u);
    EXPECT_EQ(client.packetBytes(), 2880u);
    // The packet's middle on a page boundary: 4096 - 1440, down to whole frames.
    EXPECT_EQ(client.pageOffsetBytes(), 2652u);
    ASSERT_EQ(client.start(), STATUS_SUCCESS);

    ASSERT_EQ(pin.received().size(), 3u);
    for (const auto& r : pin.received()) {
        EXPECT_EQ(r.header.Size, sizeof(KSSTREAM_HEADER));
        EXPECT_EQ(r.header.FrameExtent, 2880u);
        EXPECT_EQ(r.header.DataUsed, 2880u);
        EXPECT_EQ(r.header.DataUsed % format.bytesPerFrame(), 0u);
        EXPECT_EQ(r.header.Data % PAGE_SIZE, 2652u);
    }
    for (std::size_t i = 0; i < client.bufferCount(); ++i) {
        const ClientPacketBuffer* buffer = client.buffer(i);
        ASSERT_NE(buffer, nullptr);
        ASSERT_EQ(buffer->pages().size(), 2u);                  // 2652 + 2880 bytes span two pages
        EXPECT_NE(buffer->pages()[1], buffer->pages()[0] + 1);  // not physically adjacent
        // Frame 240 starts 4 bytes before the page boundary: it straddles it.
        const std::uint64_t frame240 = buffer->dataVa() + 240 * 6;
        EXPECT_EQ(frame240 / PAGE_SIZE + 1, (frame240 + 5) / PAGE_SIZE);
        EXPECT_EQ(kernel.systemSpace().translate(frame240 + 4), pfnToAddress(buffer->pages()[1]));
    }
    // The bytes straddling the boundary are the source's frame 240.
    const auto expected = renderEncoded(sine, format, 240, 1);
    const auto& bytes = pin.received()[0].bytesAtSubmit;
    EXPECT_TRUE(std::equal(expected.begin(), expected.end(), bytes.begin() + 240 * 6));
}

TEST_F(WavePciClientRender, KeepsNPacketsQueuedWhileRunning) {
    const AudioFormat format = AudioFormat::pcm(48000, 2, 16);
    FakeWavePciPin pin(kernel, format, true);
    WhiteNoiseSource noise(11, 0.3);
    WavePciClient client(kernel, pin, renderConfig(4, 5), &noise);
    ASSERT_EQ(client.start(), STATUS_SUCCESS);
    EXPECT_EQ(pin.pendingPacketCount(), 4u);
    EXPECT_EQ(pin.steps(), (std::vector<KSSTATE>{KSSTATE_ACQUIRE, KSSTATE_PAUSE, KSSTATE_RUN}));
    for (int i = 0; i < 40; ++i) {
        runForMs(7);
        EXPECT_EQ(pin.pendingPacketCount(), 4u) << "at " << scheduler.now();
        EXPECT_EQ(client.packetsOutstanding(), 4u);
    }
    EXPECT_EQ(pin.maxPending(), 4u);
    const auto& c = client.counters();
    EXPECT_EQ(c.packetsSubmitted, c.packetsCompleted + 4);
    EXPECT_EQ(c.packetsCompleted, 56u);  // 280 ms of 5 ms packets
    EXPECT_EQ(c.framesCompleted, 56u * 240);
    EXPECT_EQ(c.framesSubmitted, c.packetsSubmitted * 240);
    EXPECT_EQ(c.errors, 0u);
}

TEST_F(WavePciClientRender, PinReceivesExactlyTheSourceBytesInOrderAcrossRefills) {
    const AudioFormat format = AudioFormat::extensiblePcm(44100, 2, 32, 24);
    FakeWavePciPin pin(kernel, format, true);
    SineSource sine(441.0, 0.9, 44100, {0.0, 0.5});
    WavePciClient client(kernel, pin, renderConfig(3, 10), &sine);
    ASSERT_EQ(client.start(), STATUS_SUCCESS);
    runForMs(300);
    const auto& packets = client.packets();
    ASSERT_GE(packets.size(), 30u);
    for (std::size_t k = 0; k < packets.size(); ++k) {
        EXPECT_EQ(packets[k].serial, k);
        EXPECT_EQ(packets[k].firstFrame, static_cast<std::int64_t>(k) * 441);
        EXPECT_EQ(packets[k].frames, 441u);
        EXPECT_EQ(packets[k].bufferIndex, k % 3);  // buffers rotate
    }
    const std::size_t playedFrames = pin.played().size() / format.bytesPerFrame();
    EXPECT_EQ(playedFrames, client.counters().framesCompleted);
    EXPECT_EQ(pin.played(), renderEncoded(sine, format, 0, playedFrames));
    EXPECT_EQ(client.nextFrame(), static_cast<std::int64_t>(packets.size()) * 441);
}

TEST_F(WavePciClientRender, PacketMsZeroUsesTheAllocatorFraming) {
    const AudioFormat format = AudioFormat::pcm(44100, 2, 16);
    FakeWavePciPin pin(kernel, format, true);
    pin.framing.FrameSize = 1766;  // 441.5 frames: rounded down
    WavePciClient client(kernel, pin, renderConfig(2, 0), nullptr);
    EXPECT_EQ(client.packetFrames(), 441u);
    EXPECT_EQ(client.errors().size(), 0u);

    FakeWavePciPin broken(kernel, format, true);
    broken.framingStatus = STATUS_NOT_SUPPORTED;
    WavePciClient fallback(kernel, broken, renderConfig(2, 0), nullptr);
    EXPECT_EQ(fallback.packetFrames(), 441u);  // 10 ms
    EXPECT_TRUE(hasError(fallback, "allocator framing unusable; using 10 ms packets"));
}

TEST_F(WavePciClientRender, NullSourceRendersSilenceAndPageOffsetIsConfigurable) {
    const AudioFormat format = AudioFormat::pcm(48000, 1, 8);
    FakeWavePciPin pin(kernel, format, true);
    WavePciClientConfig config = renderConfig(2, 10);
    config.pageOffsetBytes = 0;
    WavePciClient client(kernel, pin, config, nullptr);
    EXPECT_EQ(client.pageOffsetBytes(), 0u);
    client.start();
    runForMs(30);
    ASSERT_FALSE(pin.played().empty());
    EXPECT_EQ(pin.played(), std::vector<std::uint8_t>(pin.played().size(), 0x80));
    EXPECT_EQ(pin.received()[0].header.Data % PAGE_SIZE, 0u);
}

TEST_F(WavePciClientRender, StopAtEndOfDataSubmitsAShortLastPacketThenNothing) {
    class Ramp : public AudioBlockProvider {
      public:
        std::size_t read(float* out, std::size_t frames) override {
            std::size_t n = 0;
            for (; n < frames && m_pos < 1000; ++n, ++m_pos) {
                *out++ = static_cast<float>(m_pos) / 2000.0f;
            }
            return n;
        }
        int channels() const override { return 1; }
        std::int64_t rateHz() const override { return 48000; }

      private:
        std::int64_t m_pos = 0;
    } ramp;
    BlockProviderSource source(ramp);
    const AudioFormat format = AudioFormat::pcm(48000, 2, 16);
    FakeWavePciPin pin(kernel, format, true);
    WavePciClientConfig config = renderConfig(3, 5);  // 240-frame packets
    config.stopAtEndOfData = true;
    WavePciClient client(kernel, pin, config, &source);
    client.start();
    runForMs(100);
    EXPECT_TRUE(client.endOfData());
    ASSERT_EQ(client.packets().size(), 5u);  // 4 * 240 + 40
    EXPECT_EQ(client.packets().back().frames, 40u);
    EXPECT_EQ(pin.received().back().header.DataUsed, 160u);
    EXPECT_EQ(pin.received().back().header.FrameExtent, 960u);
    EXPECT_EQ(client.packetsOutstanding(), 0u);
    std::vector<float> data(2000);
    for (int i = 0; i < 1000; ++i) {
        data[2 * i] = data[2 * i + 1] = static_cast<float>(i) / 2000.0f;
    }
    EXPECT_EQ(pin.played(), encodeToBytes(format, data));
    EXPECT_EQ(countRecords("end of data"), 1u);
}

TEST_F(WavePciClientRender, EveryActionIsAClientTraceRecordOnTheStream) {
    const AudioFormat format = AudioFormat::pcm(48000, 2, 16);
    FakeWavePciPin pin(kernel, format, true);
    WavePciClient client(kernel, pin, renderConfig(2, 10), nullptr);
    client.start();
    runForMs(25);
    client.pause();
    client.resume();
    client.stop();
    client.close();
    for (const char* name :
         {"open", "packet size", "allocate buffer", "begin run", "start", "set state",
          "submit packet", "packet completed", "pause", "resume", "stop", "packet cancelled",
          "frames lost", "close", "free buffer", "closed"}) {
        EXPECT_GT(countRecords(name), 0u) << name;
    }
    EXPECT_EQ(countRecords("allocate buffer"), 2u);
    EXPECT_EQ(countRecords("free buffer"), 2u);
    tracer.ring().forEachFrom(0, [](const TraceRecord& r) {
        if (r.category == TraceCategory::Client) {
            EXPECT_EQ(r.streamId, 3);
            EXPECT_STREQ(r.source, "client");
        }
    });
}

}  // namespace
}  // namespace ps
