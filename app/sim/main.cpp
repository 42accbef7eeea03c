// portscope-sim: runs PortScope scenarios without a GUI.
//
//   portscope-sim list
//   portscope-sim run SCENARIO [--seconds S] [--seed N] [--summary]
//
// Exit status: 0 on success, 1 on a run failure, 2 on bad command-line input.
#include "app/BuiltinScenarios.h"
#include "app/RunSummary.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QTextStream>

#include <cstdio>
#include <exception>

namespace {

int fail(int code, const QString& message) {
    QTextStream(stderr) << "portscope-sim: " << message << '\n';
    return code;
}

int listScenarios() {
    QTextStream out(stdout);
    for (const auto& info : ps::builtinScenarios()) {
        out << info.name << "\t" << info.description << '\n';
    }
    return 0;
}

int runScenario(const QCommandLineParser& parser, const QStringList& args) {
    if (args.size() != 2) {
        return fail(2, QStringLiteral("'run' takes exactly one SCENARIO (see --help)"));
    }
    const QString name = args.at(1);
    bool ok = false;
    const double seconds = parser.value(QStringLiteral("seconds")).toDouble(&ok);
    if (!ok || !(seconds > 0) || seconds > 1e6) {
        return fail(
            2, QStringLiteral("--seconds must be a number of seconds in (0, 1000000], got '%1'")
                   .arg(parser.value(QStringLiteral("seconds"))));
    }
    const qulonglong seed = parser.value(QStringLiteral("seed")).toULongLong(&ok);
    if (!ok) {
        return fail(2, QStringLiteral("--seed must be a non-negative integer, got '%1'")
                           .arg(parser.value(QStringLiteral("seed"))));
    }
    auto run = ps::startBuiltin(name, seed);
    if (!run) {
        return fail(2, QStringLiteral("unknown scenario '%1'; 'portscope-sim list' shows the "
                                      "built-in ones")
                           .arg(name));
    }
    QElapsedTimer wall;
    wall.start();
    run->runUntil(static_cast<ps::TimeNs>(seconds * 1e9));
    const double wallSeconds = static_cast<double>(wall.nsecsElapsed()) / 1e9;
    const QJsonObject summary = ps::runSummary(name, seed, *run, wallSeconds);
    QTextStream out(stdout);
    if (parser.isSet(QStringLiteral("summary"))) {
        out << QJsonDocument(summary).toJson(QJsonDocument::Compact) << '\n';
    } else {
        out << "scenario " << name << ": " << seconds << " s simulated in " << wallSeconds << " s ("
            << summary.value(QStringLiteral("realtime_factor")).toDouble() << "x real time), "
            << run->eventsExecuted() << " events, "
            << summary.value(QStringLiteral("trace_records")).toDouble()
            << " trace records, digest " << run->traceDigestHex() << '\n';
        for (const auto& c : run->counters()) {
            out << "  " << c.first << " = " << c.second << '\n';
        }
    }
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("portscope-sim"));
    QCoreApplication::setApplicationVersion(QStringLiteral(PORTSCOPE_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Runs PortScope scenarios headless.\n\n"
                       "Commands:\n"
                       "  list                 list the built-in scenarios\n"
                       "  run SCENARIO         run a built-in scenario by name"));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(QStringLiteral("command"), QStringLiteral("list or run"));
    parser.addOption({QStringLiteral("seconds"),
                      QStringLiteral("Simulated seconds to run (default 10)."), QStringLiteral("S"),
                      QStringLiteral("10")});
    parser.addOption({QStringLiteral("seed"), QStringLiteral("Random seed (default 1)."),
                      QStringLiteral("N"), QStringLiteral("1")});
    parser.addOption({QStringLiteral("summary"),
                      QStringLiteral("Print one JSON object describing the run on stdout.")});
    if (!parser.parse(QCoreApplication::arguments())) {
        return fail(2, parser.errorText());
    }
    if (parser.isSet(QStringLiteral("help"))) {
        parser.showHelp(0);
    }
    if (parser.isSet(QStringLiteral("version"))) {
        parser.showVersion();
    }
    const QStringList args = parser.positionalArguments();
    if (args.isEmpty()) {
        return fail(2, QStringLiteral("no command given (try --help)"));
    }
    try {
        if (args.first() == QLatin1String("list")) {
            return listScenarios();
        }
        if (args.first() == QLatin1String("run")) {
            return runScenario(parser, args);
        }
    } catch (const std::exception& e) {
        return fail(1, QStringLiteral("the run stopped on an internal error: %1")
                           .arg(QString::fromUtf8(e.what())));
    }
    return fail(2, QStringLiteral("unknown command '%1' (try --help)").arg(args.first()));
}
