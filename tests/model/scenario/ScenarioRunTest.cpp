// ScenarioRun end to end: a tone on each stack and direction plays or
// captures its duration; several streams of both stacks share one machine.
#include "ScenarioRunFixture.h"

#include "model/verifier/VerifierRules.h"

#include <algorithm>

namespace ps::test {
namespace {

struct ToneCase {
    const char* name;
    StackKind stack;
    StreamDirection direction;
    WaveRtStreamingMode mode;
};

class ScenarioTone : public ::testing::TestWithParam<ToneCase> {};

// Frames of one packet (WavePci) or one notification period / polling
// period (WaveRT): the granularity at which a stream's counts can lag.
std::uint64_t packetFrames(ScenarioRun& run, std::size_t stream, const AudioFormat& format) {
    if (WavePciClient* c = run.wavePciClient(stream)) {
        return c->packetFrames();
    }
    WaveRtClient* c = run.waveRtClient(stream);
    if (c->packetBytes() > 0) {
        return c->packetBytes() / format.bytesPerFrame();
    }
    return static_cast<std::uint64_t>(
        mulDivFloor(c->config().pollingPeriodNs, format.rateHz, kNsPerSecond) + 1);
}

TEST_P(ScenarioTone, RunsItsDurationWithTheExpectedFramesAndNoGlitch) {
    const ToneCase c = GetParam();
    ScenarioSpec spec = oneStream(c.stack, c.direction);
    spec.streams[0].wavert.mode = c.mode;
    ScenarioRun run(spec);
    ASSERT_EQ(run.start(), "");
    const std::uint64_t packet = packetFrames(run, 0, spec.streams[0].format);
    ASSERT_GT(packet, 0u);
    run.runToEnd();
    ASSERT_TRUE(run.finished());
    EXPECT_EQ(run.now(), spec.durationNs);
    const std::vector<StreamReport> reports = run.reports();
    ASSERT_EQ(reports.size(), 1u);
    const StreamReport& r = reports[0];
    EXPECT_EQ(r.name, "stream0");
    EXPECT_EQ(r.stack, c.stack);
    EXPECT_EQ(r.direction, c.direction);
    EXPECT_EQ(r.glitches, 0u);
    EXPECT_EQ(r.underruns, 0u);
    EXPECT_EQ(r.clientErrors, 0u);
    EXPECT_EQ(r.finalState, "KSSTATE_RUN");
    const std::uint64_t second = 48000;
    if (c.direction == StreamDirection::Render) {
        EXPECT_LE(r.framesPlayed, second + 1);
        EXPECT_GE(r.framesPlayed + packet, second) << "packet " << packet;
        EXPECT_EQ(r.underrunFrames, 0u);
        EXPECT_GE(r.framesSubmitted, r.framesPlayed);
    } else {
        EXPECT_LE(r.framesCaptured, second + 1);
        EXPECT_GE(r.framesCaptured + 2 * packet, second) << "packet " << packet;
    }
    EXPECT_FALSE(r.ddiCalls.empty());
    if (c.stack == StackKind::WavePci) {
        EXPECT_GT(r.ddiCalls.count("IPortWavePciStream::GetMapping"), 0u);
    } else {
        EXPECT_GT(r.ddiCalls.count("IMiniportWaveRTStream::SetState"), 0u);
    }
    expectNoViolations(run);
}

INSTANTIATE_TEST_SUITE_P(
    StacksAndDirections, ScenarioTone,
    ::testing::Values(ToneCase{"wavepci_render", StackKind::WavePci, StreamDirection::Render,
                               WaveRtStreamingMode::Event},
                      ToneCase{"wavepci_capture", StackKind::WavePci, StreamDirection::Capture,
                               WaveRtStreamingMode::Event},
                      ToneCase{"wavert_event_render", StackKind::WaveRt, StreamDirection::Render,
                               WaveRtStreamingMode::Event},
                      ToneCase{"wavert_event_capture", StackKind::WaveRt, StreamDirection::Capture,
                               WaveRtStreamingMode::Event},
                      ToneCase{"wavert_polling_render", StackKind::WaveRt, StreamDirection::Render,
                               WaveRtStreamingMode::Polling},
                      ToneCase{"wavert_polling_capture", StackKind::WaveRt,
                               StreamDirection::Capture, WaveRtStreamingMode::Polling}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(ScenarioRun, StreamsOfBothStacksShareOneMachine) {
    ScenarioSpec spec;
    spec.durationNs = msToNs(300);
    const std::pair<StackKind, StreamDirection> layout[] = {
        {StackKind::WavePci, StreamDirection::Render},
        {StackKind::WaveRt, StreamDirection::Render},
        {StackKind::WavePci, StreamDirection::Render},
        {StackKind::WavePci, StreamDirection::Capture},
        {StackKind::WaveRt, StreamDirection::Capture},
        {StackKind::WaveRt, StreamDirection::Render},
        {StackKind::WaveRt, StreamDirection::Render},
    };
    for (const auto& [stack, direction] : layout) {
        spec.streams.push_back(toneStream(stack, direction));
    }
    spec.streams[1].signal.kind = SignalKind::Noise;
    spec.streams[4].signal.kind = SignalKind::Sweep;
    spec.streams[5].format = AudioFormat::pcm(44100, 1, 16);
    spec.streams[6].signal.kind = SignalKind::Silence;
    ScenarioRun run(spec);
    ASSERT_EQ(run.start(), "");
    EXPECT_EQ(run.wavePciAdapterCount(), 2u) << "two wavepci render streams: two AC'97 codecs";
    EXPECT_EQ(run.waveRtAdapterCount(), 1u);
    EXPECT_EQ(run.waveRtAdapter(0).controller().config().outputStreams, 3u);
    EXPECT_EQ(run.waveRtAdapter(0).controller().config().inputStreams, 1u);
    EXPECT_NE(run.wavePciAdapter(0).config().hardware.interruptVector,
              run.wavePciAdapter(1).config().hardware.interruptVector);
    EXPECT_NE(run.wavePciAdapter(0).config().hardware.ioBase,
              run.wavePciAdapter(1).config().hardware.ioBase);
    run.runToEnd();
    const auto reports = run.reports();
    ASSERT_EQ(reports.size(), spec.streams.size());
    for (std::size_t i = 0; i < reports.size(); ++i) {
        const StreamReport& r = reports[i];
        const std::uint64_t expected = spec.streams[i].format.rateHz * 3 / 10;
        const std::uint64_t done =
            r.direction == StreamDirection::Render ? r.framesPlayed : r.framesCaptured;
        EXPECT_GT(done, expected * 8 / 10) << "stream " << i;
        // Frames at both ends of the interval are clocked: one more than its length.
        EXPECT_LE(done, expected + 1) << "stream " << i;
        EXPECT_EQ(r.glitches, 0u) << "stream " << i;
        EXPECT_EQ(r.underruns, 0u) << "stream " << i;
    }
    expectNoViolations(run);
}

TEST(ScenarioRun, SixteenWaveRtRenderStreamsTakeTwoControllers) {
    ScenarioSpec spec;
    spec.durationNs = msToNs(100);
    for (int i = 0; i < 16; ++i) {
        spec.streams.push_back(toneStream(StackKind::WaveRt, StreamDirection::Render));
    }
    ScenarioRun run(spec);
    ASSERT_EQ(run.start(), "");
    ASSERT_EQ(run.waveRtAdapterCount(), 2u);
    EXPECT_EQ(run.waveRtAdapter(0).controller().config().outputStreams, 15u);
    EXPECT_EQ(run.waveRtAdapter(1).controller().config().outputStreams, 1u);
    run.runToEnd();
    for (const StreamReport& r : run.reports()) {
        EXPECT_GT(r.framesPlayed, 4000u);
        EXPECT_EQ(r.glitches, 0u);
    }
    expectNoViolations(run);
}

class CountingTap : public PcmSink {
  public:
    void onFrames(const PcmBlock& b) override { frames += b.underrun ? 0 : b.frameCount; }
    std::uint64_t frames = 0;
};

TEST(ScenarioRun, RenderTapSeesEveryFrameTheDacPlays) {
    for (const StackKind stack : {StackKind::WavePci, StackKind::WaveRt}) {
        ScenarioRun run(oneStream(stack, StreamDirection::Render, msToNs(200)));
        CountingTap tap;
        run.setRenderTap(0, &tap);
        ASSERT_EQ(run.start(), "");
        run.advanceTo(msToNs(100));
        EXPECT_FALSE(run.finished());
        EXPECT_EQ(run.now(), msToNs(100));
        run.advanceTo(secondsToNs(5));  // clamped to the duration
        EXPECT_TRUE(run.finished());
        EXPECT_GT(tap.frames, 0u);
        EXPECT_EQ(tap.frames, run.reports()[0].framesPlayed);
    }
}

// A source that counts the frames the ADC asks it for.
class CountingSource final : public SampleSource {
  public:
    explicit CountingSource(std::int64_t* frames) : m_frames(frames) {}
    void render(std::int64_t, float* out, std::size_t frames, int channels) override {
        std::fill(out, out + frames * static_cast<std::size_t>(channels), 0.25f);
        *m_frames += static_cast<std::int64_t>(frames);
    }

  private:
    std::int64_t* m_frames;
};

TEST(ScenarioRun, CaptureStreamsRecordFromTheCaptureSourceHook) {
    for (const StackKind stack : {StackKind::WavePci, StackKind::WaveRt}) {
        ScenarioSpec spec = oneStream(stack, StreamDirection::Render, msToNs(300));
        spec.streams.push_back(toneStream(stack, StreamDirection::Capture));
        spec.streams[1].format = AudioFormat::pcm(44100, 1, 16);
        std::vector<std::size_t> asked;
        std::int64_t framesRendered = 0;
        ScenarioRunHooks hooks;
        hooks.openCaptureSource = [&](std::size_t stream, const AudioFormat& format) {
            asked.push_back(stream);
            EXPECT_EQ(format, AudioFormat::pcm(44100, 1, 16));
            return std::unique_ptr<SampleSource>(std::make_unique<CountingSource>(&framesRendered));
        };
        ScenarioRun run(spec, hooks);
        ASSERT_EQ(run.start(), "");
        run.runToEnd();
        // Asked once, for the capture stream only; the ADC records from it.
        EXPECT_EQ(asked, std::vector<std::size_t>{1});
        EXPECT_GT(framesRendered, 44100 / 10);
        EXPECT_GT(run.reports()[1].framesCaptured, 0u);
    }
}

TEST(ScenarioRun, ACaptureSourceHookReturningNothingKeepsTheSignal) {
    ScenarioSpec spec = oneStream(StackKind::WaveRt, StreamDirection::Capture, msToNs(200));
    ScenarioRunHooks hooks;
    hooks.openCaptureSource = [](std::size_t, const AudioFormat&) {
        return std::unique_ptr<SampleSource>();
    };
    ScenarioRun run(spec, hooks);
    ASSERT_EQ(run.start(), "");
    run.runToEnd();
    EXPECT_GT(run.reports()[0].framesCaptured, 0u);
}

TEST(ScenarioRun, StreamStartsAndStopsAtItsTimes) {
    ScenarioSpec spec = oneStream(StackKind::WaveRt, StreamDirection::Render);
    spec.streams[0].startNs = msToNs(200);
    spec.streams[0].stopNs = msToNs(700);
    ScenarioRun run(spec);
    ASSERT_EQ(run.start(), "");
    run.runToEnd();
    const StreamReport r = run.reports()[0];
    EXPECT_LE(r.framesPlayed, 24000u + 1);
    EXPECT_GT(r.framesPlayed, 23000u);
    EXPECT_EQ(r.finalState, "KSSTATE_STOP");
    expectNoViolations(run);
}

}  // namespace
}  // namespace ps::test

namespace ps {
namespace {

TEST(ScenarioRunPower, TheSpecsPowerPolicyReachesEveryWaveRtAdapter) {
    ScenarioSpec spec;
    spec.durationNs = msToNs(50);
    StreamSpec s;
    s.stack = StackKind::WaveRt;
    spec.streams.push_back(s);
    spec.power.idleTimeoutNs = msToNs(250);
    spec.power.exitLatency = PcExitLatencyResponsive;
    spec.power.responsiveExitLatencyMs = 200;
    ScenarioRun run(spec);
    ASSERT_EQ(run.start(), "");
    ASSERT_EQ(run.waveRtAdapterCount(), 1u);
    const AdapterPowerConfig& power = run.waveRtAdapter(0).config().power;
    EXPECT_EQ(power.idleTimeoutNs, msToNs(250));
    EXPECT_EQ(power.exitLatency, PcExitLatencyResponsive);
    EXPECT_EQ(power.responsiveExitLatencyMs, 200u);
    run.runToEnd();
    EXPECT_TRUE(run.finished());
}

}  // namespace
}  // namespace ps
