#include "app/scenario/BuiltinScenarioFiles.h"
#include "app/scenario/ScenarioLoader.h"
#include "model/scenario/BugSwitchNames.h"

#include <gtest/gtest.h>

#include <set>

namespace ps {
namespace {

TEST(BuiltinScenarioFiles, ThereAreTenToTwentyFourSortedWithOneLineDescriptions) {
    const QList<BuiltinScenarioFile> files = builtinScenarioFiles();
    EXPECT_GE(files.size(), 10);
    EXPECT_LE(files.size(), 24);  // a list to pick from, and goldens quick to check
    for (int i = 0; i < files.size(); ++i) {
        EXPECT_FALSE(files[i].description.isEmpty()) << files[i].name.toStdString();
        EXPECT_FALSE(files[i].description.contains(QLatin1Char('\n')));
        if (i > 0) {
            EXPECT_LT(files[i - 1].name, files[i].name);
        }
    }
    BuiltinScenarioFile found;
    ASSERT_TRUE(findBuiltinScenarioFile(QStringLiteral("wavert-event-render"), &found));
    EXPECT_TRUE(found.text.contains("\"wavert\""));
    EXPECT_FALSE(findBuiltinScenarioFile(QStringLiteral("nope"), &found));
}

TEST(BuiltinScenarioFiles, EveryOneLoadsAndRunsOneToFiveSeconds) {
    for (const BuiltinScenarioFile& file : builtinScenarioFiles()) {
        const ScenarioLoadResult r = ScenarioLoader::loadBuiltin(file.name);
        ASSERT_TRUE(r.ok()) << r.errorText().toStdString();
        EXPECT_EQ(QString::fromStdString(r.spec->name), file.name);
        EXPECT_GE(r.spec->durationNs, secondsToNs(1)) << file.name.toStdString();
        EXPECT_LE(r.spec->durationNs, secondsToNs(5)) << file.name.toStdString();
        EXPECT_TRUE(ScenarioLoader::loadPathOrBuiltin(file.name).ok());
    }
}

// The set covers each stack and direction, both WaveRT modes, every action
// and fault kind, bug switches on both stacks, every OS version and
// interference on a machine with and without the stream resource manager,
// and adapters that idle into D3 (so streams start there) on both stacks.
TEST(BuiltinScenarioFiles, CoverEveryStackModeActionFaultAndOsVersion) {
    std::set<std::pair<StackKind, StreamDirection>> stackDirections;
    std::set<WaveRtStreamingMode> modes;
    std::set<ActionKind> actions;
    std::set<FaultKind> faults;
    std::set<OsVersion> versions;
    std::set<OsVersion> interferenceVersions;
    std::set<StackKind> bugStacks;
    bool multiStack = false;
    std::set<StackKind> idlingStacks;
    for (const BuiltinScenarioFile& file : builtinScenarioFiles()) {
        const ScenarioLoadResult r = ScenarioLoader::loadBuiltin(file.name);
        ASSERT_TRUE(r.ok());
        const ScenarioSpec& s = *r.spec;
        std::set<StackKind> stacks;
        for (const StreamSpec& stream : s.streams) {
            stackDirections.insert({stream.stack, stream.direction});
            stacks.insert(stream.stack);
            if (stream.stack == StackKind::WaveRt) {
                modes.insert(stream.wavert.mode);
            }
        }
        multiStack = multiStack || stacks.size() == 2;
        if (s.power.idleTimeoutNs > 0 && s.power.exitLatency != PcExitLatencyInstant) {
            idlingStacks.insert(stacks.begin(), stacks.end());
        }
        for (const ActionSpec& a : s.actions) {
            actions.insert(a.kind);
        }
        for (const FaultSpec& f : s.faults) {
            faults.insert(f.kind);
        }
        versions.insert(s.osVersion);
        if (s.interference.enabled) {
            interferenceVersions.insert(s.osVersion);
        }
        for (const BugSwitchInfo& info : bugSwitches()) {
            if (bugSwitchEnabled(s, info)) {
                bugStacks.insert(info.stack);
            }
        }
    }
    EXPECT_EQ(stackDirections.size(), 4u);
    EXPECT_EQ(modes.size(), 2u);
    EXPECT_EQ(actions.size(), 6u);
    EXPECT_EQ(faults.size(), 5u);
    EXPECT_EQ(versions.size(), 3u);
    EXPECT_TRUE(interferenceVersions.count(OsVersion::Windows81));
    EXPECT_TRUE(interferenceVersions.count(OsVersion::Windows10V1511));
    EXPECT_EQ(bugStacks.size(), 2u);
    EXPECT_TRUE(multiStack);
    EXPECT_EQ(idlingStacks.size(), 2u);
}

}  // namespace
}  // namespace ps
