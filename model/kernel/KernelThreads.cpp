// Driver-owned system threads and the system interference model: what delays
// DPC drains and thread wakeups, and what shields them.
#include "model/kernel/Kernel.h"

#include <algorithm>
#include <iterator>
#include <utility>

namespace ps {

template <typename Fn>
void Kernel::runInThread(ETHREAD* thread, Fn&& fn) {
    PETHREAD previous = m_currentThread;
    m_currentThread = thread;
    runAt(PASSIVE_LEVEL, thread->name, std::forward<Fn>(fn));
    m_currentThread = previous;
}

NTSTATUS Kernel::PsCreateSystemThread(PETHREAD* Thread, PKSTART_ROUTINE StartRoutine,
                                      PVOID StartContext, const char* name) {
    if (Thread == nullptr || StartRoutine == nullptr) {
        return STATUS_INVALID_PARAMETER;
    }
    auto thread = std::make_unique<ETHREAD>();
    thread->id = m_nextObjectId++;
    thread->name = name;
    thread->kernel = this;
    thread->driverOwned = true;
    ETHREAD* created = thread.get();
    m_threads.push_back(std::move(thread));
    *Thread = created;
    m_tracer.record(TraceRecord(TraceCategory::Resource, "kernel", "PsCreateSystemThread")
                        .addText("Name", name)
                        .addUInt("ThreadId", created->id)
                        .setStatus(STATUS_SUCCESS));
    created->delayedResume = m_scheduler.scheduleIn(
        0,
        [this, created, StartRoutine, StartContext] {
            runInThread(created, [&] { StartRoutine(StartContext); });
        },
        "thread start");
    return STATUS_SUCCESS;
}

BOOLEAN Kernel::KeWaitForSingleObjectInThread(PRKEVENT Event, TimeNs timeoutNs,
                                              WaitContinuation resume) {
    ETHREAD* thread = m_currentThread;
    if (thread == nullptr || !thread->driverOwned || thread->terminated || Event == nullptr ||
        !resume) {
        reportViolation("thread wait outside a driver thread",
                        "KeWaitForSingleObjectInThread must be called from a running driver "
                        "thread with an event and a continuation");
        return FALSE;
    }
    // The continuation stays with the thread; the waiter only names it, so a
    // wait allocates nothing and a wakeup calls the continuation directly.
    thread->continuation = std::move(resume);
    thread->waitEvent = Event;
    thread->waitId = addWaiter(Event, thread, nullptr, timeoutNs);
    return TRUE;
}

void Kernel::resumeThread(ETHREAD* thread, std::int32_t status) {
    thread->waitEvent = nullptr;
    thread->waitId = 0;
    if (thread->terminated) {
        return;
    }
    ++thread->wakeups;
    const TimeNs delayNs = interferenceDelay(false, thread);
    if (delayNs > 0) {
        ++thread->delayedWakeups;
        thread->totalDelayNs += delayNs;
        thread->delayedResume = m_scheduler.scheduleIn(
            delayNs,
            [this, thread, status] {
                if (!thread->terminated) {
                    runContinuation(thread, status);
                }
            },
            "delayed thread wakeup");
        return;
    }
    runContinuation(thread, status);
}

void Kernel::runContinuation(ETHREAD* thread, std::int32_t status) {
    // Taken out of the thread first: the continuation usually waits again,
    // which stores the next one.
    WaitContinuation resume = std::move(thread->continuation);
    runInThread(thread, [&] { resume(status); });
}

void Kernel::PsTerminateSystemThread(PETHREAD Thread) {
    if (Thread == nullptr || !Thread->driverOwned || Thread->kernel != this) {
        reportViolation("PsTerminateSystemThread of an unknown thread",
                        "the thread was not created with PsCreateSystemThread");
        return;
    }
    if (Thread->terminated) {
        reportViolation("thread terminated twice", Thread->name);
        return;
    }
    Thread->terminated = true;
    Thread->continuation = nullptr;
    m_scheduler.cancel(Thread->delayedResume);
    if (Thread->waitEvent != nullptr) {
        cancelWait(Thread->waitEvent, Thread->waitId);
        Thread->waitEvent = nullptr;
    }
    m_tracer.record(TraceRecord(TraceCategory::Resource, "kernel", "PsTerminateSystemThread")
                        .addText("Name", Thread->name)
                        .addUInt("ThreadId", Thread->id));
}

// ------------------------------------------------------------ object handles

ULONG_PTR Kernel::allocateObjectHandle(void* owner) {
    const ULONG_PTR handle = m_nextObjectHandle++;
    m_objectHandles[handle] = owner;
    return handle;
}

std::uint64_t Kernel::kernelObjectId(const void* object) const {
    if (object == nullptr) {
        return 0;
    }
    for (const auto& interrupt : m_interrupts) {
        if (interrupt.get() == object) {
            return interrupt->id;
        }
    }
    for (const auto& thread : m_threads) {
        if (thread.get() == object) {
            return thread->id;
        }
    }
    return 0;
}

void* Kernel::objectHandleOwner(ULONG_PTR handle) const {
    const auto it = m_objectHandles.find(handle);
    return it != m_objectHandles.end() ? it->second : nullptr;
}

void Kernel::releaseObjectHandles(const void* owner) {
    for (auto it = m_objectHandles.begin(); it != m_objectHandles.end();) {
        it = it->second == owner ? m_objectHandles.erase(it) : std::next(it);
    }
}

// ------------------------------------------------------------ interference

void Kernel::setStreamResourceShielded(const void* resource, bool shielded) {
    if (resource == nullptr) {
        return;
    }
    if (shielded) {
        ++m_shielded[resource];
        return;
    }
    auto it = m_shielded.find(resource);
    if (it != m_shielded.end() && --it->second == 0) {
        m_shielded.erase(it);
    }
}

bool Kernel::isStreamResourceShielded(const void* resource) const {
    return m_shielded.count(resource) != 0;
}

void Kernel::lowLatencyStreamStarted() {
    ++m_lowLatencyStreams;
}

void Kernel::lowLatencyStreamStopped() {
    if (m_lowLatencyStreams > 0) {
        --m_lowLatencyStreams;
    }
}

TimeNs Kernel::drawInterferenceDelay(bool dpc, const void* resource) {
    const SystemInterferenceConfig& config = m_config.interference;
    const InterferenceDelay& d = dpc ? config.dpc : config.thread;
    Random& random = dpc ? m_dpcInterference : m_threadInterference;
    if (d.probability <= 0.0 || !random.bernoulli(d.probability)) {
        return 0;
    }
    // A reversed or negative range is read as the nearest sensible one
    // rather than rejected: the scenario loader reports it.
    const TimeNs lo = std::max<TimeNs>(0, d.minDelayNs);
    const TimeNs hi = std::max(lo, d.maxDelayNs);
    const TimeNs delayNs = random.uniformInt(lo, hi);
    if (delayNs <= 0) {
        return 0;
    }
    // The draw happens whether or not the resource is shielded, so that two
    // runs with the same seed meet the same interference.
    const bool shielded =
        m_lowLatencyStreams > 0 && resource != nullptr && isStreamResourceShielded(resource);
    if (dpc) {
        ++(shielded ? m_interferenceCounters.dpcShielded : m_interferenceCounters.dpcDelays);
        m_interferenceCounters.dpcDelayNs += shielded ? 0 : delayNs;
    } else {
        ++(shielded ? m_interferenceCounters.threadShielded : m_interferenceCounters.threadDelays);
        m_interferenceCounters.threadDelayNs += shielded ? 0 : delayNs;
    }
    m_tracer.record(TraceRecord(TraceCategory::Resource, "kernel",
                                shielded ? "interference shielded" : "interference delay")
                        .addText("Target", dpc ? "DPC" : "thread")
                        .addUInt("ResourceId", kernelObjectId(resource))
                        .addInt("DelayNs", delayNs));
    return shielded ? 0 : delayNs;
}

}  // namespace ps
