// Every built-in scenario against its golden summary (tests/e2e/golden/), and
// twice in a row against itself: the same scenario and seed must give the
// same trace, byte for byte, on every run and every machine.
//
// After an intended change of behaviour, regenerate the golden files with
//   PORTSCOPE_UPDATE_GOLDEN=1 build/tests/e2e/e2e_golden_tests
// and review the diff (git diff tests/e2e/golden) before committing it.
#include "app/ScenarioSummary.h"
#include "app/export/TraceSha256.h"
#include "app/scenario/AudioFileSource.h"
#include "app/scenario/BuiltinScenarioFiles.h"
#include "app/scenario/ScenarioLoader.h"
#include "model/scenario/ScenarioRun.h"

#include <gtest/gtest.h>

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>

#include <cctype>
#include <cstdlib>

namespace ps {
namespace {

struct RunResult {
    QJsonObject summary;  // stable part
    std::string sha256;
    std::string error;
};

RunResult runBuiltin(const QString& name) {
    RunResult result;
    const ScenarioLoadResult loaded = ScenarioLoader::loadBuiltin(name);
    if (!loaded.ok()) {
        result.error = loaded.errorText().toStdString();
        return result;
    }
    ScenarioRunHooks hooks;
    hooks.openFileSource = openAudioFileSource;
    TraceSha256 sha;  // outlives the run, whose teardown still records
    ScenarioRun run(*loaded.spec, hooks);
    run.machine().tracer().addSink(&sha);
    result.error = run.start();
    if (!result.error.empty()) {
        return result;
    }
    run.runToEnd();
    result.sha256 = sha.hex();
    result.summary =
        stableSummary(scenarioSummary(run, QString::fromStdString(result.sha256), RunTiming{}));
    return result;
}

QString goldenPath(const QString& name) {
    return QStringLiteral(PORTSCOPE_GOLDEN_DIR "/%1.json").arg(name);
}

class GoldenSummary : public ::testing::TestWithParam<QString> {};

TEST_P(GoldenSummary, MatchesTheCheckedInSummaryAndRepeatsItself) {
    const QString name = GetParam();
    const RunResult first = runBuiltin(name);
    ASSERT_EQ(first.error, "") << name.toStdString();
    const RunResult second = runBuiltin(name);
    ASSERT_EQ(second.error, "");
    EXPECT_EQ(first.sha256, second.sha256)
        << "two runs of " << name.toStdString() << " gave different traces";
    EXPECT_EQ(first.summary, second.summary);

    const QByteArray actual = QJsonDocument(first.summary).toJson(QJsonDocument::Indented);
    QFile file(goldenPath(name));
    if (std::getenv("PORTSCOPE_UPDATE_GOLDEN") != nullptr) {
        ASSERT_TRUE(file.open(QIODevice::WriteOnly | QIODevice::Truncate))
            << file.fileName().toStdString();
        file.write(actual);
        return;
    }
    ASSERT_TRUE(file.open(QIODevice::ReadOnly))
        << "no golden summary " << file.fileName().toStdString()
        << "; create it with PORTSCOPE_UPDATE_GOLDEN=1 build/tests/e2e/e2e_golden_tests";
    const QJsonObject golden = QJsonDocument::fromJson(file.readAll()).object();
    EXPECT_EQ(golden.value(QStringLiteral("trace_sha256")).toString().toStdString(), first.sha256)
        << name.toStdString() << ": the trace changed";
    EXPECT_EQ(QJsonDocument(golden).toJson(QJsonDocument::Indented).toStdString(),
              actual.toStdString())
        << name.toStdString() << ": the summary changed";
}

QList<QString> builtinNames() {
    QList<QString> names;
    for (const BuiltinScenarioFile& f : builtinScenarioFiles()) {
        names.append(f.name);
    }
    return names;
}

std::string paramName(const ::testing::TestParamInfo<QString>& info) {
    std::string s = info.param.toStdString();
    for (char& c : s) {
        if (!std::isalnum(static_cast<unsigned char>(c))) {
            c = '_';
        }
    }
    return s;
}

INSTANTIATE_TEST_SUITE_P(Builtin, GoldenSummary, ::testing::ValuesIn(builtinNames()), paramName);

TEST(GoldenFiles, EveryGoldenFileBelongsToABuiltinScenario) {
    const QStringList files =
        QDir(QStringLiteral(PORTSCOPE_GOLDEN_DIR)).entryList({QStringLiteral("*.json")});
    const QList<QString> names = builtinNames();
    for (const QString& f : files) {
        EXPECT_TRUE(names.contains(f.chopped(5))) << "stale golden file " << f.toStdString();
    }
}

}  // namespace
}  // namespace ps
