// Realtime factor of whole emulated stacks: N independent machines, each with
// one 48 kHz stereo 16-bit render stream playing a 1 kHz tone at amplitude
// 0.5 (the benchmark workload), advanced in
// lockstep 100 ms at a time with tracing to the in-memory ring on (the
// verifier and the trace digest are sinks, as in every system).
// - WaveRT: HD Audio model, event mode, 20 ms buffer with 2 notifications.
// - WavePci: AC'97 model, 10 ms packets, 4 queued.
// Arguments: streams (machines), coalesced bursts (1) or one event per burst
// (0). The counter realtime_x is simulated seconds per wall-clock second for
// every stream together, i.e. how much faster than real time all N run.
#include "model/client/SineSource.h"
#include "model/client/WavePciClient.h"
#include "model/client/WaveRtClient.h"
#include "model/scenario/WavePciSystem.h"
#include "model/scenario/WaveRtSystem.h"

#include <benchmark/benchmark.h>

#include <memory>
#include <vector>

namespace {

using namespace ps;

constexpr TimeNs kSliceNs = 100'000'000;

struct WaveRtRig {
    explicit WaveRtRig(bool coalesce) : system(configFor(coalesce)), tone(1000.0, 0.5, 48000) {
        system.start();
        system.openPin(0, AudioFormat::pcm(48000, 2, 16), 1, &pin);
        WaveRtClientConfig c;
        c.mode = WaveRtStreamingMode::Event;
        c.bufferMs = 20;
        c.notificationCount = 2;
        c.streamId = 1;
        client = std::make_unique<WaveRtClient>(system.kernel(), *pin, c, &tone);
        client->start();
    }
    ~WaveRtRig() {
        client->stop();
        client->close();
        client.reset();
        pin->close();
    }
    static WaveRtSystemConfig configFor(bool coalesce) {
        WaveRtSystemConfig config;
        config.hardware.coalesceBursts = coalesce;
        return config;
    }
    void advance(TimeNs ns) { system.scheduler().runUntil(system.scheduler().now() + ns); }

    WaveRtSystem system;
    SineSource tone;
    ComPtr<CPortPinWaveRT> pin;
    std::unique_ptr<WaveRtClient> client;
};

struct WavePciRig {
    explicit WavePciRig(bool coalesce) : system(configFor(coalesce)), tone(1000.0, 0.5, 48000) {
        system.start();
        system.openPin(0, AudioFormat::pcm(48000, 2, 16), 1, &pin);
        WavePciClientConfig c;
        c.packetMs = 10;
        c.packetsQueued = 4;
        c.streamId = 1;
        client = std::make_unique<WavePciClient>(system.kernel(), *pin, c, &tone);
        client->start();
    }
    ~WavePciRig() {
        client->stop();
        client->close();
        advance(kSliceNs);  // the port completes what is still queued
        client.reset();
        pin->close();
    }
    static WavePciSystemConfig configFor(bool coalesce) {
        WavePciSystemConfig config;
        config.hardware.coalesceBursts = coalesce;
        return config;
    }
    void advance(TimeNs ns) { system.scheduler().runUntil(system.scheduler().now() + ns); }

    WavePciSystem system;
    SineSource tone;
    ComPtr<CPortPinWavePci> pin;
    std::unique_ptr<WavePciClient> client;
};

template <typename Rig>
void runStack(benchmark::State& state) {
    const auto streams = static_cast<std::size_t>(state.range(0));
    const bool coalesce = state.range(1) != 0;
    std::vector<std::unique_ptr<Rig>> rigs;
    for (std::size_t i = 0; i < streams; ++i) {
        rigs.push_back(std::make_unique<Rig>(coalesce));
    }
    double simulatedSeconds = 0.0;
    for (auto _ : state) {
        for (auto& rig : rigs) {
            rig->advance(kSliceNs);
        }
        simulatedSeconds += static_cast<double>(kSliceNs) * 1e-9;
    }
    state.counters["realtime_x"] =
        benchmark::Counter(simulatedSeconds, benchmark::Counter::kIsRate);
    std::uint64_t records = 0;
    for (auto& rig : rigs) {
        records += rig->system.tracer().recordCount();
    }
    state.counters["records_per_sim_s"] =
        static_cast<double>(records) / (simulatedSeconds * static_cast<double>(streams));
}

void BM_WaveRtStreams(benchmark::State& state) {
    runStack<WaveRtRig>(state);
}
void BM_WavePciStreams(benchmark::State& state) {
    runStack<WavePciRig>(state);
}

BENCHMARK(BM_WaveRtStreams)
    ->Args({1, 1})
    ->Args({16, 1})
    ->Args({1, 0})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK(BM_WavePciStreams)
    ->Args({1, 1})
    ->Args({16, 1})
    ->Args({1, 0})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
