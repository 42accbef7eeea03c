// ScenarioRun timed actions: pause, run, stop, restart, cancel packets and
// change format, each with its visible effect.
#include "ScenarioRunFixture.h"

#include "model/verifier/VerifierRules.h"

namespace ps::test {
namespace {

// The WaveRT miniport's STOP resets the descriptor (LPIB back to 0), which
// the verifier's position-register rule currently reports as a change while
// not running; every other rule must stay quiet.
void expectNoViolationsBesidesStopReset(ScenarioRun& run, StackKind stack) {
    for (const Violation& v : run.machine().verifier().violations()) {
        const std::string id = verifierRuleInfo(v.rule).id;
        if (stack == StackKind::WaveRt && id == "wavert.position-register-not-running" &&
            v.message.find("to 0 ") != std::string::npos) {
            continue;
        }
        ADD_FAILURE() << id << ": " << v.message;
    }
}

ScenarioSpec withAction(StackKind stack, TimeNs atNs, ActionKind kind) {
    ScenarioSpec spec = oneStream(stack, StreamDirection::Render);
    ActionSpec a;
    a.atNs = atNs;
    a.kind = kind;
    spec.actions.push_back(a);
    return spec;
}

const TraceRecord* actionRecord(const RecordKeeper& keeper, ActionKind kind) {
    const TraceRecord* r = keeper.find(actionKindName(kind), 0);
    EXPECT_NE(r, nullptr) << actionKindName(kind);
    return r;
}

class ScenarioActions : public ::testing::TestWithParam<StackKind> {};

TEST_P(ScenarioActions, PauseThenRunLosesThePausedTime) {
    ScenarioSpec spec = withAction(GetParam(), msToNs(300), ActionKind::Pause);
    ActionSpec run;
    run.atNs = msToNs(500);
    run.kind = ActionKind::Run;
    spec.actions.push_back(run);
    ScenarioRun r(spec);
    RecordKeeper keeper(r.machine().tracer(), {TraceCategory::Client});
    ASSERT_EQ(r.start(), "");
    r.advanceTo(msToNs(400));
    EXPECT_EQ(r.reports()[0].finalState, "KSSTATE_PAUSE");
    r.runToEnd();
    const StreamReport rep = r.reports()[0];
    // Two RUN segments, each clocking the frames at both of its ends.
    EXPECT_LE(rep.framesPlayed, 48000u * 8 / 10 + 2);
    EXPECT_GT(rep.framesPlayed, 48000u * 8 / 10 - 1500);
    EXPECT_EQ(rep.glitches, 0u);
    EXPECT_EQ(actionRecord(keeper, ActionKind::Pause)->status, STATUS_SUCCESS);
    EXPECT_EQ(actionRecord(keeper, ActionKind::Run)->status, STATUS_SUCCESS);
    expectNoViolations(r);
}

TEST_P(ScenarioActions, StopThenRunContinues) {
    ScenarioSpec spec = withAction(GetParam(), msToNs(300), ActionKind::Stop);
    ActionSpec run;
    run.atNs = msToNs(500);
    run.kind = ActionKind::Run;
    spec.actions.push_back(run);
    ScenarioRun r(spec);
    RecordKeeper keeper(r.machine().tracer(), {TraceCategory::Client});
    ASSERT_EQ(r.start(), "");
    r.advanceTo(msToNs(400));
    EXPECT_EQ(r.reports()[0].finalState, "KSSTATE_STOP");
    r.runToEnd();
    const StreamReport rep = r.reports()[0];
    // Two RUN segments, each clocking the frames at both of its ends.
    EXPECT_LE(rep.framesPlayed, 48000u * 8 / 10 + 2);
    EXPECT_GT(rep.framesPlayed, 48000u * 8 / 10 - 1500);
    EXPECT_EQ(rep.finalState, "KSSTATE_RUN");
    EXPECT_EQ(actionRecord(keeper, ActionKind::Stop)->status, STATUS_SUCCESS);
    expectNoViolationsBesidesStopReset(r, GetParam());
}

TEST_P(ScenarioActions, RestartStopsAndRunsAgainAtOnce) {
    ScenarioRun r(withAction(GetParam(), msToNs(500), ActionKind::Restart));
    RecordKeeper keeper(r.machine().tracer(), {TraceCategory::Client, TraceCategory::State});
    ASSERT_EQ(r.start(), "");
    r.runToEnd();
    const StreamReport rep = r.reports()[0];
    EXPECT_EQ(actionRecord(keeper, ActionKind::Restart)->status, STATUS_SUCCESS);
    EXPECT_EQ(rep.finalState, "KSSTATE_RUN");
    // Two runs of the client: a second RUN segment after the restart.
    if (GetParam() == StackKind::WavePci) {
        EXPECT_EQ(r.wavePciClient(0)->runIndex(), 2u);
    } else {
        EXPECT_EQ(r.waveRtClient(0)->runIndex(), 2u);
    }
    EXPECT_GT(rep.framesPlayed, 48000u - 3000);
    expectNoViolationsBesidesStopReset(r, GetParam());
}

INSTANTIATE_TEST_SUITE_P(Stacks, ScenarioActions,
                         ::testing::Values(StackKind::WavePci, StackKind::WaveRt),
                         [](const auto& info) { return std::string(stackKindName(info.param)); });

TEST(ScenarioActions, CancelPacketsLosesTheQueuedFrames) {
    ScenarioRun r(withAction(StackKind::WavePci, msToNs(500), ActionKind::CancelPackets));
    ASSERT_EQ(r.start(), "");
    r.runToEnd();
    const WavePciClientCounters& c = r.wavePciClient(0)->counters();
    EXPECT_GT(c.packetsCancelled, 0u);
    EXPECT_GT(c.framesLost, 0u);
    const StreamReport rep = r.reports()[0];
    EXPECT_EQ(rep.ddiCalls.count("IMiniportWavePciStream::RevokeMappings"), 1u);
    expectNoViolations(r);
}

// WaveRT goes the engine's way instead (WaveRtChangeFormatTest.cpp).
TEST(ScenarioActions, ChangeFormatWhileRunningIsRefusedByTheCarefulMiniport) {
    for (const StackKind stack : {StackKind::WavePci}) {
        ScenarioSpec spec = withAction(stack, msToNs(300), ActionKind::ChangeFormat);
        spec.actions[0].format = AudioFormat::pcm(44100, 2, 16);
        ScenarioRun r(spec);
        RecordKeeper keeper(r.machine().tracer(), {TraceCategory::Client});
        ASSERT_EQ(r.start(), "");
        r.runToEnd();
        const TraceRecord* rec = actionRecord(keeper, ActionKind::ChangeFormat);
        ASSERT_NE(rec, nullptr);
        EXPECT_FALSE(NT_SUCCESS(rec->status)) << stackKindName(stack);
        EXPECT_EQ(r.reports()[0].format.rateHz, 48000u);
        EXPECT_EQ(r.reports()[0].glitches, 0u);
    }
}

TEST(ScenarioActions, ChangeFormatWhileStoppedTakesEffectOnTheNextRun) {
    ScenarioSpec spec = withAction(StackKind::WavePci, msToNs(300), ActionKind::Stop);
    ActionSpec change;
    change.atNs = msToNs(400);
    change.kind = ActionKind::ChangeFormat;
    change.format = AudioFormat::pcm(44100, 2, 16);
    ActionSpec run;
    run.atNs = msToNs(500);
    run.kind = ActionKind::Run;
    spec.actions = {spec.actions[0], change, run};
    ScenarioRun r(spec);
    RecordKeeper keeper(r.machine().tracer(), {TraceCategory::Client});
    ASSERT_EQ(r.start(), "");
    r.runToEnd();
    EXPECT_EQ(actionRecord(keeper, ActionKind::ChangeFormat)->status, STATUS_SUCCESS);
    EXPECT_EQ(r.reports()[0].format.rateHz, 44100u);
    EXPECT_EQ(r.wavePciClient(0)->format().rateHz, 44100u);
    // 0.3 s at 48 kHz, then 0.5 s at 44.1 kHz.
    EXPECT_GT(r.reports()[0].framesPlayed, 14400u + 22050u - 2000u);
    expectNoViolations(r);
}

// Records, per block the DAC plays, its stamped format and its left-channel
// 16-bit samples.
class StampRecorder : public PcmSink {
  public:
    struct Stretch {
        AudioFormat format;
        std::vector<double> left;
    };
    void onFrames(const PcmBlock& block) override {
        ASSERT_NE(block.format, nullptr);
        if (stretches.empty() || stretches.back().format != *block.format) {
            stretches.push_back({*block.format, {}});
        }
        if (block.underrun) {
            return;
        }
        for (std::size_t i = 0; i < block.frameCount; ++i) {
            const std::uint8_t* p = block.bytes + i * block.bytesPerFrame;
            stretches.back().left.push_back(static_cast<std::int16_t>(p[0] | p[1] << 8) / 32768.0);
        }
    }
    std::vector<Stretch> stretches;
};

// Upward zero crossings per second of `x` played at rateHz.
double crossingRateHz(const std::vector<double>& x, double rateHz) {
    std::size_t first = 0;
    std::size_t last = 0;
    std::size_t crossings = 0;
    for (std::size_t i = 1; i < x.size(); ++i) {
        if (x[i - 1] < 0 && x[i] >= 0) {
            if (crossings == 0) {
                first = i;
            }
            last = i;
            ++crossings;
        }
    }
    return crossings < 2
               ? 0.0
               : static_cast<double>(crossings - 1) * rateHz / static_cast<double>(last - first);
}

TEST(ScenarioActions, ChangeFormatStampsTheDacBlocksAndTheToneKeepsItsPitch) {
    ScenarioSpec spec = withAction(StackKind::WavePci, msToNs(300), ActionKind::Stop);
    ActionSpec change;
    change.atNs = msToNs(400);
    change.kind = ActionKind::ChangeFormat;
    change.format = AudioFormat::pcm(44100, 2, 16);
    ActionSpec run;
    run.atNs = msToNs(500);
    run.kind = ActionKind::Run;
    spec.actions = {spec.actions[0], change, run};
    ScenarioRun r(spec);
    StampRecorder recorder;
    r.setRenderTap(0, &recorder);
    ASSERT_EQ(r.start(), "");
    r.runToEnd();
    ASSERT_EQ(recorder.stretches.size(), 2u);
    EXPECT_EQ(recorder.stretches[0].format, AudioFormat::pcm(48000, 2, 16));
    EXPECT_EQ(recorder.stretches[1].format, AudioFormat::pcm(44100, 2, 16));
    // The signal is reopened at 44.1 kHz: 1 kHz both times (it was 918.75 Hz
    // after the change when the 48 kHz signal went on).
    EXPECT_NEAR(crossingRateHz(recorder.stretches[0].left, 48000), 1000.0, 1.0);
    EXPECT_NEAR(crossingRateHz(recorder.stretches[1].left, 44100), 1000.0, 1.0);
    expectNoViolations(r);
}

}  // namespace
}  // namespace ps::test
