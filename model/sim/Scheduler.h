// Discrete-event scheduler: one instance per simulation, no global state.
//
// Contract
// - Time is an integer count of nanoseconds (TimeNs) that never goes backwards.
// - Events run in (due time, insertion order): two events due at the same time
//   run first in, first out. An event may schedule further events, including at
//   the current time; those run after every event already queued for that time.
// - schedule() returns an EventId that is always safe to cancel: cancelling an
//   event that already ran, was already cancelled or never existed returns false
//   and changes nothing. A cancelled event leaves the queue at once, so the
//   queue holds pending events only, however often events are cancelled and
//   scheduled again.
// - step() runs exactly one event; runUntil(t) runs every event due at or before
//   t and then leaves now() == t.
// - The pre-event hook runs before every event with the event's index (count of
//   events executed before it), due time and label. The transport's step modes
//   and replay-to-index hang off it.
// - Not thread-safe: only the simulation thread calls it.
#pragma once

#include "model/sim/EventCallback.h"
#include "model/sim/SimTime.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <type_traits>
#include <utility>
#include <vector>

namespace ps {

// Handle of a scheduled event. A default-constructed id refers to no event.
class EventId {
  public:
    EventId() = default;
    bool isValid() const { return m_slot != kInvalidSlot; }
    friend bool operator==(EventId a, EventId b) {
        return a.m_slot == b.m_slot && a.m_generation == b.m_generation;
    }
    friend bool operator!=(EventId a, EventId b) { return !(a == b); }

  private:
    friend class Scheduler;
    static constexpr std::uint32_t kInvalidSlot = 0xFFFFFFFFu;
    EventId(std::uint32_t slot, std::uint32_t generation)
        : m_slot(slot), m_generation(generation) {}
    std::uint32_t m_slot = kInvalidSlot;
    std::uint32_t m_generation = 0;
};

// What the pre-event hook is told about the event about to run.
struct EventInfo {
    std::uint64_t index;  // number of events executed before this one in this run
    TimeNs timeNs;        // the event's due time; now() already equals it
    const char* label;    // static string given at schedule time, never null
};

class Scheduler {
  public:
    using Callback = EventCallback;
    using PreEventHook = std::function<void(const EventInfo&)>;

    Scheduler() = default;
    Scheduler(const Scheduler&) = delete;
    Scheduler& operator=(const Scheduler&) = delete;

    TimeNs now() const { return m_nowNs; }

    // Schedules cb at absolute time atNs (>= now(); earlier throws
    // std::logic_error: it is a bug in the caller). label must be a string with
    // static storage duration (a literal); it names the event in hooks.
    EventId schedule(TimeNs atNs, Callback cb, const char* label = "event");
    // Schedules cb delayNs (>= 0) after now().
    EventId scheduleIn(TimeNs delayNs, Callback cb, const char* label = "event");
    // The same for a callable other than a Callback (a lambda, say): it is
    // constructed in the event's slot, with no Callback to move from.
    template <typename F, typename D = std::decay_t<F>,
              typename = std::enable_if_t<!std::is_same<D, Callback>::value &&
                                          std::is_invocable_r<void, D&>::value>>
    EventId schedule(TimeNs atNs, F&& f, const char* label = "event") {
        if (atNs < m_nowNs) {
            throwBeforeNow(atNs);
        }
        if constexpr (std::is_pointer<D>::value) {
            if (f == nullptr) {
                throwEmptyCallback();
            }
        }
        const std::uint32_t slot = allocateSlot();
        try {
            slotAt(slot).callback.emplace(std::forward<F>(f));
        } catch (...) {
            releaseSlot(slot);
            throw;
        }
        return enqueue(atNs, slot, label);
    }
    template <typename F, typename D = std::decay_t<F>,
              typename = std::enable_if_t<!std::is_same<D, Callback>::value &&
                                          std::is_invocable_r<void, D&>::value>>
    EventId scheduleIn(TimeNs delayNs, F&& f, const char* label = "event") {
        if (delayNs < 0) {
            throwNegativeDelay(delayNs);
        }
        return schedule(m_nowNs + delayNs, std::forward<F>(f), label);
    }

