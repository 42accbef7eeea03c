// Register-level behaviour of the AC'97 bus master: reset values, widths,
// write-1-to-clear and read-only bits, RR, the combined 32-bit reads and
// accesses the device does not decode (HARDWARE.md §1.1-1.2).
#include "Ac97Fixture.h"

namespace ps::ac97::test {
namespace {

constexpr Engine kEngines[] = {Engine::PcmIn, Engine::PcmOut, Engine::MicIn};

class Ac97Registers : public Ac97Fixture {
  protected:
    // One IOC descriptor of 64 bytes at entry 0, LVI 0: after a run the engine
    // has BCIS, LVBCI, CELV and DCH set.
    void runOneDescriptor(Engine e, std::uint8_t crEnables) {
        const std::uint32_t bdl = allocPages();
        const std::uint32_t buffer = allocPages();
        fillPattern(buffer, 64, 1);
        setDescriptor(bdl, 0, buffer, 32, true);
        writeBdbar(e, bdl);
        writeLvi(e, 0);
        writeCr(e, static_cast<std::uint8_t>(crEnables | CR_RPBM));
        scheduler.runUntil(scheduler.now() + msToNs(1));
    }
};

TEST_F(Ac97Registers, ResetValues) {
    for (Engine e : kEngines) {
        SCOPED_TRACE(engineName(e));
        EXPECT_EQ(bdbar(e), 0u);
        EXPECT_EQ(civ(e), 0);
        EXPECT_EQ(lvi(e), 0);
        EXPECT_EQ(sr(e), SR_DCH);
        EXPECT_EQ(picb(e), 0);
        EXPECT_EQ(piv(e), 0);
        EXPECT_EQ(cr(e), 0);
        EXPECT_EQ(io().READ_PORT_ULONG(globalPort(psFmtOffset(e))), kPsFmtReset);
        EXPECT_EQ(io().READ_PORT_ULONG(globalPort(psRateOffset(e))), kPsRateReset);
        EXPECT_EQ(pcnt(e), 0u);
    }
    EXPECT_EQ(globSta(), GLOB_STA_PCR) << "codec ready, no engine interrupt";
    EXPECT_EQ(io().READ_PORT_UCHAR(globalPort(CAS)), 0);
    EXPECT_FALSE(ac97->interruptAsserted());
    EXPECT_EQ(ac97->ignoredAccesses(), 0u);
}

TEST_F(Ac97Registers, WritableRegistersKeepTheirDefinedBits) {
    writeBdbar(Engine::PcmOut, 0x12345677);
    EXPECT_EQ(bdbar(Engine::PcmOut), 0x12345670u) << "bits 2:0 are hardwired to 0";
    writeLvi(Engine::PcmOut, 0x25);
    EXPECT_EQ(lvi(Engine::PcmOut), 0x05) << "LVI is modulo 32";
    writeCr(Engine::PcmIn, 0xFC);
    EXPECT_EQ(cr(Engine::PcmIn), CR_LVBIE | CR_FEIE | CR_IOCE) << "bits 7:5 reserved";
    io().WRITE_PORT_ULONG(globalPort(GLOB_CNT), 0x00000003);
    EXPECT_EQ(io().READ_PORT_ULONG(globalPort(GLOB_CNT)), 3u);
    // Each register write is traced with its engine and value.
    auto writes = records(TraceCategory::Register, "PO BDBAR write");
    ASSERT_EQ(writes.size(), 1u);
    EXPECT_EQ(intField(writes[0], "Value"), 0x12345677);
    EXPECT_EQ(intField(writes[0], "Stored"), 0x12345670);
    auto crWrites = records(TraceCategory::Register, "PI CR write");
    ASSERT_EQ(crWrites.size(), 1u);
    EXPECT_TRUE(boolField(crWrites[0], "IOCE"));
    EXPECT_FALSE(boolField(crWrites[0], "RPBM"));
}

TEST_F(Ac97Registers, ReadOnlyRegistersIgnoreWrites) {
    io().WRITE_PORT_UCHAR(port(Engine::PcmOut, CIV), 7);
    io().WRITE_PORT_UCHAR(port(Engine::PcmOut, PIV), 9);
    io().WRITE_PORT_USHORT(port(Engine::PcmOut, PICB), 1234);
    io().WRITE_PORT_ULONG(globalPort(psPcntOffset(Engine::PcmOut)), 55);
    EXPECT_EQ(civ(Engine::PcmOut), 0);
    EXPECT_EQ(piv(Engine::PcmOut), 0);
    EXPECT_EQ(picb(Engine::PcmOut), 0);
    EXPECT_EQ(pcnt(Engine::PcmOut), 0u);
    auto civWrites = records(TraceCategory::Register, "PO CIV write");
    ASSERT_EQ(civWrites.size(), 1u);
    EXPECT_EQ(textField(civWrites[0], "Ignored"), "read-only");
}

TEST_F(Ac97Registers, StatusBitsAreWriteOneToClearAndDchCelvReadOnly) {
    runOneDescriptor(Engine::PcmOut, 0);  // no enables: nobody acks
    EXPECT_EQ(sr(Engine::PcmOut), SR_DCH | SR_CELV | SR_LVBCI | SR_BCIS);
    EXPECT_FALSE(ac97->interruptAsserted()) << "status without enables keeps the line low";
    io().WRITE_PORT_USHORT(port(Engine::PcmOut, SR), 0);
    EXPECT_EQ(sr(Engine::PcmOut), SR_DCH | SR_CELV | SR_LVBCI | SR_BCIS) << "0 clears nothing";
    io().WRITE_PORT_USHORT(port(Engine::PcmOut, SR), SR_DCH | SR_CELV);
    EXPECT_EQ(sr(Engine::PcmOut), SR_DCH | SR_CELV | SR_LVBCI | SR_BCIS) << "read-only bits";
    io().WRITE_PORT_USHORT(port(Engine::PcmOut, SR), SR_BCIS);
    EXPECT_EQ(sr(Engine::PcmOut), SR_DCH | SR_CELV | SR_LVBCI);
    io().WRITE_PORT_USHORT(port(Engine::PcmOut, SR), 0xFFFF);
    EXPECT_EQ(sr(Engine::PcmOut), SR_DCH | SR_CELV);
    auto srWrites = records(TraceCategory::Register, "PO SR write");
    ASSERT_EQ(srWrites.size(), 4u);
    EXPECT_EQ(intField(srWrites[2], "Clears"), SR_BCIS);
    EXPECT_EQ(intField(srWrites[3], "Clears"), SR_LVBCI);
}

TEST_F(Ac97Registers, CombinedThirtyTwoBitReads) {
    writeLvi(Engine::PcmOut, 7);
    writeCr(Engine::PcmOut, CR_IOCE | CR_FEIE);
    EXPECT_EQ(io().READ_PORT_ULONG(port(Engine::PcmOut, CIV)),
              0u | 7u << 8 | static_cast<std::uint32_t>(SR_DCH) << 16);
    EXPECT_EQ(io().READ_PORT_ULONG(port(Engine::PcmOut, PICB)),
              static_cast<std::uint32_t>(CR_IOCE | CR_FEIE) << 24);
    // Mid-stream: PICB, PIV and CR in one read agree with the single reads.
    const std::uint32_t bdl = allocPages();
    const std::uint32_t buffer = allocPages();
    setDescriptor(bdl, 0, buffer, 1000);
    setDescriptor(bdl, 1, buffer, 1000);
    writeBdbar(Engine::PcmOut, bdl);
    writeLvi(Engine::PcmOut, 1);
    writeCr(Engine::PcmOut, CR_RPBM);
    scheduler.runUntil(usToNs(100));
    const std::uint32_t combined = io().READ_PORT_ULONG(port(Engine::PcmOut, PICB));
    EXPECT_EQ(combined & 0xFFFF, picb(Engine::PcmOut));
    EXPECT_EQ((combined >> 16) & 0xFF, 1u);
    EXPECT_EQ(combined >> 24, CR_RPBM);
    EXPECT_LT(combined & 0xFFFF, 1000u);
    const std::uint32_t civLviSr = io().READ_PORT_ULONG(port(Engine::PcmOut, CIV));
    EXPECT_EQ(civLviSr, 0u | 1u << 8) << "CIV 0, LVI 1, SR 0 (running)";
}

TEST_F(Ac97Registers, WrongWidthsAreIgnoredAndCounted) {
    writeBdbar(Engine::PcmOut, 0x1000);
    EXPECT_EQ(io().READ_PORT_USHORT(port(Engine::PcmOut, BDBAR)), 0);
    EXPECT_EQ(io().READ_PORT_UCHAR(port(Engine::PcmOut, SR)), 0);
    EXPECT_EQ(io().READ_PORT_USHORT(port(Engine::PcmOut, CIV)), 0);
    EXPECT_EQ(io().READ_PORT_UCHAR(globalPort(GLOB_STA)), 0);
    EXPECT_EQ(ac97->ignoredAccesses(), 4u);
    io().WRITE_PORT_UCHAR(port(Engine::PcmOut, BDBAR), 0xFF);
    io().WRITE_PORT_ULONG(port(Engine::PcmOut, CIV), 0x01010101);  // would set RPBM...
    io().WRITE_PORT_USHORT(port(Engine::PcmOut, CR), CR_RPBM);
    io().WRITE_PORT_UCHAR(globalPort(psRateOffset(Engine::PcmOut)), 8);
    EXPECT_EQ(ac97->ignoredAccesses(), 8u);
    EXPECT_EQ(bdbar(Engine::PcmOut), 0x1000u);
    EXPECT_EQ(cr(Engine::PcmOut), 0) << "a 16-bit write at CR is not a CR write";
    EXPECT_EQ(lvi(Engine::PcmOut), 0);
    EXPECT_EQ(io().READ_PORT_ULONG(globalPort(psRateOffset(Engine::PcmOut))), kPsRateReset);
    auto ignored = records(TraceCategory::Register, "ignored write");
    ASSERT_EQ(ignored.size(), 4u);
    EXPECT_EQ(intField(ignored[0], "Width"), 1);
    EXPECT_EQ(textField(ignored[0], "Reason"), "unsupported width");
    EXPECT_EQ(scheduler.pendingCount(), 0u) << "nothing started";
}

TEST_F(Ac97Registers, UndecodedOffsetsAreHarmless) {
    for (std::uint32_t offset :
         {0x0Cu, 0x0Du, 0x1Eu, 0x2Eu, 0x38u, 0x3Cu, 0x4Cu, 0x5Cu, 0x6Cu, 0x6Fu}) {
        EXPECT_EQ(io().READ_PORT_UCHAR(globalPort(offset)), 0) << offset;
        io().WRITE_PORT_UCHAR(globalPort(offset), 0xFF);
    }
    EXPECT_EQ(io().READ_PORT_ULONG(globalPort(0x6C)), 0u);
    EXPECT_EQ(io().READ_PORT_ULONG(globalPort(0x42)), 0u) << "misaligned extension register";
    EXPECT_EQ(ac97->ignoredAccesses(), 22u);
    auto ignored = records(TraceCategory::Register, "ignored write");
    ASSERT_EQ(ignored.size(), 10u);
    EXPECT_EQ(textField(ignored[4], "Reason"), "undecoded offset");
    // Past the decoded range the bus floats: the kernel counts it, not us.
    EXPECT_EQ(io().READ_PORT_UCHAR(globalPort(kNabmLength)), 0xFF);
    EXPECT_EQ(io().unclaimedAccesses(), 1u);
    for (Engine e : kEngines) {
        EXPECT_EQ(sr(e), SR_DCH);
        EXPECT_EQ(cr(e), 0);
    }
}

TEST_F(Ac97Registers, ResetRegistersClearsTheEngineButNotTheCodecFormat) {
    const PcmFormatRegister mono8{1, 1, 1};
    writeFormat(Engine::PcmOut, mono8, 8000);
    runOneDescriptor(Engine::PcmOut, 0);
    ASSERT_NE(sr(Engine::PcmOut) & SR_LVBCI, 0);
    ASSERT_GT(pcnt(Engine::PcmOut), 0u);
    writeCr(Engine::PcmOut, CR_IOCE | CR_LVBIE | CR_RPBM);
    EXPECT_TRUE(ac97->interruptAsserted()) << "enabling a pending cause raises the line";
    writeCr(Engine::PcmOut, CR_RR | CR_RPBM);  // RR wins; the other bits are ignored
    EXPECT_EQ(bdbar(Engine::PcmOut), 0u);
    EXPECT_EQ(civ(Engine::PcmOut), 0);
    EXPECT_EQ(lvi(Engine::PcmOut), 0);
    EXPECT_EQ(piv(Engine::PcmOut), 0);
    EXPECT_EQ(picb(Engine::PcmOut), 0);
    EXPECT_EQ(sr(Engine::PcmOut), SR_DCH);
    EXPECT_EQ(cr(Engine::PcmOut), 0) << "RR self-clears; the enables are reset too";
    EXPECT_EQ(pcnt(Engine::PcmOut), 0u);
    const Ac97EngineState s = ac97->state(Engine::PcmOut);
    EXPECT_EQ(s.fifoLevelBytes, 0u);
    EXPECT_FALSE(s.converterRunning);
    EXPECT_FALSE(s.descriptorLoaded);
    EXPECT_EQ(io().READ_PORT_ULONG(globalPort(psFmtOffset(Engine::PcmOut))), encodePsFmt(mono8));
    EXPECT_EQ(io().READ_PORT_ULONG(globalPort(psRateOffset(Engine::PcmOut))), 8000u);
    EXPECT_FALSE(ac97->interruptAsserted());
    auto rr = records(TraceCategory::Register, "PO CR write");
    EXPECT_EQ(textField(rr.back(), "Note"), "RR while running");
    // Nothing runs on after the reset.
    const std::size_t before = records(TraceCategory::Dma).size();
    scheduler.runUntil(scheduler.now() + msToNs(5));
    EXPECT_EQ(records(TraceCategory::Dma).size(), before);
    EXPECT_EQ(pcnt(Engine::PcmOut), 0u);
}

TEST_F(Ac97Registers, ResetCanKeepTheInterruptEnablesLikeQemu) {
    Ac97Config c;
    c.resetKeepsInterruptEnables = true;
    create(c);
    writeCr(Engine::PcmIn, CR_IOCE | CR_FEIE | CR_LVBIE);
    writeCr(Engine::PcmIn, CR_RR);
    EXPECT_EQ(cr(Engine::PcmIn), CR_IOCE | CR_FEIE | CR_LVBIE);
}

TEST_F(Ac97Registers, FormatAndRateAreValidatedAndFrozenWhileRunning) {
    const std::uint32_t fmt = globalPort(psFmtOffset(Engine::PcmOut));
    const std::uint32_t rate = globalPort(psRateOffset(Engine::PcmOut));
    io().WRITE_PORT_ULONG(fmt, encodePsFmt({9, 2, 2}));  // 9 channels
    io().WRITE_PORT_ULONG(fmt, encodePsFmt({2, 0, 2}));  // 0-byte samples
    io().WRITE_PORT_ULONG(fmt, 0x322);                   // length unit field 3
    io().WRITE_PORT_ULONG(rate, 0);
    EXPECT_EQ(io().READ_PORT_ULONG(fmt), kPsFmtReset);
    EXPECT_EQ(io().READ_PORT_ULONG(rate), kPsRateReset);
    io().WRITE_PORT_ULONG(fmt, encodePsFmt({6, 3, 1}));
    io().WRITE_PORT_ULONG(rate, 96'000);
    EXPECT_EQ(io().READ_PORT_ULONG(fmt), encodePsFmt({6, 3, 1}));
    EXPECT_EQ(io().READ_PORT_ULONG(rate), 96'000u);
    writeCr(Engine::PcmOut, CR_RPBM);
    io().WRITE_PORT_ULONG(fmt, kPsFmtReset);
    io().WRITE_PORT_ULONG(rate, 44'100);
    EXPECT_EQ(io().READ_PORT_ULONG(fmt), encodePsFmt({6, 3, 1}));
    EXPECT_EQ(io().READ_PORT_ULONG(rate), 96'000u);
    auto rateWrites = records(TraceCategory::Register, "PO PS_RATE write");
    ASSERT_EQ(rateWrites.size(), 3u);
    EXPECT_EQ(textField(rateWrites[0], "Ignored"), "invalid rate");
    EXPECT_EQ(textField(rateWrites[2], "Ignored"), "engine running");
}

TEST(Ac97RegisterHelpers, EncodeAndDecode) {
    EXPECT_STREQ(engineName(Engine::PcmIn), "PI");
    EXPECT_STREQ(engineName(Engine::PcmOut), "PO");
    EXPECT_STREQ(engineName(Engine::MicIn), "MC");
    EXPECT_STREQ(registerName(RegisterId::PsPcnt), "PS_PCNT");
    for (PcmFormatRegister f : {PcmFormatRegister{1, 1, 1}, PcmFormatRegister{2, 2, 2},
                                PcmFormatRegister{6, 3, 1}, PcmFormatRegister{8, 4, 4}}) {
        const PcmFormatRegister back = decodePsFmt(encodePsFmt(f));
        EXPECT_EQ(back.channels, f.channels);
        EXPECT_EQ(back.bytesPerSample, f.bytesPerSample);
        EXPECT_EQ(back.lengthUnitBytes, f.lengthUnitBytes);
    }
    const BufferDescriptor d{0x00123456, 0xFFFF, true, false};
    const BufferDescriptor back = decodeDescriptor(d.address | 1u, encodeControl(d));
    EXPECT_EQ(back.address, 0x00123456u) << "bit 0 of the pointer is ignored";
    EXPECT_EQ(back.samples, 0xFFFF);
    EXPECT_TRUE(back.ioc);
    EXPECT_FALSE(back.bup);
    EXPECT_EQ(globStaBit(Engine::MicIn), GLOB_STA_MINT);
}

TEST(Ac97ControllerConfig, RejectsImpossibleConfigurations) {
    Scheduler scheduler;
    Tracer tracer(scheduler);
    Kernel kernel(scheduler, tracer);
    Ac97Config c;
    c.burstBytes = 30;
    EXPECT_THROW((Ac97Controller{kernel, c}), std::invalid_argument);
    c.burstBytes = 256;
    EXPECT_THROW((Ac97Controller{kernel, c}), std::invalid_argument)
        << "FIFO smaller than burst + frame";
    c = Ac97Config{};
    c.sampleClockErrorPpm = 2'000'000;
    EXPECT_THROW((Ac97Controller{kernel, c}), std::invalid_argument);
    c = Ac97Config{};
    Ac97Controller first(kernel, c);
    EXPECT_THROW((Ac97Controller{kernel, c}), std::invalid_argument) << "I/O range taken";
    EXPECT_EQ(kernel.ioSpace().READ_PORT_USHORT(c.ioBase + engineBase(Engine::PcmOut) + SR), SR_DCH)
        << "the failed second controller left the first one's range alone";
}

}  // namespace
}  // namespace ps::ac97::test
