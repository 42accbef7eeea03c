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

enum class FieldName : std::uint8_t {
    Other,
    PlayPosition,
    WritePosition,
    RecordPosition,
    ReadPosition,
    PlayOffset,
    WriteOffset,
    Lpib,
    FifoBytes,
    QueuedFrames,
    Position,
};

// Every record passes through here (the timeline reads each new one): the
// first character rules out nearly all field names with one comparison.
FieldName classifyFieldName(const char* n) {
    if (n == nullptr) {
        return FieldName::Other;
    }
    switch (n[0]) {
        case 'P':
            return is(n, "PlayPosition") ? FieldName::PlayPosition
                   : is(n, "PlayOffset") ? FieldName::PlayOffset
                   : is(n, "Position")   ? FieldName::Position
                                         : FieldName::Other;
        case 'W':
            return is(n, "WritePosition") ? FieldName::WritePosition
                   : is(n, "WriteOffset") ? FieldName::WriteOffset
                                          : FieldName::Other;
        case 'R':
            return is(n, "RecordPosition") ? FieldName::RecordPosition
                   : is(n, "ReadPosition") ? FieldName::ReadPosition
                                           : FieldName::Other;
        case 'L':
            return is(n, "LPIB") ? FieldName::Lpib : FieldName::Other;
        case 'F':
            return is(n, "FifoBytes") ? FieldName::FifoBytes : FieldName::Other;
        case 'Q':
            return is(n, "QueuedFrames") ? FieldName::QueuedFrames : FieldName::Other;
        default:
            return FieldName::Other;
    }
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
        const std::int64_t v = asSigned(f);
        switch (classifyFieldName(f.name)) {
            case FieldName::PlayPosition:
                play = &f;
                add(out, K::PlayPosition, "PlayPosition", "bytes", v);
                break;
            case FieldName::WritePosition:
                write = &f;
                add(out, K::WritePosition, "WritePosition", "bytes", v);
                break;
            case FieldName::RecordPosition:
                record = &f;
                add(out, K::RecordPosition, "RecordPosition", "bytes", v);
                break;
            case FieldName::ReadPosition:
                read = &f;
                add(out, K::ReadPosition, "ReadPosition", "bytes", v);
                break;
            case FieldName::PlayOffset:
                add(out, K::PlayOffset, "PlayOffset", "bytes", v);
                break;
            case FieldName::WriteOffset:
                add(out, K::WriteOffset, "WriteOffset", "bytes", v);
                break;
            case FieldName::Lpib:
                add(out, K::Lpib, "LPIB", "bytes", v);
                break;
            case FieldName::FifoBytes:
                add(out, K::FifoLevel, "FIFO level", "bytes", v);
                break;
            case FieldName::QueuedFrames:
                add(out, K::PaddingFrames, "padding", "frames", v);
                break;
            case FieldName::Position:
                if (r.category == TraceCategory::DdiCall) {
                    add(out, K::GetPosition, "GetPosition", "bytes", v);
                }
                break;
            case FieldName::Other:
                break;
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
