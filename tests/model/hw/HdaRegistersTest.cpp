// The HD Audio register contract (HdaRegisters.h) and register-level
// behaviour of the controller: encode/decode helpers, reset values, widths
// and byte lanes, write-1-to-clear and read-only bits, the LPIB alias, and
// CRST (HARDWARE.md §2.1-§2.8).
#include "HdaFixture.h"

#include <set>

namespace ps::hda::test {
namespace {

// ------------------------------------------------------------ helpers (pure)

TEST(HdaFormat, EncodeDecodeRoundTripsEveryRateBitsAndChannelCount) {
    const std::uint32_t rates[] = {8000,  11025, 16000, 22050,  32000, 44100,
                                   48000, 88200, 96000, 176400, 192000};
    const unsigned bits[] = {8, 16, 20, 24, 32};
    for (std::uint32_t hz : rates) {
        for (unsigned b : bits) {
            for (unsigned ch = 1; ch <= 8; ++ch) {
                StreamFormat f;
                f.bitsPerSample = b;
                f.channels = ch;
                ASSERT_TRUE(formatForRate(hz, f)) << hz;
                const std::uint16_t v = encodeFormat(f);
                const StreamFormat d = decodeFormat(v);
                SCOPED_TRACE(testing::Message() << hz << " Hz " << b << " bits " << ch << " ch");
                EXPECT_EQ(rateHz(d), hz);
                EXPECT_EQ(d.bitsPerSample, b);
                EXPECT_EQ(d.channels, ch);
                EXPECT_FALSE(d.packed24);
                EXPECT_TRUE(isValidFormat(d));
                EXPECT_EQ(encodeFormat(d), v);
                EXPECT_EQ(containerBytes(d), b == 8 ? 1u : b == 16 ? 2u : 4u);
                EXPECT_EQ(bytesPerFrame(d), containerBytes(d) * ch);
            }
        }
    }
}

TEST(HdaFormat, KnownEncodingsFromTheSpecTable) {
    // 48 kHz 16-bit stereo = 0x0011; 44.1 kHz 16-bit stereo = 0x4011;
    // 8 kHz = 48 kHz / 6 (DIV 5); 192 kHz = 48 kHz x 4 (MULT 3); 24-bit 2 ch = 0x0031.
    EXPECT_EQ(encodeFormat(StreamFormat{false, false, 1, 1, 16, 2, false}), 0x0011);
    EXPECT_EQ(encodeFormat(StreamFormat{false, true, 1, 1, 16, 2, false}), 0x4011);
    EXPECT_EQ(encodeFormat(StreamFormat{false, false, 1, 6, 16, 2, false}), 0x0511);
    EXPECT_EQ(encodeFormat(StreamFormat{false, false, 4, 1, 16, 2, false}), 0x1811);
    EXPECT_EQ(encodeFormat(StreamFormat{false, false, 1, 1, 24, 2, false}), 0x0031);
    EXPECT_EQ(rateHz(decodeFormat(0x0511)), 8000u);
    EXPECT_EQ(rateHz(decodeFormat(0x4311)), 11025u);   // 44.1 / 4
    EXPECT_EQ(rateHz(decodeFormat(0x0A11)), 32000u);   // 48 x 2 / 3
    EXPECT_EQ(rateHz(decodeFormat(0x1011)), 144000u);  // 48 x 3
    EXPECT_EQ(rateHz(decodeFormat(0x5811)), 176400u);
}

TEST(HdaFormat, Packed24ExtensionAndInvalidCodes) {
    StreamFormat f{false, false, 1, 1, 24, 2, true};
    const std::uint16_t v = encodeFormat(f);
    EXPECT_EQ(v, 0x0031 | FMT_PACKED24);
    EXPECT_TRUE(decodeFormat(v).packed24);
    EXPECT_EQ(containerBytes(decodeFormat(v)), 3u);
    EXPECT_EQ(bytesPerFrame(decodeFormat(v)), 6u);
    EXPECT_TRUE(isValidFormat(decodeFormat(v)));
    // PACKED24 with another width is invalid; so are reserved codes, non-PCM,
    // and non-integer rates.
    EXPECT_FALSE(isValidFormat(decodeFormat(0x0011 | FMT_PACKED24)));
    EXPECT_FALSE(isValidFormat(decodeFormat(0x0051)));  // BITS 5 reserved
    EXPECT_FALSE(isValidFormat(decodeFormat(0x2011)));  // MULT 5 reserved
    EXPECT_FALSE(isValidFormat(decodeFormat(0x8011)));  // non-PCM
    EXPECT_FALSE(isValidFormat(decodeFormat(0x0611)));  // 48000 / 7
    EXPECT_EQ(rateHz(decodeFormat(0x4711)), 0u);        // 44100 / 8
    StreamFormat g;
    EXPECT_FALSE(formatForRate(44101, g));
}

TEST(HdaHelpers, GcapBdlEntryFifoAndWallClock) {
    EXPECT_EQ(encodeGcap(4, 4), 0x4401);  // QEMU's GCAP (§3.1)
    EXPECT_EQ(gcapInputStreams(0x4401), 4u);
    EXPECT_EQ(gcapOutputStreams(0x4401), 4u);
    const BdlEntry e{0x123456789ABCDEF0ull, 0x1000, true};
    const auto raw = encodeBdlEntry(e);
    EXPECT_EQ(raw[0], 0xF0);
    EXPECT_EQ(raw[7], 0x12);
    EXPECT_EQ(raw[8], 0x00);
    EXPECT_EQ(raw[9], 0x10);
    EXPECT_EQ(raw[12], 0x01);
    const BdlEntry d = decodeBdlEntry(raw.data());
    EXPECT_EQ(d.address, e.address);
    EXPECT_EQ(d.lengthBytes, e.lengthBytes);
    EXPECT_TRUE(d.ioc);
    std::uint8_t other[16] = {};
    other[12] = 0xFE;  // bits other than IOC are not IOC
    EXPECT_FALSE(decodeBdlEntry(other).ioc);
    EXPECT_EQ(fifosBytes(kOutputFifosReset), 192u);
    EXPECT_EQ(fifosBytes(kInputFifosReset), 120u);
    EXPECT_EQ(fifowBytes(FIFOW_8B), 8u);
    EXPECT_EQ(fifowBytes(0x7), 32u);  // unsupported -> default
    EXPECT_EQ(wallClockTicks(0), 0u);
    EXPECT_EQ(wallClockTicks(41), 0u);  // 41 ns = 0.984 ticks
    EXPECT_EQ(wallClockTicks(42), 1u);
    EXPECT_EQ(wallClockTicks(secondsToNs(1)), 24'000'000u);
    EXPECT_EQ(streamOffset(4), 0x100u);
    EXPECT_EQ(lpibAliasOffset(4), 0x2104u);
}

// ------------------------------------------------------------ device registers

class HdaRegisters : public HdaFixture {};

TEST_F(HdaRegisters, PowersUpInResetAndIgnoresWritesUntilCrst) {
    EXPECT_TRUE(hda->inReset());
    EXPECT_EQ(read32(GCTL), 0u);
    EXPECT_EQ(read16(GCAP), 0x4401);
    write32(INTCTL, INTCTL_GIE | 0xFF);
    writeCbl(4, 1000);
    EXPECT_EQ(read32(INTCTL), 0u);
    EXPECT_EQ(mmio().READ_REGISTER_ULONG(sdAddr(4, SD_CBL)), 0u);
    EXPECT_EQ(wallClock(), 0u);
    EXPECT_EQ(records(TraceCategory::Register, "ignored write").size(), 2u);
    leaveControllerReset();
    EXPECT_EQ(read32(GCTL), GCTL_CRST);
    writeCbl(4, 1000);
    EXPECT_EQ(mmio().READ_REGISTER_ULONG(sdAddr(4, SD_CBL)), 1000u);
}

TEST_F(HdaRegisters, GlobalResetValuesAndMasks) {
    leaveControllerReset();
    EXPECT_EQ(read8(VMIN), 0x00);
    EXPECT_EQ(read8(VMAJ), 0x01);
    EXPECT_EQ(read16(OUTPAY), 0x3C);
    EXPECT_EQ(read16(INPAY), 0x1D);
    EXPECT_EQ(read32(GCAP) & 0xFFFFu, 0x4401u);
    EXPECT_EQ(read32(GCAP) >> 16, 0x0100u);  // VMIN 0, VMAJ 1
    EXPECT_EQ(read32(INTCTL), 0u);
    EXPECT_EQ(read32(INTSTS), 0u);
    EXPECT_EQ(read32(SSYNC), 0u);
    write32(INTCTL, 0xFFFFFFFFu);
    EXPECT_EQ(read32(INTCTL), INTCTL_GIE | INTCTL_CIE | 0xFFu) << "SIE only for 8 streams";
    write32(SSYNC, 0xFFFFFFFFu);
    EXPECT_EQ(read32(SSYNC), 0xFFu);
    write32(DPLBASE, 0x12345FFFu);
    EXPECT_EQ(read32(DPLBASE), 0x12345F81u) << "bits 6:1 read 0";
    write32(DPUBASE, 0x1u);
    EXPECT_EQ(read32(DPUBASE), 0x1u);
    write32(GCAP, 0);
    write32(INTSTS, 0xFFFFFFFFu);
    write32(WALCLK, 0);
    EXPECT_EQ(read16(GCAP), 0x4401);
    EXPECT_EQ(read32(INTSTS), 0u);
    EXPECT_EQ(read32(0x40), 0u) << "CORB: not modelled";
}

TEST_F(HdaRegisters, StreamResetValuesPerDirection) {
    leaveControllerReset();
    for (unsigned i = 0; i < hda->streamCount(); ++i) {
        SCOPED_TRACE(i);
        const bool output = i >= 4;
        EXPECT_EQ(hda->isOutputStream(i), output);
        EXPECT_EQ(ctl(i), 0u);
        EXPECT_EQ(sts(i), 0u);
        EXPECT_EQ(lpib(i), 0u);
        EXPECT_EQ(mmio().READ_REGISTER_ULONG(sdAddr(i, SD_CBL)), 0u);
        EXPECT_EQ(mmio().READ_REGISTER_USHORT(sdAddr(i, SD_LVI)), 0u);
        EXPECT_EQ(mmio().READ_REGISTER_USHORT(sdAddr(i, SD_FIFOW)), kFifowReset);
        EXPECT_EQ(mmio().READ_REGISTER_USHORT(sdAddr(i, SD_FIFOS)),
                  output ? kOutputFifosReset : kInputFifosReset);
        EXPECT_EQ(mmio().READ_REGISTER_USHORT(sdAddr(i, SD_FMT)), 0u);
        EXPECT_EQ(mmio().READ_REGISTER_ULONG(sdAddr(i, SD_BDPL)), 0u);
        EXPECT_EQ(mmio().READ_REGISTER_ULONG(sdAddr(i, SD_BDPU)), 0u);
    }
    EXPECT_EQ(hda->streamIndexOfInput(0), 0u);
    EXPECT_EQ(hda->streamIndexOfOutput(0), 4u);
    EXPECT_EQ(HdaController::streamMmioOffset(4), 0x100u);
    EXPECT_THROW(hda->streamIndexOfOutput(4), std::out_of_range);
    EXPECT_THROW(hda->state(8), std::out_of_range);
}

TEST_F(HdaRegisters, WidthsByteLanesAndReadOnlyFields) {
    leaveControllerReset();
    const unsigned sd = 4;
    // CTL is 24 bits; a 32-bit read returns STS in bits 31:24.
    writeCtl(sd, 0xFFFFFF & ~SDCTL_RUN & ~SDCTL_SRST);
    EXPECT_EQ(ctl(sd), kSdctlWritable & ~SDCTL_RUN & ~SDCTL_SRST) << "DIR reads 0";
    EXPECT_EQ(streamTag(ctl(sd)), 15u);
    // Byte write to the tag byte only.
    mmio().WRITE_REGISTER_UCHAR(sdAddr(sd, SD_CTL + 2), 0x30);
    EXPECT_EQ(streamTag(ctl(sd)), 3u);
    EXPECT_EQ(ctl(sd) & 0xFFFFu, SDCTL_IOCE | SDCTL_FEIE | SDCTL_DEIE) << "other bytes untouched";
    // LPIB is read-only; FIFOS writable with datasheet encodings only.
    mmio().WRITE_REGISTER_ULONG(sdAddr(sd, SD_LPIB), 0x1234);
    EXPECT_EQ(lpib(sd), 0u);
    mmio().WRITE_REGISTER_USHORT(sdAddr(sd, SD_FIFOS), 0x7F);
    EXPECT_EQ(mmio().READ_REGISTER_USHORT(sdAddr(sd, SD_FIFOS)), 0x7F);
    EXPECT_EQ(hda->state(sd).fifoCapacityBytes, 128u);
    mmio().WRITE_REGISTER_USHORT(sdAddr(sd, SD_FIFOS), 0x50);
    EXPECT_EQ(mmio().READ_REGISTER_USHORT(sdAddr(sd, SD_FIFOS)), 0x7F);
    mmio().WRITE_REGISTER_USHORT(sdAddr(0, SD_FIFOS), 0x3F);
    EXPECT_EQ(mmio().READ_REGISTER_USHORT(sdAddr(0, SD_FIFOS)), kInputFifosReset) << "input: RO";
    // FIFOW: unsupported values revert to the default; LVI keeps 8 bits.
    mmio().WRITE_REGISTER_USHORT(sdAddr(sd, SD_FIFOW), FIFOW_8B);
    EXPECT_EQ(mmio().READ_REGISTER_USHORT(sdAddr(sd, SD_FIFOW)), FIFOW_8B);
    mmio().WRITE_REGISTER_USHORT(sdAddr(sd, SD_FIFOW), 0x5);
    EXPECT_EQ(mmio().READ_REGISTER_USHORT(sdAddr(sd, SD_FIFOW)), kFifowReset);
    writeLvi(sd, 0x1FF);
    EXPECT_EQ(mmio().READ_REGISTER_USHORT(sdAddr(sd, SD_LVI)), 0xFF);
    // BDPL bits 6:0 read 0; a 32-bit access at +0x0C covers LVI and FIFOW.
    mmio().WRITE_REGISTER_ULONG(sdAddr(sd, SD_BDPL), 0x12345678);
    EXPECT_EQ(mmio().READ_REGISTER_ULONG(sdAddr(sd, SD_BDPL)), 0x12345600u);
    EXPECT_EQ(mmio().READ_REGISTER_ULONG(sdAddr(sd, SD_LVI)), 0xFFu | (kFifowReset << 16));
    // A 32-bit read at FIFOS returns FIFOS | FMT << 16.
    writeFmt(sd, 0x0011);
    EXPECT_EQ(mmio().READ_REGISTER_ULONG(sdAddr(sd, SD_FIFOS)), 0x7Fu | (0x0011u << 16));
}

TEST_F(HdaRegisters, StatusBitsAreWriteOneToClearAndFifordyReadOnly) {
    leaveControllerReset();
    const unsigned sd = 4;
    // Raise DESE with a bad RUN (no BDL), then BCIS-less clears do nothing.
    writeCtl(sd, SDCTL_DEIE | SDCTL_RUN);
    EXPECT_EQ(sts(sd), SDSTS_DESE);
    EXPECT_EQ(ctl(sd) & SDCTL_RUN, 0u);
    writeSts(sd, SDSTS_BCIS | SDSTS_FIFOE | SDSTS_FIFORDY);
    EXPECT_EQ(sts(sd), SDSTS_DESE);
    // Writing 0 clears nothing; a 32-bit CTL write with bits 31:24 = 0 neither.
    writeSts(sd, 0);
    writeCtl(sd, SDCTL_DEIE);
    EXPECT_EQ(sts(sd), SDSTS_DESE);
    // W1C through the byte lane of a 32-bit write at CTL.
    mmio().WRITE_REGISTER_ULONG(sdAddr(sd, SD_CTL), SDCTL_DEIE | (SDSTS_DESE << 24));
    EXPECT_EQ(sts(sd), 0u);
    EXPECT_EQ(ctl(sd), SDCTL_DEIE);
}

TEST_F(HdaRegisters, LpibAliasAndUndecodedOffsets) {
    leaveControllerReset();
    EXPECT_EQ(lpibAlias(4), 0u);
    const std::uint64_t before = hda->ignoredAccesses();
    EXPECT_EQ(mmio().READ_REGISTER_ULONG(config.mmioBase + kAliasOffset + 0x30), 0u);
    mmio().WRITE_REGISTER_ULONG(config.mmioBase + lpibAliasOffset(4), 5);
    EXPECT_EQ(read32(0x1F00), 0u);  // past the last stream descriptor
    write32(0x1F00, 1);
    EXPECT_EQ(hda->ignoredAccesses(), before + 4);
    EXPECT_EQ(mmio().unclaimedAccesses(), 0u);
}

TEST_F(HdaRegisters, TraceNamesRegisterWritesWithDecodedFields) {
    leaveControllerReset();
    hda->setTraceStream(4, 42);
    writeCtl(4, withStreamTag(SDCTL_IOCE, 5));
    auto w = records(TraceCategory::Register, "SDCTL write");
    ASSERT_EQ(w.size(), 1u);
    EXPECT_EQ(w[0].streamId, 42);
    EXPECT_EQ(textField(w[0], "Stream"), "SD4");
    EXPECT_EQ(intField(w[0], "Tag"), 5);
    EXPECT_TRUE(boolField(w[0], "IOCE"));
    writeFmt(4, 0x4011);
    auto f = records(TraceCategory::Register, "SDFMT write");
    ASSERT_EQ(f.size(), 1u);
    EXPECT_EQ(intField(f[0], "RateHz"), 44100);
    EXPECT_EQ(intField(f[0], "Channels"), 2);
    const std::size_t before = tracer.ring().size();
    for (int k = 0; k < 10; ++k) {
        wallClock();
        lpib(4);
    }
    EXPECT_EQ(tracer.ring().size(), before) << "reads are not traced";
}

TEST(HdaControllerConfig, RejectsImpossibleBoards) {
    Scheduler scheduler;
    Tracer tracer{scheduler, 64};
    Kernel kernel{scheduler, tracer};
    const auto make = [&](auto edit) {
        HdaConfig c;
        edit(c);
        return std::make_unique<HdaController>(kernel, c);
    };
    EXPECT_THROW(make([](HdaConfig& c) { c.inputStreams = 16; }), std::invalid_argument);
    EXPECT_THROW(make([](HdaConfig& c) { c.inputStreams = c.outputStreams = 0; }),
                 std::invalid_argument);
    EXPECT_THROW(make([](HdaConfig& c) { c.burstBytes = 6; }), std::invalid_argument);
    EXPECT_THROW(make([](HdaConfig& c) { c.burstBytes = 256; }), std::invalid_argument);
    EXPECT_THROW(make([](HdaConfig& c) { c.outputFifoBytes = 8; }), std::invalid_argument);
    EXPECT_THROW(make([](HdaConfig& c) { c.sampleClockErrorPpm = 600000; }), std::invalid_argument);
    EXPECT_THROW(make([](HdaConfig& c) { c.name = nullptr; }), std::invalid_argument);
    EXPECT_THROW(make([](HdaConfig& c) { c.mmioBase = 0xFFFFF000; }), std::invalid_argument);
    auto a = make([](HdaConfig&) {});
    EXPECT_THROW(make([](HdaConfig&) {}), std::invalid_argument) << "window already taken";
    a.reset();
    EXPECT_NO_THROW(make([](HdaConfig& c) {
        c.inputStreams = 15;
        c.outputStreams = 15;
    }));
}

}  // namespace
}  // namespace ps::hda::test
