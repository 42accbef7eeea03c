// Adapter power on the WavePci machine: the AC'97 miniport is the adapter's
// IAdapterPowerManagement3, unregisters its interrupt before disconnecting it
// for D3 and registers it again after reconnecting, and a stream started in
// D3 is held for exactly the exit latency and then runs.
#include "WavePciHarness.h"

#include "model/client/WhiteNoiseSource.h"
#include "model/miniports/MiniportWaveAc97.h"

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

struct PciPowerRun {
    explicit PciPowerRun(PC_EXIT_LATENCY latency)
        : system([&] {
              WavePciSystemConfig c;
              c.power.idleTimeoutNs = msToNs(50);
              c.power.exitLatency = latency;
              return c;
          }()),
          noise(3, 0.5) {
        EXPECT_EQ(system.start(), STATUS_SUCCESS);
        EXPECT_EQ(system.openPin(0, stereo16(), 1, &pin), STATUS_SUCCESS);
        system.controller().setSink(ac97::Engine::PcmOut, &dac);
        WavePciClientConfig config;
        config.packetMs = 10;
        config.streamId = 1;
        client = std::make_unique<WavePciClient>(system.kernel(), *pin, config, &noise);
    }
    ~PciPowerRun() {
        client->close();
        runFor(msToNs(50));
        pin->close();
        system.controller().setSink(ac97::Engine::PcmOut, nullptr);
    }
    void runFor(TimeNs ns) { system.scheduler().runUntil(system.scheduler().now() + ns); }
    AdapterPowerManager& power() { return system.portClsDevice().power(); }
    CMiniportWaveAc97& miniport() {
        return *static_cast<CMiniportWaveAc97*>(system.port()->miniport());
    }
    std::size_t registered() { return system.portClsDevice().streamResources().registeredCount(); }
    TimeNs firstRunAt(std::uint64_t from) {
        TimeNs found = -1;
        system.tracer().ring().forEachFrom(from, [&](const TraceRecord& r) {
            const TraceField* to = r.field("To");
            if (found < 0 && r.streamId == 1 && std::strcmp(r.name, "KSSTATE") == 0 &&
                to != nullptr && std::strcmp(to->text, "KSSTATE_RUN") == 0) {
                found = r.timeNs;
            }
        });
        return found;
    }

    WavePciSystem system;
    WhiteNoiseSource noise;
    DacRecorder dac;
    ComPtr<CPortPinWavePci> pin;
    std::unique_ptr<WavePciClient> client;
};

TEST(WavePciPower, IdleD3UnregistersTheInterruptAndD0RegistersItAgain) {
    PciPowerRun r(PcExitLatencyFast);
    EXPECT_EQ(r.miniport().exitLatency(), PcExitLatencyFast);
    EXPECT_EQ(r.registered(), 1u);
    EXPECT_TRUE(r.miniport().interruptRegistered());
    r.runFor(msToNs(51));
    EXPECT_EQ(r.power().state(), PowerDeviceD3);
    EXPECT_EQ(r.miniport().powerState(), PowerDeviceD3);
    EXPECT_EQ(r.registered(), 0u);
    EXPECT_EQ(r.miniport().interruptObject(), nullptr) << "disconnected for D3";
    EXPECT_TRUE(r.power().requestD0() == false);
    r.runFor(msToNs(35));
    EXPECT_EQ(r.power().state(), PowerDeviceD0);
    EXPECT_NE(r.miniport().interruptObject(), nullptr);
    EXPECT_EQ(r.registered(), 1u);
    EXPECT_EQ(r.system.verifier().total(), 0u);
}

void expectPciStartWaits(PC_EXIT_LATENCY latency, TimeNs waitNs) {
    PciPowerRun r(latency);
    r.runFor(msToNs(60));
    const std::uint64_t mark = r.system.tracer().recordCount();
    const TimeNs askedAt = r.system.scheduler().now();
    const NTSTATUS status = r.client->start();
    EXPECT_EQ(status, waitNs > 0 ? STATUS_PENDING : STATUS_SUCCESS);
    if (waitNs > 0) {
        EXPECT_TRUE(r.pin->statePending());
        EXPECT_EQ(r.pin->state(), KSSTATE_STOP);
    }
    r.runFor(waitNs + msToNs(300));
    EXPECT_EQ(r.pin->state(), KSSTATE_RUN);
    EXPECT_FALSE(r.pin->statePending());
    EXPECT_EQ(r.firstRunAt(mark), askedAt + waitNs);
    r.system.controller().syncAll();
    EXPECT_EQ(r.system.controller().state(ac97::Engine::PcmOut).underrunFrames, 0)
        << "the queue was primed before the wait: no glitch";
    EXPECT_TRUE(r.client->errors().empty());
    EXPECT_EQ(r.system.verifier().total(), 0u);
}

TEST(WavePciPower, FastHoldsTheStartFor35Ms) {
    expectPciStartWaits(PcExitLatencyFast, msToNs(35));
}

TEST(WavePciPower, ResponsiveHoldsTheStartFor300Ms) {
    expectPciStartWaits(PcExitLatencyResponsive, msToNs(300));
}

TEST(WavePciPower, InstantStartsAtOnce) {
    expectPciStartWaits(PcExitLatencyInstant, 0);
}

TEST(WavePciPower, StopWhileHeldCancelsTheStart) {
    PciPowerRun r(PcExitLatencyFast);
    r.runFor(msToNs(60));
    EXPECT_EQ(r.client->start(), STATUS_PENDING);
    r.runFor(msToNs(10));
    EXPECT_EQ(r.client->stop(), STATUS_SUCCESS);
    EXPECT_FALSE(r.pin->statePending());
    EXPECT_EQ(r.power().d0Waiters(), 0u);
    r.runFor(msToNs(100));
    EXPECT_EQ(r.pin->state(), KSSTATE_STOP);
    EXPECT_EQ(r.system.verifier().total(), 0u);
}

}  // namespace
}  // namespace ps
