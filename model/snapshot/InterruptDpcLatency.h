// InterruptDpcLatency: pairs each DPC with the interrupt whose ISR queued it,
// from trace records alone, for the timeline's interrupt-to-DPC latency plot.
//
// The kernel's records (model/kernel): "line asserted" (Interrupt, Vector),
// "ISR" (Interrupt, Name, Vector, Claimed) when a service routine returned,
// and, when a DPC runs, a Dpc record from "kernel" named after the DPC with
// LatencyNs = run time minus the time it was queued. A DPC queued by an ISR
// was queued at that ISR's time (simulated time does not move inside an
// ISR), so the pairing is: the newest ISR at (run time - LatencyNs); its
// interrupt is the newest assertion of the ISR's vector before it. The
// latency reported is the DPC's run time minus that assertion: interrupt
// dispatch latency, ISR and DPC queueing together. DPCs queued elsewhere
// (timers, other DPCs) have no ISR at their queue time and give nothing.
//
// Feed every record in order (onRecord); not synchronised.
#pragma once

#include "model/sim/TraceRecord.h"

#include <array>
#include <cstddef>
#include <cstdint>
#include <map>

namespace ps {

struct InterruptDpcPair {
    std::uint64_t vector = 0;
    const char* isrName = "";  // the ISR's Name field ("HDA WaveRT miniport ISR")
    TimeNs assertedNs = 0;     // the line went up
    TimeNs dpcNs = 0;          // the DPC ran
    std::uint64_t dpcRecordIndex = 0;
    TimeNs latencyNs() const { return dpcNs - assertedNs; }
};

class InterruptDpcLatency {
  public:
    // True and `pair` filled when record is a DPC run that pairs with an ISR.
    bool onRecord(const TraceRecord& record, InterruptDpcPair& pair);
    void reset();

  private:
    struct Isr {
        TimeNs timeNs = -1;
        std::uint64_t vector = 0;
        const char* name = "";
        TimeNs assertedNs = 0;
    };
    static constexpr std::size_t kRecentIsrs = 32;
    std::map<std::uint64_t, TimeNs> m_assertedNs;  // by vector: the newest assertion
    std::array<Isr, kRecentIsrs> m_isrs{};         // ring of the newest ISRs
    std::size_t m_nextIsr = 0;
};

}  // namespace ps
