// The kernel's dispatcher and synchronization objects as caller-allocated
// structures, the way a WDM driver declares them in its device extension:
// KSPIN_LOCK, KEVENT, KDPC, KTIMER and KINTERRUPT. Their behaviour lives in
// Kernel (model/kernel/Kernel.h); the fields here are what the inspector shows.
//
// Lifetime: a Kernel must outlive every object initialized against it. An
// object destroyed while queued (a DPC, a timer, a waited-on event) takes
// itself out of its kernel's queues first, so a driver bug cannot leave the
// kernel holding a dangling pointer.
#pragma once

#include "model/kernel/Irql.h"
#include "model/kernel/KernelTypes.h"
#include "model/kernel/WaitContinuation.h"
#include "model/sim/PeriodicClock.h"
#include "model/sim/Scheduler.h"

#include <cstdint>
#include <functional>
#include <vector>

namespace ps {

class Kernel;
struct ETHREAD;
struct KDPC;
struct KINTERRUPT;

// ---------------------------------------------------------------- spin lock
struct KSPIN_LOCK {
    const char* name = "spin lock";
    bool held = false;
    TimeNs acquiredAtNs = 0;
    std::uint32_t acquisitions = 0;
};
using PKSPIN_LOCK = KSPIN_LOCK*;

// ---------------------------------------------------------------- event
enum EVENT_TYPE { NotificationEvent = 0, SynchronizationEvent = 1 };

// A simulated thread waiting on an event: it is resumed (its callback
// scheduled) with STATUS_SUCCESS when the event is signalled for it, or with
// STATUS_TIMEOUT when its timeout passes first. A driver thread's wait keeps
// its continuation in the thread (ETHREAD::continuation) and names the thread
// here instead of a callback.
struct KEVENT_WAITER {
    std::uint64_t id = 0;
    WaitContinuation resume;
    ETHREAD* thread = nullptr;
    EventId timeout;
};

struct KEVENT {
    EVENT_TYPE Type = NotificationEvent;
    LONG SignalState = 0;
    const char* name = "event";
    Kernel* kernel = nullptr;
    // Oldest first. A vector rather than a queue: there are rarely more than
    // one or two, and it keeps its capacity from one wait to the next.
    std::vector<KEVENT_WAITER> waiters;
    bool listedWithWaiters = false;  // in the kernel's list of events with waiters
    std::uint64_t setCount = 0;
    // model: how traces name this event (host addresses differ from run to
    // run); assigned by KeInitializeEvent in initialization order.
    std::uint64_t traceHandle = 0;

    KEVENT() = default;
    KEVENT(const KEVENT&) = delete;
    KEVENT& operator=(const KEVENT&) = delete;
    ~KEVENT();
};
using PKEVENT = KEVENT*;
using PRKEVENT = KEVENT*;

// ---------------------------------------------------------------- DPC
using PKDEFERRED_ROUTINE = void (*)(KDPC* Dpc, PVOID DeferredContext, PVOID SystemArgument1,
                                    PVOID SystemArgument2);

enum KDPC_IMPORTANCE {
    LowImportance = 0,
    MediumImportance = 1,
    HighImportance = 2,
    MediumHighImportance = 3
};

struct KDPC {
    PKDEFERRED_ROUTINE DeferredRoutine = nullptr;
    PVOID DeferredContext = nullptr;
    PVOID SystemArgument1 = nullptr;
    PVOID SystemArgument2 = nullptr;
    KDPC_IMPORTANCE Importance = MediumImportance;
    const char* name = "DPC";
    Kernel* kernel = nullptr;
    bool inserted = false;
    TimeNs insertedAtNs = 0;
    // The interrupt whose ISR queued it (null otherwise): a DPC is shielded
    // from interference when that interrupt is.
    const KINTERRUPT* queuedByInterrupt = nullptr;
    std::uint64_t runCount = 0;

    KDPC() = default;
    KDPC(const KDPC&) = delete;
    KDPC& operator=(const KDPC&) = delete;
    ~KDPC();
};
using PKDPC = KDPC*;
using PRKDPC = KDPC*;

// ---------------------------------------------------------------- timer
enum TIMER_TYPE { NotificationTimer = 0, SynchronizationTimer = 1 };

struct KTIMER {
    TIMER_TYPE Type = NotificationTimer;
    LONG SignalState = 0;
    const char* name = "timer";
    Kernel* kernel = nullptr;
    KDPC* Dpc = nullptr;
    LONG PeriodMs = 0;
    bool inserted = false;
    PeriodicClock clock{0, 1, 1};  // expiry n is due at clock.dueTimeNs(n)
    std::int64_t nextExpiry = 0;
    EventId pending;
    std::uint64_t expirations = 0;

    KTIMER() = default;
    KTIMER(const KTIMER&) = delete;
    KTIMER& operator=(const KTIMER&) = delete;
    ~KTIMER();
};
using PKTIMER = KTIMER*;

// 100 ns units; negative = relative to now, positive = absolute interrupt time.
struct LARGE_INTEGER {
    LONGLONG QuadPart = 0;
};

// ---------------------------------------------------------------- interrupt
using PKSERVICE_ROUTINE = BOOLEAN (*)(KINTERRUPT* Interrupt, PVOID ServiceContext);
using PKSYNCHRONIZE_ROUTINE = BOOLEAN (*)(PVOID SynchronizeContext);

enum KINTERRUPT_MODE { LevelSensitive = 0, Latched = 1 };

struct KINTERRUPT {
    PKSERVICE_ROUTINE ServiceRoutine = nullptr;
    PVOID ServiceContext = nullptr;
    ULONG Vector = 0;
    KIRQL Irql = kDefaultDeviceIrql;
    KIRQL SynchronizeIrql = kDefaultDeviceIrql;
    KINTERRUPT_MODE InterruptMode = LevelSensitive;
    BOOLEAN ShareVector = FALSE;
    KSPIN_LOCK lock;  // the interrupt spin lock (ISR and KeSynchronizeExecution)
    const char* name = "interrupt";
    std::uint64_t id = 0;  // per-kernel object id, shared with threads (trace "InterruptId")
    bool connected = false;
    std::uint64_t isrCalls = 0;
    std::uint64_t claimed = 0;
};
using PKINTERRUPT = KINTERRUPT*;

}  // namespace ps
