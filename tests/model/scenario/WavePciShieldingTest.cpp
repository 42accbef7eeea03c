// Stream resource shielding on the WavePci stack: the AC'97 miniport
// registers its interrupt with PcAddStreamResource (the WavePci port has no
// resource manager interface), so under seeded system interference a
// low-latency stream (2 ms packets) keeps its service DPCs on time; with the
// "skip-stream-resource-registration" bug switch the same interference
// reaches them and the DAC runs dry. Windows 8.1 has no PcAddStreamResource:
// the miniport runs unregistered and nothing fails.
#include "WavePciHarness.h"

#include "model/client/WhiteNoiseSource.h"
#include "model/miniports/MiniportWaveAc97.h"

#include <cstdio>

namespace ps {
namespace {

AudioFormat stereo16() {
    AudioFormat f;
    f.rateHz = 48000;
    f.channels = 2;
    f.containerBits = 16;
    f.validBits = 16;
    return f;
}

struct PciShieldingOutcome {
    std::int64_t underrunFrames = 0;
    InterferenceCounters interference;
    std::size_t violations = 0;
    bool interruptRegistered = false;
    std::uint64_t registrations = 0;
    bool lowLatency = false;
};

// One 2-second render run on a busy machine (seed 7: a DPC drain is delayed
// with probability 0.2 by 3..6 ms) with packetMs-long packets, three queued.
PciShieldingOutcome runPciUnderInterference(std::uint32_t packetMs, bool registerResources,
                                            OsVersion os = OsVersion::Windows10V1511) {
    WavePciSystemConfig config;
    config.kernel.osVersion = os;
    config.kernel.seed = 7;
    config.kernel.interference.enabled = true;
    config.kernel.interference.dpc = {0.2, msToNs(3), msToNs(6)};
    config.kernel.interference.thread = {0.2, msToNs(3), msToNs(6)};
    config.kernel.interference.lowLatencyBelowNs = msToNs(10);
    config.miniport.skipStreamResourceRegistration = !registerResources;

    WavePciSystem system(config);
    EXPECT_EQ(system.start(), STATUS_SUCCESS);
    ComPtr<CPortPinWavePci> pin;
    EXPECT_EQ(system.openPin(0, stereo16(), 1, &pin), STATUS_SUCCESS);
    DacRecorder dac;
    system.controller().setSink(ac97::Engine::PcmOut, &dac);
    WhiteNoiseSource noise(5, 0.5);
    WavePciClientConfig client;
    client.packetMs = packetMs;
    client.packetsQueued = 3;
    client.streamId = 1;
    WavePciClient pci(system.kernel(), *pin, client, &noise);
    EXPECT_EQ(pci.start(), STATUS_SUCCESS);
    system.scheduler().runUntil(system.scheduler().now() + msToNs(2000));

    PciShieldingOutcome out;
    system.controller().syncAll();
    out.underrunFrames = system.controller().state(ac97::Engine::PcmOut).underrunFrames;
    out.interference = system.kernel().interferenceCounters();
    out.lowLatency = pin->lowLatency();
    auto* miniport = static_cast<CMiniportWaveAc97*>(system.port()->miniport());
    out.interruptRegistered = miniport->interruptRegistered();
    pci.stop();
    pci.close();
    system.scheduler().runUntil(system.scheduler().now() + msToNs(50));
    pin->close();
    system.controller().setSink(ac97::Engine::PcmOut, nullptr);
    out.registrations = system.portClsDevice().streamResources().addCount();
    system.removeDevice();
    EXPECT_EQ(system.portClsDevice().streamResources().registeredCount(), 0u);
    EXPECT_EQ(system.portClsDevice().streamResources().addCount(),
              system.portClsDevice().streamResources().removeCount());
    system.verifier().finish();
    out.violations = system.verifier().total();
    return out;
}

TEST(WavePciShielding, RegisteredInterruptIsShieldedUnregisteredOneGlitches) {
    const PciShieldingOutcome registered = runPciUnderInterference(2, true);
    const PciShieldingOutcome unregistered = runPciUnderInterference(2, false);
    std::printf(
        "WavePci 2 ms packets x3 under interference, seed 7:\n"
        "  registered:   %lld underrun frames, DPC delays %llu (shielded %llu)\n"
        "  unregistered: %lld underrun frames, DPC delays %llu (shielded %llu)\n",
        static_cast<long long>(registered.underrunFrames),
        static_cast<unsigned long long>(registered.interference.dpcDelays),
        static_cast<unsigned long long>(registered.interference.dpcShielded),
        static_cast<long long>(unregistered.underrunFrames),
        static_cast<unsigned long long>(unregistered.interference.dpcDelays),
        static_cast<unsigned long long>(unregistered.interference.dpcShielded));

    EXPECT_TRUE(registered.lowLatency) << "2 ms packets are low-latency";
    EXPECT_TRUE(registered.interruptRegistered);
    EXPECT_EQ(registered.registrations, 1u);
    EXPECT_EQ(registered.underrunFrames, 0);
    EXPECT_GT(registered.interference.dpcShielded, 10u);
    EXPECT_EQ(registered.interference.dpcDelays, 0u);
    EXPECT_EQ(registered.violations, 0u);

    EXPECT_FALSE(unregistered.interruptRegistered);
    EXPECT_EQ(unregistered.registrations, 0u);
    EXPECT_GT(unregistered.underrunFrames, 0);
    EXPECT_GT(unregistered.interference.dpcDelays, 10u);
    EXPECT_EQ(unregistered.interference.dpcShielded, 0u);
    EXPECT_EQ(unregistered.violations, 0u);
}

TEST(WavePciShielding, LongPacketsAreNotLowLatency) {
    const PciShieldingOutcome large = runPciUnderInterference(20, true);
    EXPECT_FALSE(large.lowLatency);
    EXPECT_TRUE(large.interruptRegistered);
    EXPECT_EQ(large.interference.dpcShielded, 0u);
    EXPECT_GT(large.interference.dpcDelays, 0u);
    EXPECT_EQ(large.violations, 0u);
}

TEST(WavePciShielding, Windows81HasNoPcAddStreamResourceAndNothingFails) {
    const PciShieldingOutcome old = runPciUnderInterference(2, true, OsVersion::Windows81);
    EXPECT_FALSE(old.interruptRegistered);
    EXPECT_EQ(old.registrations, 0u);
    EXPECT_EQ(old.interference.dpcShielded, 0u);
    EXPECT_GT(old.underrunFrames, 0);
    EXPECT_EQ(old.violations, 0u);
}

TEST(WavePciShielding, Windows10RtmRegistersThroughTheFreeFunction) {
    const PciShieldingOutcome rtm = runPciUnderInterference(2, true, OsVersion::Windows10Rtm);
    EXPECT_TRUE(rtm.interruptRegistered);
    EXPECT_EQ(rtm.underrunFrames, 0);
    EXPECT_EQ(rtm.violations, 0u);
}

}  // namespace
}  // namespace ps
