// live_seek_check: plays a scenario live on the default audio device for a
// while, then jumps away from it as the inspector does on a seek
// (LiveAudioOutput::detach) and keeps the device running in silence. What
// the device still held of the run when it jumped must not be heard:
// live_seek_test.sh records the sink's monitor and checks that the tone
// lasts no longer than what the listener had heard at the jump.
//
//   live_seek_check SCENARIO [--play-ms MS] [--after-ms MS]
//
// Prints one line: "jumped at audible A ms (device buffer B ms, queued
// Q ms); device flushes F; device underruns U". Exits 0 when it played on
// the device, 1 when there is none or it fell back, 2 on bad arguments.
#include "app/audio/LiveAudioOutput.h"
#include "app/scenario/ScenarioLoader.h"
#include "model/scenario/ScenarioRun.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QStringList>
#include <QTextStream>
#include <QThread>

namespace {

int usage(const QString& why) {
    QTextStream(stderr) << "live_seek_check: " << why
                        << "\nusage: live_seek_check SCENARIO [--play-ms MS] [--after-ms MS]\n";
    return 2;
}

// Runs the owner's side for `ms` of wall time: the device's pump and, while
// `run` is set, the pacing of the run and the queueing of what it played.
void playFor(qint64 ms, ps::LiveAudioOutput& live, ps::ScenarioRun* run) {
    QElapsedTimer wall;
    wall.start();
    while (wall.elapsed() < ms) {
        QCoreApplication::processEvents();
        live.pump();
        if (run != nullptr) {
            run->advanceTo(live.targetSimTimeNs());
            live.produce(run->now());
        }
        QThread::msleep(2);
    }
}

}  // namespace

int main(int argc, char** argv) {
    QCoreApplication app(argc, argv);
    QStringList args = QCoreApplication::arguments().mid(1);
    if (args.isEmpty()) {
        return usage(QStringLiteral("no scenario given"));
    }
    const QString scenario = args.takeFirst();
    qint64 playMs = 1200;
    qint64 afterMs = 600;
    while (args.size() >= 2) {
        bool ok = false;
        const qint64 value = args[1].toLongLong(&ok);
        if (!ok || value <= 0) {
            return usage(QStringLiteral("bad value for %1").arg(args[0]));
        }
        if (args[0] == QLatin1String("--play-ms")) {
            playMs = value;
        } else if (args[0] == QLatin1String("--after-ms")) {
            afterMs = value;
        } else {
            return usage(QStringLiteral("unknown option %1").arg(args[0]));
        }
        args = args.mid(2);
    }
    if (!args.isEmpty()) {
        return usage(QStringLiteral("an option without its value"));
    }

    const ps::ScenarioLoadResult loaded = ps::ScenarioLoader::loadPathOrBuiltin(scenario);
    if (!loaded.ok()) {
        return usage(loaded.errorText());
    }
    ps::ScenarioSpec spec = *loaded.spec;
    spec.durationNs = 60'000'000'000;  // longer than the play: no end inside it
    ps::ScenarioRun run(spec);
    const std::string startError = run.start();
    if (!startError.empty()) {
        return usage(QString::fromStdString(startError));
    }

    ps::LiveAudioOutput live;
    if (!live.open()) {
        QTextStream(stderr) << "live_seek_check: no audio device: " << live.fallbackReason()
                            << '\n';
        return 1;
    }
    // As the inspector: the device idles first, then live play starts a
    // timeline at the run's time, prefilled before the device's first read.
    live.setFeeding(false);
    live.restartTimeline(run, run.now());
    run.advanceTo(live.targetSimTimeNs());
    live.produce(run.now());
    live.start();
    playFor(playMs, live, &run);

    const ps::TimeNs audibleNs = live.audibleSimTimeNs();
    const ps::TimeNs queuedNs = live.latencyNs();
    live.detach(run);
    playFor(afterMs, live, nullptr);
    const bool onDevice = live.usingDevice();
    QTextStream(stdout) << "jumped at audible " << audibleNs / 1'000'000 << " ms (device buffer "
                        << live.deviceBufferNs() / 1'000'000 << " ms, queued "
                        << queuedNs / 1'000'000 << " ms); device flushes " << live.deviceFlushes()
                        << "; device underruns " << live.deviceUnderruns() << '\n';
    live.stop();
    if (!onDevice) {
        QTextStream(stderr) << "live_seek_check: fell back: " << live.fallbackReason() << '\n';
        return 1;
    }
    return 0;
}
