// The simulated kernel of one emulated machine (ntoskrnl and the HAL, as far
// as an audio driver sees them): IRQL per simulated CPU, spin locks, events,
// DPCs, timers and interrupts, all driven by the simulation's Scheduler and
// reported through its Tracer. No global state: everything a driver reaches
// goes through a Kernel reference.
//
// Method names and parameter lists follow the WDK (KeInsertQueueDpc(Dpc,
// SystemArgument1, SystemArgument2) ...) so that driver code reads like a real
// WDM driver. Misuse that Windows would bug-check on (lowering IRQL above the
// current level, releasing a lock not held, acquiring a held lock again,
// returning from a DPC or ISR at the wrong IRQL) is reported as a Verifier
// trace record with the bug check code and then repaired, so the run goes on.
//
// Execution model
// - Scheduler events run at PASSIVE_LEVEL (thread context) on CPU 0.
// - KeInsertQueueDpc queues the DPC on the CPU; a drain event runs the queue at
//   DISPATCH_LEVEL, first in first out (HighImportance DPCs go to the front),
//   after the configured DPC latency plus any injected delay.
// - Interrupt lines are level-sensitive: while a device holds its line
//   asserted and an ISR is connected, the ISR runs at the connection's DIRQL
//   under the interrupt spin lock, after the configured interrupt latency, and
//   runs again while the line stays asserted.
// - Driver-owned system threads (PsCreateSystemThread, KernelThread.h) run
//   at PASSIVE_LEVEL; their wakeups go through the interference model.
// - System interference (KernelConfig::interference, SystemInterference.h)
//   may delay each DPC drain and each driver-thread wakeup by a time drawn
//   from a Random seeded with KernelConfig::seed, unless the DPC was queued by
//   the ISR of a shielded interrupt, or the thread is shielded, while a
//   low-latency stream runs. Stream resource registries decide what is
//   shielded (setStreamResourceShielded); port pins say when low-latency
//   streams run (lowLatencyStreamStarted / ...Stopped).
// Only the simulation thread calls a Kernel.
#pragma once

#include "model/kernel/IoSpace.h"
#include "model/kernel/Irql.h"
#include "model/kernel/KernelObjects.h"
#include "model/kernel/KernelThread.h"
#include "model/kernel/KernelTypes.h"
#include "model/kernel/MmioMappings.h"
#include "model/kernel/NtStatus.h"
#include "model/kernel/OsVersion.h"
#include "model/kernel/PhysicalMemory.h"
#include "model/kernel/SystemAddressSpace.h"
#include "model/kernel/SystemInterference.h"
#include "model/sim/Random.h"
#include "model/sim/Scheduler.h"
#include "model/sim/Tracer.h"

#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <vector>

namespace ps {

struct KernelConfig {
    TimeNs dpcLatencyNs = 2'000;        // queue to DPC start, without interference
    TimeNs interruptLatencyNs = 1'000;  // line assertion to ISR start
    // An ISR that leaves its line asserted this many times in a row is an
    // interrupt storm: the line is masked and a Verifier record says so.
    std::uint32_t interruptStormLimit = 64;
    PhysicalMemoryConfig memory;
    // The Windows release the machine runs (decides the stream resource
    // manager surface PortCls offers).
    OsVersion osVersion = OsVersion::Windows10V1511;
    SystemInterferenceConfig interference;
    // Seeds the interference delays: the same seed gives the same run.
    std::uint64_t seed = 1;
};

// What system interference did so far (all counts since construction).
struct InterferenceCounters {
    std::uint64_t dpcDelays = 0;       // DPC drains delayed
    std::uint64_t dpcShielded = 0;     // drains a delay was drawn for but shielding spared
    std::uint64_t threadDelays = 0;    // driver-thread wakeups delayed
    std::uint64_t threadShielded = 0;  // wakeups shielding spared
    TimeNs dpcDelayNs = 0;             // sum of the DPC delays applied
    TimeNs threadDelayNs = 0;          // sum of the thread delays applied
};

// Hooks through which scenarios inject faults; unset hooks inject nothing.
struct KernelFaultHooks {
    // Extra delay before a DPC drain starts (system interference, DPC delay).
    std::function<TimeNs()> extraDpcDelayNs;
    // Returns true to lose this interrupt: the ISR does not run, and the line
    // is not dispatched again until the device deasserts and reasserts it.
    std::function<bool(ULONG vector)> loseInterrupt;
};

// The hardware side of one interrupt vector. A device asserts it while it has
// an enabled interrupt status bit set, and deasserts it when the driver clears
// the bit.
class InterruptLine {
  public:
    ULONG vector() const { return m_vector; }
    bool asserted() const { return m_asserted; }
    bool masked() const { return m_masked; }
    void setAsserted(bool asserted);
    std::uint64_t dispatchCount() const { return m_dispatches; }
    std::uint64_t lostCount() const { return m_lost; }

