// Each verifier rule for the WavePci stack, triggered by the bug it exists to
// catch, and a correct run that triggers none.
#include "../scenario/WavePciHarness.h"

#include "model/client/SineSource.h"

namespace ps {
namespace {

AudioFormat stereo16() {
    AudioFormat f;
    f.rateHz = 48000;
    f.channels = 2;
    f.containerBits = 16;
    f.validBits = 16;
    return f;
}

// Plays a tone for playMs, optionally pokes the pin while running, then stops
// and closes. Returns the verifier's counts through the run object.
struct BuggyRun {
    explicit BuggyRun(const WavePciMiniportOptions& bugs, WavePciPortOptions port = {})
        : run(stereo16(),
              [&] {
                  WavePciSystemConfig c;
                  c.miniport = bugs;
                  c.port = port;
                  return c;
              }()),
          tone(440.0, 0.5, 48000) {
        run.makeClient(&tone);
    }
    void play(TimeNs ns) {
        EXPECT_EQ(run.client->start(), STATUS_SUCCESS);
        run.runFor(ns);
    }
    void stop() {
        run.client->stop();
        run.runFor(msToNs(20));
    }
    std::size_t count(VerifierRule rule) { return run.system.verifier().count(rule); }
    std::size_t total() { return run.system.verifier().total(); }

    WavePciRenderRun run;
    SineSource tone;
};

TEST(WavePciVerifier, CorrectRunTriggersNoRule) {
    BuggyRun b({});
    b.play(msToNs(300));
    KSAUDIO_POSITION p{};
    for (int i = 0; i < 20; ++i) {
        ASSERT_EQ(b.run.pin->getPosition(&p), STATUS_SUCCESS);
        b.run.runFor(msToNs(7));
    }
    EXPECT_NE(b.run.pin->setDataFormat(stereo16()), STATUS_SUCCESS)
        << "the careful miniport refuses SetFormat while running";
    b.stop();
    EXPECT_EQ(b.total(), 0u);
    for (const Violation& v : b.run.system.verifier().violations()) {
        ADD_FAILURE() << verifierRuleInfo(v.rule).id << ": " << v.message;
    }
}

TEST(WavePciVerifier, ReleaseOfUnknownTag) {
    WavePciMiniportOptions bugs;
    bugs.releaseUnknownTag = true;
    BuggyRun b(bugs);
    b.play(msToNs(100));
    b.stop();
    EXPECT_EQ(b.count(VerifierRule::ReleaseUnknownTag), 1u);
}

TEST(WavePciVerifier, ReleaseOfAlreadyReleasedTag) {
    WavePciMiniportOptions bugs;
    bugs.doubleRelease = true;
    BuggyRun b(bugs);
    b.play(msToNs(100));
    b.stop();
    EXPECT_EQ(b.count(VerifierRule::ReleaseEndedTag), 1u);
}

TEST(WavePciVerifier, ReleaseOutOfOrder) {
    WavePciMiniportOptions bugs;
    bugs.releaseOutOfOrder = true;
    BuggyRun b(bugs);
    b.play(msToNs(200));
    b.stop();
    EXPECT_GE(b.count(VerifierRule::ReleaseOutOfOrder), 1u);
}

TEST(WavePciVerifier, PortCallWhileHoldingSpinLock) {
    WavePciMiniportOptions bugs;
    bugs.holdSpinLockAcrossGetMapping = true;
    BuggyRun b(bugs);
    b.play(msToNs(100));
    b.stop();
    EXPECT_GE(b.count(VerifierRule::PortCallHoldingSpinLock), 1u);
}

TEST(WavePciVerifier, SetFormatAcceptedWhileRunning) {
    WavePciMiniportOptions bugs;
    bugs.acceptSetFormatWhileRunning = true;
    BuggyRun b(bugs);
    b.play(msToNs(50));
    EXPECT_EQ(b.run.pin->setDataFormat(stereo16()), STATUS_SUCCESS);
    b.stop();
    EXPECT_EQ(b.count(VerifierRule::SetFormatWhileRunning), 1u);
}

TEST(WavePciVerifier, PositionGoingBackwardsWhileRunning) {
    WavePciMiniportOptions bugs;
    bugs.positionGoesBackwards = true;
    BuggyRun b(bugs);
    b.play(msToNs(50));
    KSAUDIO_POSITION p{};
    for (int i = 0; i < 10; ++i) {
        b.run.pin->getPosition(&p);
        b.run.runFor(msToNs(5));
    }
    b.stop();
    EXPECT_EQ(b.count(VerifierRule::PositionBackwards), 1u);
}

TEST(WavePciVerifier, GetMappingAtDirql) {
    WavePciMiniportOptions bugs;
    bugs.getMappingFromIsr = true;
    BuggyRun b(bugs);
    b.play(msToNs(100));
    b.stop();
    EXPECT_GE(b.count(VerifierRule::WrongIrql), 1u);
}

TEST(WavePciVerifier, StateSkippedByARawJump) {
    WavePciPortOptions port;
    port.rawStateJumps = true;
    BuggyRun b({}, port);
    b.play(msToNs(50));
    b.stop();
    EXPECT_EQ(b.count(VerifierRule::StateSkipped), 2u) << "STOP->RUN and RUN->STOP";
}

TEST(WavePciVerifier, MappingsHeldAfterStopWhenTheMiniportForgetsThem) {
    WavePciMiniportOptions bugs;
    bugs.forgetReleaseMapping = true;
    BuggyRun b(bugs);
    b.play(msToNs(100));
    b.stop();
    EXPECT_GE(b.count(VerifierRule::MappingsHeldAfterStop), 1u);
}

TEST(WavePciVerifier, EveryRuleHasAnIdNameAndDescription) {
    for (std::size_t i = 0; i < kVerifierRuleCount; ++i) {
        const auto& info = verifierRuleInfo(static_cast<VerifierRule>(i));
        EXPECT_EQ(static_cast<std::size_t>(info.rule), i);
        EXPECT_GT(std::strlen(info.id), 3u);
        EXPECT_GT(std::strlen(info.name), 3u);
        EXPECT_GT(std::strlen(info.description), 20u);
    }
}

}  // namespace
}  // namespace ps
