// MinMaxSeries: one plotted quantity (a position, a FIFO level, a latency) as
// the points it took, with a min/max pyramid over them so that a plot can ask
// "lowest and highest point in each pixel column" at a cost set by the number
// of columns, not by the number of points.
//
// Points are appended in time order (the order of the trace records they come
// from). Level 0 is the points themselves; level k (1 <= k <= kMaxLevels)
// holds, for every whole block of 4^k consecutive points, the positions of
// its lowest and highest point. append() makes the blocks the new point
// completes, each from the four below it (amortised O(1)); a block still
// filling is not kept, as no query covers it whole. A range query covers [first, last) with whole
// blocks, at most 3 per level on each side plus the top level's blocks in between: exact, and
// O(levels) for any range a plot asks about. decimate() gallops from each
// column's first point to the next column's by time and asks one range query per non-empty column.
//
// Positions are global: point i is the i-th ever appended. dropBefore() lets
// go of the oldest points in whole top-level blocks (kDropUnit points), so a
// long run's memory stays bounded by what its owner keeps (TimelineData keeps
// what the trace log keeps); firstIndex() is then the oldest kept position.
//
// Times are simulated nanoseconds; values in the caller's unit. Any thread,
// not synchronised: the owner appends and queries from one thread.
#pragma once

#include "model/sim/SimTime.h"

#include <cstddef>
#include <cstdint>
#include <deque>
#include <vector>

namespace ps {

class MinMaxSeries {
  public:
    struct Point {
        TimeNs timeNs = 0;
        std::int64_t value = 0;
        std::uint64_t recordIndex = 0;  // the trace record the point comes from
    };
    // One pixel column of decimate(): its first point, and where in the
    // series its lowest and highest points are (the earliest of equal ones).
    struct Column {
        int column = 0;
        std::size_t first = 0;  // [first, last): the column's points
        std::size_t last = 0;
        std::size_t minAt = 0;
        std::size_t maxAt = 0;
    };

    static constexpr std::size_t kMaxLevels = 8;
    static constexpr std::size_t kDropUnit = std::size_t{1} << (2 * kMaxLevels);  // 65,536

    // timeNs earlier than the last point's is taken as the last point's time
    // (records are in time order; this keeps the series sorted regardless).
    void append(TimeNs timeNs, std::int64_t value, std::uint64_t recordIndex);
    void clear();
    // Lets go of the points before `position`, rounded down to a multiple of
    // kDropUnit (nothing when that is not past firstIndex()).
    void dropBefore(std::size_t position);
    // dropBefore() the first point whose record index is at least
    // recordIndex (record indices grow along the series).
    void dropBeforeRecord(std::uint64_t recordIndex);

    // One past the newest position (the count of points ever appended).
    std::size_t size() const { return m_first + m_points.size(); }
    std::size_t firstIndex() const { return m_first; }
    bool empty() const { return m_points.empty(); }
    // Precondition: firstIndex() <= i < size().
    const Point& at(std::size_t i) const { return m_points[i - m_first]; }
    const Point& back() const { return m_points.back(); }
    std::size_t levels() const { return m_levels.size(); }
    // Points held now (size() - firstIndex()).
    std::size_t heldPoints() const { return m_points.size(); }

    // The first point at or after timeNs (size() when none).
    std::size_t lowerBound(TimeNs timeNs) const;
    // Positions of the lowest and highest point in [first, last); precondition
    // firstIndex() <= first < last <= size().
    void rangeExtrema(std::size_t first, std::size_t last, std::size_t& minAt,
                      std::size_t& maxAt) const;

    // Splits [fromNs, toNs) into `columns` equal pixel columns (columnEdge)
    // and appends one Column per column that holds a point, in order.
    // out is cleared first; columns <= 0 or toNs <= fromNs give nothing.
    void decimate(TimeNs fromNs, TimeNs toNs, int columns, std::vector<Column>& out) const;
    // Start of column c of [fromNs, toNs) split in `columns` (c == columns:
    // toNs). Exact integer arithmetic, shared with tests.
    static TimeNs columnEdge(TimeNs fromNs, TimeNs toNs, int columns, int c);
    // The column of [fromNs, toNs) that holds timeNs (clamped to the range).
    static int columnOf(TimeNs fromNs, TimeNs toNs, int columns, TimeNs timeNs);

  private:
    // A block's extremes, with their values so that appending and querying
    // compare numbers without looking the points up again.
    struct Block {
        std::size_t minAt = 0;
        std::size_t maxAt = 0;
        std::int64_t minValue = 0;
        std::int64_t maxValue = 0;
    };

    const Block& block(std::size_t level, std::size_t index) const;
    // The first position in [from, end) whose time is at least timeNs (end
    // when none); times are sorted.
    std::size_t firstAtOrAfter(TimeNs timeNs, std::size_t from, std::size_t end) const;

    std::deque<Point> m_points;               // positions [m_first, size())
    std::vector<std::deque<Block>> m_levels;  // m_levels[k-1]: blocks of 4^k points
    std::size_t m_first = 0;                  // a multiple of kDropUnit
};

}  // namespace ps
