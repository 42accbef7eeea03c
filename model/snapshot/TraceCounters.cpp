#include "model/snapshot/TraceCounters.h"

#include <cstring>

namespace ps {
namespace {

bool is(const char* a, const char* b) {
    return a != nullptr && std::strcmp(a, b) == 0;
}

std::int64_t asSigned(const TraceField& f) {
    return f.kind == TraceValueKind::Int ? f.i : static_cast<std::int64_t>(f.u);
}

bool isNumeric(const TraceField& f) {
    return f.kind == TraceValueKind::Int || f.kind == TraceValueKind::UInt ||
           f.kind == TraceValueKind::Hex;
}

void add(TraceCounters& out, TraceCounterKind kind, const char* name, const char* unit,
         std::int64_t value) {
    out.items[out.count++] = TraceCounter{kind, name, unit, value};
}

}  // namespace

TraceCounters extractTraceCounters(const TraceRecord& r) {
    TraceCounters out;
    const TraceField* play = nullptr;
    const TraceField* write = nullptr;
    const TraceField* record = nullptr;
    const TraceField* read = nullptr;
    using K = TraceCounterKind;
    for (std::size_t i = 0; i < r.fieldCount; ++i) {
        const TraceField& f = r.fields[i];
        if (!isNumeric(f)) {
            continue;
        }
        const char* n = f.name;
        const std::int64_t v = asSigned(f);
        if (is(n, "PlayPosition")) {
            play = &f;
            add(out, K::PlayPosition, "PlayPosition", "bytes", v);
        } else if (is(n, "WritePosition")) {
            write = &f;
            add(out, K::WritePosition, "WritePosition", "bytes", v);
        } else if (is(n, "RecordPosition")) {
            record = &f;
            add(out, K::RecordPosition, "RecordPosition", "bytes", v);
        } else if (is(n, "ReadPosition")) {
            read = &f;
            add(out, K::ReadPosition, "ReadPosition", "bytes", v);
        } else if (is(n, "PlayOffset")) {
            add(out, K::PlayOffset, "PlayOffset", "bytes", v);
        } else if (is(n, "WriteOffset")) {
            add(out, K::WriteOffset, "WriteOffset", "bytes", v);
        } else if (is(n, "LPIB")) {
            add(out, K::Lpib, "LPIB", "bytes", v);
        } else if (is(n, "FifoBytes")) {
            add(out, K::FifoLevel, "FIFO level", "bytes", v);
        } else if (is(n, "QueuedFrames")) {
            add(out, K::PaddingFrames, "padding", "frames", v);
        } else if (is(n, "Position") && r.category == TraceCategory::DdiCall) {
            add(out, K::GetPosition, "GetPosition", "bytes", v);
        }
    }
    // The DMA engines' own progress (AC'97 has no byte position register).
    if (r.category == TraceCategory::Dma && is(r.name, "DMA burst")) {
        if (const TraceField* bytes = r.field("Bytes"); bytes != nullptr && isNumeric(*bytes)) {
            add(out, K::DmaBurstBytes, "DMA position", "bytes", asSigned(*bytes));
        }
    }
    if (play != nullptr && write != nullptr) {
        add(out, K::PaddingBytes, "padding", "bytes", asSigned(*write) - asSigned(*play));
    }
    if (record != nullptr && read != nullptr) {
        add(out, K::PaddingBytes, "padding", "bytes", asSigned(*record) - asSigned(*read));
    }
    return out;
}

}  // namespace ps
