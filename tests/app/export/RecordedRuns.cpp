#include "RecordedRuns.h"

#include "app/export/ProgressReporter.h"
#include "model/client/WavePciClient.h"
#include "model/client/WaveRtClient.h"
#include "model/client/WhiteNoiseSource.h"
#include "model/scenario/WavePciSystem.h"
#include "model/scenario/WaveRtSystem.h"

#include <gtest/gtest.h>

#include <unistd.h>

#include <fstream>
#include <memory>
#include <sstream>

namespace ps {
namespace {

void runTo(Scheduler& scheduler, TimeNs untilNs, const RunOptions& options) {
    if (options.progress != nullptr) {
        runWithProgress(scheduler, untilNs, *options.progress, msToNs(7));
    } else {
        scheduler.runUntil(untilNs);
    }
}

}  // namespace

std::uint64_t runWaveRtRender(const std::vector<TraceSink*>& sinks, PcmSink* dac,
                              const RunOptions& options) {
    WaveRtSystem system;
    for (TraceSink* sink : sinks) {
        system.tracer().addSink(sink);
    }
    WhiteNoiseSource noise(options.noiseSeed, 0.6);
    ComPtr<CPortPinWaveRT> pin;
    EXPECT_EQ(system.start(), STATUS_SUCCESS);
    EXPECT_EQ(system.openPin(0, options.format, 1, &pin), STATUS_SUCCESS);
    const unsigned dacIndex = system.controller().streamIndexOfOutput(0);
    system.controller().setSink(dacIndex, dac);
    WaveRtClientConfig config;
    config.direction = StreamDirection::Render;
    config.streamId = 1;
    config.bufferMs = options.bufferMs;
    config.notificationCount = 2;
    const std::uint64_t late = options.lateWakeup;
    config.extraDelayNs = [late](std::uint64_t wakeup) {
        return late != 0 && wakeup == late ? msToNs(15) : TimeNs{0};
    };
    auto client = std::make_unique<WaveRtClient>(system.kernel(), *pin, config, &noise);
    EXPECT_EQ(client->start(), STATUS_SUCCESS);
    runTo(system.scheduler(), options.durationNs, options);
    system.controller().syncAll();
    client->stop();
    client->close();
    system.scheduler().runUntil(system.scheduler().now() + msToNs(20));
    client.reset();
    pin->close();
    pin.reset();
    system.controller().setSink(dacIndex, nullptr);
    system.verifier().finish();
    for (TraceSink* sink : sinks) {
        system.tracer().removeSink(sink);
    }
    return system.tracer().recordCount();
}

std::uint64_t runWavePciRender(const std::vector<TraceSink*>& sinks, PcmSink* dac,
                               const RunOptions& options) {
    WavePciSystem system;
    for (TraceSink* sink : sinks) {
        system.tracer().addSink(sink);
    }
    WhiteNoiseSource noise(options.noiseSeed, 0.8);
    ComPtr<CPortPinWavePci> pin;
    EXPECT_EQ(system.start(), STATUS_SUCCESS);
    EXPECT_EQ(system.openPin(0, options.format, 1, &pin), STATUS_SUCCESS);
    system.controller().setSink(ac97::Engine::PcmOut, dac);
    WavePciClientConfig config;
    config.direction = StreamDirection::Render;
    config.streamId = 1;
    config.packetMs = options.bufferMs;
    auto client = std::make_unique<WavePciClient>(system.kernel(), *pin, config, &noise);
    EXPECT_EQ(client->start(), STATUS_SUCCESS);
    runTo(system.scheduler(), options.durationNs, options);
    system.controller().syncAll();
    client->close();
    system.scheduler().runUntil(system.scheduler().now() + msToNs(50));
    client.reset();
    pin->close();
    pin.reset();
    system.controller().setSink(ac97::Engine::PcmOut, nullptr);
    system.verifier().finish();
    for (TraceSink* sink : sinks) {
        system.tracer().removeSink(sink);
    }
    return system.tracer().recordCount();
}

std::string tempPath(const std::string& name) {
    const char* dir = std::getenv("TMPDIR");
    return std::string(dir != nullptr && *dir != '\0' ? dir : "/tmp") + "/portscope-export-" +
           std::to_string(::getpid()) + "-" + name;
}

std::string readFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

}  // namespace ps
