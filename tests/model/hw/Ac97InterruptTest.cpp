// The interrupt line and GLOB_STA: asserted only while an enabled status bit
// is set (HARDWARE.md §1.4: BCIS is set whatever IOCE says; IOCE gates the
// line), per-engine bits in GLOB_STA, deasserted by the ISR's W1C ack.
#include "Ac97Fixture.h"

namespace ps::ac97::test {
namespace {

constexpr Engine kPO = Engine::PcmOut;

class Ac97Interrupt : public Ac97Fixture {
  protected:
    std::uint32_t bdl = 0;
    void SetUp() override {
        Ac97Fixture::SetUp();
        bdl = allocPages();
    }
    // One short IOC buffer on engine e; the list ends after it.
    void playOne(Engine e, std::uint8_t enables) {
        const std::uint32_t buffer = allocPages();
        setDescriptor(bdl + 0x100 * static_cast<std::uint32_t>(e), 0, buffer, 32, true);
        writeBdbar(e, bdl + 0x100 * static_cast<std::uint32_t>(e));
        writeLvi(e, 0);
        writeCr(e, static_cast<std::uint8_t>(enables | CR_RPBM));
    }
    void disconnectIsr() {
        kernel.IoDisconnectInterrupt(interrupt);
        interrupt = nullptr;
    }
    std::size_t lineEdges(const char* name) {
        return records(TraceCategory::Interrupt, name).size();
    }
};

TEST_F(Ac97Interrupt, StatusWithoutItsEnableKeepsTheLineLow) {
    playOne(kPO, 0);
    scheduler.runUntil(msToNs(1));
    EXPECT_EQ(sr(kPO) & (SR_BCIS | SR_LVBCI), SR_BCIS | SR_LVBCI);
    EXPECT_EQ(globSta() & GLOB_STA_POINT, 0u);
    EXPECT_FALSE(ac97->interruptAsserted());
    EXPECT_EQ(lineEdges("line asserted"), 0u);
    EXPECT_TRUE(isrLog.empty());
    // Enabling IOC with BCIS pending raises the line at once; the ISR acks it.
    writeCr(kPO, CR_IOCE | CR_RPBM);
    EXPECT_TRUE(ac97->interruptAsserted());
    EXPECT_NE(globSta() & GLOB_STA_POINT, 0u);
    scheduler.runUntil(scheduler.now() + usToNs(10));
    ASSERT_EQ(isrLog.size(), 1u);
    EXPECT_FALSE(ac97->interruptAsserted());
    EXPECT_EQ(globSta(), GLOB_STA_PCR);
    EXPECT_EQ(sr(kPO) & (SR_BCIS | SR_LVBCI), 0) << "the ISR wrote SR back";
    EXPECT_EQ(lineEdges("line asserted"), 1u);
    EXPECT_EQ(lineEdges("line deasserted"), 1u);
}

TEST_F(Ac97Interrupt, EachCauseFollowsItsOwnEnable) {
    disconnectIsr();
    playOne(kPO, CR_LVBIE);  // BCIS and LVBCI will be set; only LVBIE enabled
    scheduler.runUntil(msToNs(1));
    EXPECT_TRUE(ac97->interruptAsserted());
    io().WRITE_PORT_USHORT(port(kPO, SR), SR_BCIS);
    EXPECT_TRUE(ac97->interruptAsserted()) << "LVBCI still pending and enabled";
    io().WRITE_PORT_USHORT(port(kPO, SR), SR_LVBCI);
    EXPECT_FALSE(ac97->interruptAsserted());
    // FIFOE without FEIE: set, but silent.
    writeBdbar(Engine::PcmIn, 0);
    writeCr(Engine::PcmIn, CR_IOCE | CR_LVBIE | CR_RPBM);
    EXPECT_NE(sr(Engine::PcmIn) & SR_FIFOE, 0);
    EXPECT_FALSE(ac97->interruptAsserted());
    writeCr(Engine::PcmIn, CR_FEIE | CR_RPBM);
    EXPECT_TRUE(ac97->interruptAsserted());
    EXPECT_EQ(globSta(), GLOB_STA_PCR | GLOB_STA_PIINT);
}

TEST_F(Ac97Interrupt, GlobalStatusHasOneBitPerEngine) {
    disconnectIsr();
    playOne(Engine::PcmIn, CR_IOCE);
    playOne(Engine::MicIn, CR_IOCE);
    scheduler.runUntil(msToNs(2));
    EXPECT_EQ(globSta(), GLOB_STA_PCR | GLOB_STA_PIINT | GLOB_STA_MINT);
    EXPECT_TRUE(ac97->interruptAsserted());
    io().WRITE_PORT_USHORT(port(Engine::MicIn, SR), SR_BCIS | SR_LVBCI);
    EXPECT_EQ(globSta(), GLOB_STA_PCR | GLOB_STA_PIINT);
    EXPECT_TRUE(ac97->interruptAsserted()) << "PCM In still wants service";
    io().WRITE_PORT_USHORT(port(Engine::PcmIn, SR), SR_BCIS);
    EXPECT_EQ(globSta(), GLOB_STA_PCR);
    EXPECT_FALSE(ac97->interruptAsserted());
    EXPECT_EQ(ac97->globalStatus(), GLOB_STA_PCR);
}

TEST_F(Ac97Interrupt, IsrRunsOneLatencyAfterEachCompletion) {
    const std::uint32_t buffer = allocPages();
    for (int i = 0; i < 3; ++i) {
        setDescriptor(bdl, i, buffer + 512 * static_cast<std::uint32_t>(i), 256, i != 1);
    }
    writeBdbar(kPO, bdl);
    writeLvi(kPO, 2);
    writeCr(kPO, CR_IOCE | CR_RPBM);
    scheduler.runUntil(msToNs(10));
    auto bcis = records(TraceCategory::Dma, "BCIS set");
    ASSERT_EQ(bcis.size(), 2u);
    ASSERT_EQ(isrLog.size(), 2u);
    for (std::size_t i = 0; i < 2; ++i) {
        EXPECT_EQ(isrLog[i].timeNs, bcis[i].timeNs + kernel.config().interruptLatencyNs);
        EXPECT_EQ(isrLog[i].globSta, GLOB_STA_PCR | GLOB_STA_POINT);
    }
    EXPECT_EQ(isrLog[1].sr[1], SR_BCIS | SR_LVBCI | SR_DCH | SR_CELV);
    EXPECT_EQ(lineEdges("line asserted"), 2u);
    EXPECT_EQ(lineEdges("line deasserted"), 2u);
    EXPECT_FALSE(ac97->interruptAsserted());
}

}  // namespace
}  // namespace ps::ac97::test
