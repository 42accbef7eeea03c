#include "model/ks/KsState.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace ps {
namespace {

using Path = std::vector<KSSTATE>;

TEST(KsState, ValuesMatchTheDdi) {
    EXPECT_EQ(static_cast<int>(KSSTATE_STOP), 0);
    EXPECT_EQ(static_cast<int>(KSSTATE_ACQUIRE), 1);
    EXPECT_EQ(static_cast<int>(KSSTATE_PAUSE), 2);
    EXPECT_EQ(static_cast<int>(KSSTATE_RUN), 3);
}

TEST(KsState, NamesAreTheDdiIdentifiers) {
    EXPECT_STREQ(ksStateName(KSSTATE_STOP), "KSSTATE_STOP");
    EXPECT_STREQ(ksStateName(KSSTATE_ACQUIRE), "KSSTATE_ACQUIRE");
    EXPECT_STREQ(ksStateName(KSSTATE_PAUSE), "KSSTATE_PAUSE");
    EXPECT_STREQ(ksStateName(KSSTATE_RUN), "KSSTATE_RUN");
    EXPECT_STREQ(ksStateName(static_cast<KSSTATE>(7)), "KSSTATE_<invalid>");
}

TEST(KsState, FromValueAcceptsOnlyTheFourStates) {
    EXPECT_EQ(ksStateFromValue(0), KSSTATE_STOP);
    EXPECT_EQ(ksStateFromValue(3), KSSTATE_RUN);
    EXPECT_FALSE(ksStateFromValue(4).has_value());
    EXPECT_FALSE(ksStateFromValue(0xFFFFFFFFu).has_value());
}

TEST(KsState, PathUpStepsThroughEveryState) {
    EXPECT_EQ(ksStatePath(KSSTATE_STOP, KSSTATE_RUN),
              (Path{KSSTATE_ACQUIRE, KSSTATE_PAUSE, KSSTATE_RUN}));
    EXPECT_EQ(ksStatePath(KSSTATE_STOP, KSSTATE_PAUSE), (Path{KSSTATE_ACQUIRE, KSSTATE_PAUSE}));
    EXPECT_EQ(ksStatePath(KSSTATE_ACQUIRE, KSSTATE_RUN), (Path{KSSTATE_PAUSE, KSSTATE_RUN}));
    EXPECT_EQ(ksStatePath(KSSTATE_PAUSE, KSSTATE_RUN), (Path{KSSTATE_RUN}));
}

TEST(KsState, PathDownStepsThroughEveryState) {
    EXPECT_EQ(ksStatePath(KSSTATE_RUN, KSSTATE_STOP),
              (Path{KSSTATE_PAUSE, KSSTATE_ACQUIRE, KSSTATE_STOP}));
    EXPECT_EQ(ksStatePath(KSSTATE_RUN, KSSTATE_ACQUIRE), (Path{KSSTATE_PAUSE, KSSTATE_ACQUIRE}));
    EXPECT_EQ(ksStatePath(KSSTATE_PAUSE, KSSTATE_STOP), (Path{KSSTATE_ACQUIRE, KSSTATE_STOP}));
    EXPECT_EQ(ksStatePath(KSSTATE_ACQUIRE, KSSTATE_STOP), (Path{KSSTATE_STOP}));
}

TEST(KsState, SameStateGivesEmptyPath) {
    for (KSSTATE s : {KSSTATE_STOP, KSSTATE_ACQUIRE, KSSTATE_PAUSE, KSSTATE_RUN}) {
        EXPECT_TRUE(ksStatePath(s, s).empty()) << ksStateName(s);
    }
}

TEST(KsState, EveryPathIsMadeOfSingleStepsAndEndsAtTarget) {
    const KSSTATE all[] = {KSSTATE_STOP, KSSTATE_ACQUIRE, KSSTATE_PAUSE, KSSTATE_RUN};
    for (KSSTATE from : all) {
        for (KSSTATE to : all) {
            const Path path = ksStatePath(from, to);
            const int distance = static_cast<int>(to) - static_cast<int>(from);
            ASSERT_EQ(path.size(), static_cast<std::size_t>(distance < 0 ? -distance : distance));
            KSSTATE current = from;
            for (KSSTATE next : path) {
                EXPECT_TRUE(isSingleStep(current, next))
                    << ksStateName(current) << " -> " << ksStateName(next);
                current = next;
            }
            EXPECT_EQ(current, to);
        }
    }
}

TEST(KsState, SingleStepIsExactlyOneApart) {
    EXPECT_TRUE(isSingleStep(KSSTATE_STOP, KSSTATE_ACQUIRE));
    EXPECT_TRUE(isSingleStep(KSSTATE_RUN, KSSTATE_PAUSE));
    EXPECT_TRUE(isSingleStep(KSSTATE_ACQUIRE, KSSTATE_STOP));
    EXPECT_FALSE(isSingleStep(KSSTATE_STOP, KSSTATE_PAUSE));
    EXPECT_FALSE(isSingleStep(KSSTATE_STOP, KSSTATE_RUN));
    EXPECT_FALSE(isSingleStep(KSSTATE_RUN, KSSTATE_ACQUIRE));
    EXPECT_FALSE(isSingleStep(KSSTATE_PAUSE, KSSTATE_PAUSE));
}

}  // namespace
}  // namespace ps
