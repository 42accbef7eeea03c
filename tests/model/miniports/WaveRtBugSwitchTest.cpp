// The miniport-side bug switches of WaveRtMiniportOptions, each showing the
// misbehaviour the verifier is meant to catch: SetFormat while RUN, the
// position register advancing while not in RUN, GetPosition outside the
// buffer, a notification count other than 1 or 2.
#include "WaveRtFixture.h"

namespace ps::test {
namespace {

const AudioFormat kStereo48 = AudioFormat::pcm(48000, 2, 16);

class WaveRtBugSwitchTest : public WaveRtFixture {
  protected:
    void open(const WaveRtMiniportOptions& options, ULONG count = 2) {
        ASSERT_EQ(createAndInit(options), STATUS_SUCCESS);
        ASSERT_EQ(openStream(kHdaRtPinRender, false, kStereo48, &s), STATUS_SUCCESS);
        ASSERT_EQ(allocate(s, 8192, count), STATUS_SUCCESS);
    }
    void TearDown() override {
        if (s.stream) {
            closeStream(s);
        }
    }
    std::size_t hardwareRecords(const char* name, const char* field) const {
        std::size_t n = 0;
        tracer.ring().forEachFrom(0, [&](const TraceRecord& r) {
            n += std::strcmp(r.source, hdaConfig.name) == 0 && std::strcmp(r.name, name) == 0 &&
                         (field == nullptr || r.field(field) != nullptr)
                     ? 1
                     : 0;
        });
        return n;
    }

    WaveRtOpenedStream s;
};

TEST_F(WaveRtBugSwitchTest, AcceptSetFormatWhileRunningWritesSdnFmtUnderTheRunningDma) {
    WaveRtMiniportOptions options;
    options.acceptSetFormatWhileRunning = true;
    open(options);
    setState(s, KSSTATE_RUN);
    runFor(5 * kRtMs);
    WaveRtDataFormat cd(AudioFormat::pcm(44100, 2, 16));
    EXPECT_EQ(s.stream->SetFormat(cd.get()), STATUS_SUCCESS);
    const auto writes = miniportRecords(TraceCategory::Register, "SDFMT written");
    ASSERT_EQ(writes.size(), 1u);
    EXPECT_TRUE(writes[0].field("DmaRunning")->u != 0);
    // The controller ignores FMT while RUN = 1: driver and hardware now disagree.
    EXPECT_EQ(s.impl->format().rateHz, 44100u);
    EXPECT_EQ(hwState(s).rateHz, 48000u);
    EXPECT_GE(hardwareRecords("SDFMT write", "Ignored"), 1u);
}

TEST_F(WaveRtBugSwitchTest, DmaRunsInPauseKeepsThePositionAndTheEventsGoing) {
    WaveRtMiniportOptions options;
    options.dmaRunsInPause = true;
    open(options);
    KEVENT event;
    kernel.KeInitializeEvent(&event, NotificationEvent, FALSE, "event");
    ASSERT_EQ(s.notification->RegisterNotificationEvent(&event), STATUS_SUCCESS);
    setState(s, KSSTATE_RUN);
    runFor(10 * kRtMs);
    setState(s, KSSTATE_PAUSE);
    const ULONGLONG atPause = position(s).PlayOffset;
    runFor(7 * kRtMs);
    EXPECT_NE(position(s).PlayOffset, atPause);  // the position moves in PAUSE
    EXPECT_TRUE(hwState(s).running);
    EXPECT_EQ(miniportRecords(TraceCategory::Dma, "DMA left running in PAUSE").size(), 1u);
    runFor(40 * kRtMs);
    bool signalledInPause = false;
    for (const TraceRecord& r :
         miniportRecords(TraceCategory::Dpc, "notification events signalled")) {
        signalledInPause =
            signalledInPause || std::strcmp(r.field("State")->text, "KSSTATE_PAUSE") == 0;
    }
    EXPECT_TRUE(signalledInPause);
    // STOP still stops it.
    setState(s, KSSTATE_STOP);
    EXPECT_FALSE(hwState(s).running);
    EXPECT_EQ(s.notification->UnregisterNotificationEvent(&event), STATUS_SUCCESS);
}

TEST_F(WaveRtBugSwitchTest, PositionOutsideBufferReportsAnOffsetPastTheEndOnce) {
    WaveRtMiniportOptions options;
    options.positionOutsideBuffer = true;
    open(options);
    setState(s, KSSTATE_RUN);
    runFor(3 * kRtMs);
    const KSAUDIO_POSITION bad = position(s);
    EXPECT_GE(bad.PlayOffset, s.actualSize);
    EXPECT_EQ(bad.PlayOffset - s.actualSize, readStreamRegister32(s, hda::SD_LPIB));
    for (int i = 0; i < 20; ++i) {
        runFor(kRtMs);
        EXPECT_LT(position(s).PlayOffset, s.actualSize);
    }
}

TEST_F(WaveRtBugSwitchTest, AcceptNotificationCountAnyLetsThreeThrough) {
    WaveRtMiniportOptions options;
    options.acceptNotificationCountAny = true;
    ASSERT_EQ(createAndInit(options), STATUS_SUCCESS);
    ASSERT_EQ(openStream(kHdaRtPinRender, false, kStereo48, &s), STATUS_SUCCESS);
    EXPECT_EQ(allocate(s, 12288, 0 + 0), STATUS_SUCCESS);  // polling, as ever
    freeBuffer(s);
    PMDL mdl = nullptr;
    ULONG actual = 0, offset = 0;
    MEMORY_CACHING_TYPE cache = MmCached;
    EXPECT_EQ(
        s.notification->AllocateBufferWithNotification(0, 12288, &mdl, &actual, &offset, &cache),
        STATUS_INVALID_PARAMETER);
    ASSERT_EQ(allocate(s, 12288, 3), STATUS_SUCCESS);  // 3 pages, 64 ms
    ULONG iocs = 0;
    for (const hda::BdlEntry& e : bdlInMemory(s)) {
        iocs += e.ioc ? 1 : 0;
    }
    EXPECT_EQ(iocs, 3u);
    setState(s, KSSTATE_RUN);
    runFor(64 * kRtMs + 5 * kRtMs);
    EXPECT_EQ(s.impl->interruptCount(), 3u);  // one per third of the buffer
}

}  // namespace
}  // namespace ps::test
