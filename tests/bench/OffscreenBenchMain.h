// The main() of a Google Benchmark program that measures Qt widgets: a
// QApplication on the offscreen platform (unless QT_QPA_PLATFORM names
// another), then the benchmarks given on the command line. Include it once,
// at the end of the program's only source file.
#pragma once

#include <QApplication>

#include <benchmark/benchmark.h>

int main(int argc, char** argv) {
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv))
        return 1;
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
