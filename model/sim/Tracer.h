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
// A sink may name the categories it reads (TraceSink::setCategoryMask, read
// when the sink is added); the Tracer hands it only those records, from a
// list of sinks per category, so a record no sink reads costs no call. The
// ring and the order of records are the same either way.
//
// A batched sink (TraceSink::setBatched, e.g. TraceDigest) is handed every
// record from the ring instead, in runs of up to kBatchRecords (one call and
// one loop over records still in cache, in place of a virtual call per
// record), always before the ring would overwrite them and in index order.
// It sees records later than the other sinks; its readers call catchUp()
// first, which hands it what the ring still holds for it.
#pragma once

#include "model/sim/Scheduler.h"
#include "model/sim/TraceRecord.h"
#include "model/sim/TraceRing.h"
#include "model/sim/TraceStringPool.h"

#include <array>
#include <cstdint>
#include <memory>
#include <vector>

namespace ps {

constexpr std::uint32_t traceCategoryBit(TraceCategory category) {
    return 1u << static_cast<unsigned>(category);
}
constexpr std::uint32_t kAllTraceCategories = (1u << kTraceCategoryCount) - 1;

class Tracer;

class TraceSink {
  public:
    // A batched sink still added to a Tracer leaves it (without being handed
    // what the ring still holds).
    virtual ~TraceSink();
    virtual void onTraceRecord(const TraceRecord& record) = 0;
    // A batched sink's records: indices [first, end) of the ring, all held,
    // in index order. By default onTraceRecord for each.
    virtual void onTraceRecords(const TraceRing& ring, std::uint64_t first, std::uint64_t end);

    // The categories (traceCategoryBit) of the records the Tracer hands this
    // sink; all by default. Records of other categories skip the sink
    // without a call.
    std::uint32_t categoryMask() const { return m_categoryMask; }

    bool batched() const { return m_batched; }

  protected:
    void setCategoryMask(std::uint32_t mask) { m_categoryMask = mask; }
    // Before the sink is added: the Tracer hands it records in batches
    // (onTraceRecords), every category (the mask does not apply).
    void setBatched() { m_batched = true; }
    // A batched sink's readers call this first: the Tracer hands the sink
    // the records it holds for it. Nothing for other sinks.
    void catchUp() const;

  private:
    friend class Tracer;
    std::uint32_t m_categoryMask = kAllTraceCategories;
    bool m_batched = false;
    Tracer* m_feeder = nullptr;  // the Tracer a batched sink is added to
};

class Tracer {
  public:
    static constexpr std::size_t kDefaultRingCapacity = 1u << 16;
    // The most records a batched sink is handed at once (fewer when the
    // ring is smaller): they fit in the first-level cache.
    static constexpr std::size_t kBatchRecords = 32;

    explicit Tracer(const Scheduler& scheduler, std::size_t ringCapacity = kDefaultRingCapacity);
    // Hands batched sinks what they have not seen and lets them go.
    ~Tracer();
    Tracer(const Tracer&) = delete;
    Tracer& operator=(const Tracer&) = delete;

    // Stamps, stores and dispatches the record; returns its index. (Not named
    // emit: Qt defines that as a macro, and app/ includes both.)
    std::uint64_t record(const TraceRecord& r);

    // The sink must outlive the Tracer or be removed first (a batched sink
    // may also be destroyed first). Removing a batched sink hands it the
    // records it has not seen.
    void addSink(TraceSink* sink);
    void removeSink(TraceSink* sink);

    const TraceRing& ring() const { return m_ring; }
    std::uint64_t recordCount() const { return m_nextIndex; }
    TraceStringPool& strings() { return *m_strings; }
    // The same pool, shared: readers that keep records beyond the Tracer's
    // life (TraceLog views) keep the strings alive with it.
    std::shared_ptr<const TraceStringPool> sharedStrings() const { return m_strings; }

  private:
    friend class TraceSink;

    const Scheduler& m_scheduler;
    TraceRing m_ring;
    std::shared_ptr<TraceStringPool> m_strings = std::make_shared<TraceStringPool>();
    std::vector<TraceSink*> m_sinks;  // per-record sinks, in the order added
    // m_sinks by the categories they read, in the same order (16 lists, so
    // that any byte of a category indexes one; those past the last category
    // stay empty).
    std::array<std::vector<TraceSink*>, 16> m_sinksByCategory;
    const std::vector<TraceSink*>& sinksOf(TraceCategory category) const {
        return m_sinksByCategory[static_cast<std::size_t>(category) & 15u];
    }
    void rebuildSinkLists();
    std::uint64_t m_nextIndex = 0;
    bool m_dispatching = false;
    // While sinks are handed a record in the ring: its index.
    bool m_handingStored = false;
    std::uint64_t m_handedIndex = 0;
    // Records emitted by sinks, stamped, not yet dispatched; the last
    // m_unstored of them are not in the ring yet.
    std::vector<TraceRecord> m_deferred;
    std::size_t m_unstored = 0;
    // Batched sinks have been handed records [.., m_batchedFrom); storing
    // record m_batchDue (or later) first hands them the rest.
    std::vector<TraceSink*> m_batchedSinks;
    std::uint64_t m_batchedFrom = 0;
    std::uint64_t m_batchDue = kNoBatchDue;
    std::size_t m_batchRecords;
    static constexpr std::uint64_t kNoBatchDue = ~std::uint64_t{0};

    void storeDeferredTail();
    // Stores a record into the ring as the next index, after handing batched
    // sinks their records if it would be due.
    void appendToRing(const TraceRecord& r) {
        if (r.index >= m_batchDue) {
            handBatches();
        }
        m_ring.append(r);
    }
    void handBatches();
    void dropBatchedSink(TraceSink* sink);
    // record()'s less common paths, out of line.
    std::uint64_t recordFromSink(const TraceRecord& r, std::uint64_t index, TimeNs now);
    void dispatch(const TraceRecord& stored, std::uint64_t index);
};

}  // namespace ps
