// Scheduler under heavy cancelling: events that cancel and reschedule others
// while they run (as a device model re-plans its next event, or a wait's
// timeout is cancelled by the signal) must run exactly as a plain ordered
// list of (due time, insertion order) says, and the queue holds pending
// events only.
#include "model/sim/Random.h"
#include "model/sim/Scheduler.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <functional>
#include <map>
#include <stdexcept>
#include <utility>
#include <vector>

namespace ps {
namespace {

// The reference: pending events by (due time, insertion number).
struct Reference {
    std::map<std::pair<TimeNs, std::uint64_t>, int> pending;
};

TEST(SchedulerCancel, RandomCancelsAndReschedulesFromEventsMatchAnOrderedList) {
    Scheduler s;
    Random random(7);
    Reference ref;
    std::uint64_t inserted = 0;
    std::vector<EventId> ids;                               // by event number
    std::vector<std::pair<TimeNs, std::uint64_t>> refKeys;  // by event number
    std::vector<int> ran;
    std::vector<int> expected;

    std::function<void(TimeNs)> add;
    auto body = [&](int n) {
        ran.push_back(n);
        // Each event cancels up to two others and schedules up to three more.
        for (int k = 0; k < 2 && !ids.empty(); ++k) {
            const auto victim = static_cast<std::size_t>(
                random.uniformInt(0, static_cast<std::int64_t>(ids.size()) - 1));
            const bool wasPending = ref.pending.erase(refKeys[victim]) != 0;
            EXPECT_EQ(s.cancel(ids[victim]), wasPending) << "event " << victim;
        }
        const std::int64_t more = random.uniformInt(0, 3);
        for (std::int64_t k = 0; k < more && ids.size() < 20'000; ++k) {
            add(s.now() + random.uniformInt(0, 2'000));
        }
    };
    add = [&](TimeNs atNs) {
        const int n = static_cast<int>(ids.size());
        ids.push_back(s.schedule(
            atNs, [&body, n] { body(n); }, "random"));
        refKeys.emplace_back(atNs, inserted++);
        ref.pending.emplace(refKeys.back(), n);
    };
    for (int i = 0; i < 200; ++i) {
        add(random.uniformInt(0, 5'000));
    }
    while (!ref.pending.empty()) {
        ASSERT_EQ(s.pendingCount(), ref.pending.size());
        ASSERT_EQ(s.nextEventTime(), ref.pending.begin()->first.first);
        const int next = ref.pending.begin()->second;
        ref.pending.erase(ref.pending.begin());
        expected.push_back(next);
        ASSERT_TRUE(s.step());
        ASSERT_EQ(ran.back(), next);
    }
    EXPECT_FALSE(s.step());
    EXPECT_EQ(s.pendingCount(), 0u);
    EXPECT_FALSE(s.nextEventTime().has_value());
    EXPECT_EQ(ran, expected);
    EXPECT_GT(ran.size(), 1'000u);
}

TEST(SchedulerCancel, AnEventRescheduledOverAndOverLeavesNothingBehind) {
    Scheduler s;
    int fired = 0;
    EventId far;
    // A far timeout, cancelled and scheduled again by each of 1,000 ticks,
    // as a wait's timeout is when its event is signalled every period.
    for (int tick = 1; tick <= 1'000; ++tick) {
        s.schedule(tick * 10, [&] {
            s.cancel(far);
            far = s.scheduleIn(100'000, [&] { ++fired; });
        });
    }
    s.runUntil(10'000);
    EXPECT_EQ(s.pendingCount(), 1u);
    ASSERT_TRUE(s.nextEventTime().has_value());
    EXPECT_EQ(*s.nextEventTime(), 10'000 + 100'000);
    EXPECT_EQ(s.runUntil(200'000), 1u);
    EXPECT_EQ(fired, 1);
}

TEST(SchedulerCancel, CallablesAreConstructedInTheirSlotAndDestroyedOnce) {
    Scheduler s;
    struct Counted {
        int* live;
        int* calls;
        explicit Counted(int* l, int* c) : live(l), calls(c) { ++*live; }
        Counted(const Counted& o) : live(o.live), calls(o.calls) { ++*live; }
        Counted(Counted&& o) noexcept : live(o.live), calls(o.calls) { ++*live; }
        ~Counted() { --*live; }
        void operator()() { ++*calls; }
    };
    int live = 0;
    int calls = 0;
    const EventId a = s.schedule(10, Counted(&live, &calls));
    s.schedule(20, Counted(&live, &calls));
    EXPECT_EQ(live, 2);
    EXPECT_TRUE(s.cancel(a));
    EXPECT_EQ(live, 1);
    s.runUntil(100);
    EXPECT_EQ(calls, 1);
    EXPECT_EQ(live, 0);
}

TEST(SchedulerCancel, ANullFunctionPointerIsRefused) {
    Scheduler s;
    void (*none)() = nullptr;
    EXPECT_THROW(s.schedule(1, none), std::logic_error);
    EXPECT_EQ(s.pendingCount(), 0u);
    int ran = 0;
    s.schedule(2, [&] { ++ran; });
    s.runUntil(2);
    EXPECT_EQ(ran, 1);
}

}  // namespace
}  // namespace ps
