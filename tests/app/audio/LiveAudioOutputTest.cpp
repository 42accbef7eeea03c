#include "app/audio/LiveAudioOutput.h"

#include "app/audio/AudioClockPacer.h"

#include "app/scenario/ScenarioLoader.h"
#include "model/scenario/ScenarioRun.h"
#include "tests/e2e/ToneAnalysis.h"

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

namespace ps {
namespace {

ScenarioSpec builtin(const char* name, TimeNs durationNs) {
    ScenarioLoadResult loaded = ScenarioLoader::loadBuiltin(QString::fromLatin1(name));
    EXPECT_TRUE(loaded.ok());
    ScenarioSpec spec = *loaded.spec;
    spec.durationNs = durationNs;
    return spec;
}

// Plays the run through `live` the way portscope-sim --play does, until the
// steady-clock consumer has drained everything.
void play(ScenarioRun& run, LiveAudioOutput& live) {
    run.advanceTo(live.targetSimTimeNs());
    live.produce(run.now());
    live.start();
    while (!live.drained()) {
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
        live.pump();
        if (!run.finished()) {
            run.advanceTo(live.targetSimTimeNs());
            live.produce(run.now());
            if (run.finished()) {
                live.produceEnd();
            }
        }
    }
    live.stop();
}

TEST(LiveAudioOutputTest, WithoutADeviceTheSteadyClockConsumesEveryFrame) {
    LiveAudioOptions options;
    options.useDevice = false;
    LiveAudioOutput live(options);
    EXPECT_FALSE(live.open());
    EXPECT_FALSE(live.usingDevice());
    EXPECT_EQ(live.fallbackReason(), QStringLiteral("no audio device requested"));
    EXPECT_EQ(live.formatText(), QStringLiteral("48000 Hz, 2 ch, 16-bit signed"));

    ScenarioRun run(builtin("wavepci-render", 300'000'000));
    live.attach(run);
    ASSERT_EQ(run.start(), "");
    play(run, live);

    EXPECT_TRUE(run.finished());
    // Everything mixed went through the ring; nothing was dropped or late.
    EXPECT_EQ(live.framesConsumed(), live.mixer().framesMixed());
    EXPECT_GE(live.framesConsumed(), 48000 * 3 / 10);
    EXPECT_EQ(live.droppedFrames(), 0);
    EXPECT_EQ(live.mixer().lateFrames(), 0);
    EXPECT_EQ(live.shortfallFrames(), 0);
}

// A steady clock that found the ring empty waits for the frames: it does
// not bank the idle time (after a device was lost, a run that paused or
// ended) and then swallow what is produced next at once.
TEST(LiveAudioOutputTest, AnIdleSteadyClockTakesLaterFramesInRealTime) {
    LiveAudioOptions options;
    options.useDevice = false;
    LiveAudioOutput live(options);
    live.open();
    ScenarioRun run(builtin("wavepci-render", 2'000'000'000));
    live.attach(run);
    ASSERT_EQ(run.start(), "");
    live.start();
    live.setFeeding(false);
    for (int i = 0; i < 100; ++i) {  // at least 200 ms with nothing to take
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
        live.pump();
    }
    EXPECT_EQ(live.framesConsumed(), 0);
    live.setFeeding(true);
    run.advanceTo(500'000'000);
    live.produce(run.now());
    const std::int64_t queued = live.mixer().framesMixed();
    ASSERT_GT(queued, 48000 / 4);
    const auto before = std::chrono::steady_clock::now();
    live.pump();
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    live.pump();
    const auto elapsedNs = std::chrono::duration_cast<std::chrono::nanoseconds>(
                               std::chrono::steady_clock::now() - before)
                               .count();
    // No more than the time since the last idle pump, at 48 kHz.
    EXPECT_GT(live.framesConsumed(), 0);
    EXPECT_LE(live.framesConsumed(), (elapsedNs + 3'000'000) * 48 / 1'000'000);
    EXPECT_LT(live.framesConsumed(), queued);
}

TEST(LiveAudioOutputTest, PacingKeepsTheRunJustAheadOfTheConsumer) {
    LiveAudioOptions options;
    options.useDevice = false;
    options.ringTargetNs = 50'000'000;
    LiveAudioOutput live(options);
    live.open();
    // Nothing consumed yet: the run may go as far as the ring target plus
    // the mixer's latency.
    EXPECT_EQ(live.targetSimTimeNs(), 50'000'000 + live.mixer().mixLatencyNs());
}

TEST(LiveAudioOutputTest, TheAudioClockPacerFollowsTheConsumedFrames) {
    LiveAudioOptions options;
    options.useDevice = false;
    LiveAudioOutput live(options);
    live.open();
    AudioClockPacer pacer(live);
    pacer.restart(5'000'000'000, 2.0);  // no effect: the device clock is absolute
    EXPECT_EQ(pacer.target(), live.targetSimTimeNs());
    ScenarioRun run(builtin("wavepci-render", 200'000'000));
    live.attach(run);
    ASSERT_EQ(run.start(), "");
    play(run, live);
    EXPECT_EQ(pacer.target(), live.targetSimTimeNs());
    EXPECT_GT(pacer.target(), 200'000'000);
}

TEST(LiveAudioOutputTest, MuteByRunStreamIndexSilencesThatStream) {
    LiveAudioOptions options;
    options.useDevice = false;
    LiveAudioOutput live(options);
    live.open();
    ScenarioRun run(builtin("wavepci-render", 200'000'000));
    live.attach(run);
    live.setMuted(0, true);
    EXPECT_TRUE(live.mixer().muted(0));
    live.setMuted(7, true);  // no such stream: ignored
    live.setSolo(0, true);
    EXPECT_TRUE(live.mixer().solo(0));
    EXPECT_FALSE(live.mixer().audible(0));
}

}  // namespace
}  // namespace ps
