// KEVENT: notification and synchronization events with simulated waiters.
#include "model/kernel/Kernel.h"

#include <algorithm>

namespace ps {

KEVENT::~KEVENT() {
    if (kernel != nullptr) {
        kernel->forgetEvent(this);
    }
}

void Kernel::KeInitializeEvent(PRKEVENT Event, EVENT_TYPE Type, BOOLEAN State, const char* name) {
    if (Event->kernel != nullptr) {
        Event->kernel->forgetEvent(Event);
    }
    Event->Type = Type;
    Event->SignalState = State ? 1 : 0;
    Event->name = name;
    Event->kernel = this;
    Event->traceHandle = kEventTraceHandleBase + kEventTraceHandleStride * ++m_eventsInitialized;
    Event->waiters.clear();
    Event->setCount = 0;
}

LONG Kernel::KeSetEvent(PRKEVENT Event, LONG /*Increment*/, BOOLEAN /*Wait*/) {
    if (m_cpu.irql > DISPATCH_LEVEL) {
        reportViolation("KeSetEvent above DISPATCH_LEVEL", Event->name, 0x0A);
    }
    const LONG previous = Event->SignalState;
    ++Event->setCount;
    Event->SignalState = 1;
    if (Event->Type == NotificationEvent) {
        // Every waiter is released and the event stays signalled. Releasing
        // only schedules the waiters' resumption, so nothing touches the list
        // while it is walked.
        for (auto& w : Event->waiters) {
            m_scheduler.cancel(w.timeout);
            releaseWaiter(w.thread, &w.resume, STATUS_SUCCESS);
        }
        Event->waiters.clear();
    } else if (!Event->waiters.empty()) {
        // A synchronization event satisfies one waiter and resets itself.
        KEVENT_WAITER w = std::move(Event->waiters.front());
        Event->waiters.erase(Event->waiters.begin());
        Event->SignalState = 0;
        m_scheduler.cancel(w.timeout);
        releaseWaiter(w.thread, &w.resume, STATUS_SUCCESS);
    }
    if (Event->waiters.empty()) {
        unlistEventWithWaiters(Event);
    }
    return previous;
}

LONG Kernel::KeResetEvent(PRKEVENT Event) {
    const LONG previous = Event->SignalState;
    Event->SignalState = 0;
    return previous;
}

void Kernel::KeClearEvent(PRKEVENT Event) {
    Event->SignalState = 0;
}

std::uint64_t Kernel::waitForEvent(PRKEVENT Event, WaitContinuation resume, TimeNs timeoutNs) {
    return addWaiter(Event, nullptr, &resume, timeoutNs);
}

std::uint64_t Kernel::addWaiter(PRKEVENT Event, ETHREAD* thread, WaitContinuation* resume,
                                TimeNs timeoutNs) {
    const std::uint64_t id = m_nextWaitId++;
    if (Event->SignalState != 0) {
        if (Event->Type == SynchronizationEvent) {
            Event->SignalState = 0;
        }
        releaseWaiter(thread, resume, STATUS_SUCCESS);
        return id;
    }
    EventId timeout;
    if (timeoutNs >= 0) {
        timeout = m_scheduler.scheduleIn(
            timeoutNs, [this, Event, id] { timeOutWaiter(Event, id); }, "wait timeout");
    }
    // Built in place: a waiter is never copied or moved on its way in.
    KEVENT_WAITER& w = Event->waiters.emplace_back();
    w.id = id;
    w.thread = thread;
    if (thread == nullptr) {
        w.resume = std::move(*resume);
    }
    w.timeout = timeout;
    listEventWithWaiters(Event);
    return id;
}

void Kernel::timeOutWaiter(PRKEVENT Event, std::uint64_t waitId) {
    auto it = std::find_if(Event->waiters.begin(), Event->waiters.end(),
                           [waitId](const KEVENT_WAITER& x) { return x.id == waitId; });
    if (it == Event->waiters.end()) {
        return;
    }
    // Resume directly: the timeout event is the waiter's wake-up.
    ETHREAD* thread = it->thread;
    if (thread != nullptr) {
        Event->waiters.erase(it);
        resumeThread(thread, STATUS_TIMEOUT);
        return;
    }
    WaitContinuation resume = std::move(it->resume);
    Event->waiters.erase(it);
    resume(STATUS_TIMEOUT);
}

bool Kernel::cancelWait(PRKEVENT Event, std::uint64_t waitId) {
    auto it = std::find_if(Event->waiters.begin(), Event->waiters.end(),
                           [waitId](const KEVENT_WAITER& x) { return x.id == waitId; });
    if (it == Event->waiters.end()) {
        return false;
    }
    m_scheduler.cancel(it->timeout);
    Event->waiters.erase(it);
    return true;
}

void Kernel::releaseWaiter(ETHREAD* thread, WaitContinuation* resume, std::int32_t status) {
    // The waiting thread resumes as its own event, after whatever the signaller
    // is doing now, in the order the waiters were released.
    if (thread != nullptr) {
        m_scheduler.scheduleIn(
            0, [this, thread, status] { resumeThread(thread, status); }, "wait satisfied");
        return;
    }
    static_assert(EventCallback::storesInline<std::pair<WaitContinuation, std::int32_t>>(),
                  "a released waiter's event must not allocate");
    m_scheduler.scheduleIn(
        0, [resume = std::move(*resume), status]() mutable { resume(status); }, "wait satisfied");
}

void Kernel::listEventWithWaiters(KEVENT* event) {
    if (!event->listedWithWaiters) {
        event->listedWithWaiters = true;
        m_eventsWithWaiters.push_back(event);
    }
}

void Kernel::unlistEventWithWaiters(KEVENT* event) {
    if (event->listedWithWaiters) {
        event->listedWithWaiters = false;
        m_eventsWithWaiters.erase(
            std::remove(m_eventsWithWaiters.begin(), m_eventsWithWaiters.end(), event),
            m_eventsWithWaiters.end());
    }
}

void Kernel::forgetEvent(KEVENT* event) {
    for (auto& w : event->waiters) {
        m_scheduler.cancel(w.timeout);
    }
    event->waiters.clear();
    unlistEventWithWaiters(event);
}

}  // namespace ps
