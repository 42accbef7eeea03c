#include "app/scenario/BuiltinScenarioFiles.h"
#include "app/sim/SimCommands.h"

#include <QCommandLineParser>
#include <QTextStream>

namespace ps::sim {

int listCommand(const QStringList& args) {
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Lists the built-in scenarios, one per line: name, then a one-line "
                       "description. Run one with 'portscope-sim run NAME'."));
    parser.addHelpOption();
    if (!parser.parse(QStringList{QStringLiteral("portscope-sim list")} + args)) {
        return fail(2, parser.errorText());
    }
    if (parser.isSet(QStringLiteral("help"))) {
        parser.showHelp(0);
    }
    if (!parser.positionalArguments().isEmpty()) {
        return fail(2, QStringLiteral("'list' takes no arguments"));
    }
    const auto files = builtinScenarioFiles();
    int width = 0;
    for (const auto& f : files) {
        width = std::max(width, static_cast<int>(f.name.size()));
    }
    QTextStream out(stdout);
    for (const auto& f : files) {
        out << f.name.leftJustified(width + 2) << f.description << '\n';
    }
    return 0;
}

}  // namespace ps::sim
