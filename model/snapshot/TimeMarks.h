// TimeMarks: moments of one kind (KSSTATE changes, notifications, glitches)
// as the timeline plots mark them, in time order, each with the trace record
// it comes from and a short label ("RUN", "underrun").
//
// decimate() gives at most one mark per pixel column (the first in it) so
// that drawing costs what the width allows however many marks there are.
// Any thread, not synchronised.
#pragma once

#include "model/sim/SimTime.h"

#include <cstddef>
#include <cstdint>
#include <vector>

namespace ps {

class TimeMarks {
  public:
    struct Mark {
        TimeNs timeNs = 0;
        std::uint64_t recordIndex = 0;
        const char* label = "";  // static or interned text (TraceRecord's rules)
    };

    // A time earlier than the last mark's is taken as the last mark's.
    void append(TimeNs timeNs, std::uint64_t recordIndex, const char* label);
    void clear() { m_marks.clear(); }
    // Lets go of the marks of records before recordIndex, once there are
    // enough of them to make the move worth it (positions then shift).
    void dropBeforeRecord(std::uint64_t recordIndex);

    std::size_t size() const { return m_marks.size(); }
    bool empty() const { return m_marks.empty(); }
    const Mark& at(std::size_t i) const { return m_marks[i]; }
    // The first mark at or after timeNs (size() when none).
    std::size_t lowerBound(TimeNs timeNs) const;

    // Positions of the first mark of every pixel column of [fromNs, toNs)
    // split into `columns` (MinMaxSeries::columnEdge), in order; out is
    // cleared first.
    void decimate(TimeNs fromNs, TimeNs toNs, int columns, std::vector<std::size_t>& out) const;

  private:
    std::vector<Mark> m_marks;
};

}  // namespace ps
