// The commands of portscope-sim. Each takes the arguments after its name,
// parses them with its own QCommandLineParser (so `portscope-sim run --help`
// describes run) and returns the process exit status:
//   0  success
//   1  the run or its output failed (a file could not be written, the
//      scenario could not start)
//   2  bad input: command line, scenario file or scenario name
#pragma once

#include <QString>
#include <QStringList>

namespace ps::sim {

int runCommand(const QStringList& args);
int listCommand(const QStringList& args);
int benchCommand(const QStringList& args);

// Prints "portscope-sim: <message>" on stderr and returns code.
int fail(int code, const QString& message);
// --seconds: a number of seconds in (0, 1e6]; false (and *error) otherwise.
bool parseSeconds(const QString& text, double* seconds, QString* error);

}  // namespace ps::sim
