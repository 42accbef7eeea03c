#include "model/sim/Scheduler.h"

#include <algorithm>
#include <stdexcept>
#include <string>
#include <utility>

namespace ps {

EventId Scheduler::schedule(TimeNs atNs, Callback cb, const char* label) {
    if (atNs < m_nowNs) {
        throw std::logic_error("Scheduler::schedule: due time " + std::to_string(atNs) +
                               " ns is before now (" + std::to_string(m_nowNs) + " ns)");
    }
    if (!cb) {
        throw std::logic_error("Scheduler::schedule: empty callback");
    }
    const std::uint32_t slot = allocateSlot();
    Slot& s = slotAt(slot);
    s.callback = std::move(cb);
    s.label = label != nullptr ? label : "";
    s.pending = true;
    ++m_pending;
    heapPush(HeapEntry{atNs, m_nextSequence++, slot, s.generation});
    return EventId(slot, s.generation);
}

EventId Scheduler::scheduleIn(TimeNs delayNs, Callback cb, const char* label) {
    if (delayNs < 0) {
        throw std::logic_error("Scheduler::scheduleIn: negative delay " + std::to_string(delayNs));
    }
    return schedule(m_nowNs + delayNs, std::move(cb), label);
}

bool Scheduler::isPending(EventId id) const {
    if (!id.isValid() || id.m_slot >= m_slotCount) {
        return false;
    }
    const Slot& s = slotAt(id.m_slot);
    return s.pending && s.generation == id.m_generation;
}

bool Scheduler::cancel(EventId id) {
    if (!isPending(id)) {
        return false;
    }
    // The heap entry stays behind and is dropped when it reaches the top: its
    // generation no longer matches the slot's.
    releaseSlot(id.m_slot);
    --m_pending;
    return true;
}

std::optional<TimeNs> Scheduler::nextEventTime() {
    dropCancelledTop();
    if (m_heap.empty()) {
        return std::nullopt;
    }
    return m_heap.front().timeNs;
}

bool Scheduler::step() {
    dropCancelledTop();
    if (m_heap.empty()) {
        return false;
    }
    const HeapEntry top = heapPop();
    Slot& s = slotAt(top.slot);
    m_nowNs = top.timeNs;
    // The event stops being pending before it runs (cancelling itself from its
    // own callback is a no-op), but its slot is recycled only afterwards, so
    // the callback runs in place and events it schedules get other slots.
    s.pending = false;
    --m_pending;
    if (m_preEventHook) {
        m_preEventHook(EventInfo{m_executed, m_nowNs, s.label});
    }
    ++m_executed;
    struct Recycle {
        Scheduler* self;
        std::uint32_t slot;
        ~Recycle() { self->releaseSlot(slot); }
    } recycle{this, top.slot};
    s.callback();
    return true;
}

std::uint64_t Scheduler::runUntil(TimeNs untilNs) {
    std::uint64_t ran = 0;
    for (;;) {
        dropCancelledTop();
        if (m_heap.empty() || m_heap.front().timeNs > untilNs) {
            break;
        }
        step();
        ++ran;
    }
    if (untilNs > m_nowNs) {
        m_nowNs = untilNs;
    }
    return ran;
}

void Scheduler::dropCancelledTop() {
    while (!m_heap.empty()) {
        const HeapEntry& top = m_heap.front();
        const Slot& s = slotAt(top.slot);
        if (s.pending && s.generation == top.generation) {
            return;
        }
        heapPop();
    }
}

std::uint32_t Scheduler::allocateSlot() {
    if (!m_freeSlots.empty()) {
        const std::uint32_t slot = m_freeSlots.back();
        m_freeSlots.pop_back();
        return slot;
    }
    if (m_slotCount >= EventId::kInvalidSlot - kSlotsPerChunk) {
        throw std::length_error("Scheduler: too many pending events");
    }
    if (m_slotCount % kSlotsPerChunk == 0) {
        m_slotChunks.push_back(std::make_unique<Slot[]>(kSlotsPerChunk));
    }
    return m_slotCount++;
}

void Scheduler::releaseSlot(std::uint32_t slot) {
    Slot& s = slotAt(slot);
    s.pending = false;
    s.callback = nullptr;
    ++s.generation;
    m_freeSlots.push_back(slot);
}

void Scheduler::heapPush(const HeapEntry& entry) {
    std::size_t i = m_heap.size();
    m_heap.push_back(entry);
    while (i > 0) {
        const std::size_t parent = (i - 1) / 4;
        if (!runsBefore(entry, m_heap[parent])) {
            break;
        }
        m_heap[i] = m_heap[parent];
        i = parent;
    }
    m_heap[i] = entry;
}

Scheduler::HeapEntry Scheduler::heapPop() {
    const HeapEntry top = m_heap.front();
    const HeapEntry last = m_heap.back();
    m_heap.pop_back();
    const std::size_t n = m_heap.size();
    if (n == 0) {
        return top;
    }
    // A 4-ary heap: half the depth of a binary one, and the four children of a
    // node share a cache line, which makes pops cheaper for the 10..10^4 pending
    // events a simulation keeps.
    std::size_t i = 0;
    for (;;) {
        const std::size_t first = 4 * i + 1;
        if (first >= n) {
            break;
        }
        std::size_t best = first;
        const std::size_t end = std::min(first + 4, n);
        for (std::size_t c = first + 1; c < end; ++c) {
            if (runsBefore(m_heap[c], m_heap[best])) {
                best = c;
            }
        }
        if (!runsBefore(m_heap[best], last)) {
            break;
        }
        m_heap[i] = m_heap[best];
        i = best;
    }
    m_heap[i] = last;
    return top;
}

}  // namespace ps
