// Builds TraceLogs for widget tests without a simulation: records go straight
// into TraceLog::onTraceRecord with consecutive indices and the given times.
#pragma once

#include "model/sim/TraceLog.h"

#include <memory>

namespace ps::test {

class TraceLogFixture {
  public:
    explicit TraceLogFixture(std::size_t maxRecords = TraceLog::kDefaultMaxRecords)
        : m_log(std::make_shared<TraceStringPool>(), maxRecords) {}

    // Appends a record with the next index; returns that index.
    std::uint64_t add(TraceRecord record, TimeNs timeNs = -1) {
        record.index = m_next;
        record.timeNs = timeNs >= 0 ? timeNs : static_cast<TimeNs>(m_next) * 1000;
        m_log.onTraceRecord(record);
        return m_next++;
    }
    TraceLogView view() const { return m_log.view(); }
    TraceLog& log() { return m_log; }

  private:
    TraceLog m_log;
    std::uint64_t m_next = 0;
};

}  // namespace ps::test
