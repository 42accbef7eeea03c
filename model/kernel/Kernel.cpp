// Kernel construction, IRQL, spin locks, time and violation reports. Events,
// DPCs and timers, and interrupts are in KernelEvents.cpp, KernelDpc.cpp and
// KernelInterrupts.cpp.
#include "model/kernel/Kernel.h"

#include <algorithm>

namespace ps {

namespace {
// Bug check codes Windows raises for the misuse the kernel detects.
constexpr std::uint32_t kIrqlNotGreaterOrEqual = 0x09;
constexpr std::uint32_t kIrqlNotLessOrEqual = 0x0A;
constexpr std::uint32_t kSpinLockAlreadyOwned = 0x0F;
constexpr std::uint32_t kSpinLockNotOwned = 0x10;
}  // namespace

Kernel::Kernel(Scheduler& scheduler, Tracer& tracer, KernelConfig config)
    : m_scheduler(scheduler),
      m_tracer(tracer),
      m_config(config),
      m_memory(config.memory),
      m_systemSpace(m_memory),
      m_dpcInterference(Random(config.seed).fork(1)),
      m_threadInterference(Random(config.seed).fork(2)) {
    auto worker = std::make_unique<ETHREAD>();
    worker->id = 1;
    worker->name = "system worker thread";
    worker->kernel = this;
    m_currentThread = worker.get();
    m_threads.push_back(std::move(worker));
}

Kernel::~Kernel() {
    m_scheduler.cancel(m_cpu.drain);
    for (KDPC* dpc : m_cpu.dpcQueue) {
        dpc->inserted = false;
        dpc->kernel = nullptr;
    }
    for (KTIMER* timer : m_armedTimers) {
        m_scheduler.cancel(timer->pending);
        timer->inserted = false;
        timer->kernel = nullptr;
    }
    for (KEVENT* event : m_eventsWithWaiters) {
        for (auto& w : event->waiters) {
            m_scheduler.cancel(w.timeout);
        }
        event->waiters.clear();
        event->listedWithWaiters = false;
        event->kernel = nullptr;
    }
    for (auto& entry : m_lines) {
        m_scheduler.cancel(entry.second->m_pendingDispatch);
    }
    for (auto& thread : m_threads) {
        m_scheduler.cancel(thread->delayedResume);
    }
}

void Kernel::reportViolation(const char* rule, const char* message, std::uint32_t bugCheckCode) {
    TraceRecord r(TraceCategory::Verifier, "kernel", rule);
    r.addText("Message", message);
    if (bugCheckCode != 0) {
        r.addHex("BugCheck", bugCheckCode);
    }
    r.addText("Irql", irqlName(m_cpu.irql));
    m_tracer.record(r);
}

void Kernel::KeRaiseIrql(KIRQL NewIrql, KIRQL* OldIrql) {
    const KIRQL old = m_cpu.irql;
    if (OldIrql != nullptr) {
        *OldIrql = old;
    }
    if (NewIrql < old) {
        reportViolation("KeRaiseIrql below current IRQL",
                        "KeRaiseIrql was asked for a lower IRQL than the current one",
                        kIrqlNotGreaterOrEqual);
        return;
    }
    m_cpu.irql = NewIrql;
}

void Kernel::KeLowerIrql(KIRQL NewIrql) {
    if (NewIrql > m_cpu.irql) {
        reportViolation("KeLowerIrql above current IRQL",
                        "KeLowerIrql was asked for a higher IRQL than the current one",
                        kIrqlNotLessOrEqual);
        return;
    }
    m_cpu.irql = NewIrql;
    if (m_cpu.irql < DISPATCH_LEVEL && !m_cpu.dpcQueue.empty() && !m_cpu.draining) {
        scheduleDpcDrain(m_cpu.dpcQueue.front());
    }
}

KIRQL Kernel::KeRaiseIrqlToDpcLevel() {
    KIRQL old = PASSIVE_LEVEL;
    KeRaiseIrql(DISPATCH_LEVEL, &old);
    return old;
}

void Kernel::KeInitializeSpinLock(PKSPIN_LOCK SpinLock, const char* name) {
    *SpinLock = KSPIN_LOCK{};
    SpinLock->name = name;
}

void Kernel::KeAcquireSpinLock(PKSPIN_LOCK SpinLock, KIRQL* OldIrql) {
    if (m_cpu.irql > DISPATCH_LEVEL) {
        reportViolation("KeAcquireSpinLock above DISPATCH_LEVEL",
                        "KeAcquireSpinLock called above DISPATCH_LEVEL", kIrqlNotLessOrEqual);
        if (OldIrql != nullptr) {
            *OldIrql = m_cpu.irql;
        }
        KeAcquireSpinLockAtDpcLevel(SpinLock);
        return;
    }
    KeRaiseIrql(DISPATCH_LEVEL, OldIrql);
    KeAcquireSpinLockAtDpcLevel(SpinLock);
}

void Kernel::KeAcquireSpinLockAtDpcLevel(PKSPIN_LOCK SpinLock) {
    if (SpinLock->held) {
        // On one CPU this is a deadlock; report it and carry on as if the
        // lock had been taken, so that the run can be inspected.
        reportViolation("spin lock acquired recursively", SpinLock->name, kSpinLockAlreadyOwned);
        return;
    }
    SpinLock->held = true;
    SpinLock->acquiredAtNs = m_scheduler.now();
    ++SpinLock->acquisitions;
    m_cpu.heldLocks.push_back(SpinLock);
}

void Kernel::KeReleaseSpinLock(PKSPIN_LOCK SpinLock, KIRQL NewIrql) {
    KeReleaseSpinLockFromDpcLevel(SpinLock);
    KeLowerIrql(NewIrql);
}

void Kernel::KeReleaseSpinLockFromDpcLevel(PKSPIN_LOCK SpinLock) {
    // Locks are almost always released last taken, first released (a lock
    // is in the held list at most once).
    if (SpinLock->held && !m_cpu.heldLocks.empty() && m_cpu.heldLocks.back() == SpinLock) {
        SpinLock->held = false;
        m_cpu.heldLocks.pop_back();
        return;
    }
    auto it = std::find(m_cpu.heldLocks.begin(), m_cpu.heldLocks.end(), SpinLock);
    if (!SpinLock->held || it == m_cpu.heldLocks.end()) {
        reportViolation("spin lock released but not held", SpinLock->name, kSpinLockNotOwned);
        return;
    }
    SpinLock->held = false;
    m_cpu.heldLocks.erase(it);
}

ULONGLONG Kernel::KeQueryInterruptTime() const {
    return static_cast<ULONGLONG>(m_scheduler.now() / 100);
}

LONGLONG Kernel::KeQueryPerformanceCounter(LONGLONG* PerformanceFrequency) const {
    if (PerformanceFrequency != nullptr) {
        *PerformanceFrequency = 10'000'000;
    }
    return m_scheduler.now() / 100;
}

}  // namespace ps
