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

// The time of the first trace record named `name` (of the stream, when
// given) after index `from`, or -1.
TimeNs firstRecordTime(Tracer& tracer, const char* name, std::uint64_t from,
                       std::uint16_t stream = kNoStream, const char* to = nullptr) {
    TimeNs found = -1;
    tracer.ring().forEachFrom(from, [&](const TraceRecord& r) {
        if (found >= 0 || std::strcmp(r.name, name) != 0 ||
            (stream != kNoStream && r.streamId != stream)) {
            return;
        }
        const TraceField* f = r.field("To");
        if (to != nullptr && (f == nullptr || std::strcmp(f->text, to) != 0)) {
            return;
        }
        found = r.timeNs;
    });
    return found;
}

// A start in D3 is held for exactly the exit latency, then the stream runs:
// nothing fails and the wait is no glitch.
void expectStartWaitsOutTheExitLatency(PC_EXIT_LATENCY latency, TimeNs expectedWaitNs) {
    PowerRun r(latency, 35, 300);
    r.runFor(msToNs(60));
    if (latency == PcExitLatencyInstant) {
        ASSERT_EQ(r.power().state(), PowerDeviceD0) << "Instant never powers down";
    } else {
        ASSERT_EQ(r.power().state(), PowerDeviceD3);
    }
    const std::uint64_t mark = r.system.tracer().recordCount();
    const TimeNs askedAt = r.system.scheduler().now();
    const NTSTATUS started = r.client->start();
    if (expectedWaitNs == 0) {
        EXPECT_EQ(started, STATUS_SUCCESS);
    } else {
        EXPECT_EQ(started, STATUS_PENDING);
        EXPECT_TRUE(r.client->statePending());
        EXPECT_TRUE(r.pin->statePending());
        EXPECT_EQ(r.pin->state(), KSSTATE_STOP) << "nothing runs before D0";
        EXPECT_EQ(r.client->start(), STATUS_PENDING) << "a second start changes nothing";
        r.runFor(expectedWaitNs - 1);
        EXPECT_EQ(r.pin->state(), KSSTATE_STOP) << "1 ns to go";
        EXPECT_EQ(r.client->mode(), ClientMode::Stopped);
    }
    r.runFor(msToNs(400));
    EXPECT_EQ(r.client->mode(), ClientMode::Running);
    EXPECT_FALSE(r.client->statePending());
    EXPECT_EQ(r.pin->state(), KSSTATE_RUN);

    Tracer& t = r.system.tracer();
    EXPECT_EQ(firstRecordTime(t, "KSSTATE", mark, 1, "KSSTATE_ACQUIRE"), askedAt + expectedWaitNs);
    EXPECT_EQ(firstRecordTime(t, "KSSTATE", mark, 1, "KSSTATE_PAUSE"), askedAt + expectedWaitNs);
    EXPECT_EQ(firstRecordTime(t, "KSSTATE", mark, 1, "KSSTATE_RUN"), askedAt + expectedWaitNs);
    if (expectedWaitNs > 0) {
        EXPECT_EQ(firstRecordTime(t, "state request pending", mark, 1), askedAt);
        EXPECT_EQ(firstRecordTime(t, "power transition", mark, kNoStream, "D0"),
                  askedAt + expectedWaitNs);
        EXPECT_EQ(firstRecordTime(t, "state request completed", mark, 1), askedAt + expectedWaitNs);
    } else {
        EXPECT_EQ(firstRecordTime(t, "state request pending", mark, 1), -1);
    }
    EXPECT_EQ(r.client->counters().underruns, 0u) << "the wait is not a glitch";
    EXPECT_TRUE(r.client->errors().empty());
    EXPECT_EQ(r.registered(), 2u) << "registered again after reconnecting";
    EXPECT_EQ(r.system.verifier().total(), 0u);
}

TEST(WaveRtPower, FastExitLatencyHoldsTheStartFor35Ms) {
    expectStartWaitsOutTheExitLatency(PcExitLatencyFast, msToNs(35));
}

TEST(WaveRtPower, ResponsiveExitLatencyHoldsTheStartFor300Ms) {
    expectStartWaitsOutTheExitLatency(PcExitLatencyResponsive, msToNs(300));
}

TEST(WaveRtPower, InstantExitLatencyStartsAtOnce) {
    expectStartWaitsOutTheExitLatency(PcExitLatencyInstant, 0);
}

