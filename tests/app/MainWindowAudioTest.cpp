// The main window playing live runs through SessionAudio with no sound
// server (the output falls back to its steady clock): the status bar says
// what paces the run and the latency, simulated time advances, the cyclic
// buffer shows the audible position; --no-audio opens nothing; the output
// device chosen in Preferences is saved and swapped while the run goes on;
// the status bar names the input capture streams record from (a device, or
// the scenario source without one, with --no-audio or with none chosen).
#include "app/gui/MainWindow.h"
#include "app/gui/PreferencesDialog.h"
#include "app/gui/SessionAudio.h"
#include "app/session/SessionController.h"
#include "widgets/CyclicBufferCanvas.h"
#include "widgets/CyclicBufferView.h"
#include "widgets/SessionStatusView.h"

#include <QComboBox>
#include <QSettings>
#include <QStandardPaths>
#include <QtTest>

#include <cmath>
#include <vector>

namespace ps {

namespace {
constexpr int kWaitMs = 60000;  // generous: the machine is shared
const QString kTone = QStringLiteral(PORTSCOPE_SOURCE_DIR "/tests/e2e/data/wavert-tone-44100.json");

QString audioText(const MainWindow& window) {
    return window.statusView()->fieldText(SessionStatusView::Field::Audio);
}

QString inputText(const MainWindow& window) {
    return window.statusView()->fieldText(SessionStatusView::Field::Input);
}

// Runs live until the run has advanced by at least deltaNs of simulated time.
void runLiveFor(SessionController& controller, MainWindow& window, TimeNs deltaNs) {
    controller.waitIdle();
    const TimeNs from = controller.latest()->simTimeNs;
    controller.runLive();
    QTRY_VERIFY_WITH_TIMEOUT(controller.latest()->simTimeNs >= from + deltaNs, kWaitMs);
    window.refreshNow();
}
}  // namespace

class MainWindowAudioTest : public QObject {
    Q_OBJECT
  private slots:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);  // a scratch QSettings
        QCoreApplication::setOrganizationName(QStringLiteral("PortScopeTest"));
        QCoreApplication::setApplicationName(QStringLiteral("MainWindowAudioTest"));
        QSettings().clear();
    }

    void withoutASoundServerTheTimerPacesAndTheStatusSaysSo() {
        SessionAudio audio;
        audio.open(QString());
        audio.openInput(QString());
        SessionControllerConfig config;
        config.audio = &audio;
        audio.installCaptureHooks(config);
        SessionController controller(config);
        MainWindow window(controller);
        window.setInteractive(false);
        window.setAudio(&audio);
        QCOMPARE(window.openScenario(kTone), QString());
        runLiveFor(controller, window, msToNs(500));

        QVERIFY(audio.output() != nullptr);
        QVERIFY(!audio.output()->usingDevice());
        const QString text = audioText(window);
        QVERIFY2(text.startsWith(QStringLiteral("audio: none (timer) — ")), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral(" · latency DAC→speaker: ")), qPrintable(text));
        // No input device either: capture streams keep their signals.
        QVERIFY(!audio.input().usingDevice());
        const QString input = inputText(window);
        QVERIFY2(input.startsWith(QStringLiteral("input: scenario source — ")), qPrintable(input));
        QVERIFY(window.shownSnapshot()->simTimeNs >= msToNs(500));
        // The audio output's clock paces the run: it consumed what was played.
        QVERIFY(audio.output()->framesConsumed() > 0);
        // The cyclic buffer shows where the audible frame is.
        QTRY_VERIFY_WITH_TIMEOUT(window.cyclicBufferView()->canvas()->audibleOffsetBytes() >= 0,
                                 kWaitMs);

        controller.pause();
        controller.waitIdle();
        window.refreshNow();
        QVERIFY(!audioText(window).contains(QStringLiteral("latency")));
        QCOMPARE(window.cyclicBufferView()->canvas()->audibleOffsetBytes(), std::int64_t{-1});
    }

    void noAudioOpensNothingAndTheWallClockPaces() {
        SessionAudio audio;
        audio.forceOff(QStringLiteral("--no-audio"));
        SessionControllerConfig config;
        config.audio = &audio;
        SessionController controller(config);
        MainWindow window(controller);
        window.setInteractive(false);
        window.setAudio(&audio);
        QCOMPARE(window.openScenario(kTone), QString());
        runLiveFor(controller, window, msToNs(500));
        QVERIFY(audio.output() == nullptr);
        QCOMPARE(audioText(window), QStringLiteral("audio: none (timer) — --no-audio"));
        QCOMPARE(inputText(window), QStringLiteral("input: scenario source — --no-audio"));
        QVERIFY(window.shownSnapshot()->simTimeNs >= msToNs(500));
        // A device chosen later does not override --no-audio.
        window.chooseOutputDevice(QString());
        QVERIFY(audio.output() == nullptr);
        window.chooseInputDevice(QString());
        QVERIFY(!audio.input().usingDevice());
        QCOMPARE(inputText(window), QStringLiteral("input: scenario source — --no-audio"));
        QSettings().remove(PreferencesDialog::kInputDeviceKey);
    }

    void theStatusBarNamesTheInputAndCaptureStreamsRecordFromIt() {
        SessionAudio withInput;  // no output opened: this test is about the input
        withInput.input().openTestDevice(48000, 2, QStringLiteral("test input"));
        SessionControllerConfig config;
        withInput.installCaptureHooks(config);
        SessionController controller(config);
        MainWindow window(controller);
        window.setInteractive(false);
        window.setAudio(&withInput);
        QCOMPARE(window.openScenario(QStringLiteral("wavert-event-capture")), QString());
        controller.waitIdle();
        window.refreshNow();
        QCOMPARE(inputText(window), QStringLiteral("input: test input"));
        QCOMPARE(withInput.input().tapeCount(), std::size_t{1});
        // Input none in Preferences: saved; the next scenario records its
        // signal.
        window.chooseInputDevice(SessionAudio::kNoDevice);
        QCOMPARE(PreferencesDialog::savedInputDevice(), SessionAudio::kNoDevice);
        // The open scenario records its tape on, silent now.
        QCOMPARE(inputText(window),
                 QStringLiteral("input: none (silence) — input off in Preferences"));
        QCOMPARE(window.openScenario(QStringLiteral("wavert-event-capture")), QString());
        controller.waitIdle();
        QCOMPARE(withInput.input().tapeCount(), std::size_t{0});
        window.refreshNow();
        QCOMPARE(inputText(window),
                 QStringLiteral("input: scenario source — input off in Preferences"));
        QSettings().remove(PreferencesDialog::kInputDeviceKey);
    }

    void choosingAnotherOutputKeepsTheSessionGoing() {
        SessionAudio audio;
        audio.open(QString());
        SessionControllerConfig config;
        config.audio = &audio;
        SessionController controller(config);
        MainWindow window(controller);
        window.setInteractive(false);
        window.setAudio(&audio);
        QCOMPARE(window.openScenario(kTone), QString());
        runLiveFor(controller, window, msToNs(200));

        window.chooseOutputDevice(SessionAudio::kNoDevice);
        QCOMPARE(PreferencesDialog::savedOutputDevice(), SessionAudio::kNoDevice);
        QVERIFY(audio.output() == nullptr);
        window.refreshNow();
        QCOMPARE(audioText(window),
                 QStringLiteral("audio: none (timer) — audio off in Preferences"));
        const TimeNs before = controller.latest()->simTimeNs;
        QTRY_VERIFY_WITH_TIMEOUT(controller.latest()->simTimeNs >= before + msToNs(200), kWaitMs);
        QCOMPARE(controller.latest()->runState, SessionRunState::Live);

        window.chooseOutputDevice(QString());
        QVERIFY(audio.output() != nullptr);
        const std::int64_t consumed = audio.output()->framesConsumed();
        QTRY_VERIFY_WITH_TIMEOUT(audio.output()->framesConsumed() > consumed + 4800, kWaitMs);
        QCOMPARE(controller.latest()->runState, SessionRunState::Live);
        QCOMPARE(controller.latest()->scenarioName, std::string("wavert-tone-44100.json"));
        QVERIFY(controller.latest()->simTimeNs > before + msToNs(200));
        QSettings().remove(PreferencesDialog::kOutputDeviceKey);
    }

    void aReplayPastAFullTapeIsSaidInTheStatusBar() {
        SessionAudio audio(nullptr, msToNs(50));  // 4800 frames of a 96 kHz stream
        audio.input().openTestDevice(48000, 1, QStringLiteral("test input"));
        SessionControllerConfig config;
        audio.installCaptureHooks(config);
        SessionController controller(config);
        MainWindow window(controller);
        window.setInteractive(false);
        window.setAudio(&audio);
        QCOMPARE(window.openScenario(QStringLiteral("wavert-event-capture")), QString());
        controller.waitIdle();
        // Half a second of input (more than the 300 ms priming), 200 ms run.
        std::vector<float> tone(24000);
        for (std::size_t i = 0; i < tone.size(); ++i) {
            tone[i] = 0.5f * static_cast<float>(std::sin(2 * 3.14159265358979 * 440 *
                                                         static_cast<double>(i) / 48000));
        }
        audio.input().deliver(tone.data(), tone.size());
        audio.input().deliver(tone.data(), tone.size());
        controller.advanceBy(msToNs(200));
        controller.waitIdle();
        window.refreshNow();
        QCOMPARE(inputText(window), QStringLiteral("input: test input"));
        QCOMPARE(audio.input().inexactFrames(), std::int64_t{0});
        // Step back: the replay reads past the tape's 4800 frames.
        controller.stepBack(StepUnit::Event);
        controller.waitIdle();
        window.refreshNow();
        QVERIFY(audio.input().inexactFrames() > 0);
        QCOMPARE(inputText(window),
                 QStringLiteral("input: test input — replay not exact past the 0.05 s tape"));
    }

    void preferencesOfferDefaultNoneAndTheDevices() {
        PreferencesDialog dialog(SessionAudio::kNoDevice);
        QComboBox* box = dialog.outputDeviceBox();
        QVERIFY(box->count() >= 2);
        QCOMPARE(box->itemText(0), QStringLiteral("Default"));
        QCOMPARE(box->itemData(0).toString(), QString());
        QCOMPARE(box->itemText(1), QStringLiteral("None (timer)"));
        QCOMPARE(dialog.outputDevice(), SessionAudio::kNoDevice);
        PreferencesDialog gone(QStringLiteral("no-such-device"));
        QCOMPARE(gone.outputDevice(), QStringLiteral("no-such-device"));
        QVERIFY(gone.outputDeviceBox()->currentText().contains(QStringLiteral("not available")));

        PreferencesDialog input(QString(), SessionAudio::kNoDevice);
        QComboBox* inputs = input.inputDeviceBox();
        QVERIFY(inputs->count() >= 2);
        QCOMPARE(inputs->itemText(0), QStringLiteral("Default"));
        QCOMPARE(inputs->itemText(1), QStringLiteral("None (scenario source)"));
        QCOMPARE(input.inputDevice(), SessionAudio::kNoDevice);
        QCOMPARE(input.outputDevice(), QString());
    }
};

}  // namespace ps

QTEST_MAIN(ps::MainWindowAudioTest)
#include "MainWindowAudioTest.moc"
