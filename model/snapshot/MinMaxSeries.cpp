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
    const std::size_t i = size();
    m_points.push_back(Point{timeNs, value, recordIndex});
    // Level k starts when the series first fills one of its blocks (4^k
    // points, before anything can be dropped); its first block is then
    // computed from the levels below in O(levels). After that every append
    // updates or opens its last block.
    for (std::size_t k = 1; k <= kMaxLevels; ++k) {
        const unsigned shift = static_cast<unsigned>(k) * kFanOutBits;
        if (m_levels.size() < k) {
            if (i + 1 == (std::size_t{1} << shift)) {
                Block first;
                rangeExtrema(0, i + 1, first.minAt, first.maxAt);
                first.minValue = at(first.minAt).value;
                first.maxValue = at(first.maxAt).value;
                m_levels.push_back({first});
            }
            break;
        }
        std::deque<Block>& level = m_levels[k - 1];
        if ((i >> shift) >= (m_first >> shift) + level.size()) {
            level.push_back(Block{i, i, value, value});
        } else {
            // Strictly better only: the earliest of equal points stays.
            Block& b = level.back();
            if (value < b.minValue) {
                b.minValue = value;
                b.minAt = i;
            }
            if (value > b.maxValue) {
                b.maxValue = value;
                b.maxAt = i;
            }
        }
    }
}

void MinMaxSeries::clear() {
    m_points.clear();
    m_levels.clear();
    m_first = 0;
}

void MinMaxSeries::dropBefore(std::size_t position) {
    const std::size_t cut = std::min(position, size()) / kDropUnit * kDropUnit;
    if (cut <= m_first) {
        return;
    }
    // The cut is a multiple of every level's block width: whole blocks go.
    m_points.erase(m_points.begin(), m_points.begin() + static_cast<std::ptrdiff_t>(cut - m_first));
    for (std::size_t k = 1; k <= m_levels.size(); ++k) {
        const unsigned shift = static_cast<unsigned>(k) * kFanOutBits;
        std::deque<Block>& level = m_levels[k - 1];
        const std::size_t gone = std::min(level.size(), (cut >> shift) - (m_first >> shift));
        level.erase(level.begin(), level.begin() + static_cast<std::ptrdiff_t>(gone));
    }
    m_first = cut;
}

void MinMaxSeries::dropBeforeRecord(std::uint64_t recordIndex) {
    if (m_points.size() < 2 * kDropUnit || m_points.front().recordIndex >= recordIndex) {
        return;
    }
    const auto it =
        std::lower_bound(m_points.begin(), m_points.end(), recordIndex,
                         [](const Point& p, std::uint64_t r) { return p.recordIndex < r; });
    dropBefore(m_first + static_cast<std::size_t>(it - m_points.begin()));
}

const MinMaxSeries::Block& MinMaxSeries::block(std::size_t level, std::size_t index) const {
    const unsigned shift = static_cast<unsigned>(level) * kFanOutBits;
    return m_levels[level - 1][index - (m_first >> shift)];
}

std::size_t MinMaxSeries::lowerBound(TimeNs timeNs) const {
    const auto it = std::lower_bound(m_points.begin(), m_points.end(), timeNs,
                                     [](const Point& p, TimeNs t) { return p.timeNs < t; });
    return m_first + static_cast<std::size_t>(it - m_points.begin());
}

void MinMaxSeries::rangeExtrema(std::size_t first, std::size_t last, std::size_t& minAt,
                                std::size_t& maxAt) const {
    // Blocks and points are visited in position order, so taking only
    // strictly better values keeps the earliest of equal points.
    minAt = first;
    maxAt = first;
    std::int64_t minValue = this->at(first).value;
    std::int64_t maxValue = minValue;
    const auto take = [&](std::size_t lowAt, std::int64_t low, std::size_t highAt,
                          std::int64_t high) {
        if (low < minValue) {
            minValue = low;
            minAt = lowAt;
        }
        if (high > maxValue) {
            maxValue = high;
            maxAt = highAt;
        }
    };
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
            const std::int64_t v = this->at(at).value;
            take(at, v, at, v);
            ++at;
        } else {
            const unsigned shift = static_cast<unsigned>(k) * kFanOutBits;
            const Block& b = block(k, at >> shift);
            take(b.minAt, b.minValue, b.maxAt, b.maxValue);
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
        const int c = columnOf(fromNs, toNs, columns, at(first).timeNs);
        const TimeNs columnEnd = columnEdge(fromNs, toNs, columns, c + 1);
        const auto it =
            std::lower_bound(m_points.begin() + static_cast<std::ptrdiff_t>(first - m_first),
                             m_points.begin() + static_cast<std::ptrdiff_t>(end - m_first),
                             columnEnd, [](const Point& p, TimeNs t) { return p.timeNs < t; });
        const std::size_t last = m_first + static_cast<std::size_t>(it - m_points.begin());
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
