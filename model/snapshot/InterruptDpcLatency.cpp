#include "model/snapshot/InterruptDpcLatency.h"

#include <cstring>

namespace ps {
namespace {

bool is(const char* a, const char* b) {
    return a != nullptr && std::strcmp(a, b) == 0;
}

bool uintField(const TraceRecord& r, const char* name, std::uint64_t& out) {
    const TraceField* f = r.field(name);
    if (f == nullptr || f->kind == TraceValueKind::Text || f->kind == TraceValueKind::Bool) {
        return false;
    }
    out = f->u;
    return true;
}

}  // namespace

void InterruptDpcLatency::reset() {
    m_assertedNs.clear();
    m_isrs.fill(Isr{});
    m_nextIsr = 0;
}

bool InterruptDpcLatency::onRecord(const TraceRecord& r, InterruptDpcPair& pair) {
    if (!is(r.source, "kernel")) {
        return false;
    }
    if (r.category == TraceCategory::Interrupt) {
        std::uint64_t vector = 0;
        if (!uintField(r, "Vector", vector)) {
            return false;
        }
        if (is(r.name, "line asserted")) {
            m_assertedNs[vector] = r.timeNs;
        } else if (is(r.name, "ISR")) {
            const auto asserted = m_assertedNs.find(vector);
            const TraceField* name = r.field("Name");
            Isr& isr = m_isrs[m_nextIsr];
            m_nextIsr = (m_nextIsr + 1) % kRecentIsrs;
            isr.timeNs = r.timeNs;
            isr.vector = vector;
            isr.name = name != nullptr && name->kind == TraceValueKind::Text ? name->text : "";
            isr.assertedNs = asserted != m_assertedNs.end() ? asserted->second : r.timeNs;
        }
        return false;
    }
    if (r.category != TraceCategory::Dpc) {
        return false;
    }
    const TraceField* latency = r.field("LatencyNs");
    if (latency == nullptr || latency->kind != TraceValueKind::Int) {
        return false;
    }
    const TimeNs queuedNs = r.timeNs - latency->i;
    // Newest first: the ISR that ran last at the queue time queued it.
    for (std::size_t n = 1; n <= kRecentIsrs; ++n) {
        const Isr& isr = m_isrs[(m_nextIsr + kRecentIsrs - n) % kRecentIsrs];
        if (isr.timeNs < 0 || isr.timeNs < queuedNs) {
            break;
        }
        if (isr.timeNs == queuedNs) {
            pair.vector = isr.vector;
            pair.isrName = isr.name;
            pair.assertedNs = isr.assertedNs;
            pair.dpcNs = r.timeNs;
            pair.dpcRecordIndex = r.index;
            return true;
        }
    }
    return false;
}

}  // namespace ps
