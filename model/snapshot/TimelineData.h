// TimelineData: the series and marks the timeline plots draw, extracted from
// a run's trace records and kept up to date incrementally.
//
// update() is called with the newest TraceLogView (every display frame) and
// reads only the records it has not seen: its cost is what arrived since the
// previous call. A view that is not the continuation of what was read (a new
// run, a replay for a step back or seek that ends earlier, another scenario)
// is detected (fewer records, or the last record read differs) and the data
// is rebuilt from the records the view holds.
//
// Per stream (records carrying the stream's id), from TraceCounters:
// - clientPosition: WritePosition (render) / ReadPosition (capture), bytes;
// - devicePosition: PlayPosition / RecordPosition as the client read them;
// - dmaPosition: bytes the DMA engine moved since the stream's first burst;
// - paddingFrames: QueuedFrames (WavePci), or the padding in bytes divided
//   by the stream's bytes per frame (WaveRT);
// - fifoBytes: the device FIFO level after each DMA record;
// - marks: KSSTATE changes (labelled with the new state), notifications (the
//   device's buffer-complete status, "BCIS set"), glitches (Glitch records).
// Device level: interrupt-to-DPC latency per interrupt vector
// (InterruptDpcLatency), in nanoseconds.
// Memory follows the trace log: points and marks of records the view no
// longer holds (it drops its oldest chunks) are let go, in whole blocks
// (MinMaxSeries::dropBeforeRecord, TimeMarks::dropBeforeRecord), so an
// hour-long session holds about what its log holds.
// Not synchronised: one thread (the GUI's) updates and reads.
#pragma once

#include "model/sim/TraceLog.h"
#include "model/snapshot/InterruptDpcLatency.h"
#include "model/snapshot/MinMaxSeries.h"
#include "model/snapshot/TimeMarks.h"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace ps {

struct StreamTimeline {
    std::uint16_t streamId = 0;
    MinMaxSeries clientPosition;
    MinMaxSeries devicePosition;
    MinMaxSeries dmaPosition;
    MinMaxSeries paddingFrames;
    MinMaxSeries fifoBytes;
    TimeMarks states;
    TimeMarks notifications;
    TimeMarks glitches;
    std::int64_t dmaBytes = 0;  // running sum behind dmaPosition
};

struct InterruptTimeline {
    std::uint64_t vector = 0;
    std::string label;  // "HDA WaveRT miniport ISR (vector 12)"
    MinMaxSeries latencyNs;
};

class TimelineData {
  public:
    // bytesPerFrame[streamId]: the stream's frame size (0 or missing: its
    // byte paddings are not converted and left out). Returns true when
    // anything was added or rebuilt.
    bool update(const TraceLogView& trace, const std::vector<std::uint32_t>& bytesPerFrame);
    void clear();

    // The stream's data, or nullptr when no record of it was seen.
    const StreamTimeline* stream(std::uint16_t streamId) const;
    const std::map<std::uint16_t, StreamTimeline>& streams() const { return m_streams; }
    const std::vector<InterruptTimeline>& interrupts() const { return m_interrupts; }
    // One past the newest record read, and its time.
    std::uint64_t endIndex() const { return m_endIndex; }
    TimeNs endNs() const { return m_endNs; }
    std::uint64_t rebuilds() const { return m_rebuilds; }

  private:
    bool continues(const TraceLogView& trace) const;
    void read(const TraceRecord& record, const std::vector<std::uint32_t>& bytesPerFrame);
    void dropBeforeRecord(std::uint64_t recordIndex);
    InterruptTimeline& interrupt(const InterruptDpcPair& pair);

    std::map<std::uint16_t, StreamTimeline> m_streams;
    std::vector<InterruptTimeline> m_interrupts;
    InterruptDpcLatency m_pairing;
    std::uint64_t m_endIndex = 0;
    TimeNs m_endNs = 0;
    // The last record read, to recognise a view that does not continue it.
    TraceCategory m_lastCategory = TraceCategory::Sim;
    const char* m_lastName = nullptr;
    std::uint64_t m_rebuilds = 0;
};

}  // namespace ps
