// INTSTS and the interrupt line come from a mask of pending streams that the
// streams keep at every SDnSTS and SDnCTL change (HdaController). These tests
// drive random register writes, DMA progress, descriptor faults and
// controller resets, and after every step compare INTSTS and the line with
// what the per-stream registers say: SIS n = (BCIS && IOCE) || (FIFOE &&
// FEIE) || (DESE && DEIE), the line = GIE && (SIS & SIE) != 0.
#include "HdaFixture.h"

#include "model/sim/Random.h"

namespace ps::hda::test {
namespace {

class HdaInterruptMask : public HdaFixture {
  protected:
    std::vector<unsigned> streams;
    std::vector<std::uint64_t> bdls;
    std::vector<std::vector<Fragment>> fragments;

    void build(const HdaConfig& c) {
        create(c);
        isrAcks = false;  // the random steps decide what is acknowledged
        streams = {hda->streamIndexOfOutput(0), hda->streamIndexOfOutput(2),
                   hda->streamIndexOfInput(1)};
        bdls.clear();
        fragments.clear();
        for (std::size_t k = 0; k < streams.size(); ++k) {
            bdls.push_back(allocContiguous());
            std::vector<Fragment> f;
            for (int e = 0; e < 3; ++e) {
                // Short entries (256 frames), IOC on two of three.
                f.push_back({allocScatteredPage(), 1024, e != 1});
            }
            fragments.push_back(f);
        }
        leaveControllerReset();
        for (std::size_t k = 0; k < streams.size(); ++k) {
            program(k);
        }
    }

    void program(std::size_t k) {
        setupStream(streams[k], static_cast<unsigned>(k + 1), fmt48kStereo16(), bdls[k],
                    fragments[k]);
    }

    // SIS and the line as the registers say, read through MMIO like a driver.
    void expectMaskMatchesRegisters(int step) {
        const std::uint32_t intsts = read32(INTSTS);
        const std::uint32_t intctl = read32(INTCTL);
        std::uint32_t sis = 0;
        for (unsigned i = 0; i < hda->streamCount(); ++i) {
            const std::uint32_t c = ctl(i);
            const std::uint8_t s = sts(i);
            const bool pending = ((s & SDSTS_BCIS) != 0 && (c & SDCTL_IOCE) != 0) ||
                                 ((s & SDSTS_FIFOE) != 0 && (c & SDCTL_FEIE) != 0) ||
                                 ((s & SDSTS_DESE) != 0 && (c & SDCTL_DEIE) != 0);
            if (pending) {
                sis |= streamBit(i);
            }
        }
        const bool running = (read32(GCTL) & GCTL_CRST) != 0;
        const std::uint32_t expected = running && sis != 0 ? sis | INTSTS_GIS : 0u;
        ASSERT_EQ(intsts, expected) << "step " << step;
        EXPECT_EQ(hda->interruptStatus(), expected) << "step " << step;
        const bool line = running && (intctl & INTCTL_GIE) != 0 &&
                          (sis & intctl & ((1u << hda->streamCount()) - 1u)) != 0;
        ASSERT_EQ(hda->interruptAsserted(), line) << "step " << step;
    }

    void randomSteps(std::uint64_t seed, int steps) {
        Random random(seed);
        int interruptingSteps = 0;
        for (int step = 0; step < steps; ++step) {
            const std::size_t k = random.uniformBelow(streams.size());
            const unsigned sd = streams[k];
            switch (random.uniformBelow(9)) {
                case 0: {  // enables, RUN, or both
                    const auto enables = static_cast<std::uint32_t>(random.uniformBelow(8))
                                         << 2;  // IOCE..DEIE
                    const std::uint32_t runBit = random.bernoulli(0.6) ? SDCTL_RUN : 0u;
                    writeCtl(sd,
                             (ctl(sd) & ~(kSdctlInterruptEnables | SDCTL_RUN)) | enables | runBit);
                    break;
                }
                case 1:  // only the enables, in a byte write that leaves SDnSTS alone
                    mmio().WRITE_REGISTER_UCHAR(
                        sdAddr(sd, SD_CTL),
                        static_cast<std::uint8_t>((ctl(sd) & ~kSdctlInterruptEnables & 0xFFu) |
                                                  random.uniformBelow(8) << 2));
                    break;
                case 2:  // W1C of some status bits
                    writeSts(sd, static_cast<std::uint8_t>(random.uniformBelow(8) << 2));
                    break;
                case 3:  // INTCTL: GIE and a random SIE set
                    write32(INTCTL, (random.bernoulli(0.8) ? INTCTL_GIE : 0u) |
                                        static_cast<std::uint32_t>(random.uniformBelow(1u << 8)));
                    break;
                case 4:  // the stream's SRST handshake, then programmed again
                    if (random.bernoulli(0.3)) {
                        resetStream(sd);
                        program(k);
                    }
                    break;
                case 5:  // a descriptor fault at the next entry or RUN
                    if (random.bernoulli(0.2)) {
                        hda->injectDescriptorFault(sd);
                    }
                    break;
                case 6:  // controller reset and out again
                    if (random.bernoulli(0.1)) {
                        write32(GCTL, 0);
                        expectMaskMatchesRegisters(step);
                        leaveControllerReset();
                        for (std::size_t j = 0; j < streams.size(); ++j) {
                            program(j);
                        }
                    }
                    break;
                case 7:  // SSYNC blocks or releases a stream's link
                    write32(SSYNC, read32(SSYNC) ^ streamBit(sd));
                    break;
                default:  // time passes: bursts, BCIS, underruns, overruns
                    scheduler.runUntil(scheduler.now() + usToNs(static_cast<std::int64_t>(
                                                             random.uniformBelow(8000))));
                    break;
            }
            expectMaskMatchesRegisters(step);
            if (HasFatalFailure()) {
                return;
            }
            interruptingSteps += hda->interruptAsserted() ? 1 : 0;
        }
        EXPECT_GT(interruptingSteps, steps / 20) << "the steps rarely raised an interrupt";
    }
};

TEST_F(HdaInterruptMask, IntstsAndTheLineFollowTheRegistersUnderRandomWrites) {
    build(HdaConfig{});
    randomSteps(1, 3000);
}

TEST_F(HdaInterruptMask, CoalescedBurstsAndHeldDmaKeepTheMaskExact) {
    HdaConfig c;
    c.coalesceBursts = true;
    c.pauseDmaWhileBcisPending = true;  // underruns and overruns: FIFOE
    build(c);
    randomSteps(2, 3000);
}

TEST_F(HdaInterruptMask, BcisOnlyWithIoceKeepsTheMaskExact) {
    HdaConfig c;
    c.coalesceBursts = true;
    c.bcisRequiresIoce = true;
    build(c);
    randomSteps(3, 3000);
}

}  // namespace
}  // namespace ps::hda::test
