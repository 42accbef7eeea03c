// ScenarioRun fault injection: each fault kind and its visible effect, and
// determinism of whole runs.
#include "ScenarioRunFixture.h"

#include "model/client/SampleSource.h"
#include "model/verifier/VerifierRules.h"

namespace ps::test {
namespace {

ScenarioSpec withFault(StackKind stack, FaultKind kind, TimeNs fromNs,
                       std::optional<TimeNs> untilNs, TimeNs delayNs = 0) {
    ScenarioSpec spec = oneStream(stack, StreamDirection::Render);
    FaultSpec f;
    f.kind = kind;
    if (kind != FaultKind::DpcDelay) {
        f.stream = 0;
    }
    f.fromNs = fromNs;
    f.untilNs = untilNs;
    f.delayNs = delayNs;
    spec.faults.push_back(f);
    return spec;
}

StreamReport runReport(const ScenarioSpec& spec) {
    ScenarioRun run(spec);
    EXPECT_EQ(run.start(), "");
    run.runToEnd();
    return run.reports()[0];
}

TEST(ScenarioFaults, DpcDelayMakesAWaveRtClientGlitch) {
    ScenarioSpec spec =
        withFault(StackKind::WaveRt, FaultKind::DpcDelay, msToNs(300), msToNs(400), msToNs(30));
    spec.streams[0].wavert.bufferMs = 10;
    const StreamReport faulty = runReport(spec);
    EXPECT_GT(faulty.glitches, 0u);
    spec.faults.clear();
    EXPECT_EQ(runReport(spec).glitches, 0u) << "the same stream without the fault";
}

TEST(ScenarioFaults, ALostInterruptLeavesTheLineUnservicedForGood) {
    // The lines are level-sensitive: once an interrupt is lost the ISR never
    // acknowledges it, the line stays asserted and is never dispatched again,
    // so a count of 3 loses exactly one.
    for (const StackKind stack : {StackKind::WavePci, StackKind::WaveRt}) {
        ScenarioSpec spec = withFault(stack, FaultKind::LostInterrupt, msToNs(200), std::nullopt);
        spec.faults[0].count = 3;
        ScenarioRun run(spec);
        ASSERT_EQ(run.start(), "");
        run.runToEnd();
        EXPECT_EQ(run.lostInterrupts(), 1u) << stackKindName(stack);
        const ULONG vector = stack == StackKind::WavePci
                                 ? run.wavePciAdapter(0).config().hardware.interruptVector
                                 : run.waveRtAdapter(0).config().hardware.interruptVector;
        EXPECT_EQ(run.machine().kernel().interruptLine(vector).lostCount(), 1u);
        if (stack == StackKind::WavePci) {
            // No more completions: the client stops refilling and the FIFO runs dry.
            EXPECT_GT(run.reports()[0].underruns, 0u);
        } else {
            // No more notifications: the client's waits time out.
            EXPECT_GT(run.waveRtClient(0)->counters().timeouts, 0u);
        }
    }
}

TEST(ScenarioFaults, ALateWavePciClientStarvesTheDevice) {
    ScenarioSpec spec =
        withFault(StackKind::WavePci, FaultKind::LateClient, msToNs(300), msToNs(600), msToNs(60));
    ScenarioRun run(spec);
    ASSERT_EQ(run.start(), "");
    run.runToEnd();
    const StreamReport r = run.reports()[0];
    EXPECT_GT(r.underruns, 0u) << "the AC'97 FIFO ran dry";
    EXPECT_GT(r.underrunFrames, 0u);
    EXPECT_GT(run.wavePciClient(0)->counters().lateRefills, 0u);
}

TEST(ScenarioFaults, ALateWaveRtClientGlitches) {
    ScenarioSpec spec =
        withFault(StackKind::WaveRt, FaultKind::LateClient, msToNs(300), msToNs(400), msToNs(25));
    const StreamReport r = runReport(spec);
    EXPECT_GT(r.glitches, 0u);
}

TEST(ScenarioFaults, AStalledClientDoesNothingInItsWindow) {
    for (const StackKind stack : {StackKind::WavePci, StackKind::WaveRt}) {
        ScenarioSpec spec = withFault(stack, FaultKind::StalledClient, msToNs(300), msToNs(500));
        ScenarioRun run(spec);
        RecordKeeper keeper(run.machine().tracer(), {TraceCategory::Client});
        ASSERT_EQ(run.start(), "");
        run.runToEnd();
        std::size_t clientActsInWindow = 0;
        for (const TraceRecord& r : keeper.records) {
            // Completions are the pin's doing (the client only records
            // them); the late wakeup or refill record marks the stall itself.
            const bool passive = std::strcmp(r.name, "packet completed") == 0 ||
                                 std::strcmp(r.name, "late refill") == 0 ||
                                 std::strcmp(r.name, "late wakeup") == 0;
            clientActsInWindow += std::strcmp(r.source, "client") == 0 && r.streamId == 0 &&
                                  !passive && r.timeNs > msToNs(300) && r.timeNs < msToNs(500);
        }
        EXPECT_EQ(clientActsInWindow, 0u) << stackKindName(stack);
        const StreamReport rep = run.reports()[0];
        if (stack == StackKind::WavePci) {
            EXPECT_GT(rep.underruns, 0u);
        } else {
            EXPECT_GT(rep.glitches, 0u);
        }
    }
}

TEST(ScenarioFaults, DescriptorErrorFaultsTheNextFetch) {
    for (const StackKind stack : {StackKind::WavePci, StackKind::WaveRt}) {
        ScenarioSpec spec = withFault(stack, FaultKind::DescriptorError, msToNs(300), std::nullopt);
        ScenarioRun run(spec);
        RecordKeeper keeper(run.machine().tracer(), {TraceCategory::Dma});
        ASSERT_EQ(run.start(), "");
        run.runToEnd();
        ASSERT_EQ(keeper.count("descriptor fetch fault", 0), 1u) << stackKindName(stack);
        const TraceRecord* r = keeper.find("descriptor fetch fault", 0);
        EXPECT_GE(r->timeNs, msToNs(300));
        EXPECT_LT(r->timeNs, msToNs(330));
        ASSERT_NE(r->field("Injected"), nullptr);
        // The DMA stops: the DAC plays far less than the second.
        EXPECT_LT(run.reports()[0].framesPlayed, 48000u * 4 / 10);
    }
}

TEST(ScenarioDeterminism, SameSeedSameDigestOtherSeedOtherDigest) {
    ScenarioSpec spec = oneStream(StackKind::WaveRt, StreamDirection::Render, msToNs(300));
    spec.streams.push_back(toneStream(StackKind::WavePci, StreamDirection::Render));
    spec.streams[0].signal.kind = SignalKind::Noise;
    spec.streams[1].signal.kind = SignalKind::Noise;
    spec.faults.push_back(
        FaultSpec{FaultKind::LateClient, 0, msToNs(100), msToNs(200), msToNs(25), 1});
    const auto digestOf = [](const ScenarioSpec& s) {
        ScenarioRun run(s);
        EXPECT_EQ(run.start(), "");
        run.runToEnd();
        return std::make_pair(run.machine().digest().hex(), run.machine().digest().recordCount());
    };
    const auto first = digestOf(spec);
    EXPECT_GT(first.second, 1000u);
    EXPECT_EQ(digestOf(spec), first);
    spec.seed = 2;
    EXPECT_NE(digestOf(spec).first, first.first) << "noise seeded from the scenario seed";
    spec.seed = 1;
    spec.streams[0].signal.kind = SignalKind::Tone;
    spec.streams[1].signal.kind = SignalKind::Tone;
    const auto tone = digestOf(spec);
    spec.seed = 2;
    EXPECT_EQ(digestOf(spec), tone) << "nothing else depends on the seed";
}

TEST(ScenarioCheck, RefusesImpossibleSpecs) {
    const auto rt = [] { return oneStream(StackKind::WaveRt, StreamDirection::Render); };
    ScenarioSpec spec = rt();
    EXPECT_EQ(ScenarioRun::check(spec), "");

    spec.streams[0].format.channels = 0;
    EXPECT_EQ(ScenarioRun::check(spec).rfind("streams[0].format.channels: must be 1..8", 0), 0u)
        << ScenarioRun::check(spec);

    spec = rt();
    spec.streams.push_back(toneStream(StackKind::WavePci, StreamDirection::Render));
    spec.streams[1].format.rateHz = 7000;
    EXPECT_EQ(ScenarioRun::check(spec).rfind("streams[1].format.rateHz:", 0), 0u)
        << ScenarioRun::check(spec);

    spec = rt();
    spec.streams[0].wavert.notificationCount = 3;
    EXPECT_EQ(ScenarioRun::check(spec).rfind("streams[0].wavert.notificationCount:", 0), 0u)
        << ScenarioRun::check(spec);
    spec.wavertMiniport.notificationPolicy = WaveRtNotificationPolicy::SampleDivisors;
    EXPECT_EQ(ScenarioRun::check(spec), "") << "the sysvad policy accepts 3";

    spec = rt();
    spec.actions.push_back(ActionSpec{msToNs(10), 1, ActionKind::Pause, {}});
    EXPECT_EQ(ScenarioRun::check(spec).rfind("actions[0].stream: no stream 1", 0), 0u)
        << ScenarioRun::check(spec);

    spec = rt();
    spec.streams[0].startNs = msToNs(500);
    spec.streams[0].stopNs = msToNs(400);
    EXPECT_EQ(ScenarioRun::check(spec).rfind("streams[0].stopNs:", 0), 0u)
        << ScenarioRun::check(spec);

    spec = rt();
    spec.actions.push_back(ActionSpec{msToNs(10), 0, ActionKind::CancelPackets, {}});
    EXPECT_EQ(ScenarioRun::check(spec).rfind("actions[0].kind:", 0), 0u);

    spec = rt();
    spec.faults.push_back(FaultSpec{FaultKind::LostInterrupt, std::nullopt, 0, std::nullopt, 0, 1});
    EXPECT_EQ(ScenarioRun::check(spec).rfind("faults[0].stream:", 0), 0u);

    // start() refuses with the same message and runs nothing.
    spec = rt();
    spec.streams[0].format.channels = 0;
    ScenarioRun run(spec);
    EXPECT_EQ(run.start(), ScenarioRun::check(spec));
    run.runToEnd();
    EXPECT_FALSE(run.finished());
    EXPECT_EQ(run.machine().scheduler().now(), 0);
}

TEST(ScenarioCheck, AFileSignalNeedsTheHook) {
    ScenarioSpec spec = oneStream(StackKind::WavePci, StreamDirection::Render, msToNs(100));
    spec.streams[0].signal.kind = SignalKind::File;
    spec.streams[0].signal.filePath = "/no/such/file.wav";
    {
        ScenarioRun run(spec);
        const std::string error = run.start();
        EXPECT_EQ(error.rfind("streams[0].signal:", 0), 0u) << error;
        run.runToEnd();
        EXPECT_FALSE(run.finished());
    }
    {
        ScenarioRunHooks hooks;
        hooks.openFileSource = [](const SignalSpec& s, const AudioFormat&, std::string* error) {
            *error = s.filePath + ": not an audio file";
            return std::unique_ptr<SampleSource>();
        };
        ScenarioRun run(spec, hooks);
        EXPECT_EQ(run.start(), "streams[0].signal.filePath: /no/such/file.wav: not an audio file");
    }
    {
        ScenarioRunHooks hooks;
        std::string opened;
        hooks.openFileSource = [&opened](const SignalSpec& s, const AudioFormat&, std::string*) {
            opened = s.filePath;
            return std::unique_ptr<SampleSource>(std::make_unique<SilenceSource>());
        };
        ScenarioRun run(spec, hooks);
        ASSERT_EQ(run.start(), "");
        EXPECT_EQ(opened, "/no/such/file.wav");
        run.runToEnd();
        EXPECT_GT(run.reports()[0].framesPlayed, 3000u);
    }
}

}  // namespace
}  // namespace ps::test
