#include "model/sim/Scheduler.h"

#include <algorithm>
#include <stdexcept>
#include <string>
#include <utility>

namespace ps {

// The heap helpers are inlined into their few callers (enqueue, runFirst,
// cancel): the heap is shallow, and a call's register saves and restores
// cost about as much as the sift itself.
[[gnu::always_inline]] inline std::size_t Scheduler::siftUp(std::size_t i, TimeNs timeNs,
                                                            std::uint64_t sequence) {
    while (i > 0) {
        const std::size_t parent = (i - 1) / 4;
        const HeapEntry& p = m_heap[parent];
        if (!(timeNs != p.timeNs ? timeNs < p.timeNs : sequence < p.sequence)) {
            break;
        }
        placeEntry(i, p.timeNs, p.sequence, p.slot);
        i = parent;
    }
    return i;
}

[[gnu::always_inline]] inline void Scheduler::heapPush(TimeNs timeNs, std::uint64_t sequence,
                                                       std::uint32_t slot) {
    const std::size_t i = m_heap.size();
    m_heap.emplace_back();
    placeEntry(siftUp(i, timeNs, sequence), timeNs, sequence, slot);
}

[[gnu::always_inline]] inline void Scheduler::heapRemove(std::size_t i) {
    const TimeNs lastTime = m_heap.back().timeNs;
    const std::uint64_t lastSequence = m_heap.back().sequence;
    const std::uint32_t lastSlot = m_heap.back().slot;
    m_heap.pop_back();
    const std::size_t n = m_heap.size();
    if (i == n) {
        return;  // the entry removed was the last one
    }
    const auto lastRunsBefore = [&](const HeapEntry& e) {
        return lastTime != e.timeNs ? lastTime < e.timeNs : lastSequence < e.sequence;
    };
    // The last entry fills the hole: up while it runs before the hole's
    // parent (only possible when the hole is not on the path from the root
    // to the last entry), else down. A 4-ary heap: half the depth of a
    // binary one, and the four children of a node share a cache line.
    if (i > 0 && lastRunsBefore(m_heap[(i - 1) / 4])) {
        i = siftUp(i, lastTime, lastSequence);
    } else {
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
            if (lastRunsBefore(m_heap[best])) {
                break;
            }
            const HeapEntry& b = m_heap[best];
            placeEntry(i, b.timeNs, b.sequence, b.slot);
            i = best;
        }
    }
    placeEntry(i, lastTime, lastSequence, lastSlot);
}

// Inlined into runFirst() and cancel(), which recycle a slot per event.
[[gnu::always_inline]] inline void Scheduler::recycleSlot(std::uint32_t slot) {
    Slot& s = slotAt(slot);
    s.pending = false;
    s.callback = nullptr;
    ++s.generation;
    m_freeSlots.push_back(slot);
}

EventId Scheduler::schedule(TimeNs atNs, Callback cb, const char* label) {
    if (atNs < m_nowNs) {
        throwBeforeNow(atNs);
    }
    if (!cb) {
        throwEmptyCallback();
    }
    const std::uint32_t slot = allocateSlot();
    slotAt(slot).callback = std::move(cb);
    return enqueue(atNs, slot, label);
}

EventId Scheduler::scheduleIn(TimeNs delayNs, Callback cb, const char* label) {
    if (delayNs < 0) {
        throwNegativeDelay(delayNs);
    }
    return schedule(m_nowNs + delayNs, std::move(cb), label);
}

EventId Scheduler::enqueue(TimeNs atNs, std::uint32_t slot, const char* label) {
    Slot& s = slotAt(slot);
    s.label = label != nullptr ? label : "";
    s.pending = true;
    ++m_pending;
    heapPush(atNs, m_nextSequence++, slot);
    return EventId(slot, s.generation);
}

void Scheduler::throwBeforeNow(TimeNs atNs) const {
    throw std::logic_error("Scheduler::schedule: due time " + std::to_string(atNs) +
                           " ns is before now (" + std::to_string(m_nowNs) + " ns)");
}

void Scheduler::throwNegativeDelay(TimeNs delayNs) {
    throw std::logic_error("Scheduler::scheduleIn: negative delay " + std::to_string(delayNs));
}

void Scheduler::throwEmptyCallback() {
    throw std::logic_error("Scheduler::schedule: empty callback");
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
    heapRemove(m_heapIndex[id.m_slot]);
    recycleSlot(id.m_slot);
    --m_pending;
    return true;
}

std::optional<TimeNs> Scheduler::nextEventTime() const {
    if (m_heap.empty()) {
        return std::nullopt;
    }
    return m_heap.front().timeNs;
}

bool Scheduler::step() {
    if (m_heap.empty()) {
        return false;
    }
    runFirst();
    return true;
}

void Scheduler::runFirst() {
    const std::uint32_t slot = m_heap.front().slot;
    m_nowNs = m_heap.front().timeNs;
    heapRemove(0);
    Slot& s = slotAt(slot);
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
        ~Recycle() { self->recycleSlot(slot); }
    } recycle{this, slot};
    s.callback();
}

std::uint64_t Scheduler::runUntil(TimeNs untilNs) {
    std::uint64_t ran = 0;
    while (!m_heap.empty() && m_heap.front().timeNs <= untilNs) {
        runFirst();
        ++ran;
    }
    if (untilNs > m_nowNs) {
        m_nowNs = untilNs;
    }
    return ran;
}

std::uint32_t Scheduler::addSlot() {
    if (m_slotCount >= EventId::kInvalidSlot - kSlotsPerChunk) {
        throw std::length_error("Scheduler: too many pending events");
    }
    if (m_slotCount % kSlotsPerChunk == 0) {
        m_slotChunks.push_back(std::make_unique<Slot[]>(kSlotsPerChunk));
        m_heapIndex.resize(m_heapIndex.size() + kSlotsPerChunk);
    }
    return m_slotCount++;
}

void Scheduler::releaseSlot(std::uint32_t slot) {
    recycleSlot(slot);
}

}  // namespace ps