    // Cancels a pending event; true if it was pending.
    bool cancel(EventId id);
    bool isPending(EventId id) const;

    // Runs the next event. Returns false (and does nothing) when none is pending.
    bool step();
    // Runs every event due at or before untilNs, then sets now() to untilNs
    // (when untilNs > now()). Returns how many events ran.
    std::uint64_t runUntil(TimeNs untilNs);

    void setPreEventHook(PreEventHook hook) { m_preEventHook = std::move(hook); }

    std::uint64_t executedCount() const { return m_executed; }
    std::size_t pendingCount() const { return m_pending; }
    std::optional<TimeNs> nextEventTime() const;

  private:
    struct Slot {
        Callback callback;
        const char* label = "";
        std::uint32_t generation = 0;
        bool pending = false;
    };
    struct HeapEntry {
        TimeNs timeNs;
        std::uint64_t sequence;
        std::uint32_t slot;
    };
    // Slots live in fixed-size chunks so that their addresses stay put while a
    // running callback schedules more events: callbacks run in place.
    static constexpr std::uint32_t kSlotsPerChunk = 256;
    Slot& slotAt(std::uint32_t slot) {
        return m_slotChunks[slot / kSlotsPerChunk][slot % kSlotsPerChunk];
    }
    const Slot& slotAt(std::uint32_t slot) const {
        return m_slotChunks[slot / kSlotsPerChunk][slot % kSlotsPerChunk];
    }
    static bool runsBefore(const HeapEntry& a, const HeapEntry& b) {
        return a.timeNs != b.timeNs ? a.timeNs < b.timeNs : a.sequence < b.sequence;
    }

    [[noreturn]] void throwBeforeNow(TimeNs atNs) const;
    [[noreturn]] static void throwNegativeDelay(TimeNs delayNs);
    [[noreturn]] static void throwEmptyCallback();
    // Marks a slot whose callback is set pending at atNs and queues it.
    EventId enqueue(TimeNs atNs, std::uint32_t slot, const char* label);
    // Runs the first event of the queue (which must not be empty).
    void runFirst();
    // Entries are written member by member and read the same way (never
    // built in one place and copied as a block): a block load over members
    // stored a moment before cannot be forwarded from the store buffer and
    // waits for the stores to land.
    void heapPush(TimeNs timeNs, std::uint64_t sequence, std::uint32_t slot);
    // Removes the entry at heap index i, keeping m_heapIndex current.
    void heapRemove(std::size_t i);
    // Moves the parents of the hole at index i down while the entry (timeNs,
    // sequence) runs before them; returns where the entry belongs. Shared by
    // push and by a removal whose hole is refilled by an earlier entry.
    std::size_t siftUp(std::size_t i, TimeNs timeNs, std::uint64_t sequence);
    void placeEntry(std::size_t i, TimeNs timeNs, std::uint64_t sequence, std::uint32_t slot) {
        HeapEntry& e = m_heap[i];
        e.timeNs = timeNs;
        e.sequence = sequence;
        e.slot = slot;
        m_heapIndex[slot] = static_cast<std::uint32_t>(i);
    }
    std::uint32_t allocateSlot() {
        if (!m_freeSlots.empty()) {
            const std::uint32_t slot = m_freeSlots.back();
            m_freeSlots.pop_back();
            return slot;
        }
        return addSlot();
    }
    std::uint32_t addSlot();
    // Makes a slot free: no callback, not pending, a new generation (ids of
    // its last event go stale). releaseSlot() is the out-of-line copy.
    void recycleSlot(std::uint32_t slot);
    void releaseSlot(std::uint32_t slot);

    TimeNs m_nowNs = 0;
    std::uint64_t m_nextSequence = 0;
    std::uint64_t m_executed = 0;
    std::size_t m_pending = 0;
    std::vector<HeapEntry> m_heap;  // 4-ary min-heap on (timeNs, sequence)
    // By slot: where a pending event's entry is in m_heap (cancel removes it).
    std::vector<std::uint32_t> m_heapIndex;
    std::vector<std::unique_ptr<Slot[]>> m_slotChunks;
    std::uint32_t m_slotCount = 0;
    std::vector<std::uint32_t> m_freeSlots;
    PreEventHook m_preEventHook;
};

}  // namespace ps
