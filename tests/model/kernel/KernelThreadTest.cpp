// Driver-owned system threads and the interference model: thread context,
// waits, termination, and which DPC drains and wakeups interference delays.
#include "model/kernel/Kernel.h"

#include <gtest/gtest.h>

#include <vector>

namespace ps {
namespace {

struct ThreadProbe {
    Kernel* kernel = nullptr;
    KEVENT event;
    std::vector<PETHREAD> seenThreads;
    std::vector<TimeNs> wakeTimes;
    std::vector<std::int32_t> statuses;
    TimeNs timeoutNs = -1;

    static void Start(PVOID context) {
        auto* self = static_cast<ThreadProbe*>(context);
        self->seenThreads.push_back(self->kernel->PsGetCurrentThread());
        self->waitAgain();
    }
    void waitAgain() {
        kernel->KeWaitForSingleObjectInThread(&event, timeoutNs, [this](std::int32_t status) {
            seenThreads.push_back(kernel->PsGetCurrentThread());
            wakeTimes.push_back(kernel->scheduler().now());
            statuses.push_back(status);
            waitAgain();
        });
    }
};

KernelConfig interferingConfig(double threadProbability, double dpcProbability) {
    KernelConfig c;
    c.seed = 11;
    c.interference.enabled = true;
    c.interference.thread = {threadProbability, 1'000'000, 1'000'000};
    c.interference.dpc = {dpcProbability, 1'000'000, 1'000'000};
    return c;
}

TEST(KernelThread, StartRoutineAndContinuationsRunInTheThread) {
    Scheduler scheduler;
    Tracer tracer(scheduler, 1024);
    Kernel kernel(scheduler, tracer);
    ThreadProbe probe;
    probe.kernel = &kernel;
    kernel.KeInitializeEvent(&probe.event, SynchronizationEvent, FALSE, "probe event");
    PETHREAD thread = nullptr;
    ASSERT_EQ(kernel.PsCreateSystemThread(&thread, &ThreadProbe::Start, &probe, "probe"),
              STATUS_SUCCESS);
    ASSERT_NE(thread, nullptr);
    EXPECT_TRUE(thread->driverOwned);
    PETHREAD outside = kernel.PsGetCurrentThread();
    EXPECT_NE(outside, thread);
    EXPECT_FALSE(outside->driverOwned);

    scheduler.runUntil(1'000);
    ASSERT_EQ(probe.seenThreads.size(), 1u);
    EXPECT_EQ(probe.seenThreads[0], thread);
    EXPECT_EQ(kernel.PsGetCurrentThread(), outside) << "back on the system worker";

    scheduler.scheduleIn(5'000, [&] { kernel.KeSetEvent(&probe.event, 0, FALSE); });
    scheduler.runUntil(20'000);
    ASSERT_EQ(probe.wakeTimes.size(), 1u);
    EXPECT_EQ(probe.wakeTimes[0], 6'000);
    EXPECT_EQ(probe.statuses[0], STATUS_SUCCESS);
    EXPECT_EQ(probe.seenThreads[1], thread);
    EXPECT_EQ(thread->wakeups, 1u);

    kernel.PsTerminateSystemThread(thread);
    EXPECT_TRUE(thread->terminated);
    kernel.KeSetEvent(&probe.event, 0, FALSE);
    scheduler.runUntil(40'000);
    EXPECT_EQ(probe.wakeTimes.size(), 1u) << "a terminated thread never runs again";
    kernel.PsTerminateSystemThread(thread);  // twice: a violation, no crash
}

TEST(KernelThread, ThreadsAndPlainWaitersShareAnEventInArrivalOrder) {
    Scheduler scheduler;
    Tracer tracer(scheduler, 1024);
    Kernel kernel(scheduler, tracer);
    KEVENT event;
    kernel.KeInitializeEvent(&event, NotificationEvent, FALSE, "shared event");
    std::vector<int> order;
    // Thread A waits first (with a timeout that never fires), then a plain
    // waiter, then thread B: one set releases all three, in that order.
    struct Waiter {
        Kernel* kernel;
        KEVENT* event;
        std::vector<int>* order;
        int name;
        TimeNs timeoutNs;
        std::int32_t status = -1;
        static void Start(PVOID context) {
            auto* self = static_cast<Waiter*>(context);
            self->kernel->KeWaitForSingleObjectInThread(self->event, self->timeoutNs,
                                                        [self](std::int32_t s) {
                                                            self->status = s;
                                                            self->order->push_back(self->name);
                                                        });
        }
    };
    Waiter a{&kernel, &event, &order, 1, 50'000};
    Waiter b{&kernel, &event, &order, 3, -1};
    PETHREAD threadA = nullptr;
    PETHREAD threadB = nullptr;
    ASSERT_EQ(kernel.PsCreateSystemThread(&threadA, &Waiter::Start, &a, "A"), STATUS_SUCCESS);
    scheduler.runUntil(100);
    kernel.waitForEvent(&event, [&](std::int32_t) { order.push_back(2); });
    ASSERT_EQ(kernel.PsCreateSystemThread(&threadB, &Waiter::Start, &b, "B"), STATUS_SUCCESS);
    scheduler.runUntil(200);
    EXPECT_EQ(event.waiters.size(), 3u);
    scheduler.scheduleIn(1'000, [&] { kernel.KeSetEvent(&event, 0, FALSE); });
    scheduler.runUntil(100'000);
    EXPECT_EQ(order, (std::vector<int>{1, 2, 3}));
    EXPECT_EQ(a.status, STATUS_SUCCESS) << "released before its timeout";
    EXPECT_EQ(b.status, STATUS_SUCCESS);
    EXPECT_TRUE(event.waiters.empty());

    // A thread ended after its wakeup was scheduled but before it ran does
    // not run.
    kernel.KeResetEvent(&event);
    order.clear();
    Waiter c{&kernel, &event, &order, 4, -1};
    PETHREAD threadC = nullptr;
    ASSERT_EQ(kernel.PsCreateSystemThread(&threadC, &Waiter::Start, &c, "C"), STATUS_SUCCESS);
    scheduler.runUntil(101'000);
    kernel.KeSetEvent(&event, 0, FALSE);
    kernel.PsTerminateSystemThread(threadC);
    scheduler.runUntil(200'000);
    EXPECT_TRUE(order.empty());
    EXPECT_EQ(c.status, -1);
}

TEST(KernelThread, WaitOutsideADriverThreadIsRefused) {
    Scheduler scheduler;
    Tracer tracer(scheduler, 1024);
    Kernel kernel(scheduler, tracer);
    KEVENT event;
    kernel.KeInitializeEvent(&event, NotificationEvent, FALSE);
    EXPECT_FALSE(kernel.KeWaitForSingleObjectInThread(&event, -1, [](std::int32_t) {}));
    PETHREAD none = nullptr;
    EXPECT_EQ(kernel.PsCreateSystemThread(&none, nullptr, nullptr), STATUS_INVALID_PARAMETER);
    EXPECT_EQ(kernel.PsCreateSystemThread(
                  nullptr, [](PVOID) {}, nullptr),
              STATUS_INVALID_PARAMETER);
}

TEST(KernelThread, InterferenceDelaysWakeupsUnlessShieldedDuringLowLatency) {
    Scheduler scheduler;
    Tracer tracer(scheduler, 4096);
    Kernel kernel(scheduler, tracer, interferingConfig(1.0, 0.0));
    ThreadProbe probe;
    probe.kernel = &kernel;
    probe.timeoutNs = 2'000'000;  // a periodic thread: wakes every 2 ms
    kernel.KeInitializeEvent(&probe.event, SynchronizationEvent, FALSE);
    PETHREAD thread = nullptr;
    ASSERT_EQ(kernel.PsCreateSystemThread(&thread, &ThreadProbe::Start, &probe, "periodic"),
              STATUS_SUCCESS);

    // Unshielded: every wakeup comes 1 ms late (probability 1).
    scheduler.runUntil(10'000'000);
    ASSERT_EQ(probe.wakeTimes.size(), 3u);
    EXPECT_EQ(probe.wakeTimes[0], 3'000'000);
    EXPECT_EQ(probe.wakeTimes[1], 6'000'000);
    EXPECT_EQ(probe.statuses[0], STATUS_TIMEOUT);
    EXPECT_EQ(thread->delayedWakeups, 3u);

    // Registered but no low-latency stream: still delayed.
    kernel.setStreamResourceShielded(thread, true);
    const std::size_t before = probe.wakeTimes.size();
    scheduler.runUntil(19'500'000);  // wakes at 12, 15, 18 ms; the next wait ends at 20
    EXPECT_EQ(kernel.interferenceCounters().threadShielded, 0u);
    EXPECT_GT(probe.wakeTimes.size(), before);

    // Registered while a low-latency stream runs: on time.
    kernel.lowLatencyStreamStarted();
    const TimeNs last = probe.wakeTimes.back();
    scheduler.runUntil(last + 3'000'000 + 1);  // the wait armed at `last` expires in 2 ms
    EXPECT_EQ(probe.wakeTimes.back(), last + 2'000'000);
    EXPECT_GT(kernel.interferenceCounters().threadShielded, 0u);
    kernel.lowLatencyStreamStopped();
    kernel.setStreamResourceShielded(thread, false);
    EXPECT_FALSE(kernel.isStreamResourceShielded(thread));
    kernel.PsTerminateSystemThread(thread);
}

struct IsrContext {
    Kernel* kernel;
    KDPC* dpc;
    std::vector<TimeNs>* dpcRuns;
};

TEST(KernelThread, DpcOfAShieldedInterruptIsNotDelayed) {
    Scheduler scheduler;
    Tracer tracer(scheduler, 4096);
    Kernel kernel(scheduler, tracer, interferingConfig(0.0, 1.0));
    std::vector<TimeNs> dpcRuns;
    KDPC dpc;
    IsrContext context{&kernel, &dpc, &dpcRuns};
    kernel.KeInitializeDpc(
        &dpc,
        [](KDPC*, PVOID ctx, PVOID, PVOID) {
            auto* c = static_cast<IsrContext*>(ctx);
            c->dpcRuns->push_back(c->kernel->scheduler().now());
        },
        &context);
    PKINTERRUPT interrupt = nullptr;
    ASSERT_EQ(kernel.IoConnectInterrupt(
                  &interrupt,
                  [](PKINTERRUPT, PVOID ctx) -> BOOLEAN {
                      auto* c = static_cast<IsrContext*>(ctx);
                      c->kernel->interruptLine(5).setAsserted(false);
                      c->kernel->KeInsertQueueDpc(c->dpc, nullptr, nullptr);
                      return TRUE;
                  },
                  &context, nullptr, 5, kDefaultDeviceIrql, kDefaultDeviceIrql, LevelSensitive,
                  FALSE, 1, FALSE),
              STATUS_SUCCESS);
    auto fire = [&] {
        kernel.interruptLine(5).setAsserted(true);
        scheduler.runUntil(scheduler.now() + 5'000'000);
    };
    const KernelConfig& c = kernel.config();
    // Unshielded: interrupt latency + DPC latency + 1 ms of interference.
    TimeNs t0 = scheduler.now();
    fire();
    ASSERT_EQ(dpcRuns.size(), 1u);
    EXPECT_EQ(dpcRuns[0] - t0, c.interruptLatencyNs + c.dpcLatencyNs + 1'000'000);

    kernel.setStreamResourceShielded(interrupt, true);
    kernel.lowLatencyStreamStarted();
    t0 = scheduler.now();
    fire();
    ASSERT_EQ(dpcRuns.size(), 2u);
    EXPECT_EQ(dpcRuns[1] - t0, c.interruptLatencyNs + c.dpcLatencyNs);
    EXPECT_EQ(kernel.interferenceCounters().dpcDelays, 1u);
    EXPECT_EQ(kernel.interferenceCounters().dpcShielded, 1u);

    // A DPC queued outside any ISR is not the interrupt's: delayed.
    t0 = scheduler.now();
    kernel.KeInsertQueueDpc(&dpc, nullptr, nullptr);
    scheduler.runUntil(t0 + 5'000'000);
    ASSERT_EQ(dpcRuns.size(), 3u);
    EXPECT_EQ(dpcRuns[2] - t0, c.dpcLatencyNs + 1'000'000);
    kernel.IoDisconnectInterrupt(interrupt);
}

TEST(KernelThread, ObjectHandlesMapToTheirOwner) {
    Scheduler scheduler;
    Tracer tracer(scheduler, 64);
    Kernel kernel(scheduler, tracer);
    int a = 0;
    int b = 0;
    const ULONG_PTR h1 = kernel.allocateObjectHandle(&a);
    const ULONG_PTR h2 = kernel.allocateObjectHandle(&b);
    EXPECT_NE(h1, 0u);
    EXPECT_NE(h1, h2);
    EXPECT_EQ(kernel.objectHandleOwner(h1), &a);
    EXPECT_EQ(kernel.objectHandleOwner(h2), &b);
    kernel.releaseObjectHandles(&a);
    EXPECT_EQ(kernel.objectHandleOwner(h1), nullptr);
    EXPECT_EQ(kernel.objectHandleOwner(h2), &b);
    EXPECT_EQ(kernel.objectHandleOwner(999), nullptr);
}

}  // namespace
}  // namespace ps
