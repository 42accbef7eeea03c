// Ac97MappingRing: the mapping table of one AC'97 stream, a ring of 32 slots
// that mirrors the engine's 32-entry buffer descriptor list slot for slot
// (DDI.md §6.1; HARDWARE.md §1.3). Slot i describes BDL entry i.
//
// The queue runs from head to tail - 1 (modulo 32) in acquisition order, which
// is also the order the engine plays (or records) the entries. At most 31
// slots are used, so head == tail always means "empty".
//
// relayout() is the ring rotation and compaction RevokeMappings needs after an
// engine reset (DDI.md §6.5): the reset makes the engine restart at slot 0, so
// the entry it must resume with moves to slot 0, entries it has already
// passed end at slot 31 (where the release logic still finds them before slot
// 0), and the revoked range disappears. The AC97 sample does this with block
// moves through scratch halves of its tables, in three cases (both tags at or
// after the current entry; first before and last at or after; both before);
// here they fall out of one re-layout.
//
// Plain data: no locking (the stream's MapLock guards it), no hardware access.
#pragma once

#include "model/kernel/KernelTypes.h"
#include "model/kernel/PhysicalMemory.h"

#include <array>
#include <optional>

namespace ps {

struct Ac97Mapping {
    ULONG Tag = 0;  // the value passed to GetMapping (unique per stream)
    PHYSICAL_ADDRESS PhysicalAddress = 0;
    PVOID VirtualAddress = nullptr;   // simulated system VA (never dereferenced)
    ULONG ByteCount = 0;              // as GetMapping returned it
    ULONG Flags = 0;                  // as GetMapping returned it: nonzero = last of a packet
    ULONGLONG streamOffsetBytes = 0;  // bytes the stream had mapped before this mapping
    ULONG skipBytes = 0;              // leading bytes not programmed (resume after a revoke)
    bool ioc = false;                 // the descriptor requests an interrupt on completion
};

class Ac97MappingRing {
  public:
    static constexpr ULONG kSlots = 32;
    static constexpr ULONG kMaxQueued = kSlots - 1;

    ULONG head() const { return m_head; }
    ULONG tail() const { return m_tail; }
    ULONG count() const { return m_count; }
    bool empty() const { return m_count == 0; }
    bool full() const { return m_count == kMaxQueued; }

    // Slot of the entry `position` places after head (0 = head).
    ULONG slotOf(ULONG position) const { return (m_head + position) % kSlots; }
    // Places from head to `slot`, modulo 32 (== count() for tail).
    ULONG positionOfSlot(ULONG slot) const { return (slot + kSlots - m_head) % kSlots; }
    // Slot of the newest entry (tail - 1); meaningless when empty.
    ULONG lastSlot() const { return (m_tail + kSlots - 1) % kSlots; }

    Ac97Mapping& slot(ULONG index) { return m_slots[index % kSlots]; }
    const Ac97Mapping& slot(ULONG index) const { return m_slots[index % kSlots]; }
    Ac97Mapping& at(ULONG position) { return slot(slotOf(position)); }
    const Ac97Mapping& at(ULONG position) const { return slot(slotOf(position)); }

    // Appends at tail and returns the slot used. Precondition: !full().
    ULONG push(const Ac97Mapping& mapping);
    // Removes and returns the head entry. Precondition: !empty().
    Ac97Mapping popHead();
    // Position (0 = head) of the queued entry with `tag`; nullopt if none.
    std::optional<ULONG> positionOfTag(ULONG tag) const;

    // Re-lays the queue for an engine that restarts at slot 0: drops the
    // entries at positions [removeFirst, removeFirst + removeCount), then puts
    // the first remaining entry at or after position `resumePosition` in slot
    // 0 and the remaining entries before it in the slots just below 32.
    // Returns how many entries now precede slot 0 (the "passed" ones).
    ULONG relayout(ULONG resumePosition, ULONG removeFirst, ULONG removeCount);

    void clear();

  private:
    std::array<Ac97Mapping, kSlots> m_slots{};
    ULONG m_head = 0;
    ULONG m_tail = 0;
    ULONG m_count = 0;
};

}  // namespace ps
