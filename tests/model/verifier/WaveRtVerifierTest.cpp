// Each WaveRT verifier rule, triggered by the bug it exists to catch, and a
// correct run that triggers none.
#include "../scenario/WavePciHarness.h"

#include "model/client/SineSource.h"
#include "model/client/WaveRtClient.h"
#include "model/scenario/WaveRtSystem.h"

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

struct RtRun {
    explicit RtRun(WaveRtMiniportOptions miniport = {}, WaveRtPortOptions port = {})
        : system([&] {
              WaveRtSystemConfig c;
              c.miniport = miniport;
              c.port = port;
              return c;
          }()),
          tone(440.0, 0.5, 48000) {
        EXPECT_EQ(system.start(), STATUS_SUCCESS);
        EXPECT_EQ(system.openPin(0, stereo16(), 1, &pin), STATUS_SUCCESS);
    }
    void makeClient(WaveRtClientConfig config = {}) {
        config.streamId = 1;
        client = std::make_unique<WaveRtClient>(system.kernel(), *pin, config, &tone);
    }
    void runFor(TimeNs ns) { system.scheduler().runUntil(system.scheduler().now() + ns); }
    std::size_t count(VerifierRule rule) { return system.verifier().count(rule); }

    WaveRtSystem system;
    SineSource tone;
    ComPtr<CPortPinWaveRT> pin;
    std::unique_ptr<WaveRtClient> client;
};

TEST(WaveRtVerifier, CorrectRunTriggersNoRule) {
    RtRun r;
    r.makeClient();
    ASSERT_EQ(r.client->start(), STATUS_SUCCESS);
    r.runFor(msToNs(200));
    ASSERT_EQ(r.client->pause(), STATUS_SUCCESS);
    r.runFor(msToNs(30));
    ASSERT_EQ(r.client->resume(), STATUS_SUCCESS);
    r.runFor(msToNs(100));
    EXPECT_NE(r.pin->setDataFormat(stereo16()), STATUS_SUCCESS) << "refused while running";
    r.client->close();
    r.pin->close();
    r.system.verifier().finish();
    EXPECT_EQ(r.system.verifier().total(), 0u);
    for (const Violation& v : r.system.verifier().violations()) {
        ADD_FAILURE() << verifierRuleInfo(v.rule).id << ": " << v.message;
    }
}

TEST(WaveRtVerifier, StopAndRestartResetsThePositionRegisterLegitimately) {
    RtRun r;
    r.makeClient();
    ASSERT_EQ(r.client->start(), STATUS_SUCCESS);
    r.runFor(msToNs(37));
    ASSERT_EQ(r.client->stop(), STATUS_SUCCESS);
    ASSERT_EQ(r.client->start(), STATUS_SUCCESS);  // STOP put LPIB back to 0
    r.runFor(msToNs(20));
    r.client->close();
    EXPECT_EQ(r.count(VerifierRule::PositionRegisterMovedWhileStopped), 0u);
}

TEST(WaveRtVerifier, SetFormatAcceptedWhileRunning) {
    WaveRtMiniportOptions bugs;
    bugs.acceptSetFormatWhileRunning = true;
    RtRun r(bugs);
    r.makeClient();
    r.client->start();
    r.runFor(msToNs(50));
    EXPECT_EQ(r.pin->setDataFormat(stereo16()), STATUS_SUCCESS);
    EXPECT_EQ(r.count(VerifierRule::SetFormatWhileRunning), 1u);
    r.client->close();
}

TEST(WaveRtVerifier, PositionRegisterAdvancingWhilePaused) {
    WaveRtMiniportOptions bugs;
    bugs.dmaRunsInPause = true;
    RtRun r(bugs);
    r.makeClient();
    r.client->start();
    r.runFor(msToNs(50));
    r.client->pause();
    r.runFor(msToNs(7));
    r.client->resume();
    r.runFor(msToNs(20));
    EXPECT_EQ(r.count(VerifierRule::PositionRegisterMovedWhileStopped), 1u);
    r.client->close();
}

TEST(WaveRtVerifier, GetPositionOutsideTheBuffer) {
    WaveRtMiniportOptions bugs;
    bugs.positionOutsideBuffer = true;
    RtRun r(bugs);
    WaveRtClientConfig config;
    config.useRegisters = false;  // the client asks GetPosition
    config.mode = WaveRtStreamingMode::Polling;
    r.makeClient(config);
    r.client->start();
    r.runFor(msToNs(100));
    EXPECT_GE(r.count(VerifierRule::PositionOutsideBuffer), 1u);
    r.client->close();
}

TEST(WaveRtVerifier, NotificationCountOtherThanOneOrTwoIsAWarning) {
    WaveRtMiniportOptions bugs;
    bugs.acceptNotificationCountAny = true;
    RtRun r(bugs);
    KSRTAUDIO_BUFFER buffer{};
    ASSERT_EQ(r.pin->getBufferWithNotification(4800 * 3, 3, &buffer), STATUS_SUCCESS);
    EXPECT_EQ(r.count(VerifierRule::NotificationCountUnusual), 1u);
    EXPECT_TRUE(verifierRuleInfo(VerifierRule::NotificationCountUnusual).warning);
    r.pin->close();
}

TEST(WaveRtVerifier, EventRegisteredTwiceAndNeverUnregistered) {
    RtRun r;
    KSRTAUDIO_BUFFER buffer{};
    ASSERT_EQ(r.pin->getBufferWithNotification(3840, 2, &buffer), STATUS_SUCCESS);
    KEVENT event;
    r.system.kernel().KeInitializeEvent(&event, SynchronizationEvent, FALSE);
    ASSERT_EQ(r.pin->registerNotificationEvent(&event), STATUS_SUCCESS);
    r.pin->registerNotificationEvent(&event);
    EXPECT_EQ(r.count(VerifierRule::EventRegisteredTwice), 1u);
    r.pin->close();  // the client never unregistered it
    EXPECT_EQ(r.count(VerifierRule::EventNeverUnregistered), 1u);
}

TEST(WaveRtVerifier, BufferFreedWhileRunning) {
    WaveRtPortOptions port;
    port.closeWithoutStop = true;
    RtRun r({}, port);
    KSRTAUDIO_BUFFER buffer{};
    ASSERT_EQ(r.pin->getBuffer(3840, &buffer), STATUS_SUCCESS);
    ASSERT_EQ(r.pin->setState(KSSTATE_RUN), STATUS_SUCCESS);
    r.runFor(msToNs(10));
    r.pin->close();
    EXPECT_EQ(r.count(VerifierRule::BufferFreedWhileRunning), 1u);
}

TEST(WaveRtVerifier, BufferNeverFreed) {
    RtRun r;
    KSRTAUDIO_BUFFER buffer{};
    ASSERT_EQ(r.pin->getBuffer(3840, &buffer), STATUS_SUCCESS);
    r.system.verifier().finish();  // the run ends with the pin still open
    EXPECT_EQ(r.count(VerifierRule::BufferNeverFreed), 1u);
    r.pin->close();
}

TEST(WaveRtVerifier, StateSkippedByARawJump) {
    WaveRtPortOptions port;
    port.rawStateJumps = true;
    RtRun r({}, port);
    KSRTAUDIO_BUFFER buffer{};
    ASSERT_EQ(r.pin->getBuffer(3840, &buffer), STATUS_SUCCESS);
    r.pin->setState(KSSTATE_RUN);
    r.runFor(msToNs(5));
    r.pin->setState(KSSTATE_STOP);
    EXPECT_EQ(r.count(VerifierRule::StateSkipped), 2u);
    r.pin->close();
}

}  // namespace
}  // namespace ps
