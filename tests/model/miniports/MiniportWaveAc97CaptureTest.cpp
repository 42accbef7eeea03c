// Capture through the PCM In engine: the ADC's frames land in the packets in
// order, mappings are released once the DMA has written them, the position is
// what the ADC recorded.
#include "MiniportFixture.h"

namespace ps::test {
namespace {

class MiniportCaptureTest : public MiniportFixture {
  protected:
    void SetUp() override {
        ASSERT_EQ(createAndInit(), STATUS_SUCCESS);
        ASSERT_EQ(openStream(kAc97PinWaveIn, true, format, &s), STATUS_SUCCESS);
    }
    void queueBuffers(std::size_t count, std::size_t bytes, ULONG firstPageOffset = 0) {
        for (std::size_t i = 0; i < count; ++i) {
            s.port->addPacket(std::vector<std::uint8_t>(bytes, 0xEE), i == 0 ? firstPageOffset : 0);
        }
    }
    std::vector<std::uint8_t> recorded() {
        std::vector<std::uint8_t> all;
        for (std::size_t p = 0; p < s.port->packetCount(); ++p) {
            const std::vector<std::uint8_t> bytes = s.port->packetBytes(p);
            all.insert(all.end(), bytes.begin(), bytes.end());
        }
        return all;
    }

    AudioFormat format = AudioFormat::pcm(48000, 2, 16);
    OpenedStream s;
};

TEST_F(MiniportCaptureTest, RecordsTheAdcIntoThePacketsInOrder) {
    EXPECT_EQ(s.impl->engine(), ac97::Engine::PcmIn);
    queueBuffers(5, 3840, 1024);  // 5 x 20 ms
    setState(s, KSSTATE_RUN);
    runFor(120 * kMs);

    for (std::size_t p = 0; p < 5; ++p) {
        EXPECT_TRUE(s.port->packetReleased(p)) << p;
    }
    const std::vector<std::uint8_t> bytes = recorded();
    for (std::size_t i = 0; i < bytes.size(); ++i) {
        ASSERT_EQ(bytes[i], patternByte(1000, i)) << "byte " << i;
    }
    const std::vector<ULONG> tags = s.port->successfulTags();
    ASSERT_EQ(s.port->releaseCalls.size(), tags.size());
    for (std::size_t i = 0; i < tags.size(); ++i) {
        EXPECT_EQ(s.port->releaseCalls[i].tag, tags[i]);
        EXPECT_EQ(s.port->releaseCalls[i].kind, ReleaseKind::InOrder);
    }
    EXPECT_EQ(expectReleasesAfterCompletion(s), tags.size());
    EXPECT_EQ(position(s), 5u * 3840u);  // clamped to the buffers mapped
    EXPECT_EQ(s.port->terminatePacketCount, 0u);
    EXPECT_TRUE(dac.bytes.empty());
}

TEST_F(MiniportCaptureTest, PositionIsWhatTheAdcHasRecorded) {
    queueBuffers(4, 3840);
    setState(s, KSSTATE_RUN);
    for (int step = 1; step <= 6; ++step) {
        runFor(7 * kMs + 123'456);
        const ULONGLONG p = position(s);  // syncs the ADC
        const ac97::Ac97EngineState engine = controller->state(ac97::Engine::PcmIn);
        EXPECT_EQ(p, static_cast<ULONGLONG>(engine.framesClocked) * 4) << step;
    }
    setState(s, KSSTATE_PAUSE);
    const ULONGLONG paused = position(s);
    runFor(10 * kMs);
    EXPECT_EQ(position(s), paused);
}

TEST_F(MiniportCaptureTest, StopKeepsThePartialBufferForTheRevoke) {
    queueBuffers(3, 3840);
    setState(s, KSSTATE_RUN);
    runFor(30 * kMs);
    setState(s, KSSTATE_STOP);
    EXPECT_TRUE(s.port->packetReleased(0));
    EXPECT_FALSE(s.port->packetReleased(1));
    EXPECT_EQ(s.port->terminatePacketCount, 0u);  // the port terminates the packet itself
    ULONG count = 0;
    const ULONG first = s.port->outstanding().front();
    const ULONG last = s.port->outstanding().back();
    ASSERT_EQ(s.stream->RevokeMappings(tagToPointer(first), tagToPointer(last), &count),
              STATUS_SUCCESS);
    EXPECT_EQ(count, s.port->outstandingCount());
    EXPECT_TRUE(s.impl->mappingRing().empty());
}

TEST_F(MiniportCaptureTest, TwentyFourBitSurroundLandsByteExact) {
    closeStream(s);
    format = AudioFormat::extensiblePcm(48000, 6, 24, 24);
    ASSERT_EQ(openStream(kAc97PinWaveIn, true, format, &s), STATUS_SUCCESS);
    queueBuffers(3, 18 * 960, 8);  // 20 ms each; page splits fall inside frames
    setState(s, KSSTATE_RUN);
    runFor(70 * kMs);
    const std::vector<std::uint8_t> bytes = recorded();
    for (std::size_t i = 0; i < bytes.size(); ++i) {
        ASSERT_EQ(bytes[i], patternByte(1000, i)) << "byte " << i;
    }
}

}  // namespace
}  // namespace ps::test
