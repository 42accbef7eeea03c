#include "KernelFixture.h"

namespace ps {
namespace {

using KernelIrql = KernelFixture;

TEST_F(KernelIrql, RaiseAndLowerTrackTheCurrentLevel) {
    EXPECT_EQ(kernel.KeGetCurrentIrql(), PASSIVE_LEVEL);
    KIRQL old = 0xFF;
    kernel.KeRaiseIrql(DISPATCH_LEVEL, &old);
    EXPECT_EQ(old, PASSIVE_LEVEL);
    EXPECT_EQ(kernel.KeGetCurrentIrql(), DISPATCH_LEVEL);
    kernel.KeLowerIrql(old);
    EXPECT_EQ(kernel.KeGetCurrentIrql(), PASSIVE_LEVEL);
    EXPECT_EQ(violations(), 0u);
}

TEST_F(KernelIrql, WrongDirectionIsReportedWithBugCheckAndIgnored) {
    KIRQL old = 0;
    kernel.KeRaiseIrql(DISPATCH_LEVEL, &old);
    kernel.KeRaiseIrql(APC_LEVEL, &old);  // lower than current
    EXPECT_EQ(kernel.KeGetCurrentIrql(), DISPATCH_LEVEL);
    kernel.KeLowerIrql(HIGH_LEVEL);  // higher than current
    EXPECT_EQ(kernel.KeGetCurrentIrql(), DISPATCH_LEVEL);
    auto v = records(TraceCategory::Verifier);
    ASSERT_EQ(v.size(), 2u);
    EXPECT_EQ(v[0]->field("BugCheck")->u, 0x9u);
    EXPECT_EQ(v[1]->field("BugCheck")->u, 0xAu);
}

TEST_F(KernelIrql, SpinLockRaisesToDispatchAndRecordsTheHolder) {
    KSPIN_LOCK lock;
    kernel.KeInitializeSpinLock(&lock, "MapLock");
    KIRQL old = 0;
    kernel.KeAcquireSpinLock(&lock, &old);
    EXPECT_EQ(old, PASSIVE_LEVEL);
    EXPECT_EQ(kernel.KeGetCurrentIrql(), DISPATCH_LEVEL);
    EXPECT_TRUE(lock.held);
    ASSERT_EQ(kernel.heldSpinLocks().size(), 1u);
    EXPECT_STREQ(kernel.heldSpinLocks()[0]->name, "MapLock");
    kernel.KeReleaseSpinLock(&lock, old);
    EXPECT_FALSE(lock.held);
    EXPECT_TRUE(kernel.heldSpinLocks().empty());
    EXPECT_EQ(kernel.KeGetCurrentIrql(), PASSIVE_LEVEL);
    EXPECT_EQ(lock.acquisitions, 1u);
    EXPECT_EQ(violations(), 0u);
}

TEST_F(KernelIrql, RecursiveAcquireAndForeignReleaseAreReportedNotHung) {
    KSPIN_LOCK lock, other;
    kernel.KeInitializeSpinLock(&lock, "A");
    kernel.KeInitializeSpinLock(&other, "B");
    KIRQL old = 0;
    kernel.KeAcquireSpinLock(&lock, &old);
    kernel.KeAcquireSpinLockAtDpcLevel(&lock);
    kernel.KeReleaseSpinLockFromDpcLevel(&other);
    auto v = records(TraceCategory::Verifier);
    ASSERT_EQ(v.size(), 2u);
    EXPECT_STREQ(v[0]->name, "spin lock acquired recursively");
    EXPECT_EQ(v[0]->field("BugCheck")->u, 0xFu);
    EXPECT_STREQ(v[1]->name, "spin lock released but not held");
    kernel.KeReleaseSpinLock(&lock, old);
    EXPECT_TRUE(kernel.heldSpinLocks().empty());
}

TEST_F(KernelIrql, SpinLocksReleasedInAnyOrderLeaveTheOthersHeld) {
    KSPIN_LOCK a, b, c;
    kernel.KeInitializeSpinLock(&a, "A");
    kernel.KeInitializeSpinLock(&b, "B");
    kernel.KeInitializeSpinLock(&c, "C");
    KIRQL old = 0;
    kernel.KeAcquireSpinLock(&a, &old);
    kernel.KeAcquireSpinLockAtDpcLevel(&b);
    kernel.KeAcquireSpinLockAtDpcLevel(&c);
    kernel.KeReleaseSpinLockFromDpcLevel(&b);  // not the last taken
    ASSERT_EQ(kernel.heldSpinLocks().size(), 2u);
    EXPECT_EQ(kernel.heldSpinLocks()[0], &a);
    EXPECT_EQ(kernel.heldSpinLocks()[1], &c);
    EXPECT_FALSE(b.held);
    kernel.KeReleaseSpinLockFromDpcLevel(&c);  // the last taken
    kernel.KeReleaseSpinLockFromDpcLevel(&c);  // again: not held
    ASSERT_EQ(kernel.heldSpinLocks().size(), 1u);
    EXPECT_EQ(kernel.heldSpinLocks()[0], &a);
    kernel.KeReleaseSpinLock(&a, old);
    EXPECT_TRUE(kernel.heldSpinLocks().empty());
    EXPECT_EQ(kernel.KeGetCurrentIrql(), PASSIVE_LEVEL);
    auto v = records(TraceCategory::Verifier);
    ASSERT_EQ(v.size(), 1u);
    EXPECT_STREQ(v[0]->name, "spin lock released but not held");
}

TEST_F(KernelIrql, InterruptAndPerformanceTimeFollowSimulatedTime) {
    scheduler.runUntil(secondsToNs(3) + 250);
    EXPECT_EQ(kernel.KeQueryInterruptTime(), 30'000'002u);
    LONGLONG freq = 0;
    EXPECT_EQ(kernel.KeQueryPerformanceCounter(&freq), 30'000'002);
    EXPECT_EQ(freq, 10'000'000);
}

}  // namespace
}  // namespace ps
