// TraceCounters: which fields of a trace record are counters (positions, FIFO
// level, padding) and what they measure. The one place that knows it: the
// Chrome trace exporter writes them as counter events and the timeline plots
// draw them, so both agree on every name and unit.
//
// extractTraceCounters() looks at one record on its own (no state) and lists
// its counters in a fixed order: the record's numeric fields in field order,
// then the DMA burst's byte count, then the paddings derived from position
// pairs. Values are as recorded:
// - positions (PlayPosition, WritePosition, RecordPosition, ReadPosition,
//   GetPosition): bytes since the stream's current run;
// - offsets (PlayOffset, WriteOffset, LPIB): bytes from the buffer's start;
// - FifoLevel: bytes in the device FIFO;
// - PaddingFrames: frames the WavePci client has queued and not had back;
// - PaddingBytes: render, written minus played; capture, recorded minus read
//   (negative while the device is ahead of the client);
// - DmaBurstBytes: the bytes ONE burst moved. It is a delta: a reader that
//   wants the DMA position adds them up per stream (or hardware unit).
// Pure function, any thread.
#pragma once

#include "model/sim/TraceRecord.h"

#include <array>
#include <cstddef>
#include <cstdint>

namespace ps {

enum class TraceCounterKind : std::uint8_t {
    PlayPosition,
    WritePosition,
    RecordPosition,
    ReadPosition,
    PlayOffset,
    WriteOffset,
    Lpib,
    FifoLevel,
    PaddingFrames,
    GetPosition,
    DmaBurstBytes,
    PaddingBytes,
};

struct TraceCounter {
    TraceCounterKind kind = TraceCounterKind::PlayPosition;
    const char* name = "";  // "PlayPosition", "FIFO level", "padding", "DMA position"
    const char* unit = "";  // "bytes" or "frames"
    std::int64_t value = 0;
};

// At most one counter per field, one DMA burst and two paddings.
constexpr std::size_t kMaxTraceCounters = kMaxTraceFields + 3;

struct TraceCounters {
    std::array<TraceCounter, kMaxTraceCounters> items{};
    std::size_t count = 0;

    const TraceCounter* begin() const { return items.data(); }
    const TraceCounter* end() const { return items.data() + count; }
    bool empty() const { return count == 0; }
};

TraceCounters extractTraceCounters(const TraceRecord& record);

}  // namespace ps
