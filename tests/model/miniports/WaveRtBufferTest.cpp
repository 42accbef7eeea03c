// The cyclic buffer: AllocateAudioBuffer / AllocateBufferWithNotification
// sizes, pages, the BDL read back from memory, the descriptor registers, and
// FreeAudioBuffer / FreeBufferWithNotification (DDI.md §8, §9, §12, §19 rows
// 2 and 4; HARDWARE.md §2.5, §2.7).
#include "WaveRtFixture.h"

#include "model/kernel/Mdl.h"

#include <set>

namespace ps::test {
namespace {

class WaveRtBufferTest : public WaveRtFixture {
  protected:
    void open(const AudioFormat& format, WaveRtOpenedStream* s,
              const WaveRtMiniportOptions& options = {}) {
        ASSERT_EQ(createAndInit(options), STATUS_SUCCESS);
        ASSERT_EQ(openStream(kHdaRtPinRender, false, format, s), STATUS_SUCCESS);
    }
};

const AudioFormat kStereo48 = AudioFormat::pcm(48000, 2, 16);                 // 4-byte frames
const AudioFormat kEight192 = AudioFormat::extensiblePcm(192000, 8, 32, 32);  // 32-byte frames

ULONG bytesFor(const AudioFormat& f, ULONG ms) {
    return static_cast<ULONG>(f.bytesPerSecond() * ms / 1000);
}

TEST_F(WaveRtBufferTest, RoundUpToPagesGivesEveryWholeFrameOfThePagesHoldingTheRequest) {
    for (const AudioFormat& format : {kStereo48, kEight192}) {
        for (ULONG ms : {1u, 10u, 100u, 2000u}) {
            miniport = nullptr;
            WaveRtOpenedStream s;
            open(format, &s);
            for (ULONG extra : {0u, 3u}) {  // a whole-frame and a ragged request
                const ULONG requested = bytesFor(format, ms) + extra;
                ASSERT_EQ(allocate(s, requested, 1), STATUS_SUCCESS) << ms << " ms";
                const ULONG pageBytes = static_cast<ULONG>(ROUND_TO_PAGES(requested + 31));
                EXPECT_GE(s.actualSize, requested);
                EXPECT_EQ(s.actualSize % format.bytesPerFrame(), 0u);
                EXPECT_LE(s.actualSize, pageBytes);
                EXPECT_GT(s.actualSize + format.bytesPerFrame(),
                          static_cast<ULONG>(ROUND_TO_PAGES(s.actualSize)));
                EXPECT_EQ(MmGetMdlByteCount(s.mdl), s.actualSize);
                EXPECT_EQ(readStreamRegister32(s, hda::SD_CBL), s.actualSize);
                freeBuffer(s);
            }
            closeStream(s);
        }
    }
    EXPECT_TRUE(miniportRecords(TraceCategory::Dma, "ActualSize below RequestedSize").empty());
}

TEST_F(WaveRtBufferTest, RoundDownToFramesIsTheSamplesRuleAndIsFlagged) {
    WaveRtMiniportOptions options;
    options.bufferSizePolicy = WaveRtBufferSizePolicy::RoundDownToFrames;
    for (const AudioFormat& format : {kStereo48, kEight192}) {
        miniport = nullptr;
        WaveRtOpenedStream s;
        open(format, &s, options);
        for (ULONG ms : {1u, 10u, 100u, 2000u}) {
            const ULONG requested = bytesFor(format, ms);
            ASSERT_EQ(allocate(s, requested, 2), STATUS_SUCCESS);
            EXPECT_EQ(s.actualSize, requested);  // already whole frames
            freeBuffer(s);
            ASSERT_EQ(allocate(s, requested + 3, 2), STATUS_SUCCESS);
            EXPECT_EQ(s.actualSize, requested);  // below the request
            freeBuffer(s);
        }
        closeStream(s);
    }
    const auto flagged = miniportRecords(TraceCategory::Dma, "ActualSize below RequestedSize");
    ASSERT_EQ(flagged.size(), 8u);
    EXPECT_EQ(flagged[0].field("RequestedSize")->u, flagged[0].field("ActualSize")->u + 3);
}

TEST_F(WaveRtBufferTest, PagesAreNotContiguousAndEachHasItsOwnBdlEntry) {
    WaveRtOpenedStream s;
    open(kStereo48, &s);
    ASSERT_EQ(allocate(s, bytesFor(kStereo48, 100), 1), STATUS_SUCCESS);  // 19200 -> 5 pages
    ASSERT_EQ(s.actualSize, 5 * PAGE_SIZE);
    ASSERT_EQ(s.mdl->pages.size(), 5u);
    EXPECT_FALSE(s.impl->bufferIsContiguous());
    for (std::size_t i = 1; i < s.mdl->pages.size(); ++i) {
        EXPECT_NE(s.mdl->pages[i], s.mdl->pages[i - 1] + 1) << "pages " << i - 1 << ", " << i;
    }
    // The port helper was asked for non-contiguous pages below 4 GiB.
    ASSERT_EQ(s.port->callCount("AllocatePagesForMdl"), 1u);
    EXPECT_EQ(s.port->calls[0].highAddress, kMax32BitAddress);
    EXPECT_EQ(s.port->calls[0].totalBytes, s.actualSize);

    const std::vector<hda::BdlEntry> bdl = bdlInMemory(s);
    ASSERT_EQ(bdl.size(), 5u);
    for (std::size_t i = 0; i < bdl.size(); ++i) {
        EXPECT_EQ(bdl[i].address, pfnToAddress(s.mdl->pages[i]));
        EXPECT_EQ(bdl[i].lengthBytes, PAGE_SIZE);
        EXPECT_EQ(bdl[i].ioc, i == 4) << i;  // count 1: only the entry ending the buffer
    }
    EXPECT_EQ(readStreamRegister32(s, hda::SD_LVI) & hda::kLviMask, 4u);
    // The BDL: one contiguous, uncached-mapped page, 128-byte aligned.
    EXPECT_EQ(readStreamRegister32(s, hda::SD_BDPL) % hda::kBdlAlignmentBytes, 0u);
    EXPECT_EQ(readStreamRegister32(s, hda::SD_BDPL), s.impl->bdlPhysicalAddress());
    ASSERT_EQ(s.port->callCount("AllocateContiguousPagesForMdl"), 1u);
    EXPECT_EQ(s.port->calls[1].totalBytes, PAGE_SIZE);
    EXPECT_EQ(s.port->calls[2].cacheType, MmNonCached);
    // Every port helper ran at PASSIVE_LEVEL with no miniport lock held.
    for (const WaveRtHelperCall& call : s.port->calls) {
        EXPECT_EQ(call.irql, PASSIVE_LEVEL) << call.method;
        EXPECT_EQ(call.locksHeld, 0u) << call.method;
    }
}

TEST_F(WaveRtBufferTest, CountTwoPutsAnEntryEndAndIocExactlyAtTheMidpoint) {
    WaveRtOpenedStream s;
    open(kStereo48, &s);
    ASSERT_EQ(allocate(s, bytesFor(kStereo48, 100), 2), STATUS_SUCCESS);  // 5 pages
    const std::vector<hda::BdlEntry> bdl = bdlInMemory(s);
    // The midpoint 10240 is inside page 2: that page is two entries.
    ASSERT_EQ(bdl.size(), 6u);
    ULONG offset = 0;
    std::vector<ULONG> iocEnds;
    for (const hda::BdlEntry& e : bdl) {
        offset += e.lengthBytes;
        if (e.ioc) {
            iocEnds.push_back(offset);
        }
    }
    EXPECT_EQ(offset, s.actualSize);
    EXPECT_EQ(iocEnds, (std::vector<ULONG>{s.actualSize / 2, s.actualSize}));
    EXPECT_EQ(bdl[2].address, pfnToAddress(s.mdl->pages[2]));
    EXPECT_EQ(bdl[2].lengthBytes, 2048u);
    EXPECT_EQ(bdl[3].address, pfnToAddress(s.mdl->pages[2]) + 2048);
}

TEST_F(WaveRtBufferTest, APollingBufferHasNoIoc) {
    WaveRtOpenedStream s;
    open(kStereo48, &s);
    ASSERT_EQ(allocate(s, bytesFor(kStereo48, 100), 0), STATUS_SUCCESS);
    for (const hda::BdlEntry& e : bdlInMemory(s)) {
        EXPECT_FALSE(e.ioc);
    }
    EXPECT_EQ(s.impl->notificationCount(), 0u);
    EXPECT_EQ(readStreamRegister32(s, hda::SD_CTL) & hda::SDCTL_IOCE, 0u);
}

TEST_F(WaveRtBufferTest, ATinyBufferStillHasTheTwoEntriesTheControllerNeeds) {
    WaveRtMiniportOptions options;
    options.bufferSizePolicy = WaveRtBufferSizePolicy::RoundDownToFrames;
    WaveRtOpenedStream s;
    open(kStereo48, &s, options);
    ASSERT_EQ(allocate(s, 192, 1), STATUS_SUCCESS);  // 1 ms
    const std::vector<hda::BdlEntry> bdl = bdlInMemory(s);
    ASSERT_EQ(bdl.size(), 2u);
    EXPECT_EQ(bdl[0].lengthBytes, 96u);
    EXPECT_FALSE(bdl[0].ioc);
    EXPECT_EQ(bdl[1].address, bdl[0].address + 96);
    EXPECT_TRUE(bdl[1].ioc);
}

TEST_F(WaveRtBufferTest, BuffersBeyond256PagesAreAllocatedContiguous) {
    WaveRtOpenedStream s;
    open(kEight192, &s);
    const ULONG requested = bytesFor(kEight192, 2000);  // 12,288,000 bytes, 3000 pages
    ASSERT_EQ(allocate(s, requested, 2), STATUS_SUCCESS);
    EXPECT_EQ(s.actualSize, requested);
    EXPECT_TRUE(s.impl->bufferIsContiguous());
    EXPECT_EQ(s.port->callCount("AllocatePagesForMdl"), 1u);  // tried first, then freed
    EXPECT_TRUE(s.mdl->contiguous);
    const std::vector<hda::BdlEntry> bdl = bdlInMemory(s);
    ASSERT_EQ(bdl.size(), 2u);  // one entry per packet
    EXPECT_EQ(bdl[0].lengthBytes, requested / 2);
    EXPECT_TRUE(bdl[0].ioc && bdl[1].ioc);
    EXPECT_EQ(bdl[0].address, pfnToAddress(s.mdl->pages[0]));
    closeStream(s);
    EXPECT_EQ(kernel.memory().allocatedFrameCount(), 0u);
}

TEST_F(WaveRtBufferTest, StrictModeAcceptsOnlyOneOrTwoNotifications) {
    WaveRtOpenedStream s;
    open(kStereo48, &s);
    PMDL mdl = nullptr;
    ULONG actual = 0, offset = 0;
    MEMORY_CACHING_TYPE cache = MmCached;
    for (ULONG count : {0u, 3u, 4u}) {
        EXPECT_EQ(s.notification->AllocateBufferWithNotification(count, 4800, &mdl, &actual,
                                                                 &offset, &cache),
                  STATUS_INVALID_PARAMETER)
            << count;
        EXPECT_EQ(mdl, nullptr);
    }
    EXPECT_TRUE(s.port->calls.empty());
}

TEST_F(WaveRtBufferTest, SampleDivisorModeAcceptsCountsThatDivideTheRequest) {
    WaveRtMiniportOptions options;
    options.notificationPolicy = WaveRtNotificationPolicy::SampleDivisors;
    WaveRtOpenedStream s;
    open(kStereo48, &s, options);
    EXPECT_EQ(allocate(s, 4800, 0 + 0), STATUS_SUCCESS);  // polling is always fine
    freeBuffer(s);
    PMDL mdl = nullptr;
    ULONG actual = 0, offset = 0;
    MEMORY_CACHING_TYPE cache = MmCached;
    EXPECT_EQ(
        s.notification->AllocateBufferWithNotification(0, 4800, &mdl, &actual, &offset, &cache),
        STATUS_INVALID_PARAMETER);
    EXPECT_EQ(
        s.notification->AllocateBufferWithNotification(7, 4800, &mdl, &actual, &offset, &cache),
        STATUS_INVALID_PARAMETER);  // 4800 % 7 != 0
    ASSERT_EQ(allocate(s, 4800, 3), STATUS_SUCCESS);
    ULONG iocs = 0;
    for (const hda::BdlEntry& e : bdlInMemory(s)) {
        iocs += e.ioc ? 1 : 0;
    }
    EXPECT_EQ(iocs, 3u);
}

TEST_F(WaveRtBufferTest, RefusesEmptyTinyAndSecondBuffers) {
    WaveRtOpenedStream s;
    open(kEight192, &s);
    EXPECT_EQ(allocate(s, 0, 1), STATUS_UNSUCCESSFUL);
    EXPECT_EQ(allocate(s, 31, 1), STATUS_UNSUCCESSFUL);  // less than one 32-byte frame
    EXPECT_EQ(allocate(s, 31, 0), STATUS_UNSUCCESSFUL);
    ASSERT_EQ(allocate(s, 32, 1), STATUS_SUCCESS);
    const PMDL first = s.mdl;
    PMDL mdl = nullptr;
    ULONG actual = 0, offset = 0;
    MEMORY_CACHING_TYPE cache = MmCached;
    EXPECT_EQ(s.stream->AllocateAudioBuffer(4096, &mdl, &actual, &offset, &cache),
              STATUS_UNSUCCESSFUL);
    EXPECT_EQ(mdl, nullptr);
    EXPECT_EQ(s.impl->bufferMdl(), first);
    EXPECT_EQ(s.stream->AllocateAudioBuffer(4096, nullptr, &actual, &offset, &cache),
              STATUS_INVALID_PARAMETER);
}

TEST_F(WaveRtBufferTest, FailedPageAllocationsLeaveNothingBehind) {
    WaveRtOpenedStream s;
    open(kStereo48, &s);
    const std::uint64_t framesBefore = kernel.memory().allocatedFrameCount();
    s.port->failPages = true;
    EXPECT_EQ(allocate(s, 19200, 1), STATUS_INSUFFICIENT_RESOURCES);
    s.port->failPages = false;
    s.port->shortPagesBytes = 100;  // the helper describes fewer bytes than asked
    EXPECT_EQ(allocate(s, 19200, 1), STATUS_INSUFFICIENT_RESOURCES);
    s.port->shortPagesBytes = 0;
    s.port->failContiguous = true;  // no page for the BDL
    EXPECT_EQ(allocate(s, 19200, 1), STATUS_INSUFFICIENT_RESOURCES);
    EXPECT_EQ(s.port->outstandingMdls(), 0u);
    EXPECT_EQ(kernel.memory().allocatedFrameCount(), framesBefore);
    EXPECT_EQ(s.impl->bufferBytes(), 0u);
    EXPECT_EQ(s.stream->SetState(KSSTATE_ACQUIRE), STATUS_SUCCESS);
    EXPECT_EQ(s.stream->SetState(KSSTATE_PAUSE), STATUS_SUCCESS);
    EXPECT_EQ(s.stream->SetState(KSSTATE_RUN), STATUS_DEVICE_NOT_READY);  // no buffer
}

TEST_F(WaveRtBufferTest, FreeReturnsTheBufferAndTheBdlAndClearsTheDescriptor) {
    WaveRtOpenedStream s;
    open(kStereo48, &s);
    ASSERT_EQ(allocate(s, 19200, 2), STATUS_SUCCESS);
    const PMDL mdl = s.mdl;
    freeBuffer(s);
    EXPECT_EQ(s.port->outstandingMdls(), 0u);
    EXPECT_EQ(s.port->callCount("FreePagesFromMdl"), 2u);
    EXPECT_EQ(s.port->callCount("UnmapAllocatedPages"), 1u);  // the BDL page's mapping
    EXPECT_EQ(readStreamRegister32(s, hda::SD_CBL), 0u);
    EXPECT_EQ(readStreamRegister32(s, hda::SD_BDPL), 0u);
    EXPECT_EQ(s.impl->bufferMdl(), nullptr);
    // A free of a buffer the stream does not have is traced and ignored.
    s.notification->FreeBufferWithNotification(mdl, 19200);
    s.stream->FreeAudioBuffer(nullptr, 0);
    EXPECT_EQ(miniportRecords(TraceCategory::Dma, "free of an unknown buffer").size(), 2u);
    EXPECT_EQ(s.port->unknownFrees, 0u);
    // And a new buffer can be had.
    ASSERT_EQ(allocate(s, 4800, 1), STATUS_SUCCESS);
}

TEST_F(WaveRtBufferTest, AStreamReleasedWithItsBufferFreesItLikeSysvad) {
    WaveRtOpenedStream s;
    open(kStereo48, &s);
    ASSERT_EQ(allocate(s, 19200, 1), STATUS_SUCCESS);
    kernel.systemSpace().unmap(s.clientVa);
    setState(s, KSSTATE_RUN);
    runFor(5 * kRtMs);
    ComPtr<FakePortWaveRTStream> portStream = s.port;
    s.notification = nullptr;
    s.stream = nullptr;  // the last reference: no Free, no STOP
    s.impl = nullptr;
    EXPECT_EQ(miniportRecords(TraceCategory::Dma, "buffer never freed").size(), 1u);
    EXPECT_EQ(miniportRecords(TraceCategory::Dma, "buffer freed while the DMA runs").size(), 1u);
    EXPECT_EQ(portStream->outstandingMdls(), 0u);
    runFor(5 * kRtMs);
    EXPECT_FALSE(controller->state(controller->streamIndexOfOutput(0)).running);
}

}  // namespace
}  // namespace ps::test