TEST(WaveRtPower, FastStreamRunsAndTheAdapterIdlesAfterStop) {
    PowerRun r(PcExitLatencyFast);
    r.runFor(msToNs(60));
    ASSERT_EQ(r.power().state(), PowerDeviceD3);
    const TimeNs askedAt = r.system.scheduler().now();
    EXPECT_EQ(r.client->start(), STATUS_PENDING);
    EXPECT_TRUE(r.power().poweringUp());
    EXPECT_EQ(r.power().d0ReadyAtNs(), askedAt + msToNs(35));
    r.runFor(msToNs(34));
    EXPECT_EQ(r.power().d0ReadyAtNs(), askedAt + msToNs(35)) << "waiting does not restart it";
    r.runFor(msToNs(1));
    EXPECT_EQ(r.power().state(), PowerDeviceD0);
    EXPECT_NE(r.miniport().interruptObject(), nullptr);
    EXPECT_EQ(r.client->mode(), ClientMode::Running);
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
    EXPECT_EQ(r.client->start(), STATUS_PENDING);
    EXPECT_EQ(r.power().d0ReadyAtNs(), askedAt + msToNs(200));
    r.runFor(msToNs(200));
    EXPECT_EQ(r.client->mode(), ClientMode::Running);

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

TEST(WaveRtPower, StopWhileTheStartIsPendingCancelsIt) {
    PowerRun r(PcExitLatencyFast);
    r.runFor(msToNs(60));
    const std::uint64_t mark = r.system.tracer().recordCount();
    EXPECT_EQ(r.client->start(), STATUS_PENDING);
    r.runFor(msToNs(10));
    EXPECT_EQ(r.client->stop(), STATUS_SUCCESS);
    EXPECT_FALSE(r.client->statePending());
    EXPECT_FALSE(r.pin->statePending());
    EXPECT_EQ(r.power().d0Waiters(), 0u);
    r.runFor(msToNs(100));
    EXPECT_EQ(r.pin->state(), KSSTATE_STOP) << "the cancelled RUN never happens";
    EXPECT_EQ(r.client->mode(), ClientMode::Stopped);
    EXPECT_EQ(firstRecordTime(r.system.tracer(), "KSSTATE", mark, 1), -1);
    EXPECT_GE(firstRecordTime(r.system.tracer(), "state request cancelled", mark, 1), 0);
    EXPECT_TRUE(r.client->errors().empty()) << "a cancelled start is no error";
    // The device came back to D0 anyway and idles down again.
    EXPECT_EQ(r.powerTransitions("D0"), 1u);
    // A later start runs at once in D0 (or waits again in D3).
    const NTSTATUS again = r.client->start();
    EXPECT_TRUE(again == STATUS_SUCCESS || again == STATUS_PENDING);
    r.runFor(msToNs(40));
    EXPECT_EQ(r.client->mode(), ClientMode::Running);
    EXPECT_EQ(r.system.verifier().total(), 0u);
}

TEST(WaveRtPower, CloseWhileTheStartIsPendingCancelsIt) {
    PowerRun r(PcExitLatencyFast);
    r.runFor(msToNs(60));
    EXPECT_EQ(r.client->start(), STATUS_PENDING);
    r.runFor(msToNs(5));
    EXPECT_EQ(r.client->close(), STATUS_SUCCESS);
    r.pin->close();
    EXPECT_EQ(r.power().d0Waiters(), 0u);
    r.runFor(msToNs(100));
    EXPECT_EQ(r.pin->state(), KSSTATE_STOP);
    EXPECT_EQ(r.client->mode(), ClientMode::Closed);
    EXPECT_GE(firstRecordTime(r.system.tracer(), "state request cancelled", 0, 1), 0);
    EXPECT_EQ(r.system.verifier().total(), 0u);
}

TEST(WaveRtPower, PinCloseCancelsAPendingRequestAndTellsTheClient) {
    PowerRun r(PcExitLatencyFast);
    r.runFor(msToNs(60));
    EXPECT_EQ(r.client->start(), STATUS_PENDING);
    r.pin->close();  // the handle goes away under the client
    EXPECT_FALSE(r.client->statePending());
    r.runFor(msToNs(100));
    EXPECT_EQ(r.client->mode(), ClientMode::Stopped);
    EXPECT_EQ(r.pin->state(), KSSTATE_STOP);
}

TEST(WaveRtPower, NewPinIsHeldUntilD0) {
    PowerRun r(PcExitLatencyFast);
    r.runFor(msToNs(60));
    ASSERT_EQ(r.power().state(), PowerDeviceD3);
    ComPtr<CPortPinWaveRT> second;
    EXPECT_EQ(r.system.openPin(0, stereo16(), 2, &second), STATUS_DEVICE_NOT_READY)
        << "a caller that cannot be held";
    r.runFor(msToNs(60));
    ASSERT_EQ(r.power().enterD3("test"), true);
    const TimeNs askedAt = r.system.scheduler().now();
    TimeNs createdAt = -1;
    NTSTATUS created = STATUS_UNSUCCESSFUL;
    EXPECT_EQ(r.system.openPin(0, stereo16(), 2, &second,
                               [&](NTSTATUS status, ComPtr<CPortPinWaveRT> pin) {
                                   created = status;
                                   createdAt = r.system.scheduler().now();
                                   second = std::move(pin);
                               }),
              STATUS_PENDING);
    EXPECT_EQ(second.get(), nullptr);
    r.runFor(msToNs(35));
    EXPECT_EQ(created, STATUS_SUCCESS);
    EXPECT_EQ(createdAt, askedAt + msToNs(35));
    ASSERT_NE(second.get(), nullptr);
    second->close();
}

TEST(WaveRtPower, RemovalWhileAPinIsHeldCancelsIt) {
    PowerRun r(PcExitLatencyFast);
    r.runFor(msToNs(60));
    ComPtr<CPortPinWaveRT> second;
    NTSTATUS created = STATUS_SUCCESS;
    EXPECT_EQ(r.system.openPin(0, stereo16(), 2, &second,
                               [&](NTSTATUS status, ComPtr<CPortPinWaveRT>) { created = status; }),
              STATUS_PENDING);
    r.power().unregisterAdapter();
    EXPECT_EQ(created, STATUS_CANCELLED);
    EXPECT_EQ(r.power().d0Waiters(), 0u);
}

}  // namespace
}  // namespace ps
