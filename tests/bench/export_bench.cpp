// Cost of the trace exporters: trace records per second of a WaveRT render
// stream (48 kHz stereo 16-bit, 10 ms buffer, event mode) simulated for 10 s,
// with no exporter, with each of the Chrome JSON, CSV and SHA-256 sinks, and
// with all three. Files go to $TMPDIR (or /tmp) and are removed afterwards.
#include "app/export/ChromeTraceWriter.h"
#include "app/export/CsvTraceWriter.h"
#include "app/export/TraceSha256.h"
#include "model/client/WaveRtClient.h"
#include "model/client/WhiteNoiseSource.h"
#include "model/scenario/WaveRtSystem.h"

#include <benchmark/benchmark.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>

namespace {

enum Exporters { kNone = 0, kChrome = 1, kCsv = 2, kSha = 4 };

std::string benchPath(const char* name) {
    const char* dir = std::getenv("TMPDIR");
    return std::string(dir != nullptr && *dir != '\0' ? dir : "/tmp") + "/portscope-bench-" +
           std::to_string(::getpid()) + "-" + name;
}

// Runs the stream for simulatedNs; returns the records emitted.
std::uint64_t runStream(ps::TimeNs simulatedNs, const std::vector<ps::TraceSink*>& sinks) {
    ps::WaveRtSystem system;
    for (ps::TraceSink* sink : sinks) {
        system.tracer().addSink(sink);
    }
    ps::WhiteNoiseSource noise(1, 0.5);
    ps::ComPtr<ps::CPortPinWaveRT> pin;
    system.start();
    system.openPin(0, ps::AudioFormat::pcm(48000, 2, 16), 1, &pin);
    ps::WaveRtClientConfig config;
    config.streamId = 1;
    config.bufferMs = 10;
    auto client = std::make_unique<ps::WaveRtClient>(system.kernel(), *pin, config, &noise);
    client->start();
    system.scheduler().runUntil(simulatedNs);
    client->stop();
    client->close();
    client.reset();
    pin->close();
    pin.reset();
    for (ps::TraceSink* sink : sinks) {
        system.tracer().removeSink(sink);
    }
    return system.tracer().recordCount();
}

void BM_WaveRtStreamExport(benchmark::State& state) {
    const int which = static_cast<int>(state.range(0));
    const std::string jsonPath = benchPath("trace.json");
    const std::string csvPath = benchPath("trace.csv");
    std::uint64_t records = 0;
    std::uint64_t bytes = 0;
    for (auto _ : state) {
        ps::ChromeTraceWriter chrome;
        ps::CsvTraceWriter csv;
        ps::TraceSha256 sha;
        std::vector<ps::TraceSink*> sinks;
        if ((which & kChrome) != 0 && chrome.open(jsonPath)) {
            sinks.push_back(&chrome);
        }
        if ((which & kCsv) != 0 && csv.open(csvPath)) {
            sinks.push_back(&csv);
        }
        if ((which & kSha) != 0) {
            sinks.push_back(&sha);
        }
        records += runStream(ps::secondsToNs(10), sinks);
        if (!chrome.finish() || !csv.finish()) {
            state.SkipWithError("writing the trace failed");
        }
        if ((which & kSha) != 0) {
            benchmark::DoNotOptimize(sha.hex());
        }
    }
    if ((which & kChrome) != 0) {
        std::FILE* f = std::fopen(jsonPath.c_str(), "rb");
        if (f != nullptr) {
            std::fseek(f, 0, SEEK_END);
            bytes += static_cast<std::uint64_t>(std::ftell(f));
            std::fclose(f);
        }
    }
    std::remove(jsonPath.c_str());
    std::remove(csvPath.c_str());
    state.counters["records_per_second"] =
        benchmark::Counter(static_cast<double>(records), benchmark::Counter::kIsRate);
    state.counters["records_per_run"] =
        static_cast<double>(records) / static_cast<double>(state.iterations());
    if (bytes > 0) {
        state.counters["json_bytes_per_record"] =
            static_cast<double>(bytes) /
            (static_cast<double>(records) / static_cast<double>(state.iterations()));
    }
}
BENCHMARK(BM_WaveRtStreamExport)
    ->ArgName("exporters")
    ->Arg(kNone)
    ->Arg(kChrome)
    ->Arg(kCsv)
    ->Arg(kSha)
    ->Arg(kChrome | kCsv | kSha)
    ->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
