// RevokeMappings (DDI.md §2, §6.5): inclusive tag ranges, the count, the ring
// rotated so the engine resumes from slot 0 after its reset, and playback
// going on with what is left.
#include "MiniportFixture.h"

#include <algorithm>

namespace ps::test {
namespace {

// Longest the reset may cut out of the stream: the FIFO plus two frames of
// alignment (Ac97Config::fifoBytes is 256).
constexpr std::size_t kMaxResetLoss = 256 + 2 * 4;

class MiniportRevokeTest : public MiniportFixture {
  protected:
    void SetUp() override {
        ASSERT_EQ(createAndInit(options), STATUS_SUCCESS);
        ASSERT_EQ(openStream(kAc97PinWaveOut, false, AudioFormat::pcm(48000, 2, 16), &s),
                  STATUS_SUCCESS);
    }
    void recreate() {
        closeStream(s);
        miniport = nullptr;
        SetUp();
    }

    // Page-aligned packets of one page each: one mapping, one tag per packet.
    std::vector<std::vector<std::uint8_t>> queuePages(std::size_t count) {
        std::vector<std::vector<std::uint8_t>> packets;
        for (std::size_t i = 0; i < count; ++i) {
            packets.push_back(patternPacket(s.port->packetCount(), 4096));
            s.port->addPacket(packets.back());
        }
        return packets;
    }
    ULONG tagOfMapping(std::size_t i) const { return s.port->successfulTags().at(i); }

    NTSTATUS revoke(ULONG first, ULONG last, ULONG* count) {
        *count = 12345;
        const NTSTATUS status =
            s.stream->RevokeMappings(tagToPointer(first), tagToPointer(last), count);
        if (NT_SUCCESS(status)) {
            s.port->markRevoked(first, last);
        }
        return status;
    }

    // The DAC played a prefix of `played` and then exactly `rest`.
    void expectPrefixThen(const std::vector<std::uint8_t>& played,
                          const std::vector<std::uint8_t>& rest) {
        ASSERT_GE(dac.bytes.size(), rest.size());
        const std::size_t k = dac.bytes.size() - rest.size();
        ASSERT_LE(k, played.size());
        EXPECT_EQ(k % 4, 0u);
        EXPECT_TRUE(std::equal(dac.bytes.begin(), dac.bytes.begin() + k, played.begin()));
        EXPECT_TRUE(std::equal(dac.bytes.begin() + k, dac.bytes.end(), rest.begin()));
    }
    // The DAC played `all` with at most kMaxResetLoss bytes cut out at a frame
    // boundary (what the reset threw away from the FIFO).
    void expectPlayedWithResetGap(const std::vector<std::uint8_t>& all) {
        ASSERT_LE(dac.bytes.size(), all.size());
        const std::size_t gap = all.size() - dac.bytes.size();
        EXPECT_LE(gap, kMaxResetLoss);
        const auto mismatch = std::mismatch(dac.bytes.begin(), dac.bytes.end(), all.begin());
        const std::size_t k = static_cast<std::size_t>(mismatch.first - dac.bytes.begin());
        EXPECT_TRUE(std::equal(dac.bytes.begin() + k, dac.bytes.end(), all.begin() + k + gap));
    }
    void expectReleasedExactly(const std::vector<ULONG>& tags) {
        std::vector<ULONG> released;
        for (const ReleaseMappingCall& c : s.port->releaseCalls) {
            EXPECT_EQ(c.kind, ReleaseKind::InOrder);
            released.push_back(c.tag);
        }
        EXPECT_EQ(released, tags);
    }

    static std::vector<std::uint8_t> concat(const std::vector<std::vector<std::uint8_t>>& parts,
                                            std::size_t from, std::size_t to) {
        std::vector<std::uint8_t> out;
        for (std::size_t i = from; i < to; ++i) {
            out.insert(out.end(), parts[i].begin(), parts[i].end());
        }
        return out;
    }

