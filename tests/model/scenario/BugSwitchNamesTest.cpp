#include "model/scenario/BugSwitchNames.h"

#include <gtest/gtest.h>

#include <cctype>
#include <set>
#include <string>

namespace ps {
namespace {

TEST(BugSwitchNames, NamesAreUniquePerStackKebabCaseAndPointAtTheirStack) {
    std::set<std::pair<StackKind, std::string>> seen;
    for (const BugSwitchInfo& info : bugSwitches()) {
        const std::string name = info.name;
        EXPECT_TRUE(seen.insert({info.stack, name}).second) << name;
        for (char c : name) {
            EXPECT_TRUE(std::islower(static_cast<unsigned char>(c)) || c == '-') << name;
        }
        EXPECT_NE(std::string(info.description), "");
        EXPECT_EQ(info.wavepci != nullptr, info.stack == StackKind::WavePci) << name;
        EXPECT_EQ(info.wavert != nullptr, info.stack == StackKind::WaveRt) << name;
    }
    EXPECT_EQ(seen.size(), 16u);
}

TEST(BugSwitchNames, EachSwitchSetsExactlyItsOwnMember) {
    for (const BugSwitchInfo& info : bugSwitches()) {
        ScenarioSpec spec;
        EXPECT_FALSE(bugSwitchEnabled(spec, info)) << info.name;
        setBugSwitch(spec, info, true);
        EXPECT_TRUE(bugSwitchEnabled(spec, info)) << info.name;
        for (const BugSwitchInfo& other : bugSwitches()) {
            if (&other != &info) {
                EXPECT_FALSE(bugSwitchEnabled(spec, other)) << info.name << " set " << other.name;
            }
        }
    }
}

TEST(BugSwitchNames, FindsByStackAndName) {
    const BugSwitchInfo* pciSwitch = findBugSwitch(StackKind::WavePci, "forget-release-mapping");
    ASSERT_NE(pciSwitch, nullptr);
    EXPECT_EQ(pciSwitch->wavepci, &WavePciMiniportOptions::forgetReleaseMapping);
    EXPECT_EQ(findBugSwitch(StackKind::WaveRt, "forget-release-mapping"), nullptr);
    const BugSwitchInfo* rtSwitch =
        findBugSwitch(StackKind::WaveRt, "accept-set-format-while-running");
    ASSERT_NE(rtSwitch, nullptr);
    EXPECT_EQ(rtSwitch->wavert, &WaveRtMiniportOptions::acceptSetFormatWhileRunning);
    EXPECT_EQ(findBugSwitch(StackKind::WaveRt, "no-such-switch"), nullptr);
}

TEST(BugSwitchNames, PolicyNamesRoundTrip) {
    for (auto p :
         {WaveRtBufferSizePolicy::RoundUpToPages, WaveRtBufferSizePolicy::RoundDownToFrames}) {
        WaveRtBufferSizePolicy back = WaveRtBufferSizePolicy::RoundUpToPages;
        ASSERT_TRUE(waveRtBufferSizePolicyFromName(waveRtBufferSizePolicyName(p), &back));
        EXPECT_EQ(back, p);
    }
    for (auto p : {WaveRtNotificationPolicy::Strict, WaveRtNotificationPolicy::SampleDivisors}) {
        WaveRtNotificationPolicy back = WaveRtNotificationPolicy::Strict;
        ASSERT_TRUE(waveRtNotificationPolicyFromName(waveRtNotificationPolicyName(p), &back));
        EXPECT_EQ(back, p);
    }
    for (auto p : {WaveRtWriteOffsetPolicy::EqualsPlayOffset,
                   WaveRtWriteOffsetPolicy::PlayPlusEightFrames}) {
        WaveRtWriteOffsetPolicy back = WaveRtWriteOffsetPolicy::EqualsPlayOffset;
        ASSERT_TRUE(waveRtWriteOffsetPolicyFromName(waveRtWriteOffsetPolicyName(p), &back));
        EXPECT_EQ(back, p);
    }
    WaveRtNotificationPolicy untouched = WaveRtNotificationPolicy::SampleDivisors;
    EXPECT_FALSE(waveRtNotificationPolicyFromName("strict", &untouched));
    EXPECT_EQ(untouched, WaveRtNotificationPolicy::SampleDivisors);
}

}  // namespace
}  // namespace ps
