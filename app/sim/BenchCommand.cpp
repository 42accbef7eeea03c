// portscope-sim bench: synthetic render streams (BenchSpec.h) run as fast as
// possible with tracing to the in-memory ring on; prints one JSON object.
#include "app/sim/SimCommands.h"
#include "model/scenario/BenchSpec.h"
#include "model/scenario/ScenarioRun.h"

#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTextStream>

#include <sys/resource.h>

namespace ps::sim {

namespace {

double peakRssMiB() {
    rusage usage{};
    if (getrusage(RUSAGE_SELF, &usage) != 0) {
        return 0.0;
    }
    return static_cast<double>(usage.ru_maxrss) / 1024.0;  // ru_maxrss is in KiB on Linux
}

}  // namespace

int benchCommand(const QStringList& args) {
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Runs N synthetic render streams (48 kHz stereo 16-bit, 10 ms periods, a 1 kHz tone) "
        "as fast as possible with tracing to the in-memory ring on, and prints one JSON object "
        "with realtime_factor and events_per_second."));
    parser.addHelpOption();
    parser.addOption({QStringLiteral("streams"),
                      QStringLiteral("Number of render streams, 1..64 (default 1)."),
                      QStringLiteral("N"), QStringLiteral("1")});
    parser.addOption({QStringLiteral("stack"),
                      QStringLiteral("wavepci, wavert or both (alternating; default wavert)."),
                      QStringLiteral("STACK"), QStringLiteral("wavert")});
    parser.addOption({QStringLiteral("seconds"), QStringLiteral("Simulated seconds (default 60)."),
                      QStringLiteral("S"), QStringLiteral("60")});
    if (!parser.parse(QStringList{QStringLiteral("portscope-sim bench")} + args)) {
        return fail(2, parser.errorText());
    }
    if (parser.isSet(QStringLiteral("help"))) {
        parser.showHelp(0);
    }
    if (!parser.positionalArguments().isEmpty()) {
        return fail(2, QStringLiteral("'bench' takes no positional arguments"));
    }
    bool ok = false;
    const int streams = parser.value(QStringLiteral("streams")).toInt(&ok);
    if (!ok || streams < 1 || streams > 64) {
        return fail(2, QStringLiteral("--streams must be an integer in 1..64, got '%1'")
                           .arg(parser.value(QStringLiteral("streams"))));
    }
    BenchStacks stacks = BenchStacks::WaveRt;
    const QString stackName = parser.value(QStringLiteral("stack"));
    if (!benchStacksFromName(stackName.toLatin1().constData(), &stacks)) {
        return fail(
            2, QStringLiteral("--stack must be wavepci, wavert or both, got '%1'").arg(stackName));
    }
    double seconds = 0;
    QString error;
    if (!parseSeconds(parser.value(QStringLiteral("seconds")), &seconds, &error)) {
        return fail(2, error);
    }

    const ScenarioSpec spec = makeBenchSpec(static_cast<std::size_t>(streams), stacks,
                                            static_cast<TimeNs>(seconds * 1e9));
    ScenarioRun run(spec);
    QElapsedTimer wall;
    wall.start();
    const std::string startError = run.start();
    if (!startError.empty()) {
        return fail(1, QStringLiteral("the bench scenario could not start: %1")
                           .arg(QString::fromStdString(startError)));
    }
    run.runToEnd();
    const double wallSeconds = static_cast<double>(wall.nsecsElapsed()) / 1e9;

    std::uint64_t glitches = 0;
    std::uint64_t underruns = 0;
    for (const StreamReport& r : run.reports()) {
        glitches += r.glitches;
        underruns += r.underruns;
    }
    const double simSeconds = static_cast<double>(run.now()) / 1e9;
    const auto events = static_cast<double>(run.machine().scheduler().executedCount());
    const auto records = static_cast<double>(run.machine().tracer().recordCount());
    QJsonObject o;
    o.insert(QStringLiteral("streams"), streams);
    o.insert(QStringLiteral("stack"), QString::fromLatin1(benchStacksName(stacks)));
    o.insert(QStringLiteral("sim_seconds"), simSeconds);
    o.insert(QStringLiteral("wall_seconds"), wallSeconds);
    o.insert(QStringLiteral("realtime_factor"), wallSeconds > 0 ? simSeconds / wallSeconds : 0.0);
    o.insert(QStringLiteral("events"), events);
    o.insert(QStringLiteral("events_per_second"), wallSeconds > 0 ? events / wallSeconds : 0.0);
    o.insert(QStringLiteral("trace_records"), records);
    o.insert(QStringLiteral("records_per_second"), wallSeconds > 0 ? records / wallSeconds : 0.0);
    o.insert(QStringLiteral("glitches"), static_cast<double>(glitches));
    o.insert(QStringLiteral("underruns"), static_cast<double>(underruns));
    o.insert(QStringLiteral("peak_rss_mib"), peakRssMiB());
    QTextStream(stdout) << QJsonDocument(o).toJson(QJsonDocument::Compact) << '\n';
    return 0;
}

}  // namespace ps::sim
