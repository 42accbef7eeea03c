// MinMaxSeries: one plotted quantity (a position, a FIFO level, a latency) as
// the points it took, with a min/max pyramid over them so that a plot can ask
// "lowest and highest point in each pixel column" at a cost set by the number
// of columns, not by the number of points.
//
// Points are appended in time order (the order of the trace records they come
// from). Level 0 is the points themselves; level k >= 1 holds, for every block
// of 4^k consecutive points, the positions of its lowest and highest point.
// append() updates the last block of every level (O(levels)). A range query
// covers [first, last) with whole blocks, at most 3 per level on each side
// plus one: O(levels), exact. decimate() binary-searches each column's first
// point by time and asks one range query per non-empty column.
//
// Times are simulated nanoseconds; values in the caller's unit. Any thread,
// not synchronised: the owner appends and queries from one thread.
#pragma once

#include "model/sim/SimTime.h"

#include <cstddef>
#include <cstdint>
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

    // timeNs earlier than the last point's is taken as the last point's time
    // (records are in time order; this keeps the series sorted regardless).
    void append(TimeNs timeNs, std::int64_t value, std::uint64_t recordIndex);
    void clear();

    std::size_t size() const { return m_points.size(); }
    bool empty() const { return m_points.empty(); }
    const Point& at(std::size_t i) const { return m_points[i]; }
    const Point& back() const { return m_points.back(); }
    std::size_t levels() const { return m_levels.size(); }

    // The first point at or after timeNs (size() when none).
    std::size_t lowerBound(TimeNs timeNs) const;
    // Positions of the lowest and highest point in [first, last); precondition
    // first < last <= size().
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
    struct Block {
        std::size_t minAt = 0;
        std::size_t maxAt = 0;
    };
    void takeBetter(std::size_t candidateMin, std::size_t candidateMax, std::size_t& minAt,
                    std::size_t& maxAt) const;

    std::vector<Point> m_points;
    std::vector<std::vector<Block>> m_levels;  // m_levels[k-1]: blocks of 4^k points
};

}  // namespace ps