  private:
    friend class Kernel;
    InterruptLine(Kernel& kernel, ULONG vector) : m_kernel(kernel), m_vector(vector) {}
    Kernel& m_kernel;
    ULONG m_vector;
    bool m_asserted = false;
    bool m_masked = false;
    bool m_lostUntilDeassert = false;
    std::uint32_t m_consecutive = 0;
    std::uint64_t m_dispatches = 0;
    std::uint64_t m_lost = 0;
    EventId m_pendingDispatch;
};

class Kernel {
  public:
    Kernel(Scheduler& scheduler, Tracer& tracer, KernelConfig config = {});
    ~Kernel();
    Kernel(const Kernel&) = delete;
    Kernel& operator=(const Kernel&) = delete;

    Scheduler& scheduler() { return m_scheduler; }
    Tracer& tracer() { return m_tracer; }
    const KernelConfig& config() const { return m_config; }
    // RtlIsNtDdiVersionAvailable: TRUE when the emulated release
    // (config().osVersion) is Version (an NTDDI_* value, OsVersion.h) or newer.
    BOOLEAN RtlIsNtDdiVersionAvailable(ULONG Version) const {
        return ntddiVersionOf(m_config.osVersion) >= Version ? TRUE : FALSE;
    }
    KernelFaultHooks& faultHooks() { return m_faults; }
    // The machine's memory, its kernel virtual address space and I/O ports.
    PhysicalMemory& memory() { return m_memory; }
    SystemAddressSpace& systemSpace() { return m_systemSpace; }
    IoSpace& ioSpace() { return m_ioSpace; }
    // Memory-mapped device registers (READ_REGISTER_* / WRITE_REGISTER_* at bus
    // addresses); devices register their MMIO windows here (KernelMmio.cpp).
    IoSpace& mmioSpace() { return m_mmioSpace; }

    // ------------------------------------------------------------ mapped registers
    // A kernel VA for [PhysicalAddress, +NumberOfBytes) of the MMIO space, in
    // the reserved range of MmioMappings; the pointer's bits carry the
    // simulated VA (never dereference it). nullptr if NumberOfBytes is 0 or
    // the range leaves the 32-bit bus. (The WDK's CacheType is omitted:
    // registers are uncached.)
    PVOID MmMapIoSpace(PHYSICAL_ADDRESS PhysicalAddress, SIZE_T NumberOfBytes);
    // Unmaps a VA returned by MmMapIoSpace; a VA that is not mapped is a
    // Verifier record (bug check 0x50 on Windows) and otherwise harmless.
    void MmUnmapIoSpace(PVOID BaseAddress, SIZE_T NumberOfBytes);
    // Reads the 32-bit register at a mapped VA (how a WaveRT client reads
    // KSRTAUDIO_HWREGISTER::Register). A VA not wholly inside a mapping reads
    // 0xFFFFFFFF, counts in mappedRegisterFaults() and is reported as a
    // Verifier record (bug check 0x50, PAGE_FAULT_IN_NONPAGED_AREA).
    ULONG readMappedRegisterULONG(ULONGLONG va);
    std::uint64_t mappedRegisterFaults() const { return m_mappedRegisterFaults; }
    const MmioMappings& mmioMappings() const { return m_mmioMappings; }

    // ------------------------------------------------------------ IRQL
    KIRQL KeGetCurrentIrql() const { return m_cpu.irql; }
    void KeRaiseIrql(KIRQL NewIrql, KIRQL* OldIrql);
    void KeLowerIrql(KIRQL NewIrql);
    KIRQL KeRaiseIrqlToDpcLevel();

