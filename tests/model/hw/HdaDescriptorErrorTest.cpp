// RUN 0 -> 1 validation (HARDWARE.md §8.2) and SRST semantics (§2.5, §3.2,
// §6.3): every way a driver can get the BDL or the stream setup wrong ends in
// DESE with RUN cleared, a "BDL invalid" record naming the reason, and the
// interrupt when DEIE is set; SRST resets the stream and needs RUN = 0.
#include "HdaFixture.h"

namespace ps::hda::test {
namespace {

class HdaDescriptorError : public HdaFixture {
  protected:
    unsigned sd = 0;
    std::uint64_t bdl = 0;
    std::vector<Fragment> good;

    void SetUp() override {
        HdaFixture::SetUp();
        sd = hda->streamIndexOfOutput(2);
        leaveControllerReset();
        enableInterrupts(sd);
        bdl = allocContiguous();
        good = {{allocScatteredPage(), 4096, true}, {allocScatteredPage(), 4096, true}};
    }

    // RUN with DEIE; expects a descriptor error with this reason.
    void expectDescriptorError(const char* reason) {
        const std::size_t before = records(TraceCategory::Dma, "BDL invalid").size();
        startStream(sd, SDCTL_DEIE);
        EXPECT_EQ(ctl(sd) & SDCTL_RUN, 0u) << "RUN cleared";
        EXPECT_NE(sts(sd) & SDSTS_DESE, 0) << "DESE set";
        const auto invalid = records(TraceCategory::Dma, "BDL invalid");
        ASSERT_EQ(invalid.size(), before + 1);
        EXPECT_EQ(textField(invalid.back(), "Reason"), reason);
        EXPECT_EQ(invalid.back().timeNs, scheduler.now());
        EXPECT_TRUE(hda->interruptAsserted()) << "DEIE and SIE and GIE";
        EXPECT_NE(read32(INTSTS) & (INTSTS_GIS | streamBit(sd)), 0u);
        scheduler.runUntil(scheduler.now() + msToNs(2));
        EXPECT_EQ(records(TraceCategory::Dma, "DMA burst").size(), 0u);
        EXPECT_FALSE(hda->state(sd).linkActive);
        ASSERT_FALSE(isrLog.empty());
        EXPECT_NE(isrLog.back().sts[sd] & SDSTS_DESE, 0);
        // W1C DESE deasserts the line; the driver may fix things and restart.
        writeSts(sd, SDSTS_DESE);
        EXPECT_FALSE(hda->interruptAsserted());
        EXPECT_EQ(read32(INTSTS), 0u);
    }
};

TEST_F(HdaDescriptorError, BdlInUnallocatedMemory) {
    setupStream(sd, 1, fmt48kStereo16(), bdl, good);
    writeBdl(sd, 0x80000000);  // 2 GiB: no such frame
    ASSERT_FALSE(kernel.memory().isAddressValid(0x80000000));
    const std::uint64_t faults = kernel.memory().faults().count();
    expectDescriptorError("BDL fetch from unallocated memory");
    EXPECT_GT(kernel.memory().faults().count(), faults) << "a master abort on the bus";
    // 64-bit BDL address that wraps the address space: same, no UB.
    writeBdl(sd, 0xFFFFFFFFFFFFFF80ull);
    expectDescriptorError("BDL fetch from unallocated memory");
}

TEST_F(HdaDescriptorError, LviBelowOneEntry) {
    setupStream(sd, 1, fmt48kStereo16(), bdl, good);
    writeLvi(sd, 0);
    expectDescriptorError("LVI below 1 (fewer than 2 entries)");
}

TEST_F(HdaDescriptorError, LengthsNotSummingToCbl) {
    setupStream(sd, 1, fmt48kStereo16(), bdl, good);
    writeCbl(sd, 8192 - 4);
    expectDescriptorError("BDL lengths do not sum to CBL");
    writeCbl(sd, 8192 + 4);
    expectDescriptorError("BDL lengths do not sum to CBL");
}

TEST_F(HdaDescriptorError, MisalignedBdpl) {
    setupStream(sd, 1, fmt48kStereo16(), bdl, good);
    mmio().WRITE_REGISTER_ULONG(sdAddr(sd, SD_BDPL), static_cast<std::uint32_t>(bdl) + 0x40);
    EXPECT_EQ(mmio().READ_REGISTER_ULONG(sdAddr(sd, SD_BDPL)), static_cast<std::uint32_t>(bdl))
        << "bits 6:0 read 0";
    expectDescriptorError("BDPL not 128-byte aligned");
    writeBdl(sd, bdl);  // fixed
    startStream(sd, SDCTL_DEIE);
    EXPECT_NE(ctl(sd) & SDCTL_RUN, 0u);
    EXPECT_EQ(sts(sd) & SDSTS_DESE, 0);
}

TEST_F(HdaDescriptorError, ZeroLengthEntryAndPartialFramesAndBadFormat) {
    setupStream(sd, 1, fmt48kStereo16(), bdl, {{good[0].address, 4096, true}, {0, 0, false}});
    writeCbl(sd, 4096);
    expectDescriptorError("zero-length BDL entry");
    setupStream(sd, 1, fmt48kStereo16(), bdl,
                {{good[0].address, 4094, true}, {good[1].address, 4096, true}});
    expectDescriptorError("CBL not a whole number of frames");
    setupStream(sd, 1, 0x0051, bdl, good);  // BITS 5: reserved
    expectDescriptorError("invalid SDnFMT");
    setupStream(sd, 1, 0x0011 | FMT_PACKED24, bdl, good);
    expectDescriptorError("invalid SDnFMT");
    // 16 channels of 32-bit samples do not fit a 16-byte FIFO.
    mmio().WRITE_REGISTER_USHORT(sdAddr(sd, SD_FIFOS), 0x0F);
    setupStream(sd, 1, encodeFormat({false, false, 1, 1, 32, 16, false}), bdl, good);
    expectDescriptorError("FIFO smaller than one frame");
}

TEST_F(HdaDescriptorError, WithoutDeieTheStatusIsSetButNoInterrupt) {
    setupStream(sd, 1, fmt48kStereo16(), bdl, good);
    writeLvi(sd, 0);
    startStream(sd, SDCTL_IOCE | SDCTL_FEIE);
    EXPECT_NE(sts(sd) & SDSTS_DESE, 0);
    EXPECT_FALSE(hda->interruptAsserted());
    EXPECT_EQ(read32(INTSTS), 0u);
    // Enabling DEIE afterwards raises it (the status is level).
    writeCtl(sd, ctl(sd) | SDCTL_DEIE);
    EXPECT_TRUE(hda->interruptAsserted());
}

TEST_F(HdaDescriptorError, BufferInUnallocatedMemoryStopsTheStreamAtTheFaultingBurst) {
    std::vector<Fragment> f = good;
    f[1].address = 0x80000000;  // entry 1 points nowhere
    setupStream(sd, 1, fmt48kStereo16(), bdl, f);
    startStream(sd);
    EXPECT_NE(ctl(sd) & SDCTL_RUN, 0u) << "the BDL itself is fine";
    scheduler.runUntil(msToNs(40));
    EXPECT_EQ(ctl(sd) & SDCTL_RUN, 0u);
    ASSERT_FALSE(isrLog.empty());
    EXPECT_NE(isrLog.back().sts[sd] & SDSTS_DESE, 0) << "DESE, seen and acked by the ISR";
    const auto faults = records(TraceCategory::Dma, "buffer read fault");
    ASSERT_EQ(faults.size(), 1u);
    EXPECT_EQ(intField(faults[0], "Entry"), 1);
    EXPECT_EQ(textField(faults[0], "Reason"), "buffer read fault");
    EXPECT_EQ(lpib(sd), 4096u) << "entry 0 was fetched whole";
}

TEST_F(HdaDescriptorError, TheBdlIsReadOnceAtRun) {
    RecordingSink sink;
    hda->setSink(sd, &sink);
    setupStream(sd, 1, fmt48kStereo16(), bdl, good);
    const auto data0 = fillPattern(good[0].address, 4096, 1);
    startStream(sd, 0);
    // Rewriting the BDL in memory while running has no effect.
    writeBdlEntries(bdl, {{0x80000000, 16, true}, {0x80000000, 16, true}});
    scheduler.runUntil(msToNs(30));
    hda->syncAll();
    EXPECT_EQ(sts(sd) & SDSTS_DESE, 0);
    ASSERT_GE(sink.bytes.size(), 4096u);
    EXPECT_TRUE(std::equal(data0.begin(), data0.end(), sink.bytes.begin()));
    EXPECT_EQ(hda->state(sd).bdlEntries, 2u);
    // bdl() shows what is in memory now.
    const auto view = hda->bdl(sd);
    ASSERT_EQ(view.size(), 2u);
    EXPECT_TRUE(view[0].readable);
    EXPECT_EQ(view[0].entry.address, 0x80000000u);
    EXPECT_EQ(view[0].entry.lengthBytes, 16u);
}

// ------------------------------------------------------------ SRST

TEST_F(HdaDescriptorError, SrstResetsTheStreamAndReadsBackOneUntilCleared) {
    RecordingSink sink;
    hda->setSink(sd, &sink);
    setupStream(sd, 1, fmt48kStereo16(), bdl, good);
    startStream(sd);
    scheduler.runUntil(msToNs(5));
    EXPECT_NE(lpib(sd), 0u);
    // SRST while RUN = 1 is ignored (ICH6: RUN must be 0 first).
    writeCtl(sd, ctl(sd) | SDCTL_SRST);
    EXPECT_EQ(ctl(sd) & SDCTL_SRST, 0u);
    EXPECT_NE(ctl(sd) & SDCTL_RUN, 0u);
    const auto ignored = records(TraceCategory::Register, "SDCTL write");
    EXPECT_EQ(textField(ignored.back(), "Note"), "SRST while RUN ignored");
    // Clear RUN, then SRST: registers, FIFO and LPIB reset; SRST reads 1.
    writeCtl(sd, ctl(sd) & ~SDCTL_RUN);
    writeCtl(sd, SDCTL_SRST);
    EXPECT_EQ(ctl(sd), SDCTL_SRST);
    EXPECT_EQ(sts(sd), 0u) << "FIFORDY 0: reset empties the FIFO";
    EXPECT_EQ(lpib(sd), 0u);
    EXPECT_EQ(mmio().READ_REGISTER_ULONG(sdAddr(sd, SD_CBL)), 0u);
    EXPECT_EQ(mmio().READ_REGISTER_USHORT(sdAddr(sd, SD_LVI)), 0u);
    EXPECT_EQ(mmio().READ_REGISTER_USHORT(sdAddr(sd, SD_FMT)), 0u);
    EXPECT_EQ(mmio().READ_REGISTER_ULONG(sdAddr(sd, SD_BDPL)), 0u);
    HdaStreamState s = hda->state(sd);
    EXPECT_TRUE(s.inReset);
    EXPECT_EQ(s.fifoLevelBytes, 0u);
    EXPECT_EQ(s.framesPlayed, 0);
    EXPECT_EQ(s.bytesFetched, 0u);
    // Writes while in reset are ignored; leaving reset keeps the reset values.
    writeCbl(sd, 8192);
    EXPECT_EQ(mmio().READ_REGISTER_ULONG(sdAddr(sd, SD_CBL)), 0u);
    writeCtl(sd, SDCTL_SRST | SDCTL_IOCE);
    EXPECT_EQ(ctl(sd), SDCTL_SRST);
    writeCtl(sd, 0);
    EXPECT_EQ(ctl(sd), 0u);
    // A reset stream set up again plays from the start of its buffer.
    RecordingSink fresh;
    hda->setSink(sd, &fresh);
    const auto data0 = fillPattern(good[0].address, 4096, 9);
    setupStream(sd, 1, fmt48kStereo16(), bdl, good);
    startStream(sd, 0);
    scheduler.runUntil(msToNs(40));
    hda->syncAll();
    ASSERT_GE(fresh.bytes.size(), 4096u);
    EXPECT_TRUE(std::equal(data0.begin(), data0.end(), fresh.bytes.begin()));
    EXPECT_EQ(fresh.blocks.front().firstFrame, 0);
}

TEST_F(HdaDescriptorError, SetupWritesWhileRunningAreIgnored) {
    setupStream(sd, 1, fmt48kStereo16(), bdl, good);
    startStream(sd, 0);
    writeCbl(sd, 4);
    writeLvi(sd, 7);
    writeFmt(sd, 0x4011);
    writeBdl(sd, 0x80000000);
    mmio().WRITE_REGISTER_USHORT(sdAddr(sd, SD_FIFOS), 0x3F);
    EXPECT_EQ(mmio().READ_REGISTER_ULONG(sdAddr(sd, SD_CBL)), 8192u);
    EXPECT_EQ(mmio().READ_REGISTER_USHORT(sdAddr(sd, SD_LVI)), 1u);
    EXPECT_EQ(mmio().READ_REGISTER_USHORT(sdAddr(sd, SD_FMT)), fmt48kStereo16());
    EXPECT_EQ(mmio().READ_REGISTER_ULONG(sdAddr(sd, SD_BDPL)), static_cast<std::uint32_t>(bdl));
    EXPECT_EQ(mmio().READ_REGISTER_USHORT(sdAddr(sd, SD_FIFOS)), kOutputFifosReset);
    std::size_t ignored = 0;
    for (const auto& r : records(TraceCategory::Register)) {
        ignored += textField(r, "Ignored") == "stream running" ? 1 : 0;
    }
    EXPECT_EQ(ignored, 6u);
}

}  // namespace
}  // namespace ps::hda::test
