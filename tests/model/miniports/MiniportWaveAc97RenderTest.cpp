// Render through the PCM Out engine: what the DAC plays, when mappings are
// released, how the descriptor list is filled (DDI.md §6.3, §6.4).
#include "MiniportFixture.h"

namespace ps::test {
namespace {

class MiniportRenderTest : public MiniportFixture {
  protected:
    void SetUp() override { ASSERT_EQ(createAndInit(options), STATUS_SUCCESS); }

    void open(const AudioFormat& format = AudioFormat::pcm(48000, 2, 16)) {
        ASSERT_EQ(openStream(kAc97PinWaveOut, false, format, &s), STATUS_SUCCESS);
    }

    // Queues `count` packets of `bytes` each and returns their concatenation.
    std::vector<std::uint8_t> queuePackets(std::size_t count, std::size_t bytes,
                                           ULONG firstPageOffset = 0) {
        std::vector<std::uint8_t> all;
        for (std::size_t i = 0; i < count; ++i) {
            const std::size_t packet = s.port->packetCount();
            std::vector<std::uint8_t> data = patternPacket(packet, bytes);
            s.port->addPacket(data, i == 0 ? firstPageOffset : 0);
            all.insert(all.end(), data.begin(), data.end());
        }
        return all;
    }

    void expectAllReleasedInOrder() {
        const std::vector<ULONG> tags = s.port->successfulTags();
        ASSERT_EQ(s.port->releaseCalls.size(), tags.size());
        for (std::size_t i = 0; i < tags.size(); ++i) {
            EXPECT_EQ(s.port->releaseCalls[i].tag, tags[i]);
            EXPECT_EQ(s.port->releaseCalls[i].kind, ReleaseKind::InOrder);
        }
    }

