#include "model/sim/Scheduler.h"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <vector>

namespace ps {
namespace {

TEST(Scheduler, RunsEventsInTimeOrder) {
    Scheduler s;
    std::vector<int> order;
    s.schedule(300, [&] { order.push_back(3); });
    s.schedule(100, [&] { order.push_back(1); });
    s.schedule(200, [&] { order.push_back(2); });
    EXPECT_EQ(s.runUntil(1000), 3u);
    EXPECT_EQ(order, (std::vector<int>{1, 2, 3}));
    EXPECT_EQ(s.now(), 1000);
}

TEST(Scheduler, EqualTimesRunFirstInFirstOut) {
    Scheduler s;
    std::vector<int> order;
    for (int i = 0; i < 50; ++i) {
        s.schedule(42, [&order, i] { order.push_back(i); });
    }
    s.runUntil(42);
    ASSERT_EQ(order.size(), 50u);
    for (int i = 0; i < 50; ++i) {
        EXPECT_EQ(order[static_cast<std::size_t>(i)], i);
    }
}

TEST(Scheduler, EventScheduledAtNowRunsAfterAlreadyQueuedEventsOfThatTime) {
    Scheduler s;
    std::vector<std::string> order;
    s.schedule(10, [&] {
        order.push_back("a");
        s.schedule(10, [&] { order.push_back("c"); });
    });
    s.schedule(10, [&] { order.push_back("b"); });
    s.runUntil(10);
    EXPECT_EQ(order, (std::vector<std::string>{"a", "b", "c"}));
}

TEST(Scheduler, StepRunsExactlyOneEventAndAdvancesTimeToIt) {
    Scheduler s;
    int ran = 0;
    s.schedule(5, [&] { ++ran; });
    s.schedule(7, [&] { ++ran; });
    EXPECT_TRUE(s.step());
    EXPECT_EQ(ran, 1);
    EXPECT_EQ(s.now(), 5);
    EXPECT_EQ(s.executedCount(), 1u);
    EXPECT_TRUE(s.step());
    EXPECT_EQ(s.now(), 7);
    EXPECT_FALSE(s.step());
    EXPECT_EQ(s.now(), 7);
}

TEST(Scheduler, RunUntilStopsAtBoundaryInclusive) {
    Scheduler s;
    std::vector<TimeNs> at;
    for (TimeNs t : {10, 20, 30}) {
        s.schedule(t, [&at, &s] { at.push_back(s.now()); });
    }
    EXPECT_EQ(s.runUntil(20), 2u);
    EXPECT_EQ(at, (std::vector<TimeNs>{10, 20}));
    EXPECT_EQ(s.pendingCount(), 1u);
    EXPECT_EQ(s.nextEventTime().value(), 30);
}

TEST(Scheduler, CancelledEventNeverRuns) {
    Scheduler s;
    int ran = 0;
    EventId a = s.schedule(10, [&] { ran += 1; });
    EventId b = s.schedule(20, [&] { ran += 10; });
    EXPECT_TRUE(s.isPending(a));
    EXPECT_TRUE(s.cancel(a));
    EXPECT_FALSE(s.isPending(a));
    EXPECT_FALSE(s.cancel(a)) << "second cancel is a no-op";
    EXPECT_EQ(s.pendingCount(), 1u);
    s.runUntil(100);
    EXPECT_EQ(ran, 10);
    EXPECT_FALSE(s.cancel(b)) << "cancelling an event that ran is a no-op";
    EXPECT_FALSE(s.cancel(EventId())) << "default id refers to nothing";
}

TEST(Scheduler, StaleHandleDoesNotCancelEventThatReusedItsSlot) {
    Scheduler s;
    int ran = 0;
    EventId a = s.schedule(10, [&] { ran += 1; });
    ASSERT_TRUE(s.cancel(a));
    EventId b = s.schedule(10, [&] { ran += 2; });  // likely reuses a's slot
    EXPECT_NE(a, b);
    EXPECT_FALSE(s.cancel(a));
    EXPECT_TRUE(s.isPending(b));
    s.runUntil(10);
    EXPECT_EQ(ran, 2);
}

TEST(Scheduler, EventCanCancelAnotherDueAtSameTime) {
    Scheduler s;
    int ran = 0;
    EventId second;
    s.schedule(10, [&] { s.cancel(second); });
    second = s.schedule(10, [&] { ++ran; });
    s.runUntil(10);
    EXPECT_EQ(ran, 0);
    EXPECT_EQ(s.executedCount(), 1u);
}

TEST(Scheduler, SchedulingInThePastIsRefused) {
    Scheduler s;
    s.runUntil(100);
    EXPECT_THROW(s.schedule(99, [] {}), std::logic_error);
    EXPECT_THROW(s.scheduleIn(-1, [] {}), std::logic_error);
    EXPECT_THROW(s.schedule(100, Scheduler::Callback()), std::logic_error);
    EXPECT_EQ(s.pendingCount(), 0u);
}

TEST(Scheduler, PreEventHookSeesIndexTimeAndLabelBeforeEachEvent) {
    Scheduler s;
    std::vector<EventInfo> seen;
    std::vector<std::string> log;
    s.setPreEventHook([&](const EventInfo& info) {
        seen.push_back(info);
        log.push_back(std::string("hook:") + info.label);
    });
    s.schedule(
        5, [&] { log.push_back("dma"); }, "dma burst");
    s.schedule(
        9, [&] { log.push_back("isr"); }, "isr");
    s.runUntil(10);
    ASSERT_EQ(seen.size(), 2u);
    EXPECT_EQ(seen[0].index, 0u);
    EXPECT_EQ(seen[0].timeNs, 5);
    EXPECT_STREQ(seen[0].label, "dma burst");
    EXPECT_EQ(seen[1].index, 1u);
    EXPECT_EQ(seen[1].timeNs, 9);
    EXPECT_EQ(log, (std::vector<std::string>{"hook:dma burst", "dma", "hook:isr", "isr"}));
}

TEST(Scheduler, ManyInterleavedSchedulesAndCancelsKeepOrder) {
    Scheduler s;
    std::vector<std::pair<TimeNs, int>> ran;
    std::vector<EventId> ids;
    for (int i = 0; i < 2000; ++i) {
        const TimeNs t = (i * 7919) % 613;
        ids.push_back(s.schedule(t, [&ran, &s, i] { ran.emplace_back(s.now(), i); }));
    }
    for (std::size_t i = 0; i < ids.size(); i += 3) {
        s.cancel(ids[i]);
    }
    s.runUntil(10'000);
    ASSERT_EQ(ran.size(), 2000u - 667u);
    for (std::size_t i = 1; i < ran.size(); ++i) {
        ASSERT_TRUE(ran[i - 1].first < ran[i].first ||
                    (ran[i - 1].first == ran[i].first && ran[i - 1].second < ran[i].second))
            << "at " << i;
        ASSERT_NE(ran[i].second % 3, 0);
    }
}

}  // namespace
}  // namespace ps
