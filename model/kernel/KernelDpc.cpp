// DPCs and timers. One DPC queue per simulated CPU, drained at DISPATCH_LEVEL
// by a scheduler event; timers expire on the scheduler and queue their DPC.
#include "model/kernel/Kernel.h"

#include <algorithm>

namespace ps {

KDPC::~KDPC() {
    if (kernel != nullptr && inserted) {
        kernel->forgetDpc(this);
    }
}

KTIMER::~KTIMER() {
    if (kernel != nullptr && inserted) {
        kernel->forgetTimer(this);
    }
}

void Kernel::KeInitializeDpc(PRKDPC Dpc, PKDEFERRED_ROUTINE DeferredRoutine, PVOID DeferredContext,
                             const char* name) {
    if (Dpc->kernel != nullptr && Dpc->inserted) {
        Dpc->kernel->forgetDpc(Dpc);
    }
    Dpc->DeferredRoutine = DeferredRoutine;
    Dpc->DeferredContext = DeferredContext;
    Dpc->SystemArgument1 = nullptr;
    Dpc->SystemArgument2 = nullptr;
    Dpc->Importance = MediumImportance;
    Dpc->name = name;
    Dpc->kernel = this;
    Dpc->inserted = false;
    Dpc->runCount = 0;
}

BOOLEAN Kernel::KeInsertQueueDpc(PRKDPC Dpc, PVOID SystemArgument1, PVOID SystemArgument2) {
    if (Dpc->kernel != this) {
        reportViolation("KeInsertQueueDpc on an uninitialized DPC", Dpc->name);
        return FALSE;
    }
    if (Dpc->inserted) {
        return FALSE;
    }
    Dpc->SystemArgument1 = SystemArgument1;
    Dpc->SystemArgument2 = SystemArgument2;
    Dpc->inserted = true;
    Dpc->insertedAtNs = m_scheduler.now();
    Dpc->queuedByInterrupt = m_cpu.isrRunning;
    if (Dpc->Importance == HighImportance) {
        m_cpu.dpcQueue.push_front(Dpc);
    } else {
        m_cpu.dpcQueue.push_back(Dpc);
    }
    if (!m_cpu.draining && m_cpu.irql < DISPATCH_LEVEL) {
        scheduleDpcDrain(Dpc);
    }
    return TRUE;
}

BOOLEAN Kernel::KeRemoveQueueDpc(PRKDPC Dpc) {
    if (!Dpc->inserted) {
        return FALSE;
    }
    forgetDpc(Dpc);
    return TRUE;
}

void Kernel::forgetDpc(KDPC* dpc) {
    m_cpu.dpcQueue.erase(std::remove(m_cpu.dpcQueue.begin(), m_cpu.dpcQueue.end(), dpc),
                         m_cpu.dpcQueue.end());
    dpc->inserted = false;
}

void Kernel::scheduleDpcDrain(const KDPC* trigger) {
    const KINTERRUPT* source = trigger != nullptr ? trigger->queuedByInterrupt : nullptr;
    if (m_scheduler.isPending(m_cpu.drain)) {
        // A DPC of a shielded interrupt does not wait behind a drain that
        // interference pushed back: it gets the plain latency.
        const bool shielded = source != nullptr && m_lowLatencyStreams > 0 &&
                              isStreamResourceShielded(source) &&
                              m_cpu.drainAtNs > m_scheduler.now() + m_config.dpcLatencyNs;
        if (!shielded) {
            return;
        }
        m_scheduler.cancel(m_cpu.drain);
        m_cpu.drainAtNs = m_scheduler.now() + m_config.dpcLatencyNs;
        m_cpu.drain = m_scheduler.schedule(
            m_cpu.drainAtNs, [this] { drainDpcs(); }, "DPC drain");
        return;
    }
    TimeNs delayNs = m_config.dpcLatencyNs;
    if (m_faults.extraDpcDelayNs) {
        delayNs += std::max<TimeNs>(0, m_faults.extraDpcDelayNs());
    }
    delayNs += interferenceDelay(true, source);
    m_cpu.drainAtNs = m_scheduler.now() + delayNs;
    m_cpu.drain = m_scheduler.scheduleIn(
        delayNs, [this] { drainDpcs(); }, "DPC drain");
}

void Kernel::drainDpcs() {
    if (m_cpu.irql >= DISPATCH_LEVEL) {
        reportViolation("IRQL left raised between events", "DPC drain found the CPU above PASSIVE");
        m_cpu.irql = PASSIVE_LEVEL;
    }
    m_cpu.draining = true;
    // DPCs queued by the DPCs run here too, as on Windows: the queue is
    // drained before the CPU returns below DISPATCH_LEVEL.
    while (!m_cpu.dpcQueue.empty()) {
        KDPC* dpc = m_cpu.dpcQueue.front();
        m_cpu.dpcQueue.pop_front();
        dpc->inserted = false;
        ++dpc->runCount;
        m_tracer.record(TraceRecord(TraceCategory::Dpc, "kernel", dpc->name)
                            .addInt("LatencyNs", m_scheduler.now() - dpc->insertedAtNs));
        if (dpc->DeferredRoutine != nullptr) {
            runAt(DISPATCH_LEVEL, dpc->name, [dpc] {
                dpc->DeferredRoutine(dpc, dpc->DeferredContext, dpc->SystemArgument1,
                                     dpc->SystemArgument2);
            });
        }
    }
    m_cpu.draining = false;
}

void Kernel::KeInitializeTimer(PKTIMER Timer, const char* name) {
    KeInitializeTimerEx(Timer, NotificationTimer, name);
}

void Kernel::KeInitializeTimerEx(PKTIMER Timer, TIMER_TYPE Type, const char* name) {
    if (Timer->kernel != nullptr && Timer->inserted) {
        Timer->kernel->forgetTimer(Timer);
    }
    Timer->Type = Type;
    Timer->SignalState = 0;
    Timer->name = name;
    Timer->kernel = this;
    Timer->Dpc = nullptr;
    Timer->PeriodMs = 0;
    Timer->inserted = false;
    Timer->expirations = 0;
}

BOOLEAN Kernel::KeSetTimer(PKTIMER Timer, LARGE_INTEGER DueTime, PKDPC Dpc) {
    return KeSetTimerEx(Timer, DueTime, 0, Dpc);
}

BOOLEAN Kernel::KeSetTimerEx(PKTIMER Timer, LARGE_INTEGER DueTime, LONG Period, PKDPC Dpc) {
    if (Timer->kernel != this) {
        reportViolation("KeSetTimer on an uninitialized timer", Timer->name);
        return FALSE;
    }
    if (Period < 0) {
        reportViolation("KeSetTimerEx with a negative period", Timer->name);
        Period = 0;
    }
    const BOOLEAN wasSet = Timer->inserted ? TRUE : FALSE;
    if (Timer->inserted) {
        forgetTimer(Timer);
    }
    const TimeNs nowNs = m_scheduler.now();
    TimeNs firstNs = DueTime.QuadPart < 0 ? nowNs - DueTime.QuadPart * 100 : DueTime.QuadPart * 100;
    firstNs = std::max(firstNs, nowNs);  // an absolute time in the past expires now
    Timer->SignalState = 0;
    Timer->Dpc = Dpc;
    Timer->PeriodMs = Period;
    Timer->clock = PeriodicClock(firstNs, Period > 0 ? msToNs(Period) : 1, 1);
    Timer->nextExpiry = 0;
    Timer->inserted = true;
    m_armedTimers.push_back(Timer);
    armTimer(Timer);
    return wasSet;
}

BOOLEAN Kernel::KeCancelTimer(PKTIMER Timer) {
    if (!Timer->inserted) {
        return FALSE;
    }
    forgetTimer(Timer);
    return TRUE;
}

void Kernel::armTimer(KTIMER* timer) {
    timer->pending = m_scheduler.schedule(
        timer->clock.dueTimeNs(timer->nextExpiry), [this, timer] { expireTimer(timer); },
        "timer expiry");
}

void Kernel::expireTimer(KTIMER* timer) {
    ++timer->nextExpiry;
    ++timer->expirations;
    timer->SignalState = 1;
    m_tracer.record(TraceRecord(TraceCategory::Dpc, "kernel", "KTIMER expired")
                        .addText("Timer", timer->name)
                        .addInt("PeriodMs", timer->PeriodMs));
    if (timer->PeriodMs > 0) {
        armTimer(timer);
    } else {
        timer->inserted = false;
        m_armedTimers.erase(std::remove(m_armedTimers.begin(), m_armedTimers.end(), timer),
                            m_armedTimers.end());
    }
    if (timer->Dpc != nullptr) {
        KeInsertQueueDpc(timer->Dpc, nullptr, nullptr);
    }
}

void Kernel::forgetTimer(KTIMER* timer) {
    m_scheduler.cancel(timer->pending);
    timer->pending = EventId();
    timer->inserted = false;
    m_armedTimers.erase(std::remove(m_armedTimers.begin(), m_armedTimers.end(), timer),
                        m_armedTimers.end());
}

}  // namespace ps