    // ------------------------------------------------------------ spin locks
    void KeInitializeSpinLock(PKSPIN_LOCK SpinLock, const char* name = "spin lock");
    void KeAcquireSpinLock(PKSPIN_LOCK SpinLock, KIRQL* OldIrql);
    void KeReleaseSpinLock(PKSPIN_LOCK SpinLock, KIRQL NewIrql);
    void KeAcquireSpinLockAtDpcLevel(PKSPIN_LOCK SpinLock);
    void KeReleaseSpinLockFromDpcLevel(PKSPIN_LOCK SpinLock);
    // Locks held on the current CPU, oldest first (the verifier checks port
    // calls made while a miniport holds one).
    const std::vector<const KSPIN_LOCK*>& heldSpinLocks() const { return m_cpu.heldLocks; }

    // ------------------------------------------------------------ events
    void KeInitializeEvent(PRKEVENT Event, EVENT_TYPE Type, BOOLEAN State,
                           const char* name = "event");
    // Returns the previous signal state.
    LONG KeSetEvent(PRKEVENT Event, LONG Increment = 0, BOOLEAN Wait = FALSE);
    LONG KeResetEvent(PRKEVENT Event);
    void KeClearEvent(PRKEVENT Event);
    LONG KeReadStateEvent(PRKEVENT Event) const { return Event->SignalState; }
    // A simulated thread waits on Event: resume(STATUS_SUCCESS) runs (as its own
    // scheduler event) once the event is signalled for this waiter, or
    // resume(STATUS_TIMEOUT) after timeoutNs (< 0: no timeout). A
    // SynchronizationEvent releases one waiter per set and resets itself.
    // Returns an id for cancelWait.
    std::uint64_t waitForEvent(PRKEVENT Event, WaitContinuation resume, TimeNs timeoutNs = -1);
    bool cancelWait(PRKEVENT Event, std::uint64_t waitId);

    // ------------------------------------------------------------ DPCs
    void KeInitializeDpc(PRKDPC Dpc, PKDEFERRED_ROUTINE DeferredRoutine, PVOID DeferredContext,
                         const char* name = "DPC");
    void KeSetImportanceDpc(PRKDPC Dpc, KDPC_IMPORTANCE Importance) {
        Dpc->Importance = Importance;
    }
    // FALSE (and no change) when the DPC is already queued.
    BOOLEAN KeInsertQueueDpc(PRKDPC Dpc, PVOID SystemArgument1, PVOID SystemArgument2);
    BOOLEAN KeRemoveQueueDpc(PRKDPC Dpc);
    std::size_t queuedDpcCount() const { return m_cpu.dpcQueue.size(); }

    // ------------------------------------------------------------ timers
    void KeInitializeTimer(PKTIMER Timer, const char* name = "timer");
    void KeInitializeTimerEx(PKTIMER Timer, TIMER_TYPE Type, const char* name = "timer");
    // DueTime in 100 ns units: negative = relative, positive = absolute
    // interrupt time. Returns TRUE if the timer was already set (it is re-set).
    BOOLEAN KeSetTimer(PKTIMER Timer, LARGE_INTEGER DueTime, PKDPC Dpc);
    // Period in milliseconds (0 = one shot). Expiry n of a periodic timer is
    // due at first + n * Period exactly: periodic timers do not drift.
    BOOLEAN KeSetTimerEx(PKTIMER Timer, LARGE_INTEGER DueTime, LONG Period, PKDPC Dpc);
    // TRUE if the timer was set.
    BOOLEAN KeCancelTimer(PKTIMER Timer);
    BOOLEAN KeReadStateTimer(PKTIMER Timer) const { return Timer->SignalState != 0; }

    // ------------------------------------------------------------ interrupts
    // The line for a vector, created on first use; owned by the kernel.
    InterruptLine& interruptLine(ULONG vector);
    NTSTATUS IoConnectInterrupt(PKINTERRUPT* InterruptObject, PKSERVICE_ROUTINE ServiceRoutine,
                                PVOID ServiceContext, PKSPIN_LOCK SpinLock, ULONG Vector,
                                KIRQL Irql, KIRQL SynchronizeIrql, KINTERRUPT_MODE InterruptMode,
                                BOOLEAN ShareVector, ULONG_PTR ProcessorEnableMask,
                                BOOLEAN FloatingSave, const char* name = "interrupt");
    void IoDisconnectInterrupt(PKINTERRUPT InterruptObject);
    // Runs SynchronizeRoutine at the interrupt's SynchronizeIrql holding its
    // spin lock, so it cannot interleave with the ISR.
    BOOLEAN KeSynchronizeExecution(PKINTERRUPT Interrupt, PKSYNCHRONIZE_ROUTINE SynchronizeRoutine,
                                   PVOID SynchronizeContext);

