// portscope-sim run: loads a scenario (file or built-in name), runs it with
// the requested outputs attached, and reports.
#include "app/ScenarioSummary.h"
#include "app/audio/LiveAudioInput.h"
#include "app/audio/LiveAudioOutput.h"
#include "app/audio/PcmTee.h"
#include "app/export/ChromeTraceWriter.h"
#include "app/export/CsvTraceWriter.h"
#include "app/export/ProgressReporter.h"
#include "app/export/TraceSha256.h"
#include "app/export/WavFileTap.h"
#include "app/scenario/AudioFileSource.h"
#include "app/scenario/ScenarioLoader.h"
#include "app/sim/SimCommands.h"
#include "model/scenario/ScenarioRun.h"

#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTextStream>
#include <QTimer>

#include <algorithm>
#include <memory>
#include <vector>

namespace ps::sim {

namespace {

// How much simulated time one advance covers between progress updates.
constexpr TimeNs kAdvanceStepNs = 50'000'000;

struct Outputs {
    std::unique_ptr<ChromeTraceWriter> chrome;
    std::unique_ptr<CsvTraceWriter> csv;
    std::vector<std::unique_ptr<WavFileTap>> wavs;
    // --play: a render stream with a WAV tap too hears both through a tee.
    std::vector<std::unique_ptr<PcmTee>> tees;
};

QString streamLabel(const ScenarioSpec& spec, std::size_t index) {
    const std::string& name = spec.streams[index].name;
    return name.empty() ? QStringLiteral("stream%1").arg(index) : QString::fromStdString(name);
}

// Opens every requested output; "" or the first error.
QString openOutputs(const QCommandLineParser& parser, ScenarioRun& run, Outputs* out) {
    if (parser.isSet(QStringLiteral("trace"))) {
        out->chrome = std::make_unique<ChromeTraceWriter>();
        if (!out->chrome->open(parser.value(QStringLiteral("trace")).toStdString())) {
            return QString::fromStdString(out->chrome->error());
        }
        run.machine().tracer().addSink(out->chrome.get());
    }
    if (parser.isSet(QStringLiteral("csv"))) {
        out->csv = std::make_unique<CsvTraceWriter>();
        if (!out->csv->open(parser.value(QStringLiteral("csv")).toStdString())) {
            return QString::fromStdString(out->csv->error());
        }
        run.machine().tracer().addSink(out->csv.get());
    }
    if (parser.isSet(QStringLiteral("wav"))) {
        const std::string base = parser.value(QStringLiteral("wav")).toStdString();
        const ScenarioSpec& spec = run.spec();
        for (std::size_t i = 0; i < spec.streams.size(); ++i) {
            if (spec.streams[i].direction != StreamDirection::Render) {
                out->wavs.push_back(nullptr);
                continue;
            }
            auto tap = std::make_unique<WavFileTap>();
            const std::string path = perStreamWavPath(base, streamLabel(spec, i).toStdString());
            if (!tap->open(path, spec.streams[i].format)) {
                return QString::fromStdString(tap->error());
            }
            run.setRenderTap(i, tap.get());
            out->wavs.push_back(std::move(tap));
        }
        if (std::all_of(out->wavs.begin(), out->wavs.end(),
                        [](const auto& tap) { return tap == nullptr; })) {
            QTextStream(stderr) << "portscope-sim: --wav: the scenario has no render stream; "
                                   "no file written\n";
        }
    }
    return {};
}

// Finishes every output; the first error, or "".
QString closeOutputs(Outputs* out) {
    QString error;
    auto note = [&error](bool ok, const std::string& what) {
        if (!ok && error.isEmpty()) {
            error = QString::fromStdString(what);
        }
    };
    if (out->chrome) {
        note(out->chrome->finish(), out->chrome->error());
    }
    if (out->csv) {
        note(out->csv->finish(), out->csv->error());
    }
    for (auto& tap : out->wavs) {
        if (tap != nullptr) {
            note(tap->close(), tap->error());
        }
    }
    return error;
}

// After closeOutputs: the files are complete; later records go nowhere.
void detachOutputs(ScenarioRun& run, Outputs* out) {
    if (out->chrome) {
        run.machine().tracer().removeSink(out->chrome.get());
    }
    if (out->csv) {
        run.machine().tracer().removeSink(out->csv.get());
    }
    for (std::size_t i = 0; i < run.spec().streams.size(); ++i) {
        run.setRenderTap(i, nullptr);
    }
}

// --play: every render stream also feeds the live mixer (with its WAV tap,
// if any, through a tee).
void attachLiveAudio(ScenarioRun& run, LiveAudioOutput& live, Outputs* out) {
    const ScenarioSpec& spec = run.spec();
    for (std::size_t i = 0; i < spec.streams.size(); ++i) {
        if (spec.streams[i].direction != StreamDirection::Render) {
            continue;
        }
        PcmSink* liveSink = live.addStream(i, spec.streams[i].format);
        PcmSink* wav = i < out->wavs.size() ? out->wavs[i].get() : nullptr;
        if (wav == nullptr) {
            run.setRenderTap(i, liveSink);
        } else {
            out->tees.push_back(std::make_unique<PcmTee>(wav, liveSink));
            run.setRenderTap(i, out->tees.back().get());
        }
    }
}

struct PlayReport {
    TimeNs latencySumNs = 0;
    TimeNs latencyMaxNs = 0;
    std::int64_t latencySamples = 0;
    double wallSeconds = 0;
};

// Runs the started run in real time, paced by the audio device's clock (or
// the steady clock): every 5 ms the run advances to the pacer's target and
// what the DACs played goes to the ring; after the run's end the ring and the
// device buffer play out.
PlayReport playRun(ScenarioRun& run, LiveAudioOutput& live, LiveAudioInput* input,
                   ProgressReporter& progress) {
    PlayReport report;
    QElapsedTimer wall;
    wall.start();
    run.advanceTo(live.targetSimTimeNs());
    live.produce(run.now());
    if (run.finished()) {  // a run shorter than the prefill
        live.produceEnd();
    }
    if (input != nullptr) {
        input->start();
    }
    live.start();
    QEventLoop loop;
    QTimer tick;
    tick.setTimerType(Qt::PreciseTimer);
    tick.setInterval(5);
    QObject::connect(&tick, &QTimer::timeout, &loop, [&] {
        live.pump();
        if (!run.finished()) {
            run.advanceTo(live.targetSimTimeNs());
            live.produce(run.now());
            progress.update(run.now());
            if (run.finished()) {
                live.produceEnd();
            }
            const TimeNs latency = live.latencyNs();
            report.latencySumNs += latency;
            report.latencyMaxNs = std::max(report.latencyMaxNs, latency);
            ++report.latencySamples;
        } else if (live.drained()) {
            loop.quit();
        }
    });
    tick.start();
    loop.exec();
    live.stop();
    if (input != nullptr) {
        input->stop();
    }
    report.wallSeconds = static_cast<double>(wall.nsecsElapsed()) / 1e9;
    return report;
}

QJsonObject liveAudioSummary(const LiveAudioOutput& live, const PlayReport& report) {
    QJsonObject o;
    o.insert(QStringLiteral("device"), live.usingDevice() ? live.deviceName() : QString());
    o.insert(QStringLiteral("fallback"), live.fallbackReason());
    o.insert(QStringLiteral("format"), live.formatText());
    o.insert(QStringLiteral("device_buffer_ms"), static_cast<double>(live.deviceBufferNs()) / 1e6);
    o.insert(QStringLiteral("device_period_ms"), static_cast<double>(live.devicePeriodNs()) / 1e6);
    o.insert(QStringLiteral("latency_mean_ms"),
             report.latencySamples == 0 ? 0.0
                                        : static_cast<double>(report.latencySumNs) / 1e6 /
                                              static_cast<double>(report.latencySamples));
    o.insert(QStringLiteral("latency_max_ms"), static_cast<double>(report.latencyMaxNs) / 1e6);
    o.insert(QStringLiteral("device_processed_seconds"),
             static_cast<double>(live.deviceProcessedNs()) / 1e9);
    o.insert(QStringLiteral("frames_consumed"), static_cast<qint64>(live.framesConsumed()));
    o.insert(QStringLiteral("device_underruns"), live.deviceUnderruns());
    o.insert(QStringLiteral("shortfall_frames"), static_cast<qint64>(live.shortfallFrames()));
    // Late stream data is audio lost; late underrun filler was silence anyway.
    o.insert(QStringLiteral("late_frames"), static_cast<qint64>(live.mixer().lateFrames()));
    o.insert(QStringLiteral("late_filler_frames"),
             static_cast<qint64>(live.mixer().lateFillerFrames()));
    o.insert(QStringLiteral("wall_seconds"), report.wallSeconds);
    return o;
}

QJsonObject liveInputSummary(const LiveAudioInput& input) {
    QJsonObject o;
    o.insert(QStringLiteral("device"), input.usingDevice() ? input.deviceName() : QString());
    o.insert(QStringLiteral("fallback"), input.fallbackReason());
    o.insert(QStringLiteral("frames_received"), static_cast<qint64>(input.framesReceived()));
    o.insert(QStringLiteral("peak"), static_cast<double>(input.peak()));
    o.insert(QStringLiteral("shortfall_frames"), static_cast<qint64>(input.shortfallFrames()));
    o.insert(QStringLiteral("dropped_frames"), static_cast<qint64>(input.droppedFrames()));
    return o;
}

void printLiveInputReport(const QJsonObject& o) {
    QTextStream err(stderr);
    err.setRealNumberNotation(QTextStream::FixedNotation);
    err.setRealNumberPrecision(3);
    const QString device = o.value(QStringLiteral("device")).toString();
    err << "portscope-sim: audio input: "
        << (device.isEmpty()
                ? QStringLiteral("none (%1)").arg(o.value(QStringLiteral("fallback")).toString())
                : QStringLiteral("recorded from '%1'").arg(device))
        << "; " << o.value(QStringLiteral("frames_received")).toVariant().toString()
        << " frames received, peak " << o.value(QStringLiteral("peak")).toDouble() << ", "
        << o.value(QStringLiteral("shortfall_frames")).toVariant().toString() << " frames short, "
        << o.value(QStringLiteral("dropped_frames")).toVariant().toString() << " frames dropped\n";
}

void printLiveAudioReport(const QJsonObject& o) {
    QTextStream err(stderr);
    err.setRealNumberNotation(QTextStream::FixedNotation);
    err.setRealNumberPrecision(1);
    const QString device = o.value(QStringLiteral("device")).toString();
    err << "portscope-sim: audio: "
        << (device.isEmpty() ? QStringLiteral("paced by the steady clock (%1)")
                                   .arg(o.value(QStringLiteral("fallback")).toString())
                             : QStringLiteral("played on '%1'").arg(device))
        << ", " << o.value(QStringLiteral("format")).toString() << "; device buffer "
        << o.value(QStringLiteral("device_buffer_ms")).toDouble() << " ms, period "
        << o.value(QStringLiteral("device_period_ms")).toDouble() << " ms; output latency "
        << o.value(QStringLiteral("latency_mean_ms")).toDouble() << " ms mean, "
        << o.value(QStringLiteral("latency_max_ms")).toDouble()
        << " ms max (ring + device buffer); device processed "
        << o.value(QStringLiteral("device_processed_seconds")).toDouble() * 1000 << " ms in "
        << o.value(QStringLiteral("wall_seconds")).toDouble() * 1000 << " ms; "
        << o.value(QStringLiteral("device_underruns")).toInt() << " device underruns, "
        << o.value(QStringLiteral("shortfall_frames")).toVariant().toString() << " frames short, "
        << o.value(QStringLiteral("late_frames")).toVariant().toString() << " late frames, "
        << o.value(QStringLiteral("late_filler_frames")).toVariant().toString()
        << " late underrun filler frames\n";
}

void printHumanSummary(const QJsonObject& s) {
    QTextStream out(stdout);
    out << "scenario " << s.value(QStringLiteral("scenario")).toString() << " (seed "
        << s.value(QStringLiteral("seed")).toVariant().toString() << ", "
        << s.value(QStringLiteral("os_version")).toString()
        << "): " << s.value(QStringLiteral("sim_seconds")).toDouble() << " s simulated in "
        << s.value(QStringLiteral("wall_seconds")).toDouble() << " s ("
        << qRound(s.value(QStringLiteral("realtime_factor")).toDouble()) << "x real time), "
        << s.value(QStringLiteral("trace_records")).toVariant().toString() << " trace records\n";
    for (const QJsonValue& v : s.value(QStringLiteral("streams")).toArray()) {
        const QJsonObject st = v.toObject();
        const bool render = st.contains(QStringLiteral("frames_played"));
        out << "  " << st.value(QStringLiteral("name")).toString() << ": "
            << st.value(QStringLiteral("stack")).toString() << ' '
            << st.value(QStringLiteral("direction")).toString() << ", "
            << st.value(QStringLiteral("format")).toString() << ", "
            << st.value(render ? QStringLiteral("frames_played")
                               : QStringLiteral("frames_captured"))
                   .toVariant()
                   .toString()
            << (render ? " frames played, " : " frames captured, ")
            << st.value(QStringLiteral("glitches")).toVariant().toString() << " glitches, "
            << st.value(QStringLiteral("underruns")).toVariant().toString()
            << " underruns, ends in " << st.value(QStringLiteral("final_state")).toString() << '\n';
    }
    const QJsonObject verifier = s.value(QStringLiteral("verifier")).toObject();
    out << "  verifier: " << verifier.value(QStringLiteral("violations")).toInt() << " violations, "
        << verifier.value(QStringLiteral("warnings")).toInt() << " warnings\n";
    for (const QJsonValue& v : verifier.value(QStringLiteral("findings")).toArray()) {
        const QJsonObject f = v.toObject();
        out << "    " << f.value(QStringLiteral("rule")).toString() << ": "
            << f.value(QStringLiteral("message")).toString() << '\n';
    }
    out << "  trace sha256 " << s.value(QStringLiteral("trace_sha256")).toString() << '\n';
}

}  // namespace

int runCommand(const QStringList& args) {
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Runs a scenario headless. SCENARIO is a scenario file (JSON, see docs/scenario.md) or "
        "the name of a built-in scenario ('portscope-sim list')."));
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("SCENARIO"),
                                 QStringLiteral("Scenario file or built-in scenario name."));
    parser.addOption({QStringLiteral("seconds"),
                      QStringLiteral("Simulated seconds to run (default: the scenario's "
                                     "duration)."),
                      QStringLiteral("S")});
    parser.addOption({QStringLiteral("seed"),
                      QStringLiteral("Random seed (default: the scenario's seed)."),
                      QStringLiteral("N")});
    parser.addOption({QStringLiteral("trace"),
                      QStringLiteral("Write the trace as Chrome trace-event JSON (Perfetto, "
                                     "chrome://tracing), streamed as the run goes."),
                      QStringLiteral("FILE.json")});
    parser.addOption({QStringLiteral("csv"), QStringLiteral("Write the trace records as CSV."),
                      QStringLiteral("FILE.csv")});
    parser.addOption({QStringLiteral("wav"),
                      QStringLiteral("Write what each render stream's DAC played, one file per "
                                     "stream: FILE-<stream>.wav."),
                      QStringLiteral("FILE.wav")});
    parser.addOption({QStringLiteral("play"),
                      QStringLiteral("Play the render streams in real time through the default "
                                     "audio output (its clock paces the run; without a device "
                                     "the steady clock does). Reports latency and underruns on "
                                     "stderr.")});
    parser.addOption({QStringLiteral("capture-input"),
                      QStringLiteral("With --play: capture streams record from the default audio "
                                     "input instead of their signal (without an input device "
                                     "they keep the signal).")});
    parser.addOption({QStringLiteral("summary"),
                      QStringLiteral("Print one JSON object describing the run on stdout.")});
    if (!parser.parse(QStringList{QStringLiteral("portscope-sim run")} + args)) {
        return fail(2, parser.errorText());
    }
    if (parser.isSet(QStringLiteral("help"))) {
        parser.showHelp(0);
    }
    const QStringList positional = parser.positionalArguments();
    if (positional.size() != 1) {
        return fail(2, QStringLiteral("'run' takes exactly one SCENARIO (see 'portscope-sim run "
                                      "--help')"));
    }

    ScenarioLoadResult loaded = ScenarioLoader::loadPathOrBuiltin(positional.first());
    if (!loaded.ok()) {
        return fail(2, loaded.errorText());
    }
    ScenarioSpec spec = *loaded.spec;
    if (parser.isSet(QStringLiteral("seconds"))) {
        double seconds = 0;
        QString error;
        if (!parseSeconds(parser.value(QStringLiteral("seconds")), &seconds, &error)) {
            return fail(2, error);
        }
        spec.durationNs = static_cast<TimeNs>(seconds * 1e9);
    }
    if (parser.isSet(QStringLiteral("seed"))) {
        bool ok = false;
        spec.seed = parser.value(QStringLiteral("seed")).toULongLong(&ok);
        if (!ok) {
            return fail(2, QStringLiteral("--seed must be a non-negative integer, got '%1'")
                               .arg(parser.value(QStringLiteral("seed"))));
        }
    }
    const std::string problem = ScenarioRun::check(spec);
    if (!problem.empty()) {
        return fail(
            2, QStringLiteral("%1: %2").arg(positional.first(), QString::fromStdString(problem)));
    }

    const bool play = parser.isSet(QStringLiteral("play"));
    const bool captureInput = parser.isSet(QStringLiteral("capture-input"));
    if (captureInput && !play) {
        return fail(2, QStringLiteral("--capture-input needs --play (live input runs in real "
                                      "time)"));
    }
    ScenarioRunHooks hooks;
    hooks.openFileSource = openAudioFileSource;
    // Declared before the run: the run's capture sources read its rings.
    std::unique_ptr<LiveAudioInput> input;
    if (captureInput) {
        input = std::make_unique<LiveAudioInput>();
        input->open();
        hooks.openCaptureSource = [&input](std::size_t stream, const AudioFormat& format) {
            return input->makeSource(stream, format);
        };
    }
    // The sinks outlive the run: its teardown still records.
    TraceSha256 sha;
    Outputs outputs;
    ScenarioRun run(spec, hooks);
    run.machine().tracer().addSink(&sha);
    const QString openError = openOutputs(parser, run, &outputs);
    if (!openError.isEmpty()) {
        return fail(1, openError);
    }
    std::unique_ptr<LiveAudioOutput> live;
    if (play) {
        live = std::make_unique<LiveAudioOutput>();
        live->open();
        attachLiveAudio(run, *live, &outputs);
    }
    QElapsedTimer wall;
    wall.start();
    const std::string startError = run.start();
    if (!startError.empty()) {
        closeOutputs(&outputs);
        detachOutputs(run, &outputs);
        return fail(1, QStringLiteral("%1: the scenario could not start: %2")
                           .arg(positional.first(), QString::fromStdString(startError)));
    }
    ProgressReporter progress(spec.durationNs);
    QJsonObject liveSummary;
    if (play) {
        liveSummary = liveAudioSummary(*live, playRun(run, *live, input.get(), progress));
    }
    while (!run.finished()) {
        run.advanceTo(run.now() + kAdvanceStepNs);
        progress.update(run.now());
    }
    progress.finish(run.now());
    RunTiming timing;
    timing.wallSeconds = static_cast<double>(wall.nsecsElapsed()) / 1e9;
    const QString closeError = closeOutputs(&outputs);
    detachOutputs(run, &outputs);

    QJsonObject summary = scenarioSummary(run, QString::fromStdString(sha.hex()), timing);
    if (play) {
        summary.insert(QStringLiteral("live_audio"), liveSummary);
        printLiveAudioReport(liveSummary);
    }
    if (input != nullptr) {
        const QJsonObject inputSummary = liveInputSummary(*input);
        summary.insert(QStringLiteral("live_input"), inputSummary);
        printLiveInputReport(inputSummary);
    }
    if (parser.isSet(QStringLiteral("summary"))) {
        QTextStream(stdout) << QJsonDocument(summary).toJson(QJsonDocument::Compact) << '\n';
    } else {
        printHumanSummary(summary);
    }
    if (!closeError.isEmpty()) {
        return fail(1, closeError);
    }
    return 0;
}

}  // namespace ps::sim
