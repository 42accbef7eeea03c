// Driver mistakes the device must survive and report the way hardware would:
// a BDL or buffer outside allocated memory, BDBAR 0, an LVI past garbage, and
// a random stream of register writes. Never a crash, never UB (run under ASan
// and UBSan).
#include "Ac97Fixture.h"

#include <map>
#include <random>

namespace ps::ac97::test {
namespace {

constexpr Engine kPO = Engine::PcmOut;

class Ac97BadInput : public Ac97Fixture {
  protected:
    RecordingSink sink;
    void SetUp() override {
        Ac97Fixture::SetUp();
        ac97->setSink(kPO, &sink);
    }
};

TEST_F(Ac97BadInput, BdbarZeroFaultsTheFirstFetchAndHalts) {
    writeBdbar(kPO, 0);
    writeLvi(kPO, 1);
    writeCr(kPO, CR_FEIE | CR_RPBM);
    auto faults = records(TraceCategory::Dma, "descriptor fetch fault");
    ASSERT_EQ(faults.size(), 1u);
    EXPECT_EQ(intField(faults[0], "Address"), 0);
    EXPECT_EQ(sr(kPO), SR_DCH | SR_FIFOE);
    EXPECT_TRUE(ac97->state(kPO).faulted);
    EXPECT_TRUE(ac97->interruptAsserted()) << "FIFOE with FEIE";
    // The DAC runs on empty: underrun from frame 0, and appending does not
    // restart a faulted engine.
    writeLvi(kPO, 5);
    EXPECT_FALSE(boolField(records(TraceCategory::Register, "PO LVI write").back(), "Restart"));
    scheduler.runUntil(msToNs(1));
    ac97->syncAll();
    EXPECT_EQ(sink.dataFrames(), 0u);
    EXPECT_GT(sink.frames(), 40u);
    auto glitches = records(TraceCategory::Glitch, "underrun");
    ASSERT_EQ(glitches.size(), 1u);
    EXPECT_EQ(glitches[0].timeNs, 0);
    EXPECT_EQ(records(TraceCategory::Dma, "DMA burst").size(), 0u);
    // RR is the way out: a good list then plays.
    writeCr(kPO, CR_RR);
    EXPECT_EQ(sr(kPO), SR_DCH);
    const std::uint32_t bdl = allocPages();
    const std::uint32_t buffer = allocPages();
    const auto data = fillPattern(buffer, 400, 3);
    setDescriptor(bdl, 0, buffer, 200);
    writeBdbar(kPO, bdl);
    writeLvi(kPO, 0);
    RecordingSink fresh;
    ac97->setSink(kPO, &fresh);
    writeCr(kPO, CR_RPBM);
    scheduler.runUntil(msToNs(5));
    ac97->syncAll();
    EXPECT_EQ(fresh.dataFrames(), 100u);
    EXPECT_TRUE(std::equal(data.begin(), data.end(), fresh.bytes.begin()));
}

TEST_F(Ac97BadInput, BdlInUnallocatedMemoryFaults) {
    const std::uint32_t bdl = allocPages();
    ASSERT_EQ(kernel.memory().freePages({addressToPfn(bdl)}), STATUS_SUCCESS);
    writeBdbar(kPO, bdl);
    writeCr(kPO, CR_RPBM);
    auto faults = records(TraceCategory::Dma, "descriptor fetch fault");
    ASSERT_EQ(faults.size(), 1u);
    EXPECT_EQ(intField(faults[0], "FaultAddress"), bdl);
    EXPECT_EQ(sr(kPO) & (SR_DCH | SR_FIFOE), SR_DCH | SR_FIFOE);
    // Near the top of the 32-bit space the entries run past 4 GiB: still a fault.
    writeCr(kPO, CR_RR);
    writeBdbar(kPO, 0xFFFFFFF8);
    writeLvi(kPO, 31);
    writeCr(kPO, CR_RPBM);
    EXPECT_EQ(records(TraceCategory::Dma, "descriptor fetch fault").size(), 2u);
    for (const auto& view : ac97->descriptors(kPO)) {
        EXPECT_FALSE(view.readable);
    }
}

TEST_F(Ac97BadInput, BufferInUnallocatedMemoryFaultsTheBurst) {
    const std::uint32_t bdl = allocPages();
    const std::uint32_t good = allocPages();
    fillPattern(good, 128, 1);
    setDescriptor(bdl, 0, good, 64);
    ASSERT_FALSE(kernel.memory().isAddressValid(0x00FFF000));
    setDescriptor(bdl, 1, 0x00FFF000, 500);  // a frame that exists but is not allocated
    setDescriptor(bdl, 2, good, 64);
    writeBdbar(kPO, bdl);
    writeLvi(kPO, 2);
    writeCr(kPO, CR_FEIE | CR_RPBM);
    scheduler.runUntil(msToNs(5));
    ac97->syncAll();
    auto faults = records(TraceCategory::Dma, "buffer read fault");
    ASSERT_EQ(faults.size(), 1u);
    EXPECT_EQ(intField(faults[0], "Address"), 0x00FFF000);
    const Ac97EngineState s = ac97->state(kPO);
    EXPECT_TRUE(s.faulted);
    EXPECT_TRUE(s.halted);
    EXPECT_EQ(s.civ, 1);
    EXPECT_EQ(s.bytesFetched, 128u + 64u) << "the faulting burst still moved (zero) bytes";
    EXPECT_EQ(sink.dataFrames(), (128u + 64u) / 4);
    EXPECT_GE(kernel.memory().faults().count(), 1u);
    EXPECT_EQ(records(TraceCategory::Dma, "descriptor fetch").size(), 2u)
        << "entry 2 never fetched";
}

TEST_F(Ac97BadInput, LviBeyondGarbageEntries) {
    const std::uint32_t bdl = allocPages();
    const std::uint32_t buffer = allocPages();
    const auto data = fillPattern(buffer, 400, 2);
    setDescriptor(bdl, 0, buffer, 100);
    setDescriptor(bdl, 1, buffer + 200, 100);
    // Entry 2 was never written (zero: no samples, skipped); entry 3 is garbage.
    ASSERT_TRUE(kernel.memory().writeU32(bdl + 24, 0xDEADBEEF).ok());
    ASSERT_TRUE(kernel.memory().writeU32(bdl + 28, 0x3FFF1234).ok());
    writeBdbar(kPO, bdl);
    writeLvi(kPO, 5);
    writeCr(kPO, CR_RPBM);
    scheduler.runUntil(msToNs(10));
    ac97->syncAll();
    auto fetches = records(TraceCategory::Dma, "descriptor fetch");
    ASSERT_EQ(fetches.size(), 4u);
    EXPECT_EQ(intField(fetches[2], "Samples"), 0);
    EXPECT_EQ(intField(fetches[3], "Address"), 0xDEADBEEE) << "bit 0 of the pointer ignored";
    EXPECT_EQ(intField(fetches[3], "Samples"), 0x1234);
    ASSERT_EQ(records(TraceCategory::Dma, "buffer read fault").size(), 1u);
    EXPECT_TRUE(ac97->state(kPO).faulted);
    EXPECT_EQ(civ(kPO), 3);
    EXPECT_EQ(sink.dataFrames(), 100u + 16u);
    EXPECT_TRUE(std::equal(data.begin(), data.end(), sink.bytes.begin()));
}

TEST_F(Ac97BadInput, AListOfEmptyEntriesEndsWithoutLooping) {
    const std::uint32_t bdl = allocPages();  // all 32 entries zero
    writeBdbar(kPO, bdl);
    writeLvi(kPO, 31);
    writeCr(kPO, CR_LVBIE | CR_RPBM);
    EXPECT_EQ(records(TraceCategory::Dma, "descriptor fetch").size(), 32u);
    EXPECT_EQ(civ(kPO), 31);
    EXPECT_EQ(ac97->state(kPO).descriptorsCompleted, 32u);
    scheduler.runUntil(usToNs(100));
    ASSERT_EQ(isrLog.size(), 1u);
    EXPECT_NE(isrLog[0].sr[1] & SR_LVBCI, 0);
    // Writing LVI behind CIV makes it walk a whole lap of empty entries again.
    writeLvi(kPO, 30);
    EXPECT_EQ(records(TraceCategory::Dma, "descriptor fetch").size(), 63u);
    EXPECT_EQ(civ(kPO), 30);
}

// Counts frames and checks their order; keeps no bytes.
class OrderCheckingSink : public PcmSink {
  public:
    void onFrames(const PcmBlock& block) override {
        ASSERT_EQ(block.firstFrame, next);
        ASSERT_GT(block.frameCount, 0u);
        ASSERT_NE(block.bytes, nullptr);
        next = block.firstFrame + static_cast<std::int64_t>(block.frameCount);
    }
    void reset() { next = 0; }
    std::int64_t next = 0;
};

// Counts trace records by name, whatever the ring keeps.
class NameCounter : public TraceSink {
  public:
    void onTraceRecord(const TraceRecord& r) override { ++counts[r.name]; }
    std::map<std::string, int> counts;
};

TEST_F(Ac97BadInput, RandomRegisterTrafficNeverBreaksTheInvariants) {
    NameCounter counter;
    tracer.addSink(&counter);
    std::mt19937 rng(20240611);
    auto pick = [&](std::uint32_t n) { return static_cast<std::uint32_t>(rng() % n); };
    OrderCheckingSink sinks[kEngineCount];
    CountingSource sources[kEngineCount];
    for (int i = 0; i < kEngineCount; ++i) {
        ac97->setSink(static_cast<Engine>(i), &sinks[i]);
        ac97->setSource(static_cast<Engine>(i), &sources[i]);
    }
    // A BDL mixing good buffers, unallocated ones and odd lengths.
    const std::uint32_t bdl = allocPages();
    const std::uint32_t buffer = allocPages(4);
    for (int i = 0; i < kBdlEntries; ++i) {
        const std::uint32_t address = pick(4) == 0 ? 0x00FFF000 + pick(4096) : buffer + pick(8192);
        setDescriptor(bdl, i, address, static_cast<std::uint16_t>(pick(600)), pick(2) == 1,
                      pick(2) == 1);
    }
    isrAcks = true;
    for (int step = 0; step < 6000; ++step) {
        const auto e = static_cast<Engine>(pick(kEngineCount));
        const std::uint32_t width = 1u << pick(3);
        std::uint32_t offset = pick(kNabmLength - width + 1);
        std::uint32_t value = static_cast<std::uint32_t>(rng());
        switch (pick(8)) {  // bias towards meaningful writes
            case 0:
                writeBdbar(e, pick(3) == 0 ? value : bdl);
                break;
            case 1:
                writeLvi(e, static_cast<std::uint8_t>(value));
                break;
            case 2:
                // Mostly run/pause and enables; a reset one time in eight.
                value = pick(8) == 0 ? std::uint32_t{CR_RR} : value & 0x1Du;
                writeCr(e, static_cast<std::uint8_t>(value));
                if ((value & CR_RR) != 0) {
                    sinks[static_cast<int>(e)].reset();
                    sources[static_cast<int>(e)].nextFrame = 0;
                }
                break;
            case 3:
                io().WRITE_PORT_ULONG(globalPort(psFmtOffset(e)), value & 0x3FF);
                break;
            case 4:
                io().WRITE_PORT_ULONG(globalPort(psRateOffset(e)), 8000 + pick(200'000));
                break;
            default: {
                if (width == 1) {
                    io().WRITE_PORT_UCHAR(globalPort(offset), static_cast<UCHAR>(value));
                } else if (width == 2) {
                    io().WRITE_PORT_USHORT(globalPort(offset), static_cast<USHORT>(value));
                } else {
                    io().WRITE_PORT_ULONG(globalPort(offset), value);
                }
                if (offset % 16 == CR && offset < 0x30 && width == 1 && (value & CR_RR) != 0) {
                    sinks[offset / 16].reset();
                    sources[offset / 16].nextFrame = 0;
                }
                break;
            }
        }
        (void)io().READ_PORT_ULONG(globalPort(pick(kNabmLength - 3)));
        scheduler.runUntil(scheduler.now() + pick(300'000));
        for (int i = 0; i < kEngineCount; ++i) {
            const Ac97EngineState s = ac97->state(static_cast<Engine>(i));
            ASSERT_LT(s.civ, kBdlEntries);
            ASSERT_LT(s.lvi, kBdlEntries);
            ASSERT_LT(s.piv, kBdlEntries);
            ASSERT_LE(s.fifoLevelBytes, s.fifoCapacityBytes);
            ASSERT_EQ((s.sr & SR_DCH) != 0, s.halted);
            ASSERT_LE(s.currentOffsetBytes, s.currentBytes);
            ASSERT_EQ(s.halted, !(s.running && !s.endOfList && !s.faulted && s.descriptorLoaded));
        }
        ASSERT_EQ(ac97->interruptAsserted(),
                  kernel.interruptLine(config.interruptVector).asserted());
    }
    ac97->syncAll();
    tracer.removeSink(&counter);
    EXPECT_EQ(kernel.interruptLine(config.interruptVector).masked(), false) << "no storm";
    // The traffic reached every path it is meant to shake.
    for (const char* name :
         {"DMA burst", "descriptor complete", "BCIS set", "LVBCI set", "descriptor fetch fault",
          "buffer read fault", "buffer write fault", "underrun", "overrun", "ignored write"}) {
        EXPECT_GT(counter.counts[name], 0) << name;
    }
    EXPECT_GT(counter.counts["DMA burst"], 200);
}

}  // namespace
}  // namespace ps::ac97::test
