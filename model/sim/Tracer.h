// The trace hub of one simulation: stamps each emitted record with the
// scheduler's time and the next index, keeps it in the bounded ring and hands
// it to every sink (verifier, file exporters, hashes) synchronously, in the
// order the sinks were added. A sink may itself record (the verifier reports a
// violation it derived from a record): such records are stamped and stored at
// once but dispatched only after every sink has seen the current record, so
// each sink sees records in index order.
//
// Sinks are handed the record as stored in the ring (no copy of its own). A
// record a sink emits goes into the ring at once unless that would overwrite
// the record the sinks are being handed (a ring smaller than the records one
// record sets off); such records reach the ring when every sink has seen the
// current one, still before any of them is dispatched.
//
// A sink may name the categories it reads (TraceSink::setCategoryMask); the
// Tracer hands it only those records and skips it for the others without a
// virtual call. The ring and the order of records are the same either way.
#pragma once

#include "model/sim/Scheduler.h"
#include "model/sim/TraceRecord.h"
#include "model/sim/TraceRing.h"
#include "model/sim/TraceStringPool.h"

#include <cstdint>
#include <memory>
#include <vector>

namespace ps {

constexpr std::uint32_t traceCategoryBit(TraceCategory category) {
    return 1u << static_cast<unsigned>(category);
}
constexpr std::uint32_t kAllTraceCategories = (1u << kTraceCategoryCount) - 1;

class TraceSink {
  public:
    virtual ~TraceSink() = default;
    virtual void onTraceRecord(const TraceRecord& record) = 0;

    // The categories (traceCategoryBit) of the records the Tracer hands this
    // sink; all by default. Records of other categories skip the sink
    // without a call.
    std::uint32_t categoryMask() const { return m_categoryMask; }

  protected:
    void setCategoryMask(std::uint32_t mask) { m_categoryMask = mask; }

  private:
    std::uint32_t m_categoryMask = kAllTraceCategories;
};

class Tracer {
  public:
    static constexpr std::size_t kDefaultRingCapacity = 1u << 16;

    explicit Tracer(const Scheduler& scheduler, std::size_t ringCapacity = kDefaultRingCapacity);
    Tracer(const Tracer&) = delete;
    Tracer& operator=(const Tracer&) = delete;

    // Stamps, stores and dispatches the record; returns its index. (Not named
    // emit: Qt defines that as a macro, and app/ includes both.)
    std::uint64_t record(const TraceRecord& r);

    // The sink must outlive the Tracer or be removed first.
    void addSink(TraceSink* sink);
    void removeSink(TraceSink* sink);

    const TraceRing& ring() const { return m_ring; }
    std::uint64_t recordCount() const { return m_nextIndex; }
    TraceStringPool& strings() { return *m_strings; }
    // The same pool, shared: readers that keep records beyond the Tracer's
    // life (TraceLog views) keep the strings alive with it.
    std::shared_ptr<const TraceStringPool> sharedStrings() const { return m_strings; }

  private:
    const Scheduler& m_scheduler;
    TraceRing m_ring;
    std::shared_ptr<TraceStringPool> m_strings = std::make_shared<TraceStringPool>();
    std::vector<TraceSink*> m_sinks;
    std::uint64_t m_nextIndex = 0;
    bool m_dispatching = false;
    // While sinks are handed a record in the ring: its index.
    bool m_handingStored = false;
    std::uint64_t m_handedIndex = 0;
    // Records emitted by sinks, stamped, not yet dispatched; the last
    // m_unstored of them are not in the ring yet.
    std::vector<TraceRecord> m_deferred;
    std::size_t m_unstored = 0;

    void storeDeferredTail();
    // record()'s less common paths, out of line.
    std::uint64_t recordFromSink(const TraceRecord& r, std::uint64_t index, TimeNs now);
    void dispatch(const TraceRecord& stored, std::uint64_t index);
};

}  // namespace ps
