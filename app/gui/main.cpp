// portscope: the GUI inspector.
//
//   portscope [SCENARIO] [--run-for SECONDS] [--screenshot FILE.png]
//
// With --run-for the scenario is advanced by that much simulated time at once;
// with --screenshot the window is rendered to FILE.png and the program exits.
#include "app/BuiltinScenarios.h"
#include "app/gui/MainWindow.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QPixmap>
#include <QTextStream>

namespace {

int fail(const QString& message) {
    QTextStream(stderr) << "portscope: " << message << '\n';
    return 2;
}

}  // namespace

int main(int argc, char** argv) {
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
                                 QStringLiteral("Built-in scenario to open (default %1).")
                                     .arg(ps::defaultBuiltinScenario()));
    parser.addOption({QStringLiteral("run-for"),
                      QStringLiteral("Advance the scenario by SECONDS of simulated time at start."),
                      QStringLiteral("SECONDS")});
    parser.addOption({QStringLiteral("screenshot"),
                      QStringLiteral("Render the window to FILE.png and exit."),
                      QStringLiteral("FILE")});
    parser.process(app);

    const QStringList args = parser.positionalArguments();
    if (args.size() > 1) {
        return fail(QStringLiteral("at most one SCENARIO may be given"));
    }
    const QString name = args.isEmpty() ? ps::defaultBuiltinScenario() : args.first();
    auto run = ps::startBuiltin(name);
    if (!run) {
        return fail(QStringLiteral("unknown scenario '%1'").arg(name));
    }
    ps::MainWindow window(name, std::move(run));
    window.resize(1200, 800);
    if (parser.isSet(QStringLiteral("run-for"))) {
        bool ok = false;
        const double seconds = parser.value(QStringLiteral("run-for")).toDouble(&ok);
        if (!ok || seconds < 0 || seconds > 1e6) {
            return fail(QStringLiteral("--run-for needs a number of seconds, got '%1'")
                            .arg(parser.value(QStringLiteral("run-for"))));
        }
        window.advanceBy(static_cast<ps::TimeNs>(seconds * 1e9));
    }
    if (parser.isSet(QStringLiteral("screenshot"))) {
        const QString file = parser.value(QStringLiteral("screenshot"));
        if (!window.grab().save(file, "PNG")) {
            return fail(QStringLiteral("could not write the screenshot to '%1'").arg(file));
        }
        return 0;
    }
    window.show();
    return app.exec();
}
