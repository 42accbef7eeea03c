#include "KernelFixture.h"

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

}  // namespace
}  // namespace ps
