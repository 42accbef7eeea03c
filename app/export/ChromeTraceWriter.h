// A TraceSink that streams a run's records to a Chrome trace-event file (the
// "JSON Object Format": {"traceEvents":[...]}), loadable in Perfetto and
// chrome://tracing. Records are formatted as they arrive and written through
// a bounded buffer; nothing of the run is kept in memory. The file is valid
// JSON once finish() has closed the array; a run that dies midway leaves a
// prefix that Perfetto's lenient JSON importer still reads.
//
// Mapping (docs/trace-format.md has the full table):
// - every record is an instant event ("ph":"i", thread scope): "name" is the
//   record's name, "cat" its category name, "ts" its simulated time in
//   microseconds with nanosecond decimals, "args" its fields under their DDI
//   parameter names plus "index", "source" and, when the record carries an
//   NTSTATUS, "status" as its name (STATUS_SUCCESS, ...);
// - one pid for the simulated machine; one lane (tid) per stream ("stream 1")
//   and, for records without a stream, per source and hardware unit ("HDA
//   SD4", "kernel", "miniport"), each named by thread_name metadata;
// - positions, padding, FIFO level and LPIB become counter events ("ph":"C")
//   next to the record that carries them; DMA bursts also advance a "DMA
//   position" counter (bytes moved since the lane's first burst).
//
// Owned by whoever runs the simulation: open() before the run, addSink() it
// to the Tracer, finish() after the run and report error() if it failed. I/O
// errors never throw into the simulation; later records are dropped.
#pragma once

#include "app/export/BufferedOutputFile.h"
#include "model/sim/Tracer.h"

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace ps {

class ChromeTraceWriter : public TraceSink {
  public:
    ChromeTraceWriter() = default;
    ~ChromeTraceWriter() override;

    // Creates path and writes the header; false (error() set) if it cannot.
    bool open(const std::string& path);
    void onTraceRecord(const TraceRecord& record) override;
    // Closes the event array and the file; false if any write failed.
    // Idempotent; the destructor calls it.
    bool finish();

    bool ok() const { return m_file.ok(); }
    const std::string& error() const { return m_file.error(); }
    std::uint64_t recordsWritten() const { return m_records; }
    std::uint64_t countersWritten() const { return m_counters; }

  private:
    struct Lane {
        int tid = 0;
        std::string name;           // "stream 1", "HDA SD4", "kernel"
        std::int64_t dmaBytes = 0;  // sum of the lane's DMA bursts so far
    };
    Lane& laneFor(const TraceRecord& record);
    Lane& addLane(const std::string& name, int tid, int sortIndex);
    void beginEvent();
    void writeCounter(const TraceRecord& record, const Lane& lane, const char* what,
                      const char* unit, std::int64_t value);
    void writeCounters(const TraceRecord& record, Lane& lane);

    BufferedOutputFile m_file;
    bool m_open = false;
    bool m_firstEvent = true;
    std::uint64_t m_records = 0;
    std::uint64_t m_counters = 0;
    std::map<std::uint16_t, Lane> m_streamLanes;
    // Lanes of records without a stream, by (source, unit) text pointers
    // first (records' strings are literals or interned, so this hits almost
    // always) and by their text when a pointer pair is new.
    std::map<std::pair<const char*, const char*>, Lane*> m_laneByPointer;
    std::map<std::string, Lane> m_laneByName;
    int m_nextOtherTid = 100000;
    std::string m_scratch;
};

}  // namespace ps
