// A minimal simulated kernel thread (ETHREAD): enough for a driver to own a
// system thread, register it as a stream resource and have its wakeups
// delayed (or shielded) by system interference (SystemInterference.h).
//
// A simulated thread is a chain of continuations rather than a stack: the
// start routine runs as its own scheduler event, and whenever the thread
// waits (Kernel::KeWaitForSingleObjectInThread) the code after the wait is
// the continuation the kernel resumes later, in the same thread's context.
// While a thread's code runs, Kernel::PsGetCurrentThread() returns it; all
// other code (scheduler events, ISRs, DPCs, the client) runs on the kernel's
// system worker thread, which no driver owns.
//
// Lifetime: thread objects belong to the Kernel and stay valid until it is
// destroyed, so a PETHREAD kept in a registry never dangles; a terminated
// thread never runs again.
#pragma once

#include "model/kernel/KernelTypes.h"
#include "model/kernel/WaitContinuation.h"
#include "model/sim/Scheduler.h"

#include <cstdint>

namespace ps {

class Kernel;
struct KEVENT;

using PKSTART_ROUTINE = void (*)(PVOID StartContext);

struct ETHREAD {
    // Per-kernel object id, shared with interrupts (trace "ThreadId"): 1 is the
    // system worker thread.
    std::uint64_t id = 0;
    const char* name = "thread";
    Kernel* kernel = nullptr;
    // Created with PsCreateSystemThread (only such threads may be registered
    // as stream resources).
    bool driverOwned = false;
    bool terminated = false;
    // The pending wait: its event and the kernel's wait id, or the delayed
    // resumption of a wakeup.
    KEVENT* waitEvent = nullptr;
    std::uint64_t waitId = 0;
    // The code after the pending wait (KeWaitForSingleObjectInThread's
    // resume), run once with the wait's status.
    WaitContinuation continuation;
    EventId delayedResume;
    // Wakeups, and those interference delayed or would have delayed but for
    // shielding.
    std::uint64_t wakeups = 0;
    std::uint64_t delayedWakeups = 0;
    std::uint64_t shieldedWakeups = 0;
    TimeNs totalDelayNs = 0;

    ETHREAD() = default;
    ETHREAD(const ETHREAD&) = delete;
    ETHREAD& operator=(const ETHREAD&) = delete;
};
using PETHREAD = ETHREAD*;
using PKTHREAD = ETHREAD*;

}  // namespace ps
