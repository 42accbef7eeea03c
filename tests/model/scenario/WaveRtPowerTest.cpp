// Adapter power on the WaveRT machine: the idle timeout takes the adapter to
// D3 (resources unregistered, interrupt disconnected), PC_EXIT_LATENCY decides
// how long a stream waits for D0, and the resources come back after it.
#include "WavePciHarness.h"

#include "model/client/WaveRtClient.h"
#include "model/client/WhiteNoiseSource.h"
#include "model/miniports/MiniportWaveRtHda.h"
#include "model/scenario/WaveRtSystem.h"

#include <cstring>

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

struct PowerRun {
    explicit PowerRun(PC_EXIT_LATENCY latency, std::uint32_t fastMs = 35,
                      std::uint32_t responsiveMs = 300)
        : system([&] {
              WaveRtSystemConfig c;
              c.power.idleTimeoutNs = msToNs(50);
              c.power.exitLatency = latency;
              c.power.fastExitLatencyMs = fastMs;
              c.power.responsiveExitLatencyMs = responsiveMs;
              return c;
          }()),
          noise(3, 0.5) {
        EXPECT_EQ(system.start(), STATUS_SUCCESS);
        EXPECT_EQ(system.openPin(0, stereo16(), 1, &pin), STATUS_SUCCESS);
        WaveRtClientConfig config;
        config.bufferMs = 20;
        config.streamId = 1;
        client = std::make_unique<WaveRtClient>(system.kernel(), *pin, config, &noise);
    }
    ~PowerRun() {
        client->close();
        pin->close();
    }
    void runFor(TimeNs ns) { system.scheduler().runUntil(system.scheduler().now() + ns); }
    AdapterPowerManager& power() { return system.portClsDevice().power(); }
    CMiniportWaveRtHda& miniport() {
        return *static_cast<CMiniportWaveRtHda*>(system.port()->miniport());
    }
    std::size_t registered() { return system.portClsDevice().streamResources().registeredCount(); }
    std::size_t powerTransitions(const char* to) {
        std::size_t n = 0;
        system.tracer().ring().forEachFrom(0, [&](const TraceRecord& r) {
            const TraceField* f = r.field("To");
            if (r.category == TraceCategory::Resource &&
                std::strcmp(r.name, "power transition") == 0 && f != nullptr &&
                std::strcmp(f->text, to) == 0) {
                ++n;
            }
        });
        return n;
    }

    WaveRtSystem system;
    WhiteNoiseSource noise;
    ComPtr<CPortPinWaveRT> pin;
    std::unique_ptr<WaveRtClient> client;
};

TEST(WaveRtPower, IdleTimeoutTakesTheAdapterToD3AndUnregisters) {
    PowerRun r(PcExitLatencyFast);
    EXPECT_EQ(r.miniport().exitLatency(), PcExitLatencyFast) << "announced at registration";
    EXPECT_EQ(r.registered(), 2u);
    r.runFor(msToNs(49));
    EXPECT_EQ(r.power().state(), PowerDeviceD0);
    r.runFor(msToNs(2));
    EXPECT_EQ(r.power().state(), PowerDeviceD3);
    EXPECT_EQ(r.miniport().powerState(), PowerDeviceD3);
    EXPECT_EQ(r.registered(), 0u);
    EXPECT_EQ(r.miniport().interruptObject(), nullptr) << "disconnected for D3";
    EXPECT_EQ(r.powerTransitions("D3"), 1u);
    EXPECT_EQ(r.system.verifier().total(), 0u);
}

TEST(WaveRtPower, FastExitLatencyDelaysTheStreamBy35Ms) {
    PowerRun r(PcExitLatencyFast);
    r.runFor(msToNs(60));
    ASSERT_EQ(r.power().state(), PowerDeviceD3);
    const TimeNs askedAt = r.system.scheduler().now();
    EXPECT_EQ(r.client->start(), STATUS_DEVICE_NOT_READY);
    EXPECT_TRUE(r.power().poweringUp());
    EXPECT_EQ(r.power().d0ReadyAtNs(), askedAt + msToNs(35));
    r.runFor(msToNs(34));
    EXPECT_EQ(r.client->start(), STATUS_DEVICE_NOT_READY) << "still 1 ms to go";
    EXPECT_EQ(r.power().d0ReadyAtNs(), askedAt + msToNs(35)) << "a retry does not restart it";
    r.runFor(msToNs(1));
    EXPECT_EQ(r.power().state(), PowerDeviceD0);
    EXPECT_EQ(r.registered(), 2u) << "registered again after reconnecting";
    EXPECT_NE(r.miniport().interruptObject(), nullptr);
    ASSERT_EQ(r.client->start(), STATUS_SUCCESS);
    r.runFor(msToNs(300));
    EXPECT_EQ(r.client->counters().underruns, 0u);
    EXPECT_EQ(r.power().state(), PowerDeviceD0) << "no idle power-down while a stream runs";
    r.client->stop();
    r.runFor(msToNs(51));
    EXPECT_EQ(r.power().state(), PowerDeviceD3);
    EXPECT_EQ(r.powerTransitions("D3"), 2u);
    EXPECT_EQ(r.powerTransitions("D0"), 1u);
    EXPECT_EQ(r.system.verifier().total(), 0u);
}

TEST(WaveRtPower, ResponsiveUsesTheConfiguredValue) {
    // The D3ExitLatencyChanged page's 10 / 200 ms instead of the enum page's.
    PowerRun r(PcExitLatencyResponsive, 10, 200);
    r.runFor(msToNs(60));
    ASSERT_EQ(r.power().state(), PowerDeviceD3);
    const TimeNs askedAt = r.system.scheduler().now();
    EXPECT_EQ(r.client->start(), STATUS_DEVICE_NOT_READY);
    EXPECT_EQ(r.power().d0ReadyAtNs(), askedAt + msToNs(200));
    r.runFor(msToNs(200));
    EXPECT_EQ(r.client->start(), STATUS_SUCCESS);

    // Switching to Fast at run time tells the adapter and changes the wait.
    r.power().setExitLatency(PcExitLatencyFast);
    EXPECT_EQ(r.miniport().exitLatency(), PcExitLatencyFast);
    EXPECT_EQ(r.power().exitLatencyNs(PcExitLatencyFast), msToNs(10));
    EXPECT_EQ(r.power().exitLatencyNs(PcExitLatencyResponsive), msToNs(200));
}

TEST(WaveRtPower, InstantMeansTheAdapterNeverPowersDown) {
    PowerRun r(PcExitLatencyInstant);
    r.runFor(msToNs(500));
    EXPECT_EQ(r.power().state(), PowerDeviceD0);
    EXPECT_FALSE(r.power().enterD3("test"));
    EXPECT_EQ(r.client->start(), STATUS_SUCCESS);
    EXPECT_EQ(r.powerTransitions("D3"), 0u);
}

TEST(WaveRtPower, NewPinWaitsForD0Too) {
    PowerRun r(PcExitLatencyFast);
    r.runFor(msToNs(60));
    ASSERT_EQ(r.power().state(), PowerDeviceD3);
    ComPtr<CPortPinWaveRT> second;
    EXPECT_EQ(r.system.openPin(0, stereo16(), 2, &second), STATUS_DEVICE_NOT_READY);
    r.runFor(msToNs(35));
    EXPECT_EQ(r.system.openPin(0, stereo16(), 2, &second), STATUS_SUCCESS);
    second->close();
}

}  // namespace
}  // namespace ps
