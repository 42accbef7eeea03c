// portscope: the GUI inspector.
//
//   portscope [SCENARIO] [--run-for SECONDS] [--screenshot FILE.png] [--no-audio]
//             [--input-tape-seconds SECONDS]
//   portscope --bench-frames N [SCENARIO]
//
// SCENARIO is a scenario file or a built-in name (default: the built-in
// default). The window plays live runs on the audio output chosen in
// Preferences (default: the default device), whose clock paces them;
// --no-audio opens no device and the timer paces. Capture streams record
// from the audio input chosen in Preferences (default: the default input
// device) onto a tape per stream, so stepping back replays what was
// recorded; --input-tape-seconds caps each tape (default 600 s);
// --no-audio opens no input either (capture streams record their scenario
// signals). --run-for plays the
// scenario live, in real time and with audio, for that much simulated time
// (or to its end), lets the audio play out, prints what it played on
// stderr and exits; with --screenshot it advances the session by that much
// at once instead (no audio), renders the window at 1600x1000 to FILE.png
// and exits. --bench-frames runs the scenario live
// (default: eight-streams, lengthened to outlast the N frames), renders N
// frames of the default layout at 1600x1000 and prints one JSON line with
// the frame times. Both run on the
// offscreen platform unless QT_QPA_PLATFORM says otherwise, and ignore the
// saved layout.
#include "app/BuiltinScenarios.h"
#include "app/gui/FrameBench.h"
#include "app/gui/MainWindow.h"
#include "app/gui/PreferencesDialog.h"
#include "app/gui/SessionAudio.h"
#include "app/scenario/AudioFileSource.h"
#include "app/session/SessionController.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QPixmap>
#include <QSettings>
#include <QTemporaryDir>
#include <QTextStream>
#include <QTimer>

#include <algorithm>
#include <cstring>

namespace {

int fail(const QString& message) {
    QTextStream(stderr) << "portscope: " << message << '\n';
    return 2;
}

bool hasOption(int argc, char** argv, const char* name) {
    for (int i = 1; i < argc; ++i) {
        if (std::strncmp(argv[i], name, std::strlen(name)) == 0) {
            return true;
        }
    }
    return false;
}

constexpr int kCaptureWidth = 1600;
constexpr int kCaptureHeight = 1000;

// --run-for without --screenshot: plays live until the run reaches runForNs
// (or its end), waits for the audio to play out, reports on stderr, quits.
void playLiveFor(ps::SessionController& controller, ps::SessionAudio& audio, ps::TimeNs runForNs) {
    struct State {
        bool paused = false;
        ps::TimeNs latencySumNs = 0;
        ps::TimeNs latencyMaxNs = 0;
        long samples = 0;
        ps::TimeNs simNs = 0;
        QElapsedTimer wall;  // from the start of the live play to the drain
    };
    auto state = std::make_shared<State>();
    auto* poll = new QTimer(qApp);
    poll->setInterval(10);
    QObject::connect(poll, &QTimer::timeout, qApp, [&controller, &audio, runForNs, state, poll] {
        const auto snap = controller.latest();
        if (!state->paused) {
            if (snap->runState == ps::SessionRunState::Live && audio.feeding()) {
                const ps::TimeNs lag =
                    std::max<ps::TimeNs>(0, snap->simTimeNs - audio.audibleSimTimeNs());
                state->latencySumNs += lag;
                state->latencyMaxNs = std::max(state->latencyMaxNs, lag);
                ++state->samples;
            }
            const bool over =
                snap->simTimeNs >= runForNs || snap->runState != ps::SessionRunState::Live;
            if (over) {
                controller.pause();
                controller.waitIdle();
                state->paused = true;
                state->simNs = controller.latest()->simTimeNs;
            }
            return;
        }
        if (!audio.drained()) {
            return;
        }
        poll->stop();
        QTextStream err(stderr);
        err.setCodec("UTF-8");  // the status text has a dash in it, whatever the locale
        err << "portscope: played live to " << static_cast<double>(state->simNs) / 1e9 << " s; "
            << audio.statusText();
        if (const ps::LiveAudioOutput* out = audio.output()) {
            const double meanMs = state->samples == 0
                                      ? 0.0
                                      : static_cast<double>(state->latencySumNs) / 1e6 /
                                            static_cast<double>(state->samples);
            err << "; latency DAC to speaker mean " << QString::number(meanMs, 'f', 1)
                << " ms, max " << QString::number(double(state->latencyMaxNs) / 1e6, 'f', 1)
                << " ms; device buffer " << out->deviceBufferNs() / 1'000'000
                << " ms; device processed "
                << QString::number(double(out->deviceProcessedNs()) / 1e6, 'f', 1) << " ms in "
                << QString::number(double(state->wall.nsecsElapsed()) / 1e6, 'f', 1)
                << " ms; device underruns " << out->deviceUnderruns() << "; shortfall frames "
                << out->shortfallFrames() << "; late frames " << out->mixer().lateFrames();
        }
        err << "; " << audio.inputStatusText();
        if (audio.input().tapeCount() > 0) {
            err << " (" << audio.input().tapeCount() << " capture tape(s), tape peak "
                << QString::number(static_cast<double>(audio.input().tapePeak()), 'f', 3)
                << ", frames received " << audio.input().framesReceived() << ", short "
                << audio.input().shortfallFrames() << ")";
        }
        err << '\n';
        QApplication::quit();
    });
    state->wall.start();
    controller.runLive();
    controller.waitIdle();  // the newest snapshot is live from here on
    poll->start();
}

}  // namespace

