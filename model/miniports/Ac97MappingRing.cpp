#include "model/miniports/Ac97MappingRing.h"

#include <vector>

namespace ps {

ULONG Ac97MappingRing::push(const Ac97Mapping& mapping) {
    const ULONG index = m_tail;
    m_slots[index] = mapping;
    m_tail = (m_tail + 1) % kSlots;
    ++m_count;
    return index;
}

Ac97Mapping Ac97MappingRing::popHead() {
    Ac97Mapping m = m_slots[m_head];
    m_slots[m_head] = Ac97Mapping{};
    m_head = (m_head + 1) % kSlots;
    --m_count;
    return m;
}

std::optional<ULONG> Ac97MappingRing::positionOfTag(ULONG tag) const {
    for (ULONG position = 0; position < m_count; ++position) {
        if (at(position).Tag == tag) {
            return position;
        }
    }
    return std::nullopt;
}

ULONG Ac97MappingRing::relayout(ULONG resumePosition, ULONG removeFirst, ULONG removeCount) {
    // Copying out and back is the AC97 sample's "second half of the table as
    // scratch space" without the case analysis.
    std::vector<Ac97Mapping> passed;
    std::vector<Ac97Mapping> current;
    for (ULONG position = 0; position < m_count; ++position) {
        if (position >= removeFirst && position - removeFirst < removeCount) {
            continue;
        }
        (position < resumePosition ? passed : current).push_back(at(position));
    }
    m_slots.fill(Ac97Mapping{});
    const ULONG passedCount = static_cast<ULONG>(passed.size());
    for (ULONG i = 0; i < passedCount; ++i) {
        m_slots[kSlots - passedCount + i] = passed[i];
    }
    for (ULONG i = 0; i < current.size(); ++i) {
        m_slots[i] = current[i];
    }
    m_head = (kSlots - passedCount) % kSlots;
    m_tail = static_cast<ULONG>(current.size());
    m_count = passedCount + m_tail;
    return passedCount;
}

void Ac97MappingRing::clear() {
    m_slots.fill(Ac97Mapping{});
    m_head = 0;
    m_tail = 0;
    m_count = 0;
}

}  // namespace ps