    WavePciMiniportOptions options;
    OpenedStream s;
};

TEST_F(MiniportRevokeTest, RangeAfterTheCurrentEntry) {
    const auto packets = queuePages(10);  // 21.3 ms each
    setState(s, KSSTATE_RUN);
    runFor(30 * kMs);  // entry 0 played and released, entry 1 playing
    ASSERT_EQ(controller->state(ac97::Engine::PcmOut).civ, 1);
    ULONG count = 0;
    ASSERT_EQ(revoke(tagOfMapping(3), tagOfMapping(5), &count), STATUS_SUCCESS);
    EXPECT_EQ(count, 3u);

    const Ac97MappingRing& ring = s.impl->mappingRing();
    EXPECT_EQ(ring.head(), 0u);
    EXPECT_EQ(ring.slot(0).Tag, tagOfMapping(1));  // the CIV entry moved to slot 0
    EXPECT_EQ(ring.slot(1).Tag, tagOfMapping(2));
    EXPECT_EQ(ring.slot(2).Tag, tagOfMapping(6));
    EXPECT_EQ(ring.count(), 6u);
    // Slot 0 resumes inside the entry, after what the DMA had fetched.
    const ac97::BufferDescriptor resumed = bdlEntry(s, 0);
    EXPECT_GT(resumed.address, s.port->getMappingCalls[1].physicalAddress);
    EXPECT_EQ(resumed.address + resumed.samples * 2u,
              s.port->getMappingCalls[1].physicalAddress + 4096u);
    EXPECT_EQ(controller->state(ac97::Engine::PcmOut).lvi, 5u);
    EXPECT_EQ(s.impl->dmaState(), Ac97DmaState::On);
    const std::vector<TraceRecord> rotated = miniportRecords(TraceCategory::Dma, "ring rotated");
    ASSERT_EQ(rotated.size(), 1u);
    EXPECT_EQ(rotated[0].field("Revoked")->u, 3u);

    runFor(200 * kMs);
    std::vector<std::vector<std::uint8_t>> kept = packets;
    kept.erase(kept.begin() + 3, kept.begin() + 6);
    expectPlayedWithResetGap(concat(kept, 0, kept.size()));
    expectReleasedExactly({tagOfMapping(0), tagOfMapping(1), tagOfMapping(2), tagOfMapping(6),
                           tagOfMapping(7), tagOfMapping(8), tagOfMapping(9)});
    EXPECT_EQ(expectReleasesAfterCompletion(s), 7u);
    EXPECT_TRUE(ring.empty());
}

// One packet of 12 pages with no interrupt before its end: at 70 ms entries
// 0..2 have played but are not released yet and entry 3 is playing.
class MiniportRevokePassedTest : public MiniportRevokeTest {
  protected:
    void SetUp() override {
        options.interruptIntervalMs = 1000;
        MiniportRevokeTest::SetUp();
        packet = patternPacket(0, 12 * 4096);
        s.port->addPacket(packet);
        setState(s, KSSTATE_RUN);
        runFor(70 * kMs);
        ASSERT_EQ(controller->state(ac97::Engine::PcmOut).civ, 3);
        ASSERT_TRUE(s.port->releaseCalls.empty());
    }
    std::vector<std::uint8_t> bytes(std::size_t fromPage, std::size_t toPage) const {
        return {packet.begin() + fromPage * 4096, packet.begin() + toPage * 4096};
    }
    std::vector<std::uint8_t> packet;
};

TEST_F(MiniportRevokePassedTest, RangeFromBeforeToAfterTheCurrentEntry) {
    ULONG count = 0;
    ASSERT_EQ(revoke(tagOfMapping(1), tagOfMapping(4), &count), STATUS_SUCCESS);
    EXPECT_EQ(count, 4u);
    const Ac97MappingRing& ring = s.impl->mappingRing();
    EXPECT_EQ(ring.head(), 31u);  // entry 0: played, still to be released
    EXPECT_EQ(ring.slot(31).Tag, tagOfMapping(0));
    EXPECT_EQ(ring.slot(0).Tag, tagOfMapping(5));
    EXPECT_EQ(ring.tail(), 7u);
    EXPECT_EQ(bdlEntry(s, 0).address, s.port->getMappingCalls[5].physicalAddress);
    runFor(kMs);  // the passed entry goes back at once, not at the next interrupt
    ASSERT_EQ(s.port->releaseCalls.size(), 1u);
    EXPECT_EQ(s.port->releaseCalls[0].tag, tagOfMapping(0));
    EXPECT_EQ(s.port->releaseCalls[0].irql, DISPATCH_LEVEL);

    runFor(200 * kMs);
    expectPrefixThen(bytes(0, 4), bytes(5, 12));
    expectReleasedExactly({tagOfMapping(0), tagOfMapping(5), tagOfMapping(6), tagOfMapping(7),
                           tagOfMapping(8), tagOfMapping(9), tagOfMapping(10), tagOfMapping(11)});
}

TEST_F(MiniportRevokePassedTest, RangeBeforeTheCurrentEntry) {
    ULONG count = 0;
    ASSERT_EQ(revoke(tagOfMapping(1), tagOfMapping(2), &count), STATUS_SUCCESS);
    EXPECT_EQ(count, 2u);
    const Ac97MappingRing& ring = s.impl->mappingRing();
    EXPECT_EQ(ring.slot(31).Tag, tagOfMapping(0));
    EXPECT_EQ(ring.slot(0).Tag, tagOfMapping(3));  // the CIV entry, resumed
    EXPECT_EQ(ring.count(), 10u);

    runFor(200 * kMs);
    expectPlayedWithResetGap(packet);  // entries 1, 2 had already played
    std::vector<ULONG> tags = {tagOfMapping(0)};
    for (std::size_t i = 3; i < 12; ++i) {
        tags.push_back(tagOfMapping(i));
    }
    expectReleasedExactly(tags);
}

TEST_F(MiniportRevokePassedTest, EqualTagsRevokeOne) {
    ULONG count = 0;
    ASSERT_EQ(revoke(tagOfMapping(7), tagOfMapping(7), &count), STATUS_SUCCESS);
    EXPECT_EQ(count, 1u);
    EXPECT_EQ(s.impl->mappingRing().count(), 11u);
    EXPECT_EQ(s.impl->mappingRing().head(), 29u);  // 0..2 passed
}

TEST_F(MiniportRevokePassedTest, UnknownOrReversedTagsAreRefusedAndPlaybackGoesOn) {
    ULONG count = 0;
    EXPECT_EQ(revoke(tagOfMapping(2), 9999, &count), STATUS_UNSUCCESSFUL);
    EXPECT_EQ(count, 0u);
    EXPECT_EQ(revoke(tagOfMapping(6), tagOfMapping(4), &count), STATUS_UNSUCCESSFUL);
    EXPECT_EQ(count, 0u);
    EXPECT_EQ(s.impl->mappingRing().count(), 12u);
    EXPECT_EQ(s.impl->dmaState(), Ac97DmaState::On);
    runFor(250 * kMs);
    EXPECT_LE(packet.size() - dac.bytes.size(), 2 * kMaxResetLoss);  // two resets
    std::vector<ULONG> all;
    for (std::size_t i = 0; i < 12; ++i) {
        all.push_back(tagOfMapping(i));
    }
    expectReleasedExactly(all);
}

TEST_F(MiniportRevokeTest, EmptyOrSingleEntryQueuesCheckTheTags) {
    ULONG count = 0;
    EXPECT_EQ(revoke(1, 1, &count), STATUS_UNSUCCESSFUL);  // nothing queued
    EXPECT_EQ(count, 0u);
    s.port->addPacket(patternPacket(0, 2000));
    setState(s, KSSTATE_PAUSE);
    s.stream->MappingAvailable();
    ASSERT_EQ(s.impl->mappingRing().count(), 1u);
    EXPECT_EQ(revoke(tagOfMapping(0) + 1, tagOfMapping(0) + 1, &count), STATUS_UNSUCCESSFUL);
    EXPECT_EQ(count, 0u);
    EXPECT_EQ(s.impl->mappingRing().count(), 1u);
    EXPECT_EQ(revoke(tagOfMapping(0), tagOfMapping(0), &count), STATUS_SUCCESS);
    EXPECT_EQ(count, 1u);
    EXPECT_TRUE(s.impl->mappingRing().empty());
}

TEST_F(MiniportRevokeTest, RevokeInPauseDoesNotStartTheEngine) {
    const auto packets = queuePages(5);
    setState(s, KSSTATE_PAUSE);
    s.stream->MappingAvailable();
    ULONG count = 0;
    ASSERT_EQ(revoke(tagOfMapping(1), tagOfMapping(2), &count), STATUS_SUCCESS);
    EXPECT_EQ(s.impl->dmaState(), Ac97DmaState::Reset);
    runFor(20 * kMs);
    EXPECT_TRUE(dac.bytes.empty());
    setState(s, KSSTATE_RUN);
    runFor(100 * kMs);
    std::vector<std::uint8_t> expected = concat(packets, 0, 1);
    const std::vector<std::uint8_t> rest = concat(packets, 3, 5);
    expected.insert(expected.end(), rest.begin(), rest.end());
    EXPECT_EQ(dac.bytes, expected);  // nothing had been fetched: nothing lost
}

TEST_F(MiniportRevokeTest, StopThenRevokeEverythingThenPlayNewPackets) {
    queuePages(6);
    setState(s, KSSTATE_RUN);
    runFor(50 * kMs);
    setState(s, KSSTATE_STOP);
    EXPECT_EQ(position(s), 0u);
    // The port revokes what the miniport still holds, oldest to newest.
    const ULONG outstanding = static_cast<ULONG>(s.port->outstandingCount());
    ASSERT_GT(outstanding, 0u);
    ULONG count = 0;
    ASSERT_EQ(revoke(s.port->outstanding().front(), s.port->outstanding().back(), &count),
              STATUS_SUCCESS);
    EXPECT_EQ(count, outstanding);
    EXPECT_TRUE(s.impl->mappingRing().empty());
    EXPECT_EQ(s.impl->dmaState(), Ac97DmaState::Reset);
    EXPECT_EQ(position(s), 0u);

    const std::size_t before = dac.bytes.size();
    const auto fresh = queuePages(2);
    setState(s, KSSTATE_RUN);
    runFor(60 * kMs);
    EXPECT_EQ(std::vector<std::uint8_t>(dac.bytes.begin() + before, dac.bytes.end()),
              concat(fresh, 0, 2));
    EXPECT_EQ(position(s), 2u * 4096u);
}

}  // namespace
}  // namespace ps::test
