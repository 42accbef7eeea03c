#include "app/scenario/BuiltinScenarioFiles.h"
#include "app/scenario/ScenarioLoader.h"
#include "app/scenario/ScenarioWriter.h"
#include "model/scenario/BugSwitchNames.h"

#include <gtest/gtest.h>

namespace ps {
namespace {

void expectSameFormat(const AudioFormat& a, const AudioFormat& b) {
    EXPECT_EQ(a.rateHz, b.rateHz);
    EXPECT_EQ(a.channels, b.channels);
    EXPECT_EQ(a.containerBits, b.containerBits);
    EXPECT_EQ(a.validBits, b.validBits);
    EXPECT_EQ(a.sampleType, b.sampleType);
    EXPECT_EQ(a.extensible, b.extensible);
    EXPECT_EQ(a.channelMask, b.channelMask);
}

void expectSameDelay(const InterferenceDelay& a, const InterferenceDelay& b) {
    EXPECT_EQ(a.probability, b.probability);
    EXPECT_EQ(a.minDelayNs, b.minDelayNs);
    EXPECT_EQ(a.maxDelayNs, b.maxDelayNs);
}

// Every field of ScenarioSpec, one by one.
void expectSameSpec(const ScenarioSpec& a, const ScenarioSpec& b) {
    EXPECT_EQ(a.name, b.name);
    EXPECT_EQ(a.description, b.description);
    EXPECT_EQ(a.seed, b.seed);
    EXPECT_EQ(a.durationNs, b.durationNs);
    EXPECT_EQ(a.osVersion, b.osVersion);
    EXPECT_EQ(a.hardware.fifoBytes, b.hardware.fifoBytes);
    EXPECT_EQ(a.hardware.burstBytes, b.hardware.burstBytes);
    EXPECT_EQ(a.hardware.sampleClockErrorPpm, b.hardware.sampleClockErrorPpm);
    EXPECT_EQ(a.hardware.codecDelayNs, b.hardware.codecDelayNs);
    EXPECT_EQ(a.wavepciMiniport.interruptIntervalMs, b.wavepciMiniport.interruptIntervalMs);
    EXPECT_EQ(a.wavepciMiniport.maxEntries, b.wavepciMiniport.maxEntries);
    EXPECT_EQ(a.wavepciMiniport.preFetchOffsetFrames, b.wavepciMiniport.preFetchOffsetFrames);
    EXPECT_EQ(a.wavertMiniport.bufferSizePolicy, b.wavertMiniport.bufferSizePolicy);
    EXPECT_EQ(a.wavertMiniport.notificationPolicy, b.wavertMiniport.notificationPolicy);
    EXPECT_EQ(a.wavertMiniport.writeOffsetPolicy, b.wavertMiniport.writeOffsetPolicy);
    EXPECT_EQ(a.wavertMiniport.codecDelay100ns, b.wavertMiniport.codecDelay100ns);
    EXPECT_EQ(a.wavertMiniport.offerPositionRegister, b.wavertMiniport.offerPositionRegister);
    EXPECT_EQ(a.wavertMiniport.offerClockRegister, b.wavertMiniport.offerClockRegister);
    for (const BugSwitchInfo& info : bugSwitches()) {
        EXPECT_EQ(bugSwitchEnabled(a, info), bugSwitchEnabled(b, info)) << info.name;
    }
    EXPECT_EQ(a.interference.enabled, b.interference.enabled);
    expectSameDelay(a.interference.dpc, b.interference.dpc);
    expectSameDelay(a.interference.thread, b.interference.thread);
    EXPECT_EQ(a.interference.lowLatencyBelowNs, b.interference.lowLatencyBelowNs);
    ASSERT_EQ(a.streams.size(), b.streams.size());
    for (std::size_t i = 0; i < a.streams.size(); ++i) {
        const StreamSpec& x = a.streams[i];
        const StreamSpec& y = b.streams[i];
        EXPECT_EQ(x.name, y.name);
        EXPECT_EQ(x.stack, y.stack);
        EXPECT_EQ(x.direction, y.direction);
        expectSameFormat(x.format, y.format);
        EXPECT_EQ(x.signal.kind, y.signal.kind);
        EXPECT_EQ(x.signal.frequencyHz, y.signal.frequencyHz);
        EXPECT_EQ(x.signal.amplitude, y.signal.amplitude);
        EXPECT_EQ(x.signal.sweepStartHz, y.signal.sweepStartHz);
        EXPECT_EQ(x.signal.sweepEndHz, y.signal.sweepEndHz);
        EXPECT_EQ(x.signal.sweepDurationNs, y.signal.sweepDurationNs);
        EXPECT_EQ(x.signal.filePath, y.signal.filePath);
        EXPECT_EQ(x.signal.loop, y.signal.loop);
        EXPECT_EQ(x.wavert.mode, y.wavert.mode);
        EXPECT_EQ(x.wavert.bufferMs, y.wavert.bufferMs);
        EXPECT_EQ(x.wavert.notificationCount, y.wavert.notificationCount);
        EXPECT_EQ(x.wavert.pollingPeriodNs, y.wavert.pollingPeriodNs);
        EXPECT_EQ(x.wavert.writeAheadMs, y.wavert.writeAheadMs);
        EXPECT_EQ(x.wavert.useRegisters, y.wavert.useRegisters);
        EXPECT_EQ(x.wavepci.packetMs, y.wavepci.packetMs);
        EXPECT_EQ(x.wavepci.packetsQueued, y.wavepci.packetsQueued);
        EXPECT_EQ(x.startNs, y.startNs);
        EXPECT_EQ(x.stopNs, y.stopNs);
    }
    ASSERT_EQ(a.actions.size(), b.actions.size());
    for (std::size_t i = 0; i < a.actions.size(); ++i) {
        EXPECT_EQ(a.actions[i].atNs, b.actions[i].atNs);
        EXPECT_EQ(a.actions[i].stream, b.actions[i].stream);
        EXPECT_EQ(a.actions[i].kind, b.actions[i].kind);
        expectSameFormat(a.actions[i].format, b.actions[i].format);
    }
    ASSERT_EQ(a.faults.size(), b.faults.size());
    for (std::size_t i = 0; i < a.faults.size(); ++i) {
        EXPECT_EQ(a.faults[i].kind, b.faults[i].kind);
        EXPECT_EQ(a.faults[i].stream, b.faults[i].stream);
        EXPECT_EQ(a.faults[i].fromNs, b.faults[i].fromNs);
        EXPECT_EQ(a.faults[i].untilNs, b.faults[i].untilNs);
        EXPECT_EQ(a.faults[i].delayNs, b.faults[i].delayNs);
        EXPECT_EQ(a.faults[i].count, b.faults[i].count);
    }
}

ScenarioSpec reload(const ScenarioSpec& spec) {
    const ScenarioLoadResult r =
        ScenarioLoader::loadBytes(scenarioToJson(spec), QStringLiteral("written.json"));
    EXPECT_TRUE(r.ok()) << r.errorText().toStdString() << "\n"
                        << scenarioToJson(spec).toStdString();
    return r.spec.value_or(ScenarioSpec{});
}

TEST(ScenarioWriter, EveryBuiltinScenarioSurvivesWriteAndLoad) {
    for (const BuiltinScenarioFile& file : builtinScenarioFiles()) {
        SCOPED_TRACE(file.name.toStdString());
        const ScenarioLoadResult r = ScenarioLoader::loadBuiltin(file.name);
        ASSERT_TRUE(r.ok());
        expectSameSpec(*r.spec, reload(*r.spec));
    }
}

// A spec with no field at its default (and times with fractions of a
// millisecond) comes back identical.
TEST(ScenarioWriter, EveryFieldSurvivesWriteAndLoad) {
    ScenarioSpec spec;
    spec.name = "all";
    spec.description = "every field";
    spec.seed = (1ULL << 53) - 7;
    spec.durationNs = 4'123'456'789;
    spec.osVersion = OsVersion::Windows81;
    spec.hardware = HardwareSpec{200, 32, -75, 12'345};
    spec.wavepciMiniport.interruptIntervalMs = 3;
    spec.wavepciMiniport.maxEntries = 9;
    spec.wavepciMiniport.preFetchOffsetFrames = 100;
    spec.wavertMiniport.bufferSizePolicy = WaveRtBufferSizePolicy::RoundDownToFrames;
    spec.wavertMiniport.notificationPolicy = WaveRtNotificationPolicy::SampleDivisors;
    spec.wavertMiniport.writeOffsetPolicy = WaveRtWriteOffsetPolicy::PlayPlusEightFrames;
    spec.wavertMiniport.codecDelay100ns = 77;
    spec.wavertMiniport.offerPositionRegister = false;
    spec.wavertMiniport.offerClockRegister = false;
    for (const BugSwitchInfo& info : bugSwitches()) {
        setBugSwitch(spec, info, true);
    }
    spec.interference.enabled = true;
    spec.interference.dpc = InterferenceDelay{0.125, 1'500, 2'500};
    spec.interference.thread = InterferenceDelay{0.75, 3'000, 9'000};
    spec.interference.lowLatencyBelowNs = 7'500'000;

    StreamSpec rt;
    rt.name = "rt";
    rt.stack = StackKind::WaveRt;
    rt.direction = StreamDirection::Capture;
    rt.format = AudioFormat::extensiblePcm(88200, 3, 32, 20, 7);
    rt.signal.kind = SignalKind::Sweep;
    rt.signal.sweepStartHz = 33.5;
    rt.signal.sweepEndHz = 4000.25;
    rt.signal.sweepDurationNs = 1'234'567;
    rt.signal.amplitude = 0.625;
    rt.wavert.mode = WaveRtStreamingMode::Event;
    rt.wavert.bufferMs = 33;
    rt.wavert.notificationCount = 6;
    rt.wavert.useRegisters = false;
    rt.startNs = 1'500'001;
    rt.stopNs = 4'000'000'001;
    StreamSpec poll;
    poll.stack = StackKind::WaveRt;
    poll.format = AudioFormat::pcm(32000, 1, 24);
    poll.signal.kind = SignalKind::Tone;
    poll.signal.frequencyHz = 1234.5;
    poll.signal.amplitude = 0.25;
    poll.wavert.mode = WaveRtStreamingMode::Polling;
    poll.wavert.bufferMs = 50;
    poll.wavert.pollingPeriodNs = 2'345'678;
    poll.wavert.writeAheadMs = 17;
    StreamSpec pci;
    pci.name = "pci";
    pci.stack = StackKind::WavePci;
    pci.format = AudioFormat::extensibleFloat(192000, 8);
    pci.signal.kind = SignalKind::Noise;
    pci.signal.amplitude = 0.0625;
    pci.wavepci.packetMs = 13;
    pci.wavepci.packetsQueued = 11;
    spec.streams = {rt, poll, pci};

    ActionSpec change;
    change.atNs = 2'000'000'123;
    change.stream = 2;
    change.kind = ActionKind::ChangeFormat;
    change.format = AudioFormat::pcm(8000, 1, 8);
    ActionSpec cancel;
    cancel.atNs = 3'000'000'000;
    cancel.stream = 2;
    cancel.kind = ActionKind::CancelPackets;
    spec.actions = {change, cancel};

    FaultSpec dpc;
    dpc.kind = FaultKind::DpcDelay;
    dpc.fromNs = 1'000;
    dpc.untilNs = 2'000'000;
    dpc.delayNs = 123'456;
    FaultSpec lost;
    lost.kind = FaultKind::LostInterrupt;
    lost.stream = 1;
    lost.fromNs = 5'000'000;
    lost.count = 42;
    FaultSpec stalled;
    stalled.kind = FaultKind::StalledClient;
    stalled.stream = 2;
    stalled.fromNs = 7'000'000;
    spec.faults = {dpc, lost, stalled};

    expectSameSpec(spec, reload(spec));
}

}  // namespace
}  // namespace ps
