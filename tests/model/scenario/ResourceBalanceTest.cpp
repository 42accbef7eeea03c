// Registration balance on both stacks: 1,000 seeded random steps of stream
// create / run / stop / destroy, adapter power down / up and device restarts.
// At every step the stack's registered resources match the power state (in
// D0 the HD Audio miniport holds two, its interrupt and worker thread, and the
// AC'97 miniport one, its interrupt; none in D3), and at the end nothing is
// registered and the verifier found nothing.
#include "model/client/SampleSource.h"
#include "model/client/WavePciClient.h"
#include "model/client/WaveRtClient.h"
#include "model/miniports/MiniportWaveRtHda.h"
#include "model/scenario/WavePciSystem.h"
#include "model/scenario/WaveRtSystem.h"
#include "model/sim/Random.h"

#include <gtest/gtest.h>

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

WaveRtSystemConfig balanceConfig(std::uint64_t seed) {
    WaveRtSystemConfig c;
    c.kernel.seed = seed;
    c.kernel.interference.enabled = true;
    c.kernel.interference.dpc = {0.05, msToNs(1), msToNs(3)};
    c.kernel.interference.thread = {0.05, msToNs(1), msToNs(3)};
    c.power.idleTimeoutNs = msToNs(4);
    c.power.exitLatency = PcExitLatencyFast;
    c.power.fastExitLatencyMs = 2;
    c.miniport.workerPeriodNs = msToNs(1);
    return c;
}

struct Stream {
    ComPtr<CPortPinWaveRT> pin;
    std::unique_ptr<WaveRtClient> client;
};

class RtMachine {
  public:
    explicit RtMachine(std::uint64_t seed) : system(balanceConfig(seed)) {
        EXPECT_EQ(system.start(), STATUS_SUCCESS);
    }
    ~RtMachine() { destroyAll(); }

    void runFor(TimeNs ns) { system.scheduler().runUntil(system.scheduler().now() + ns); }
    AdapterPowerManager& power() { return system.portClsDevice().power(); }
    StreamResourceRegistry& registry() { return system.portClsDevice().streamResources(); }
    // Runs until the power-up in progress (if any) has completed.
    void waitForD0() {
        if (power().poweringUp()) {
            system.scheduler().runUntil(power().d0ReadyAtNs());
        }
    }

    void create(std::uint16_t id) {
        if (streams.size() >= 2) {
            return;
        }
        Stream s;
        NTSTATUS status = system.openPin(0, stereo16(), id, &s.pin);
        if (status == STATUS_DEVICE_NOT_READY) {
            waitForD0();
            status = system.openPin(0, stereo16(), id, &s.pin);
        }
        ASSERT_EQ(status, STATUS_SUCCESS);
        WaveRtClientConfig config;
        config.bufferMs = 10;
        config.streamId = id;
        s.client = std::make_unique<WaveRtClient>(system.kernel(), *s.pin, config, &silence);
        streams.push_back(std::move(s));
    }
    void run(std::size_t k) {
        if (k >= streams.size()) {
            return;
        }
        const NTSTATUS status = streams[k].client->start();
        if (status == STATUS_PENDING) {
            // Held until D0: the stream runs exactly when the device is back.
            waitForD0();
            EXPECT_EQ(streams[k].client->mode(), ClientMode::Running);
        } else {
            EXPECT_EQ(status, STATUS_SUCCESS);
        }
    }
    void stop(std::size_t k) {
        if (k < streams.size()) {
            streams[k].client->stop();
        }
    }
    void destroy(std::size_t k) {
        if (k < streams.size()) {
            streams[k].client->close();
            streams[k].pin->close();
            streams.erase(streams.begin() + static_cast<std::ptrdiff_t>(k));
        }
    }
    void destroyAll() {
        while (!streams.empty()) {
            destroy(0);
        }
    }
    // The registrations the careful miniport must hold right now.
    std::size_t expectedRegistered() { return power().state() == PowerDeviceD0 ? 2u : 0u; }

    WaveRtSystem system;
    SilenceSource silence;
    std::vector<Stream> streams;
};

WavePciSystemConfig pciBalanceConfig(std::uint64_t seed) {
    WavePciSystemConfig c;
    c.kernel.seed = seed;
    c.kernel.interference.enabled = true;
    c.kernel.interference.dpc = {0.05, msToNs(1), msToNs(3)};
    c.kernel.interference.thread = {0.05, msToNs(1), msToNs(3)};
    c.power.idleTimeoutNs = msToNs(4);
    c.power.exitLatency = PcExitLatencyFast;
    c.power.fastExitLatencyMs = 2;
    return c;
}

struct PciStream {
    ComPtr<CPortPinWavePci> pin;
    std::unique_ptr<WavePciClient> client;
};

// The WavePci machine: one render pin at a time (the AC'97 filter's limit),
// low-latency 2 ms packets.
class PciMachine {
  public:
    explicit PciMachine(std::uint64_t seed) : system(pciBalanceConfig(seed)) {
        EXPECT_EQ(system.start(), STATUS_SUCCESS);
    }
    ~PciMachine() { destroyAll(); }

    void runFor(TimeNs ns) { system.scheduler().runUntil(system.scheduler().now() + ns); }
    AdapterPowerManager& power() { return system.portClsDevice().power(); }
    StreamResourceRegistry& registry() { return system.portClsDevice().streamResources(); }

