// portscope-sim: runs PortScope scenarios without a GUI.
//
//   portscope-sim list
//   portscope-sim run SCENARIO [--seconds S] [--seed N] [--trace FILE.json]
//                     [--csv FILE.csv] [--wav FILE.wav] [--summary]
//   portscope-sim bench [--streams N] [--stack wavepci|wavert|both] [--seconds S]
//
// Exit status: 0 on success, 1 on a run or output failure, 2 on bad input
// (command line, scenario). `portscope-sim COMMAND --help` describes each.
#include "app/sim/SimCommands.h"

#include <QCoreApplication>
#include <QTextStream>

#include <exception>

namespace {

const char* const kUsage =
    "Usage: portscope-sim COMMAND [options]\n"
    "Runs PortScope scenarios headless.\n\n"
    "Commands:\n"
    "  list          list the built-in scenarios with a one-line description each\n"
    "  run SCENARIO  run a scenario file or built-in scenario; --trace, --csv, --wav and\n"
    "                --summary choose the outputs\n"
    "  bench         run synthetic render streams as fast as possible and print\n"
    "                realtime_factor and events_per_second as JSON\n\n"
    "'portscope-sim COMMAND --help' describes the options of a command.\n"
    "Options: -h, --help  this text;  -v, --version  the version\n";

}  // namespace

int main(int argc, char** argv) {
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("portscope-sim"));
    QCoreApplication::setApplicationVersion(QStringLiteral(PORTSCOPE_VERSION));

    QStringList args = QCoreApplication::arguments().mid(1);
    if (args.isEmpty()) {
        QTextStream(stderr) << kUsage;
        return ps::sim::fail(2, QStringLiteral("no command given"));
    }
    const QString command = args.takeFirst();
    if (command == QLatin1String("-h") || command == QLatin1String("--help") ||
        command == QLatin1String("help")) {
        QTextStream(stdout) << kUsage;
        return 0;
    }
    if (command == QLatin1String("-v") || command == QLatin1String("--version")) {
        QTextStream(stdout) << "portscope-sim " << PORTSCOPE_VERSION << '\n';
        return 0;
    }
    try {
        if (command == QLatin1String("list")) {
            return ps::sim::listCommand(args);
        }
        if (command == QLatin1String("run")) {
            return ps::sim::runCommand(args);
        }
        if (command == QLatin1String("bench")) {
            return ps::sim::benchCommand(args);
        }
    } catch (const std::exception& e) {
        return ps::sim::fail(1, QStringLiteral("the run stopped on an internal error: %1")
                                    .arg(QString::fromUtf8(e.what())));
    }
    QTextStream(stderr) << kUsage;
    return ps::sim::fail(2, QStringLiteral("unknown command '%1'").arg(command));
}