    // ------------------------------------------------------------ time
    // Interrupt time in 100 ns units since the simulation started.
    ULONGLONG KeQueryInterruptTime() const;
    // A 10 MHz performance counter.
    LONGLONG KeQueryPerformanceCounter(LONGLONG* PerformanceFrequency) const;

    // ------------------------------------------------------------ threads
    // Creates a driver-owned system thread whose StartRoutine(StartContext)
    // runs, in the thread's context, as a scheduler event at the current time.
    // (The WDK's handle, access and process arguments are omitted; *Thread is
    // what ObReferenceObjectByHandle would give.) STATUS_INVALID_PARAMETER for
    // a null Thread or StartRoutine.
    NTSTATUS PsCreateSystemThread(PETHREAD* Thread, PKSTART_ROUTINE StartRoutine,
                                  PVOID StartContext, const char* name = "system thread");
    // The thread whose code runs now: a driver thread inside its start
    // routine or a continuation, else the system worker thread (not driver
    // owned).
    PETHREAD PsGetCurrentThread() { return m_currentThread; }
    // The current driver thread waits on Event: resume(STATUS_SUCCESS) once
    // it is signalled or resume(STATUS_TIMEOUT) after timeoutNs (< 0: never),
    // in that thread's context, after any interference delay. Called from a
    // thread's own code; anywhere else it is a Verifier record and FALSE.
    BOOLEAN KeWaitForSingleObjectInThread(PRKEVENT Event, TimeNs timeoutNs,
                                          WaitContinuation resume);
    // Ends a driver thread: its pending wait is cancelled and it never runs
    // again. Models the owner's "signal the thread to exit, then wait for the
    // thread object" in one step. A thread ended twice is a Verifier record.
    void PsTerminateSystemThread(PETHREAD Thread);

    // ------------------------------------------------------------ interference
    // Marks a stream resource (a PKINTERRUPT or a PETHREAD) shielded or not;
    // calls nest (two registrations need two releases).
    void setStreamResourceShielded(const void* resource, bool shielded);
    bool isStreamResourceShielded(const void* resource) const;
    // Port pins bracket each RUN of a low-latency stream with these.
    void lowLatencyStreamStarted();
    void lowLatencyStreamStopped();
    std::uint32_t lowLatencyStreamsRunning() const { return m_lowLatencyStreams; }
    const InterferenceCounters& interferenceCounters() const { return m_interferenceCounters; }

    // ------------------------------------------------------------ object handles
    // Opaque handle values for objects a driver names by handle alone
    // (PCSTREAMRESOURCE): 1, 2, ... per kernel, never reused, each mapped to
    // the owner that issued it until releaseObjectHandles(owner).
    ULONG_PTR allocateObjectHandle(void* owner);
    // The id of a connected interrupt or a thread of this kernel (trace
    // records name them by id, so that runs stay comparable); 0 for anything
    // else.
    std::uint64_t kernelObjectId(const void* object) const;
    void* objectHandleOwner(ULONG_PTR handle) const;
    void releaseObjectHandles(const void* owner);

    // Emits a Verifier record for kernel-level misuse (also used by ports).
    void reportViolation(const char* rule, const char* message, std::uint32_t bugCheckCode = 0);

  private:
    friend class InterruptLine;
    friend struct KDPC;
    friend struct KTIMER;
    friend struct KEVENT;

    struct CpuState {
        KIRQL irql = PASSIVE_LEVEL;
        std::vector<const KSPIN_LOCK*> heldLocks;
        std::deque<KDPC*> dpcQueue;
        EventId drain;
        TimeNs drainAtNs = 0;
        bool draining = false;
        const KINTERRUPT* isrRunning = nullptr;  // the ISR running now, if any
    };

