// Why stream resources are registered, made visible: under seeded system
// interference a low-latency event-mode stream glitches when the miniport
// leaves its interrupt and thread unregistered, and does not when it
// registers them; a large buffer is not low-latency (nothing is shielded)
// and needs no shielding.
#include "WavePciHarness.h"

#include "model/client/WaveRtClient.h"
#include "model/client/WhiteNoiseSource.h"
#include "model/miniports/MiniportWaveRtHda.h"
#include "model/scenario/WaveRtSystem.h"

#include <cstdio>

namespace ps {
namespace {

AudioFormat eightChannel32() {
    AudioFormat f;
    f.rateHz = 48000;
    f.channels = 8;
    f.containerBits = 32;
    f.validBits = 32;
    f.extensible = true;
    return f;
}

struct ShieldingOutcome {
    std::uint64_t underruns = 0;
    std::uint64_t workerLateWakeups = 0;
    std::uint64_t workerServices = 0;
    InterferenceCounters interference;
    std::size_t violations = 0;
    ULONG bufferBytes = 0;
};

// One 2-second event-mode render run on a busy machine (seed 7: a DPC drain
// or thread wakeup is delayed with probability 0.2 by 3..6 ms).
ShieldingOutcome runUnderInterference(std::uint32_t bufferMs, bool registerResources,
                                      OsVersion os = OsVersion::Windows10V1511) {
    WaveRtSystemConfig config;
    config.kernel.osVersion = os;
    config.kernel.seed = 7;
    config.kernel.interference.enabled = true;
    config.kernel.interference.dpc = {0.2, msToNs(3), msToNs(6)};
    config.kernel.interference.thread = {0.2, msToNs(3), msToNs(6)};
    config.kernel.interference.lowLatencyBelowNs = msToNs(10);
    config.miniport.skipStreamResourceRegistration = !registerResources;
    config.miniport.workerPeriodNs = msToNs(1);

    WaveRtSystem system(config);
    EXPECT_EQ(system.start(), STATUS_SUCCESS);
    ComPtr<CPortPinWaveRT> pin;
    EXPECT_EQ(system.openPin(0, eightChannel32(), 1, &pin), STATUS_SUCCESS);
    DacRecorder dac;
    for (unsigned k = 0; k < system.controller().config().outputStreams; ++k) {
        system.controller().setSink(system.controller().streamIndexOfOutput(k), &dac);
    }
    WhiteNoiseSource noise(5, 0.5);
    WaveRtClientConfig client;
    client.mode = WaveRtStreamingMode::Event;
    client.notificationCount = 2;
    client.bufferMs = bufferMs;
    client.streamId = 1;
    WaveRtClient rt(system.kernel(), *pin, client, &noise);
    EXPECT_EQ(rt.start(), STATUS_SUCCESS);
    system.scheduler().runUntil(system.scheduler().now() + msToNs(2000));

    ShieldingOutcome out;
    out.underruns = rt.counters().underruns;
    out.bufferBytes = pin->bufferBytes();
    auto* miniport = static_cast<CMiniportWaveRtHda*>(system.port()->miniport());
    out.workerLateWakeups = miniport->workerLateWakeups();
    out.workerServices = miniport->workerServices();
    out.interference = system.kernel().interferenceCounters();
    rt.stop();
    rt.close();
    pin->close();
    for (unsigned k = 0; k < system.controller().config().outputStreams; ++k) {
        system.controller().setSink(system.controller().streamIndexOfOutput(k), nullptr);
    }
    system.removeDevice();
    system.verifier().finish();
    out.violations = system.verifier().total();
    return out;
}

TEST(WaveRtShielding, RegisteredResourcesAreShieldedUnregisteredOnesGlitch) {
    const ShieldingOutcome registered = runUnderInterference(5, true);
    const ShieldingOutcome unregistered = runUnderInterference(5, false);
    std::printf(
        "5 ms buffer (%u bytes) under interference, seed 7:\n"
        "  registered:   %llu underruns, DPC delays %llu (shielded %llu), thread delays "
        "%llu (shielded %llu), worker late %llu of %llu\n"
        "  unregistered: %llu underruns, DPC delays %llu (shielded %llu), thread delays "
        "%llu (shielded %llu), worker late %llu of %llu\n",
        registered.bufferBytes, static_cast<unsigned long long>(registered.underruns),
        static_cast<unsigned long long>(registered.interference.dpcDelays),
        static_cast<unsigned long long>(registered.interference.dpcShielded),
        static_cast<unsigned long long>(registered.interference.threadDelays),
        static_cast<unsigned long long>(registered.interference.threadShielded),
        static_cast<unsigned long long>(registered.workerLateWakeups),
        static_cast<unsigned long long>(registered.workerServices),
        static_cast<unsigned long long>(unregistered.underruns),
        static_cast<unsigned long long>(unregistered.interference.dpcDelays),
        static_cast<unsigned long long>(unregistered.interference.dpcShielded),
        static_cast<unsigned long long>(unregistered.interference.threadDelays),
        static_cast<unsigned long long>(unregistered.interference.threadShielded),
        static_cast<unsigned long long>(unregistered.workerLateWakeups),
        static_cast<unsigned long long>(unregistered.workerServices));

    // The buffer really is low-latency (5.33 ms: two pages of 8-channel
    // 32-bit frames).
    EXPECT_LT(registered.bufferBytes, 48000u * 32u / 100u);

    // Registered: interference was drawn, and shielding absorbed all of it.
    EXPECT_EQ(registered.underruns, 0u);
    EXPECT_GT(registered.interference.dpcShielded, 10u);
    EXPECT_EQ(registered.interference.dpcDelays, 0u);
    EXPECT_GT(registered.interference.threadShielded, 10u);
    EXPECT_EQ(registered.interference.threadDelays, 0u);
    EXPECT_EQ(registered.workerLateWakeups, 0u);
    EXPECT_EQ(registered.violations, 0u);

    // Unregistered: the same interference reaches the DPC and the thread.
    EXPECT_GT(unregistered.underruns, 0u);
    EXPECT_GT(unregistered.interference.dpcDelays, 10u);
    EXPECT_EQ(unregistered.interference.dpcShielded, 0u);
    EXPECT_GT(unregistered.interference.threadDelays, 10u);
    EXPECT_GT(unregistered.workerLateWakeups, 0u);
    EXPECT_EQ(unregistered.violations, 0u);
}

TEST(WaveRtShielding, LargeBufferIsNotLowLatencyAndNeedsNoShielding) {
    const ShieldingOutcome large = runUnderInterference(100, true);
    std::printf("100 ms buffer, registered: %llu underruns, DPC delays %llu (shielded %llu)\n",
                static_cast<unsigned long long>(large.underruns),
                static_cast<unsigned long long>(large.interference.dpcDelays),
                static_cast<unsigned long long>(large.interference.dpcShielded));
    EXPECT_EQ(large.underruns, 0u);
    EXPECT_GT(large.interference.dpcDelays, 0u);
    EXPECT_EQ(large.interference.dpcShielded, 0u);
    EXPECT_EQ(large.interference.threadShielded, 0u);
    EXPECT_EQ(large.violations, 0u);
}

TEST(WaveRtShielding, Windows81CannotRegisterAndGlitchesButNothingFails) {
    const ShieldingOutcome old = runUnderInterference(5, true, OsVersion::Windows81);
    EXPECT_GT(old.underruns, 0u);
    EXPECT_EQ(old.interference.dpcShielded, 0u);
    EXPECT_EQ(old.violations, 0u);
}

TEST(WaveRtShielding, SameSeedSameOutcome) {
    const ShieldingOutcome a = runUnderInterference(5, false);
    const ShieldingOutcome b = runUnderInterference(5, false);
    EXPECT_EQ(a.underruns, b.underruns);
    EXPECT_EQ(a.interference.dpcDelays, b.interference.dpcDelays);
    EXPECT_EQ(a.interference.dpcDelayNs, b.interference.dpcDelayNs);
    EXPECT_EQ(a.workerLateWakeups, b.workerLateWakeups);
}

}  // namespace
}  // namespace ps
