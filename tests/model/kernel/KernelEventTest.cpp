#include "KernelFixture.h"

#include <memory>
#include <string>
#include <vector>

namespace ps {
namespace {

using KernelEvent = KernelFixture;

TEST_F(KernelEvent, NotificationEventReleasesAllWaitersInOrderAndStaysSignalled) {
    KEVENT event;
    kernel.KeInitializeEvent(&event, NotificationEvent, FALSE, "buffer event");
    std::vector<std::string> log;
    for (const char* who : {"a", "b", "c"}) {
        kernel.waitForEvent(&event, [&log, who](NTSTATUS s) {
            log.push_back(std::string(who) + (s == STATUS_SUCCESS ? ":ok" : ":?"));
        });
    }
    scheduler.runUntil(100);
    EXPECT_TRUE(log.empty());
    scheduler.schedule(200, [&] {
        EXPECT_EQ(kernel.KeSetEvent(&event, 0, FALSE), 0);
        log.push_back("set");
    });
    scheduler.runUntil(300);
    EXPECT_EQ(log, (std::vector<std::string>{"set", "a:ok", "b:ok", "c:ok"}));
    EXPECT_EQ(kernel.KeReadStateEvent(&event), 1);
    // Still signalled: a new waiter passes at once.
    bool passed = false;
    kernel.waitForEvent(&event, [&](NTSTATUS) { passed = true; });
    scheduler.runUntil(300);
    EXPECT_TRUE(passed);
    EXPECT_EQ(kernel.KeResetEvent(&event), 1);
    EXPECT_EQ(kernel.KeReadStateEvent(&event), 0);
}

TEST_F(KernelEvent, SynchronizationEventReleasesOneWaiterPerSetAndAutoResets) {
    KEVENT event;
    kernel.KeInitializeEvent(&event, SynchronizationEvent, FALSE);
    std::vector<int> woke;
    for (int i = 0; i < 3; ++i) {
        kernel.waitForEvent(&event, [&woke, i](NTSTATUS) { woke.push_back(i); });
    }
    kernel.KeSetEvent(&event);
    scheduler.runUntil(10);
    EXPECT_EQ(woke, (std::vector<int>{0}));
    EXPECT_EQ(kernel.KeReadStateEvent(&event), 0);
    kernel.KeSetEvent(&event);
    kernel.KeSetEvent(&event);
    scheduler.runUntil(20);
    EXPECT_EQ(woke, (std::vector<int>{0, 1, 2}));
    // Set with nobody waiting: stays signalled until one waiter consumes it.
    kernel.KeSetEvent(&event);
    EXPECT_EQ(kernel.KeReadStateEvent(&event), 1);
    kernel.waitForEvent(&event, [&](NTSTATUS) { woke.push_back(9); });
    EXPECT_EQ(kernel.KeReadStateEvent(&event), 0);
    scheduler.runUntil(30);
    EXPECT_EQ(woke.back(), 9);
}

TEST_F(KernelEvent, WaitTimesOutAndCanBeCancelled) {
    KEVENT event;
    kernel.KeInitializeEvent(&event, NotificationEvent, FALSE);
    NTSTATUS result = STATUS_PENDING;
    TimeNs at = 0;
    kernel.waitForEvent(
        &event,
        [&](NTSTATUS s) {
            result = s;
            at = scheduler.now();
        },
        msToNs(5));
    bool cancelledRan = false;
    const auto id = kernel.waitForEvent(&event, [&](NTSTATUS) { cancelledRan = true; });
    EXPECT_TRUE(kernel.cancelWait(&event, id));
    EXPECT_FALSE(kernel.cancelWait(&event, id));
    scheduler.runUntil(msToNs(10));
    EXPECT_EQ(result, STATUS_TIMEOUT);
    EXPECT_EQ(at, msToNs(5));
    kernel.KeSetEvent(&event);
    scheduler.runUntil(msToNs(20));
    EXPECT_FALSE(cancelledRan);
}

TEST_F(KernelEvent, DestroyedEventTakesItsWaitersAlong) {
    bool ran = false;
    {
        KEVENT event;
        kernel.KeInitializeEvent(&event, NotificationEvent, FALSE);
        kernel.waitForEvent(
            &event, [&](NTSTATUS) { ran = true; }, msToNs(1));
    }
    scheduler.runUntil(msToNs(5));
    EXPECT_FALSE(ran);
}

// A continuation may own what it needs (here a shared_ptr and a move-only
// unique_ptr, more than libstdc++'s std::function keeps inline): it runs once
// and is destroyed once, whether the wait is satisfied, times out, is
// cancelled or its event goes away.
TEST_F(KernelEvent, WaitContinuationsOwnTheirStateAndAreDestroyedOnce) {
    auto token = std::make_shared<int>(0);
    std::vector<NTSTATUS> results;
    const auto wait = [&](KEVENT* event, TimeNs timeoutNs) {
        return kernel.waitForEvent(
            event,
            [token, owned = std::make_unique<int>(7), &results](NTSTATUS s) {
                results.push_back(s);
                *token += *owned;
            },
            timeoutNs);
    };
    KEVENT event;
    kernel.KeInitializeEvent(&event, NotificationEvent, FALSE);
    wait(&event, msToNs(5));                         // satisfied by the set at 1 ms
    const auto cancelled = wait(&event, msToNs(5));  // cancelled
    EXPECT_EQ(token.use_count(), 3);
    EXPECT_TRUE(kernel.cancelWait(&event, cancelled));
    EXPECT_EQ(token.use_count(), 2);
    scheduler.schedule(msToNs(1), [&] { kernel.KeSetEvent(&event); });
    scheduler.runUntil(msToNs(2));
    EXPECT_EQ(results, (std::vector<NTSTATUS>{STATUS_SUCCESS}));
    EXPECT_EQ(token.use_count(), 1);
    kernel.KeResetEvent(&event);
    wait(&event, msToNs(1));  // times out at 3 ms
    scheduler.runUntil(msToNs(4));
    EXPECT_EQ(results, (std::vector<NTSTATUS>{STATUS_SUCCESS, STATUS_TIMEOUT}));
    EXPECT_EQ(*token, 14);
    EXPECT_EQ(token.use_count(), 1);
    {
        KEVENT gone;
        kernel.KeInitializeEvent(&gone, SynchronizationEvent, FALSE);
        wait(&gone, msToNs(1));
        EXPECT_EQ(token.use_count(), 2);
    }
    EXPECT_EQ(token.use_count(), 1);
    scheduler.runUntil(msToNs(10));
    EXPECT_EQ(results.size(), 2u);
    EXPECT_TRUE(scheduler.pendingCount() == 0);
}

}  // namespace
}  // namespace ps
