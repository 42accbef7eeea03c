// A session that jumps: the ring's discard, a mixer timeline that starts
// part-way through a run, and LiveAudioOutput's restartTimeline / detach /
// feeding and audible time (what the GUI shows), with the steady-clock
// consumer so nothing depends on a sound server.
#include "app/audio/LiveAudioOutput.h"
#include "app/audio/RenderMixer.h"
#include "app/audio/SpscRing.h"

#include "app/scenario/ScenarioLoader.h"
#include "model/scenario/ScenarioRun.h"

#include <gtest/gtest.h>

#include <chrono>
#include <thread>
#include <vector>

namespace ps {
namespace {

ScenarioSpec builtin(const char* name, TimeNs durationNs) {
    ScenarioLoadResult loaded = ScenarioLoader::loadBuiltin(QString::fromLatin1(name));
    EXPECT_TRUE(loaded.ok());
    ScenarioSpec spec = *loaded.spec;
    spec.durationNs = durationNs;
    return spec;
}

TEST(SpscRingDiscardTest, DiscardedFramesCountAsPoppedAndAreNeverRead) {
    SpscRing<float> ring(64, 1);
    std::vector<float> in(40);
    for (std::size_t i = 0; i < in.size(); ++i) {
        in[i] = static_cast<float>(i);
    }
    ASSERT_EQ(ring.push(in.data(), 30), 30u);
    std::vector<float> out(64);
    ASSERT_EQ(ring.pop(out.data(), 10), 10u);
    ring.discardQueued();
    EXPECT_EQ(ring.framesPopped(), 30u);
    EXPECT_EQ(ring.availableFrames(), 0u);
    EXPECT_EQ(ring.pop(out.data(), 10), 0u);
    // What comes after the discard is read normally, in order.
    ASSERT_EQ(ring.push(in.data() + 30, 10), 10u);
    ASSERT_EQ(ring.pop(out.data(), 64), 10u);
    EXPECT_EQ(out[0], 30.0f);
    EXPECT_EQ(out[9], 39.0f);
    EXPECT_EQ(ring.framesPopped(), 40u);
}

TEST(RenderMixerStartTest, ATimelineStartedLaterMixesFromThatFrameOn) {
    RenderMixer mixer(48000, 2);
    mixer.startAt(1'500'000'000);
    EXPECT_EQ(mixer.framesMixed(), 72000);
    std::vector<float> out;
    // Up to 1.6 s less the mix latency: 60 ms of frames, not 1.56 s.
    EXPECT_EQ(mixer.mixUpTo(1'600'000'000, &out), 2880u);
    EXPECT_EQ(mixer.framesMixed(), 74880);
}

class TimelineTest : public ::testing::Test {
  protected:
    TimelineTest() {
        options.useDevice = false;
        options.ringTargetNs = 60'000'000;
    }
    LiveAudioOptions options;
};

// The latency the GUI shows (the run's time less the audible time) equals
// what is configured to be queued after the DAC: the mixer's hold-back and
// the ring (and no device buffer without a device).
TEST_F(TimelineTest, LatencyFromDacToSpeakerIsTheMixerHoldBackPlusTheRing) {
    LiveAudioOutput live(options);
    live.open();
    ScenarioRun run(builtin("wavepci-render", 1'000'000'000));
    ASSERT_EQ(run.start(), "");
    live.restartTimeline(run, run.now());
    const TimeNs target = live.targetSimTimeNs();
    EXPECT_EQ(target, options.ringTargetNs + RenderMixer::kDefaultMixLatencyNs);
    run.advanceTo(target);
    live.produce(run.now());
    EXPECT_EQ(live.framesConsumed(), 0);
    EXPECT_EQ(live.audibleSimTimeNs(), 0);
    EXPECT_EQ(run.now() - live.audibleSimTimeNs(),
              options.ringTargetNs + RenderMixer::kDefaultMixLatencyNs);
    EXPECT_EQ(live.latencyNs(), options.ringTargetNs);
}

// A jump (a seek, steps, fast-forward) detaches the output and drops what
// was queued; restarting at the new time maps the next frame pushed there,
// and the old audio is never consumed.
TEST_F(TimelineTest, RestartingAfterAJumpDropsTheOldAudioAndMapsTheNewTime) {
    LiveAudioOutput live(options);
    live.open();
    ScenarioRun run(builtin("wavepci-render", 2'000'000'000));
    ASSERT_EQ(run.start(), "");
    live.restartTimeline(run, 0);
    run.advanceTo(live.targetSimTimeNs());
    live.produce(run.now());
    const std::int64_t queued = 2880;  // 60 ms at 48 kHz
    EXPECT_EQ(live.latencyNs(), options.ringTargetNs);

    live.detach(run);
    EXPECT_FALSE(live.feeding());
    EXPECT_EQ(live.framesConsumed(), queued);  // the queue counts as consumed
    EXPECT_EQ(live.latencyNs(), 0);
    run.advanceTo(700'000'000);  // silently: no taps on the run
    live.restartTimeline(run, run.now());
    EXPECT_TRUE(live.feeding());
    EXPECT_EQ(live.audibleSimTimeNs(), 700'000'000);
    EXPECT_EQ(live.targetSimTimeNs(),
              700'000'000 + options.ringTargetNs + RenderMixer::kDefaultMixLatencyNs);
    run.advanceTo(live.targetSimTimeNs());
    live.produce(run.now());
    EXPECT_EQ(live.latencyNs(), options.ringTargetNs);
    EXPECT_EQ(live.droppedFrames(), 0);
}

// A paused run drains the ring and the consumer stops there; resuming
// continues the same timeline (no restart, nothing dropped).
TEST_F(TimelineTest, APauseDrainsAndResumingContinuesTheTimeline) {
    LiveAudioOutput live(options);
    live.open();
    ScenarioRun run(builtin("wavepci-render", 2'000'000'000));
    ASSERT_EQ(run.start(), "");
    live.restartTimeline(run, 0);
    run.advanceTo(live.targetSimTimeNs());
    live.produce(run.now());
    live.start();
    live.setFeeding(false);
    while (!live.drained()) {
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
        live.pump();
    }
    // Everything mixed was consumed: the audible time is the end of the
    // mixed audio, the run's time less the mixer's hold-back.
    EXPECT_EQ(live.audibleSimTimeNs(), run.now() - RenderMixer::kDefaultMixLatencyNs);
    live.setFeeding(true);
    EXPECT_FALSE(live.drained());
    EXPECT_EQ(live.targetSimTimeNs(), run.now() + options.ringTargetNs);
    live.stop();
    EXPECT_EQ(live.shortfallFrames(), 0);
}

}  // namespace
}  // namespace ps