int main(int argc, char** argv) {
    const bool headless =
        hasOption(argc, argv, "--screenshot") || hasOption(argc, argv, "--bench-frames");
    if (headless && qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) {
        qputenv("QT_QPA_PLATFORM", "offscreen");
    }
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("PortScope"));
    QApplication::setOrganizationName(QStringLiteral("PortScope"));
    QApplication::setApplicationVersion(QStringLiteral(PORTSCOPE_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Inspector and simulator of the PortCls audio stack."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(QStringLiteral("scenario"),
                                 QStringLiteral("Scenario file or built-in name (default %1).")
                                     .arg(ps::defaultBuiltinScenario()));
    parser.addOption({QStringLiteral("run-for"),
                      QStringLiteral("Advance the scenario by SECONDS of simulated time at start."),
                      QStringLiteral("SECONDS")});
    parser.addOption({QStringLiteral("screenshot"),
                      QStringLiteral("Render the window (1600x1000) to FILE.png and exit."),
                      QStringLiteral("FILE")});
    parser.addOption({QStringLiteral("no-audio"),
                      QStringLiteral("Do not open an audio device (pace by the wall clock).")});
    parser.addOption({QStringLiteral("input-tape-seconds"),
                      QStringLiteral("Record at most SECONDS of input per capture stream "
                                     "(default 600)."),
                      QStringLiteral("SECONDS")});
    parser.addOption({QStringLiteral("bench-frames"),
                      QStringLiteral("Run live offscreen, render N frames, print frame times."),
                      QStringLiteral("N")});
    parser.process(app);

    const QStringList args = parser.positionalArguments();
    if (args.size() > 1) {
        return fail(QStringLiteral("at most one SCENARIO may be given"));
    }
    const bool bench = parser.isSet(QStringLiteral("bench-frames"));
    int benchFrames = 0;
    if (bench) {
        bool ok = false;
        benchFrames = parser.value(QStringLiteral("bench-frames")).toInt(&ok);
        if (!ok || benchFrames < 1 || benchFrames > 1000000) {
            return fail(QStringLiteral("--bench-frames needs a frame count 1..1000000, got '%1'")
                            .arg(parser.value(QStringLiteral("bench-frames"))));
        }
    }
    ps::TimeNs runForNs = 0;
    if (parser.isSet(QStringLiteral("run-for"))) {
        bool ok = false;
        const double seconds = parser.value(QStringLiteral("run-for")).toDouble(&ok);
        if (!ok || seconds < 0 || seconds > 1e6) {
            return fail(QStringLiteral("--run-for needs a number of seconds, got '%1'")
                            .arg(parser.value(QStringLiteral("run-for"))));
        }
        runForNs = static_cast<ps::TimeNs>(seconds * 1e9);
    }
    ps::TimeNs tapeLimitNs = ps::LiveAudioInput::kDefaultTapeLimitNs;
    if (parser.isSet(QStringLiteral("input-tape-seconds"))) {
        bool ok = false;
        const double seconds = parser.value(QStringLiteral("input-tape-seconds")).toDouble(&ok);
        if (!ok || seconds < 0 || seconds > 86400) {
            return fail(QStringLiteral("--input-tape-seconds needs 0..86400 seconds, got '%1'")
                            .arg(parser.value(QStringLiteral("input-tape-seconds"))));
        }
        tapeLimitNs = static_cast<ps::TimeNs>(seconds * 1e9);
    }
    const QString scenario = !args.isEmpty() ? args.first()
                             : bench         ? QStringLiteral("eight-streams")
                                             : ps::defaultBuiltinScenario();

    // Captures and benchmarks must not depend on a layout saved earlier.
    QTemporaryDir scratchSettings;
    if (headless) {
        QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, scratchSettings.path());
    }

    // Declared before the controller: its simulation thread uses the hook
    // until the controller is gone.
    ps::SessionAudio audio(nullptr, tapeLimitNs);
    if (parser.isSet(QStringLiteral("no-audio"))) {
        audio.forceOff(QStringLiteral("--no-audio"));
    } else if (headless) {
        audio.forceOff(QStringLiteral("not used for captures and benchmarks"));
    } else {
        audio.open(ps::PreferencesDialog::savedOutputDevice());
        audio.openInput(ps::PreferencesDialog::savedInputDevice());
    }
    ps::SessionControllerConfig config;
    config.hooks.openFileSource = ps::openAudioFileSource;
    config.audio = &audio;
    audio.installCaptureHooks(config);
    ps::SessionController controller(config);
    ps::MainWindow window(controller);
    // Offscreen or minimal: no one can answer a dialog, so errors only print.
    const QString platform = QGuiApplication::platformName();
    window.setInteractive(!headless && platform != QLatin1String("offscreen") &&
                          platform != QLatin1String("minimal"));
    window.setAudio(&audio);
    const bool screenshot = parser.isSet(QStringLiteral("screenshot"));
    // The bench measures a running scenario: one shorter than its frames
    // (plus a second for the warm-up) runs that long instead of restarting.
    const ps::TimeNs benchNs =
        bench ? ps::msToNs(1000 + static_cast<std::int64_t>(benchFrames) * 50 / 3) : 0;
    const QString error = window.openScenario(scenario, benchNs);
    if (!error.isEmpty()) {
        return fail(QStringLiteral("cannot open scenario '%1': %2").arg(scenario, error));
    }
    if (runForNs > 0 && (screenshot || bench)) {
        controller.advanceBy(runForNs);
    }
    controller.waitIdle();
    window.refreshNow();
    if (const auto& snap = window.shownSnapshot(); snap && !snap->error.empty()) {
        return fail(QStringLiteral("scenario '%1' did not start: %2")
                        .arg(scenario, QString::fromStdString(snap->error)));
    }

    if (headless) {
        window.resize(kCaptureWidth, kCaptureHeight);
    } else {
        window.resize(1400, 900);
    }
    if (bench) {
        window.show();
        const ps::FrameBenchResult result = ps::runFrameBench(window, controller, benchFrames);
        QTextStream(stdout) << result.toJson(scenario) << '\n';
        return 0;
    }
    if (screenshot) {
        const QString file = parser.value(QStringLiteral("screenshot"));
        window.show();
        QApplication::processEvents();
        if (!window.grab().save(file, "PNG")) {
            return fail(QStringLiteral("could not write the screenshot to '%1'").arg(file));
        }
        return 0;
    }
    window.show();
    if (runForNs > 0) {
        playLiveFor(controller, audio, runForNs);
    }
    return app.exec();
}