    void create(std::uint16_t id) {
        if (!streams.empty()) {
            return;
        }
        PciStream s;
        bool done = false;
        NTSTATUS status = system.openPin(0, stereo16(), id, &s.pin,
                                         [&](NTSTATUS result, ComPtr<CPortPinWavePci> pin) {
                                             done = true;
                                             status = result;
                                             s.pin = std::move(pin);
                                         });
        if (status == STATUS_PENDING) {
            system.scheduler().runUntil(power().d0ReadyAtNs());
            ASSERT_TRUE(done) << "the held creation completes at D0";
        }
        ASSERT_EQ(status, STATUS_SUCCESS);
        WavePciClientConfig config;
        config.packetMs = 2;
        config.packetsQueued = 4;
        config.streamId = id;
        s.client = std::make_unique<WavePciClient>(system.kernel(), *s.pin, config, &silence);
        streams.push_back(std::move(s));
    }
    void run(std::size_t k) {
        if (k >= streams.size()) {
            return;
        }
        const NTSTATUS status = streams[k].client->start();
        if (status == STATUS_PENDING) {
            system.scheduler().runUntil(power().d0ReadyAtNs());
            EXPECT_EQ(streams[k].pin->state(), KSSTATE_RUN);
        } else {
            EXPECT_EQ(status, STATUS_SUCCESS);
        }
    }
    void stop(std::size_t k) {
        if (k < streams.size()) {
            streams[k].client->stop();
        }
    }
    void destroy(std::size_t k) {
        if (k < streams.size()) {
            streams[k].client->close();
            streams[k].pin->close();
            streams.erase(streams.begin() + static_cast<std::ptrdiff_t>(k));
        }
    }
    void destroyAll() {
        while (!streams.empty()) {
            destroy(0);
        }
    }
    std::size_t expectedRegistered() { return power().state() == PowerDeviceD0 ? 1u : 0u; }

    WavePciSystem system;
    SilenceSource silence;
    std::vector<PciStream> streams;
};

// 1,000 random steps on machines of type M, restarting the device now and
// then; returns the registrations seen.
template <typename M>
void runBalance(const char* stack) {
    Random random(20151111);
    std::uint64_t seed = 1;
    auto machine = std::make_unique<M>(seed);
    std::uint16_t nextId = 1;
    std::uint64_t d3Entries = 0;
    std::uint64_t restarts = 0;
    std::uint64_t addsSeen = 0;
    for (int step = 0; step < 1000; ++step) {
        M& m = *machine;
        const std::size_t k = static_cast<std::size_t>(random.uniformBelow(2));
        switch (random.uniformBelow(7)) {
            case 0:
                m.create(nextId++);
                break;
            case 1:
            case 2:
                m.run(k);
                break;
            case 3:
                m.stop(k);
                break;
            case 4:
                m.destroy(k);
                break;
            case 5:
                // Power down if nothing is active (the idle timeout would),
                // else ask for D0.
                if (m.power().enterD3("test")) {
                    ++d3Entries;
                } else {
                    m.power().requestD0();
                }
                break;
            case 6:
                if (random.uniformBelow(8) == 0) {
                    // Device stop and a fresh start: everything unregistered.
                    m.destroyAll();
                    m.system.removeDevice();
                    ASSERT_EQ(m.registry().registeredCount(), 0u) << "step " << step;
                    ASSERT_EQ(m.registry().addCount(), m.registry().removeCount());
                    m.system.verifier().finish();
                    for (const Violation& v : m.system.verifier().violations()) {
                        ADD_FAILURE() << "step " << step << ": " << verifierRuleInfo(v.rule).id
                                      << ": " << v.message;
                    }
                    ASSERT_EQ(m.system.verifier().total(), 0u) << "step " << step;
                    addsSeen += m.registry().addCount();
                    machine.reset();
                    machine = std::make_unique<M>(++seed);
                    ++restarts;
                }
                break;
        }
        machine->runFor(static_cast<TimeNs>(random.uniformBelow(8'000'000)));
        ASSERT_EQ(machine->registry().registeredCount(), machine->expectedRegistered())
            << "step " << step;
        if (machine->power().state() == PowerDeviceD3) {
            ++d3Entries;
        }
    }
    machine->destroyAll();
    machine->system.removeDevice();
    EXPECT_EQ(machine->registry().registeredCount(), 0u);
    EXPECT_EQ(machine->registry().addCount(), machine->registry().removeCount());
    addsSeen += machine->registry().addCount();
    machine->system.verifier().finish();
    EXPECT_EQ(machine->system.verifier().total(), 0u);
    for (const Violation& v : machine->system.verifier().violations()) {
        ADD_FAILURE() << verifierRuleInfo(v.rule).id << ": " << v.message;
    }
    std::printf("%s, 1000 steps: %llu registrations, %llu restarts, %llu steps ending in D3\n",
                stack, static_cast<unsigned long long>(addsSeen),
                static_cast<unsigned long long>(restarts),
                static_cast<unsigned long long>(d3Entries));
    // The run really exercised power cycles and restarts.
    EXPECT_GT(restarts, 3u);
    EXPECT_GT(d3Entries, 50u);
    EXPECT_GT(addsSeen, 100u);
}

TEST(ResourceBalance, WaveRtThousandRandomCyclesLeaveNothingRegistered) {
    runBalance<RtMachine>("WaveRT");
}

TEST(ResourceBalance, WavePciThousandRandomCyclesLeaveNothingRegistered) {
    runBalance<PciMachine>("WavePci");
}

}  // namespace
}  // namespace ps