    WavePciMiniportOptions options;
    OpenedStream s;
};

TEST_F(MiniportRenderTest, DacPlaysExactlyTheMappedBytesInOrder) {
    open();
    const std::vector<std::uint8_t> expected = queuePackets(4, 7680, 1024);  // 4 x 40 ms
    setState(s, KSSTATE_RUN);
    runFor(250 * kMs);

    EXPECT_EQ(dac.bytes, expected);
    expectAllReleasedInOrder();
    EXPECT_EQ(expectReleasesAfterCompletion(s), s.port->successfulTags().size());
    for (std::size_t p = 0; p < 4; ++p) {
        EXPECT_TRUE(s.port->packetReleased(p)) << p;
    }
    EXPECT_TRUE(s.impl->mappingRing().empty());
    EXPECT_EQ(verifierRecords(), 0u);
    EXPECT_TRUE(miniportRecords(TraceCategory::Dma, "CIV out of range").empty());
    EXPECT_TRUE(miniportRecords(TraceCategory::Glitch, "mapping not fully programmed").empty());
    EXPECT_EQ(miniportRecords(TraceCategory::Dma, "BDL entry filled").size(),
              s.port->successfulTags().size());
}

TEST_F(MiniportRenderTest, OddAddressesOfByteUnitStreamsArePlayedWhole) {
    // AC97 gives an odd address length 0 (the engine would skip it). With a
    // 1-byte length unit the careful driver programs it like any other.
    open(AudioFormat::pcm(8000, 1, 8));
    std::vector<std::uint8_t> expected = queuePackets(1, 5000, 1);
    const std::vector<std::uint8_t> second = queuePackets(1, 333, 4095);
    expected.insert(expected.end(), second.begin(), second.end());
    setState(s, KSSTATE_PAUSE);
    s.stream->MappingAvailable();
    ASSERT_EQ(s.impl->mappingRing().count(), 4u);
    const ac97::BufferDescriptor first = bdlEntry(s, 0);
    EXPECT_EQ(first.address, s.port->getMappingCalls[0].physicalAddress);
    EXPECT_EQ(first.address & 1u, 1u);
    EXPECT_EQ(first.samples, 4095u);
    EXPECT_EQ(bdlEntry(s, 1).samples, 905u);
    EXPECT_EQ(bdlEntry(s, 2).samples, 1u);  // one byte at the end of a page
    EXPECT_EQ(bdlEntry(s, 3).samples, 332u);
    setState(s, KSSTATE_RUN);
    runFor(800 * kMs);
    EXPECT_EQ(dac.bytes, expected);
}

TEST_F(MiniportRenderTest, PortCallsComeWithoutLocksAtDispatchOrBelow) {
    open();
    queuePackets(3, 6000);
    setState(s, KSSTATE_RUN);
    runFor(30 * kMs);
    queuePackets(2, 6000);  // MappingAvailable after the refused GetMapping
    runFor(100 * kMs);
    bool sawDispatch = false;
    for (const GetMappingCall& c : s.port->getMappingCalls) {
        EXPECT_EQ(c.locksHeld, 0u);
        EXPECT_LE(c.irql, DISPATCH_LEVEL);
    }
    for (const ReleaseMappingCall& c : s.port->releaseCalls) {
        EXPECT_EQ(c.locksHeld, 0u);
        EXPECT_LE(c.irql, DISPATCH_LEVEL);
        sawDispatch = sawDispatch || c.irql == DISPATCH_LEVEL;  // from Service, in the DPC
    }
    EXPECT_TRUE(sawDispatch);
    EXPECT_GE(s.port->mappingAvailableCalls, 1u);
    // The ISR notified the stream's group at DIRQL.
    ASSERT_FALSE(port->notifyIrqls.empty());
    EXPECT_GT(port->notifyIrqls.front(), DISPATCH_LEVEL);
    EXPECT_FALSE(miniportRecords(TraceCategory::Interrupt, "ISR ack").empty());
}

TEST_F(MiniportRenderTest, TagsAreUniqueAndIncreasing) {
    open();
    queuePackets(3, 9000);
    setState(s, KSSTATE_RUN);
    runFor(40 * kMs);
    queuePackets(2, 9000);
    runFor(100 * kMs);
    ULONG previous = 0;
    for (const GetMappingCall& c : s.port->getMappingCalls) {  // failed calls included
        EXPECT_GT(c.tag, previous);
        previous = c.tag;
    }
}

TEST_F(MiniportRenderTest, QueuesAtMost31EntriesAndPlaysALongQueue) {
    open();
    const std::vector<std::uint8_t> expected = queuePackets(40, 4096);  // one page each
    setState(s, KSSTATE_RUN);
    EXPECT_EQ(s.impl->mappingRing().count(), 31u);
    EXPECT_EQ(s.port->getMappingCalls.size(), 31u);  // it stopped asking at 31
    EXPECT_EQ(controller->state(ac97::Engine::PcmOut).lvi, 30u);
    runFor(900 * kMs);
    EXPECT_EQ(dac.bytes, expected);
    expectAllReleasedInOrder();
}

TEST_F(MiniportRenderTest, MaxEntriesCapsTheQueue) {
    options.maxEntries = 4;
    miniport = nullptr;
    ASSERT_EQ(createAndInit(options), STATUS_SUCCESS);
    open();
    const std::vector<std::uint8_t> expected = queuePackets(6, 4096);
    setState(s, KSSTATE_RUN);
    EXPECT_EQ(s.impl->mappingRing().count(), 4u);
    runFor(200 * kMs);
    EXPECT_EQ(dac.bytes, expected);
}

TEST_F(MiniportRenderTest, InterruptOnPacketEndAndEveryInterval) {
    options.interruptIntervalMs = 50;  // 9600 bytes at 48 kHz stereo 16-bit
    miniport = nullptr;
    ASSERT_EQ(createAndInit(options), STATUS_SUCCESS);
    open();
    queuePackets(1, 8 * 4096);  // page aligned: 8 mappings of 4096 bytes
    queuePackets(1, 2 * 4096);
    setState(s, KSSTATE_PAUSE);
    s.stream->MappingAvailable();
    ASSERT_EQ(s.impl->mappingRing().count(), 10u);
    const bool expectedIoc[] = {false, false, true, false, false, true, false, true, false, true};
    for (ULONG i = 0; i < 10; ++i) {
        const ac97::BufferDescriptor d = bdlEntry(s, i);
        EXPECT_EQ(d.ioc, expectedIoc[i]) << i;
        EXPECT_EQ(d.samples, 2048u) << i;
        EXPECT_EQ(d.address,
                  static_cast<std::uint32_t>(s.port->getMappingCalls[i].physicalAddress));
        EXPECT_TRUE(d.bup);
    }
}

TEST_F(MiniportRenderTest, InterruptEveryTenMillisecondsByDefault) {
    open(AudioFormat::extensiblePcm(192000, 8, 32, 32));  // 10 ms = 61440 bytes = 15 pages
    queuePackets(1, 20 * 4096);
    setState(s, KSSTATE_PAUSE);
    s.stream->MappingAvailable();
    for (ULONG i = 0; i < 20; ++i) {
        EXPECT_EQ(bdlEntry(s, i).ioc, i == 14 || i == 19) << i;
        EXPECT_EQ(bdlEntry(s, i).samples, 1024u) << i;  // 4-byte units
    }
}

TEST_F(MiniportRenderTest, StartsWithTwoEntriesOrAPacketsLastMapping) {
    open();
    setState(s, KSSTATE_RUN);
    EXPECT_EQ(s.impl->dmaState(), Ac97DmaState::NeedStart);
    // One mapping that ends its packet: AC97 would wait for a second entry.
    const std::vector<std::uint8_t> expected = queuePackets(1, 1000);
    EXPECT_EQ(s.impl->dmaState(), Ac97DmaState::On);
    runFor(20 * kMs);
    EXPECT_EQ(dac.bytes, expected);
    EXPECT_TRUE(s.port->packetReleased(0));
    const std::vector<TraceRecord> states = miniportRecords(TraceCategory::Dma, "DMA state");
    ASSERT_GE(states.size(), 2u);
    EXPECT_STREQ(states[states.size() - 2].field("To")->text, "NEED_START");
    EXPECT_STREQ(states.back().field("To")->text, "ON");
}

TEST_F(MiniportRenderTest, SingleEntryStreamWaitsWhenMaxEntriesIsOne) {
    options.maxEntries = 1;
    miniport = nullptr;
    ASSERT_EQ(createAndInit(options), STATUS_SUCCESS);
    open();
    const std::vector<std::uint8_t> expected = queuePackets(1, 3 * 4096);
    setState(s, KSSTATE_RUN);
    EXPECT_EQ(s.impl->dmaState(), Ac97DmaState::On);  // one is all it may ever have
    runFor(100 * kMs);
    EXPECT_EQ(dac.bytes, expected);
}

TEST_F(MiniportRenderTest, StarvationPlaysFillerThenResumesWithTheNextPacket) {
    open();
    std::vector<std::uint8_t> expected = queuePackets(2, 1920);  // 2 x 10 ms
    setState(s, KSSTATE_RUN);
    runFor(50 * kMs);  // 30 ms of underrun filler
    EXPECT_GT(dac.underrunFrames, 0u);
    const std::vector<std::uint8_t> more = queuePackets(2, 1920);
    expected.insert(expected.end(), more.begin(), more.end());
    runFor(50 * kMs);
    EXPECT_EQ(dac.bytes, expected);
    EXPECT_FALSE(miniportRecords(TraceCategory::Glitch, "starved").empty());
    // The position counts stream bytes only, not the filler.
    EXPECT_EQ(position(s), expected.size());
    expectAllReleasedInOrder();
}

struct FormatCase {
    AudioFormat format;
    ULONG firstPageOffset;
};

class MiniportRenderFormatTest : public MiniportRenderTest,
                                 public ::testing::WithParamInterface<FormatCase> {};

TEST_P(MiniportRenderFormatTest, EveryContainerPlaysByteExact) {
    const FormatCase& c = GetParam();
    open(c.format);
    const ULONG frame = c.format.bytesPerFrame();
    // Packets of whole frames whose page splits fall inside frames.
    const std::vector<std::uint8_t> expected =
        queuePackets(3, frame * (c.format.rateHz / 50) + 0, c.firstPageOffset);
    setState(s, KSSTATE_RUN);
    runFor(100 * kMs);
    EXPECT_EQ(dac.bytes, expected) << c.format.describe();
    EXPECT_TRUE(miniportRecords(TraceCategory::Glitch, "mapping not fully programmed").empty());
    EXPECT_EQ(position(s), expected.size());
}

INSTANTIATE_TEST_SUITE_P(
    Formats, MiniportRenderFormatTest,
    ::testing::Values(FormatCase{AudioFormat::pcm(8000, 1, 8), 0},
                      FormatCase{AudioFormat::pcm(44100, 2, 16), 4},
                      FormatCase{AudioFormat::extensiblePcm(48000, 2, 24, 24), 8},
                      FormatCase{AudioFormat::extensiblePcm(96000, 6, 24, 24), 0},
                      FormatCase{AudioFormat::extensiblePcm(44100, 1, 24, 24), 12},
                      FormatCase{AudioFormat::extensibleFloat(48000, 6), 16},
                      FormatCase{AudioFormat::extensiblePcm(192000, 8, 32, 24), 0}));

}  // namespace
}  // namespace ps::test
