// The scenario-file names of the miniports' bug switches and policies, with a
// one-line description each: the table ScenarioLoader parses
// "wavepci_miniport.bugs" / "wavert_miniport.bugs" with and that a view lists.
//
// A bug switch is a bool member of WavePciMiniportOptions or
// WaveRtMiniportOptions; each row points at it. Adding a switch to either
// options struct means adding one row to the table in BugSwitchNames.cpp
// (tests/model/scenario/BugSwitchNamesTest.cpp checks names are unique and
// kebab-case).
//
// Policy names are the ones waveRt*PolicyName() prints ("RoundUpToPages");
// the *FromName functions are their inverses.
#pragma once

#include "model/miniports/WavePciMiniportOptions.h"
#include "model/miniports/WaveRtMiniportOptions.h"
#include "model/scenario/ScenarioSpec.h"

#include <string_view>
#include <vector>

namespace ps {

struct BugSwitchInfo {
    const char* name;         // "forget-release-mapping": kebab-case, unique per stack
    StackKind stack;          // whose miniport has it
    const char* description;  // one line
    // Exactly one of the two is set, the one of `stack`.
    bool WavePciMiniportOptions::*wavepci = nullptr;
    bool WaveRtMiniportOptions::*wavert = nullptr;
};

// Every bug switch of both miniports, WavePci first, each in the order its
// options struct declares them.
const std::vector<BugSwitchInfo>& bugSwitches();
// nullptr when `stack`'s miniport has no switch of that name.
const BugSwitchInfo* findBugSwitch(StackKind stack, std::string_view name);

// Reads or sets the switch in the spec's options of the switch's stack.
bool bugSwitchEnabled(const ScenarioSpec& spec, const BugSwitchInfo& info);
void setBugSwitch(ScenarioSpec& spec, const BugSwitchInfo& info, bool enabled);

// Inverses of waveRt*PolicyName(); false (and *policy untouched) for any
// other name.
bool waveRtBufferSizePolicyFromName(std::string_view name, WaveRtBufferSizePolicy* policy);
bool waveRtNotificationPolicyFromName(std::string_view name, WaveRtNotificationPolicy* policy);
bool waveRtWriteOffsetPolicyFromName(std::string_view name, WaveRtWriteOffsetPolicy* policy);

}  // namespace ps
