// Every WavePciMiniportOptions bug switch makes the miniport misbehave exactly
// as named, as the fake port sees it (the verifier's rules come later). The
// careful behaviour each one breaks is asserted by the other test files.
#include "MiniportFixture.h"

#include <algorithm>

namespace ps::test {
namespace {

class MiniportBugSwitchTest : public MiniportFixture {
  protected:
    void start(const WavePciMiniportOptions& options, std::size_t packets = 4,
               std::size_t bytes = 3840) {
        ASSERT_EQ(createAndInit(options), STATUS_SUCCESS);
        ASSERT_EQ(openStream(kAc97PinWaveOut, false, AudioFormat::pcm(48000, 2, 16), &s),
                  STATUS_SUCCESS);
        for (std::size_t i = 0; i < packets; ++i) {
            s.port->addPacket(patternPacket(i, bytes));
        }
        setState(s, KSSTATE_RUN);
    }
    std::size_t releases(ReleaseKind kind) const {
        return static_cast<std::size_t>(
            std::count_if(s.port->releaseCalls.begin(), s.port->releaseCalls.end(),
                          [&](const ReleaseMappingCall& c) { return c.kind == kind; }));
    }
    OpenedStream s;
};

TEST_F(MiniportBugSwitchTest, ForgetReleaseMappingNeverReleases) {
    WavePciMiniportOptions options;
    options.forgetReleaseMapping = true;
    start(options);
    runFor(120 * kMs);
    EXPECT_TRUE(s.port->releaseCalls.empty());
    EXPECT_EQ(s.port->outstandingCount(), s.port->successfulTags().size());
    EXPECT_EQ(dac.bytes.size(), 4u * 3840u);  // it still plays
}

TEST_F(MiniportBugSwitchTest, ReleaseOutOfOrderReleasesTheNewerFirst) {
    WavePciMiniportOptions options;
    options.releaseOutOfOrder = true;
    options.interruptIntervalMs = 1000;  // several entries finish between interrupts
    start(options, 1, 6 * 4096);
    runFor(200 * kMs);
    EXPECT_GE(releases(ReleaseKind::OutOfOrder), 1u);
    EXPECT_EQ(s.port->outstandingCount(), 0u);
}

TEST_F(MiniportBugSwitchTest, ReleaseUnknownTagReleasesATagItNeverGot) {
    WavePciMiniportOptions options;
    options.releaseUnknownTag = true;
    start(options);
    runFor(120 * kMs);
    ASSERT_EQ(releases(ReleaseKind::UnknownTag), 1u);
    const std::vector<ULONG> got = s.port->successfulTags();
    for (const ReleaseMappingCall& c : s.port->releaseCalls) {
        if (c.kind == ReleaseKind::UnknownTag) {
            EXPECT_EQ(std::count(got.begin(), got.end(), c.tag), 0);
        }
    }
}

TEST_F(MiniportBugSwitchTest, DoubleReleaseReleasesATagTwice) {
    WavePciMiniportOptions options;
    options.doubleRelease = true;
    start(options);
    runFor(120 * kMs);
    EXPECT_EQ(releases(ReleaseKind::DoubleRelease), 1u);
    EXPECT_EQ(s.port->outstandingCount(), 0u);
}

TEST_F(MiniportBugSwitchTest, HoldSpinLockAcrossGetMappingCallsThePortUnderMapLock) {
    WavePciMiniportOptions options;
    options.holdSpinLockAcrossGetMapping = true;
    start(options);
    runFor(120 * kMs);
    ASSERT_FALSE(s.port->getMappingCalls.empty());
    for (const GetMappingCall& c : s.port->getMappingCalls) {
        EXPECT_EQ(c.locksHeld, 1u);
        EXPECT_EQ(c.irql, DISPATCH_LEVEL);
    }
    ASSERT_FALSE(s.port->releaseCalls.empty());
    for (const ReleaseMappingCall& c : s.port->releaseCalls) {
        EXPECT_GE(c.locksHeld, 1u);
    }
}

TEST_F(MiniportBugSwitchTest, AcceptSetFormatWhileRunningTakesAFormatMidStream) {
    WavePciMiniportOptions options;
    options.acceptSetFormatWhileRunning = true;
    start(options);
    runFor(10 * kMs);
    KSDATAFORMAT_WAVEFORMATEX mono =
        makeKsDataFormat(AudioFormat::pcm(48000, 1, 16).toWaveFormatEx());
    EXPECT_EQ(s.stream->SetFormat(&mono.DataFormat), STATUS_SUCCESS);
    EXPECT_EQ(s.impl->format().channels, 1u);
    // The engine ignores PS_FMT while it runs: driver and device now disagree.
    EXPECT_EQ(controller->state(ac97::Engine::PcmOut).format.channels, 2u);
}

TEST_F(MiniportBugSwitchTest, PositionGoesBackwardsOnce) {
    WavePciMiniportOptions options;
    options.positionGoesBackwards = true;
    start(options);
    std::vector<ULONGLONG> positions;
    for (int i = 0; i < 40; ++i) {
        runFor(2 * kMs);
        positions.push_back(position(s));
    }
    int backwards = 0;
    for (std::size_t i = 1; i < positions.size(); ++i) {
        if (positions[i] < positions[i - 1]) {
            ++backwards;
            EXPECT_EQ(positions[i], positions[i - 1] - 4);  // one frame
        }
    }
    EXPECT_EQ(backwards, 1);
}

TEST_F(MiniportBugSwitchTest, PositionFromPicbRunsAheadOfTheDac) {
    WavePciMiniportOptions options;
    options.positionFromPicb = true;
    start(options);
    bool ahead = false;
    for (int i = 0; i < 30; ++i) {
        runFor(kMs + 333'333);
        const ULONGLONG p = position(s);
        controller->syncAll();
        ahead = ahead || p > dac.bytes.size();  // the DMA position includes the FIFO
    }
    EXPECT_TRUE(ahead);
}

TEST_F(MiniportBugSwitchTest, RevokeWithoutCheckingTagsAcceptsAnyTagsForOneEntry) {
    WavePciMiniportOptions options;
    options.revokeWithoutCheckingTags = true;
    start(options, 1, 2000);
    ASSERT_EQ(s.impl->mappingRing().count(), 1u);
    ULONG count = 0;
    EXPECT_EQ(s.stream->RevokeMappings(tagToPointer(777), tagToPointer(778), &count),
              STATUS_SUCCESS);
    EXPECT_EQ(count, 1u);
    EXPECT_TRUE(s.impl->mappingRing().empty());
    EXPECT_EQ(s.port->outstandingCount(), 1u);  // the port never learns what happened to it
}

TEST_F(MiniportBugSwitchTest, GetMappingFromIsrCallsThePortAtDirql) {
    WavePciMiniportOptions options;
    options.getMappingFromIsr = true;
    start(options, 2);
    runFor(30 * kMs);
    s.port->addPacket(patternPacket(2, 3840), 0, false);  // no MappingAvailable
    runFor(60 * kMs);
    const bool atDirql =
        std::any_of(s.port->getMappingCalls.begin(), s.port->getMappingCalls.end(),
                    [](const GetMappingCall& c) { return c.irql > DISPATCH_LEVEL; });
    EXPECT_TRUE(atDirql);
}

}  // namespace
}  // namespace ps::test