    void scheduleDpcDrain(const KDPC* trigger = nullptr);
    // The interference delay for one DPC drain or thread wakeup (0 when none
    // is drawn, or when the resource is shielded while low latency runs).
    TimeNs interferenceDelay(bool dpc, const void* resource) {
        return m_config.interference.enabled ? drawInterferenceDelay(dpc, resource) : 0;
    }
    TimeNs drawInterferenceDelay(bool dpc, const void* resource);
    // Wakes a driver thread whose wait ended: runs its continuation
    // (ETHREAD::continuation) now, or after an interference delay.
    void resumeThread(ETHREAD* thread, std::int32_t status);
    // Runs fn in the thread's context at PASSIVE_LEVEL.
    template <typename Fn>
    void runInThread(ETHREAD* thread, Fn&& fn);
    void runContinuation(ETHREAD* thread, std::int32_t status);
    void listEventWithWaiters(KEVENT* event);
    void unlistEventWithWaiters(KEVENT* event);
    void drainDpcs();
    void forgetDpc(KDPC* dpc);
    void armTimer(KTIMER* timer);
    void expireTimer(KTIMER* timer);
    void forgetTimer(KTIMER* timer);
    // Queues a waiter on Event (or releases it at once if the event is
    // signalled); returns its wait id. The waiter is a driver thread (whose
    // continuation the thread keeps) or, with thread null, *resume.
    std::uint64_t addWaiter(PRKEVENT Event, ETHREAD* thread, WaitContinuation* resume,
                            TimeNs timeoutNs);
    void timeOutWaiter(PRKEVENT Event, std::uint64_t waitId);
    // Schedules the resumption of a waiter whose wait is satisfied (its
    // continuation is moved out of *resume when thread is null).
    void releaseWaiter(ETHREAD* thread, WaitContinuation* resume, std::int32_t status);
    void forgetEvent(KEVENT* event);
    void onLineChanged(InterruptLine& line);
    void scheduleDispatch(InterruptLine& line);
    void dispatchInterrupt(InterruptLine& line);
    // Runs fn at irql; reports and repairs an IRQL left changed by fn.
    template <typename Fn>
    void runAt(KIRQL irql, const char* context, Fn&& fn);

    Scheduler& m_scheduler;
    Tracer& m_tracer;
    KernelConfig m_config;
    KernelFaultHooks m_faults;
    PhysicalMemory m_memory;
    SystemAddressSpace m_systemSpace;
    IoSpace m_ioSpace;
    IoSpace m_mmioSpace;
    MmioMappings m_mmioMappings;
    std::uint64_t m_mappedRegisterFaults = 0;
    CpuState m_cpu;
    std::uint64_t m_nextWaitId = 1;
    std::uint64_t m_eventsInitialized = 0;
    static constexpr std::uint64_t kEventTraceHandleBase = 0xFFFFD00000000000ull;
    static constexpr std::uint64_t kEventTraceHandleStride = 0x40;
    std::vector<KEVENT*> m_eventsWithWaiters;
    std::vector<KTIMER*> m_armedTimers;
    std::map<ULONG, std::unique_ptr<InterruptLine>> m_lines;
    std::vector<std::unique_ptr<KINTERRUPT>> m_interrupts;
    std::vector<std::unique_ptr<ETHREAD>> m_threads;  // [0] = the system worker thread
    PETHREAD m_currentThread = nullptr;
    Random m_dpcInterference;
    Random m_threadInterference;
    std::map<const void*, std::uint32_t> m_shielded;
    std::uint32_t m_lowLatencyStreams = 0;
    std::map<ULONG_PTR, void*> m_objectHandles;
    ULONG_PTR m_nextObjectHandle = 1;
    std::uint64_t m_nextObjectId = 2;  // 1 is the system worker thread
    InterferenceCounters m_interferenceCounters;
};

template <typename Fn>
void Kernel::runAt(KIRQL irql, const char* context, Fn&& fn) {
    const KIRQL previous = m_cpu.irql;
    const std::size_t locksBefore = m_cpu.heldLocks.size();
    m_cpu.irql = irql;
    fn();
    if (m_cpu.heldLocks.size() > locksBefore) {
        reportViolation("spin lock held on return", context, 0xC4);
        while (m_cpu.heldLocks.size() > locksBefore) {
            const_cast<KSPIN_LOCK*>(m_cpu.heldLocks.back())->held = false;
            m_cpu.heldLocks.pop_back();
        }
    }
    if (m_cpu.irql != irql) {
        reportViolation("IRQL not restored on return", context, 0xC4);
    }
    m_cpu.irql = previous;
    if (previous < DISPATCH_LEVEL && !m_cpu.dpcQueue.empty() && !m_cpu.draining) {
        scheduleDpcDrain(m_cpu.dpcQueue.front());
    }
}

}  // namespace ps
