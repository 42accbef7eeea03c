#include "model/snapshot/MinMaxSeries.h"

#include <algorithm>

namespace ps {
namespace {

constexpr unsigned kFanOutBits = 2;

}  // namespace

void MinMaxSeries::append(TimeNs timeNs, std::int64_t value, std::uint64_t recordIndex) {
    if (!m_points.empty() && timeNs < m_points.back().timeNs) {
        timeNs = m_points.back().timeNs;
    }
    const std::size_t i = m_points.size();
    m_points.push_back(Point{timeNs, value, recordIndex});
    // Level k starts when the series first fills one of its blocks (4^k
    // points); its first block is then computed from the levels below in
    // O(levels). After that every append updates or opens its last block.
    for (std::size_t k = 1; k * kFanOutBits < 64; ++k) {
        const unsigned shift = static_cast<unsigned>(k) * kFanOutBits;
        if (m_levels.size() < k) {
            if (i + 1 == (std::size_t{1} << shift)) {
                Block first;
                rangeExtrema(0, i + 1, first.minAt, first.maxAt);
                m_levels.push_back({first});
            }
            break;
        }
        std::vector<Block>& level = m_levels[k - 1];
        if ((i >> shift) >= level.size()) {
            level.push_back(Block{i, i});
        } else {
            Block& b = level.back();
            takeBetter(i, i, b.minAt, b.maxAt);
        }
    }
}

void MinMaxSeries::clear() {
    m_points.clear();
    m_levels.clear();
}

std::size_t MinMaxSeries::lowerBound(TimeNs timeNs) const {
    const auto it = std::lower_bound(m_points.begin(), m_points.end(), timeNs,
                                     [](const Point& p, TimeNs t) { return p.timeNs < t; });
    return static_cast<std::size_t>(it - m_points.begin());
}

void MinMaxSeries::takeBetter(std::size_t candidateMin, std::size_t candidateMax,
                              std::size_t& minAt, std::size_t& maxAt) const {
    // Strict comparisons with positions as tie-breakers keep the earliest of
    // equal points whatever order blocks are visited in.
    const Point& cmin = m_points[candidateMin];
    const Point& omin = m_points[minAt];
    if (cmin.value < omin.value || (cmin.value == omin.value && candidateMin < minAt)) {
        minAt = candidateMin;
    }
    const Point& cmax = m_points[candidateMax];
    const Point& omax = m_points[maxAt];
    if (cmax.value > omax.value || (cmax.value == omax.value && candidateMax < maxAt)) {
        maxAt = candidateMax;
    }
}

void MinMaxSeries::rangeExtrema(std::size_t first, std::size_t last, std::size_t& minAt,
                                std::size_t& maxAt) const {
    minAt = first;
    maxAt = first;
    std::size_t at = first;
    while (at < last) {
        // The largest block that starts at `at` and ends within `last`.
        std::size_t k = 0;
        while (k < m_levels.size()) {
            const unsigned shift = static_cast<unsigned>(k + 1) * kFanOutBits;
            const std::size_t width = std::size_t{1} << shift;
            if ((at & (width - 1)) != 0 || at + width > last) {
                break;
            }
            ++k;
        }
        if (k == 0) {
            takeBetter(at, at, minAt, maxAt);
            ++at;
        } else {
            const unsigned shift = static_cast<unsigned>(k) * kFanOutBits;
            const Block& b = m_levels[k - 1][at >> shift];
            takeBetter(b.minAt, b.maxAt, minAt, maxAt);
            at += std::size_t{1} << shift;
        }
    }
}

int MinMaxSeries::columnOf(TimeNs fromNs, TimeNs toNs, int columns, TimeNs timeNs) {
    // The largest c with columnEdge(c) <= timeNs. With n = t - from, an
    // integer: n >= floor(span * c / columns) <=> n + 1 > span * c / columns
    // <=> c <= ((n + 1) * columns - 1) / span (floored), which also holds for
    // columns narrower than a nanosecond (several columns share an edge).
    if (columns <= 0 || toNs <= fromNs || timeNs < fromNs) {
        return 0;
    }
    const detail::Int128 n = static_cast<detail::Int128>(timeNs) - fromNs;
    const detail::Int128 c = ((n + 1) * columns - 1) / (static_cast<detail::Int128>(toNs) - fromNs);
    return c >= columns ? columns - 1 : static_cast<int>(c);
}

TimeNs MinMaxSeries::columnEdge(TimeNs fromNs, TimeNs toNs, int columns, int c) {
    if (columns <= 0 || c >= columns) {
        return toNs;
    }
    return fromNs + mulDivFloor(toNs - fromNs, c, columns);
}

void MinMaxSeries::decimate(TimeNs fromNs, TimeNs toNs, int columns,
                            std::vector<Column>& out) const {
    out.clear();
    if (columns <= 0 || toNs <= fromNs || m_points.empty()) {
        return;
    }
    std::size_t first = lowerBound(fromNs);
    const std::size_t end = lowerBound(toNs);
    if (first >= end) {
        return;
    }
    while (first < end) {
        const int c = columnOf(fromNs, toNs, columns, m_points[first].timeNs);
        const TimeNs columnEnd = columnEdge(fromNs, toNs, columns, c + 1);
        const auto it =
            std::lower_bound(m_points.begin() + static_cast<std::ptrdiff_t>(first),
                             m_points.begin() + static_cast<std::ptrdiff_t>(end), columnEnd,
                             [](const Point& p, TimeNs t) { return p.timeNs < t; });
        const std::size_t last = static_cast<std::size_t>(it - m_points.begin());
        Column col;
        col.column = c;
        col.first = first;
        col.last = last;
        rangeExtrema(first, last, col.minAt, col.maxAt);
        out.push_back(col);
        first = last;
    }
}

}  // namespace ps
