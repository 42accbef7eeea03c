// Coalesced DMA bursts (HdaConfig / Ac97Config::coalesceBursts) change how
// many scheduler events and trace records a run costs, not what a driver, the
// client or the DAC sees: the same run in both modes has the same records
// (apart from the burst records themselves), at the same times with the same
// register values, and the DAC plays the same bytes.
#include "WavePciHarness.h"

#include "model/client/WaveRtClient.h"
#include "model/client/WhiteNoiseSource.h"
#include "model/scenario/WaveRtSystem.h"

#include <cctype>
#include <cstring>
#include <string>
#include <vector>

namespace ps {
namespace {

// Replaces every "Mdl=0x<hex>" with "Mdl=*": MDL fields carry host heap
// addresses, which differ between runs.
void maskMdlAddresses(std::string& s) {
    const std::string key = "Mdl=0x";
    for (std::size_t at = s.find(key); at != std::string::npos; at = s.find(key, at)) {
        std::size_t end = at + key.size();
        while (end < s.size() && std::isxdigit(static_cast<unsigned char>(s[end])) != 0) {
            ++end;
        }
        s.replace(at, end - at, "Mdl=*");
        at += 5;
    }
}

// Every record but the burst records, in canonical form without its index
// (the burst records shift the indices), and the burst totals.
class ObservableLog : public TraceSink {
  public:
    void onTraceRecord(const TraceRecord& r) override {
        if (r.category == TraceCategory::Dma && std::strcmp(r.name, "DMA burst") == 0) {
            ++bursts;
            bytes += r.field("Bytes")->u;
            return;
        }
        if (r.category == TraceCategory::Dma && std::strcmp(r.name, "DMA bursts") == 0) {
            ++summaries;
            bursts += r.field("Bursts")->u;
            bytes += r.field("Bytes")->u;
            return;
        }
        std::string s;
        appendCanonical(r, s);
        maskMdlAddresses(s);
        lines.push_back(s.substr(s.find('|') + 1));
    }
    std::vector<std::string> lines;
    std::uint64_t bursts = 0;
    std::uint64_t bytes = 0;
    std::uint64_t summaries = 0;
};

struct Outcome {
    ObservableLog log;
    std::vector<std::uint8_t> dac;
    std::uint64_t events = 0;
};

void expectSameObservableRun(const Outcome& perBurst, const Outcome& coalesced) {
    EXPECT_EQ(perBurst.log.summaries, 0u);
    EXPECT_GT(coalesced.log.summaries, 0u);
    EXPECT_EQ(coalesced.log.bursts, perBurst.log.bursts);
    EXPECT_EQ(coalesced.log.bytes, perBurst.log.bytes);
    EXPECT_GT(perBurst.dac.size(), 0u);
    EXPECT_TRUE(coalesced.dac == perBurst.dac) << "the DAC output differs";
    ASSERT_EQ(coalesced.log.lines.size(), perBurst.log.lines.size());
    for (std::size_t i = 0; i < perBurst.log.lines.size(); ++i) {
        ASSERT_EQ(coalesced.log.lines[i], perBurst.log.lines[i]) << "record " << i;
    }
    // 30 bursts per 10 ms period become about one event per BDL entry.
    EXPECT_LT(coalesced.events * 3, perBurst.events);
}

Outcome runWaveRt(bool coalesce, WaveRtStreamingMode mode, ULONG notifications,
                  std::uint32_t bufferMs) {
    Outcome out;
    WaveRtSystemConfig config;
    config.hardware.coalesceBursts = coalesce;
    WaveRtSystem system(config);
    system.tracer().addSink(&out.log);
    DacRecorder dac;
    EXPECT_EQ(system.start(), STATUS_SUCCESS);
    ComPtr<CPortPinWaveRT> pin;
    EXPECT_EQ(system.openPin(0, AudioFormat::pcm(48000, 2, 16), 1, &pin), STATUS_SUCCESS);
    const unsigned outputs = system.controller().config().outputStreams;
    for (unsigned k = 0; k < outputs; ++k) {
        system.controller().setSink(system.controller().streamIndexOfOutput(k), &dac);
    }
    WhiteNoiseSource noise(17, 0.5);
    WaveRtClientConfig c;
    c.direction = StreamDirection::Render;
    c.streamId = 1;
    c.mode = mode;
    c.notificationCount = notifications;
    c.bufferMs = bufferMs;
    c.pollingPeriodNs = msToNs(std::max<std::uint32_t>(1, bufferMs / 4));
    c.writeAheadMs = std::max<std::uint32_t>(1, bufferMs / 2);
    {
        WaveRtClient client(system.kernel(), *pin, c, &noise);
        EXPECT_EQ(client.start(), STATUS_SUCCESS);
        system.scheduler().runUntil(msToNs(300));
        system.controller().syncAll();
        EXPECT_EQ(client.counters().underruns, 0u);
        client.stop();
        client.close();
    }
    pin->close();
    out.events = system.scheduler().executedCount();
    for (unsigned k = 0; k < outputs; ++k) {
        system.controller().setSink(system.controller().streamIndexOfOutput(k), nullptr);
    }
    system.tracer().removeSink(&out.log);
    out.dac = dac.bytes;
    return out;
}

TEST(CoalescedBursts, WaveRtEventModeSeesTheSameRun) {
    expectSameObservableRun(runWaveRt(false, WaveRtStreamingMode::Event, 2, 20),
                            runWaveRt(true, WaveRtStreamingMode::Event, 2, 20));
    expectSameObservableRun(runWaveRt(false, WaveRtStreamingMode::Event, 1, 10),
                            runWaveRt(true, WaveRtStreamingMode::Event, 1, 10));
}

TEST(CoalescedBursts, WaveRtPollingModeSeesTheSamePositions) {
    expectSameObservableRun(runWaveRt(false, WaveRtStreamingMode::Polling, 2, 20),
                            runWaveRt(true, WaveRtStreamingMode::Polling, 2, 20));
}

Outcome runWavePci(bool coalesce) {
    Outcome out;
    WavePciSystemConfig config;
    config.hardware.coalesceBursts = coalesce;
    WavePciClientConfig clientConfig;
    clientConfig.packetMs = 10;
    clientConfig.packetsQueued = 4;
    WavePciRenderRun run(AudioFormat::pcm(48000, 2, 16), config, clientConfig);
    run.system.tracer().addSink(&out.log);
    WhiteNoiseSource noise(18, 0.5);
    run.makeClient(&noise);
    EXPECT_EQ(run.client->start(), STATUS_SUCCESS);
    run.runFor(msToNs(300));
    run.shutdown();
    out.events = run.system.scheduler().executedCount();
    run.system.tracer().removeSink(&out.log);
    out.dac = run.dac.bytes;
    return out;
}

TEST(CoalescedBursts, WavePciSeesTheSameRun) {
    expectSameObservableRun(runWavePci(false), runWavePci(true));
}

}  // namespace
}  // namespace ps
