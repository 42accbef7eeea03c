#include "KernelFixture.h"

namespace ps {
namespace {

using KernelDpc = KernelFixture;

struct DpcLog {
    Kernel* kernel = nullptr;
    std::vector<std::string> entries;
    std::vector<KIRQL> irqls;
    std::vector<TimeNs> times;
};

void logDpc(KDPC* dpc, PVOID context, PVOID arg1, PVOID) {
    auto* log = static_cast<DpcLog*>(context);
    log->entries.push_back(std::string(dpc->name) + (arg1 != nullptr ? "+arg" : ""));
    log->irqls.push_back(log->kernel->KeGetCurrentIrql());
    log->times.push_back(log->kernel->scheduler().now());
}

TEST_F(KernelDpc, DpcsRunFifoAtDispatchAfterTheLatencyAndOnlyOncePerInsert) {
    DpcLog log{&kernel, {}, {}, {}};
    KDPC a, b;
    kernel.KeInitializeDpc(&a, logDpc, &log, "A");
    kernel.KeInitializeDpc(&b, logDpc, &log, "B");
    int marker = 0;
    scheduler.schedule(1'000, [&] {
        EXPECT_TRUE(kernel.KeInsertQueueDpc(&a, &marker, nullptr));
        EXPECT_TRUE(kernel.KeInsertQueueDpc(&b, nullptr, nullptr));
        EXPECT_FALSE(kernel.KeInsertQueueDpc(&a, nullptr, nullptr)) << "already queued";
        EXPECT_EQ(kernel.queuedDpcCount(), 2u);
    });
    scheduler.runUntil(100'000);
    EXPECT_EQ(log.entries, (std::vector<std::string>{"A+arg", "B"}));
    EXPECT_EQ(log.irqls, (std::vector<KIRQL>{DISPATCH_LEVEL, DISPATCH_LEVEL}));
    EXPECT_EQ(log.times[0], 1'000 + kernel.config().dpcLatencyNs);
    EXPECT_EQ(kernel.KeGetCurrentIrql(), PASSIVE_LEVEL);
    auto dpcs = records(TraceCategory::Dpc, "A");
    ASSERT_EQ(dpcs.size(), 1u);
    EXPECT_EQ(dpcs[0]->field("LatencyNs")->i, kernel.config().dpcLatencyNs);
}

TEST_F(KernelDpc, HighImportanceGoesFirstAndRemoveDequeues) {
    DpcLog log{&kernel, {}, {}, {}};
    KDPC low, high, removed;
    kernel.KeInitializeDpc(&low, logDpc, &log, "low");
    kernel.KeInitializeDpc(&high, logDpc, &log, "high");
    kernel.KeInitializeDpc(&removed, logDpc, &log, "removed");
    kernel.KeSetImportanceDpc(&high, HighImportance);
    kernel.KeInsertQueueDpc(&low, nullptr, nullptr);
    kernel.KeInsertQueueDpc(&removed, nullptr, nullptr);
    kernel.KeInsertQueueDpc(&high, nullptr, nullptr);
    EXPECT_TRUE(kernel.KeRemoveQueueDpc(&removed));
    EXPECT_FALSE(kernel.KeRemoveQueueDpc(&removed));
    scheduler.runUntil(100'000);
    EXPECT_EQ(log.entries, (std::vector<std::string>{"high", "low"}));
}

TEST_F(KernelDpc, DpcQueuedAtDispatchWaitsUntilIrqlDrops) {
    DpcLog log{&kernel, {}, {}, {}};
    KDPC dpc;
    kernel.KeInitializeDpc(&dpc, logDpc, &log, "deferred");
    KSPIN_LOCK lock;
    kernel.KeInitializeSpinLock(&lock);
    scheduler.schedule(0, [&] {
        KIRQL old = 0;
        kernel.KeAcquireSpinLock(&lock, &old);
        kernel.KeInsertQueueDpc(&dpc, nullptr, nullptr);
        EXPECT_TRUE(log.entries.empty());
        // Held across simulated time: release later.
        scheduler.schedule(50'000, [&, old] { kernel.KeReleaseSpinLock(&lock, old); });
    });
    scheduler.runUntil(40'000);
    EXPECT_TRUE(log.entries.empty()) << "no DPC runs while the CPU is at DISPATCH_LEVEL";
    scheduler.runUntil(100'000);
    ASSERT_EQ(log.entries.size(), 1u);
    EXPECT_EQ(log.times[0], 50'000 + kernel.config().dpcLatencyNs);
}

TEST_F(KernelDpc, InjectedDelayPostponesTheDrain) {
    DpcLog log{&kernel, {}, {}, {}};
    KDPC dpc;
    kernel.KeInitializeDpc(&dpc, logDpc, &log, "late");
    kernel.faultHooks().extraDpcDelayNs = [] { return usToNs(700); };
    kernel.KeInsertQueueDpc(&dpc, nullptr, nullptr);
    scheduler.runUntil(msToNs(5));
    ASSERT_EQ(log.times.size(), 1u);
    EXPECT_EQ(log.times[0], usToNs(700) + kernel.config().dpcLatencyNs);
}

void raiseAndForget(KDPC*, PVOID context, PVOID, PVOID) {
    KIRQL old = 0;
    static_cast<Kernel*>(context)->KeRaiseIrql(HIGH_LEVEL, &old);
}

TEST_F(KernelDpc, DpcReturningAtWrongIrqlIsReportedAndRepaired) {
    KDPC dpc;
    kernel.KeInitializeDpc(&dpc, raiseAndForget, &kernel, "bad DPC");
    kernel.KeInsertQueueDpc(&dpc, nullptr, nullptr);
    scheduler.runUntil(msToNs(1));
    EXPECT_EQ(records(TraceCategory::Verifier, "IRQL not restored on return").size(), 1u);
    EXPECT_EQ(kernel.KeGetCurrentIrql(), PASSIVE_LEVEL);
}

TEST_F(KernelDpc, DestroyedQueuedDpcIsForgotten) {
    DpcLog log{&kernel, {}, {}, {}};
    {
        KDPC dpc;
        kernel.KeInitializeDpc(&dpc, logDpc, &log, "gone");
        kernel.KeInsertQueueDpc(&dpc, nullptr, nullptr);
    }
    EXPECT_EQ(kernel.queuedDpcCount(), 0u);
    scheduler.runUntil(msToNs(1));
    EXPECT_TRUE(log.entries.empty());
}

TEST_F(KernelDpc, OneShotTimerQueuesItsDpcAtTheRelativeDueTime) {
    DpcLog log{&kernel, {}, {}, {}};
    KDPC dpc;
    KTIMER timer;
    kernel.KeInitializeDpc(&dpc, logDpc, &log, "timer DPC");
    kernel.KeInitializeTimer(&timer, "one shot");
    scheduler.runUntil(msToNs(1));
    EXPECT_FALSE(kernel.KeSetTimer(&timer, LARGE_INTEGER{-10'000 * 20}, &dpc));  // 20 ms
    EXPECT_TRUE(timer.inserted);
    scheduler.runUntil(msToNs(100));
    ASSERT_EQ(log.times.size(), 1u);
    EXPECT_EQ(log.times[0], msToNs(21) + kernel.config().dpcLatencyNs);
    EXPECT_TRUE(kernel.KeReadStateTimer(&timer));
    EXPECT_FALSE(timer.inserted);
    EXPECT_FALSE(kernel.KeCancelTimer(&timer));
}

TEST_F(KernelDpc, PeriodicTimerDoesNotDriftAndCanBeCancelledOrReset) {
    DpcLog log{&kernel, {}, {}, {}};
    KDPC dpc;
    KTIMER timer;
    kernel.KeInitializeDpc(&dpc, logDpc, &log, "tick");
    kernel.KeInitializeTimer(&timer);
    kernel.KeSetTimerEx(&timer, LARGE_INTEGER{-10'000 * 3}, 7,
                        &dpc);  // first at 3 ms, then every 7 ms
    scheduler.runUntil(secondsToNs(70));
    ASSERT_EQ(log.times.size(), 10'000u);
    EXPECT_EQ(log.times.back(), msToNs(3 + 7 * 9'999) + kernel.config().dpcLatencyNs);
    EXPECT_TRUE(kernel.KeSetTimerEx(&timer, LARGE_INTEGER{-10'000}, 0, &dpc)) << "was set";
    scheduler.runUntil(secondsToNs(71));
    EXPECT_EQ(log.times.size(), 10'001u);
    kernel.KeSetTimerEx(&timer, LARGE_INTEGER{-10'000}, 1, &dpc);
    EXPECT_TRUE(kernel.KeCancelTimer(&timer));
    scheduler.runUntil(secondsToNs(72));
    EXPECT_EQ(log.times.size(), 10'001u);
}

TEST_F(KernelDpc, AbsoluteDueTimeUsesInterruptTime) {
    DpcLog log{&kernel, {}, {}, {}};
    KDPC dpc;
    KTIMER timer;
    kernel.KeInitializeDpc(&dpc, logDpc, &log, "abs");
    kernel.KeInitializeTimer(&timer);
    kernel.KeSetTimer(&timer, LARGE_INTEGER{50'000}, &dpc);  // 5 ms absolute
    scheduler.runUntil(msToNs(10));
    ASSERT_EQ(log.times.size(), 1u);
    EXPECT_EQ(log.times[0], msToNs(5) + kernel.config().dpcLatencyNs);
}

}  // namespace
}  // namespace ps
