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
    // Only whole blocks are ever read (rangeExtrema takes a block when it
    // lies inside the range, and the range ends at or before size()), so a
    // level-k block is made when the point that completes it arrives, from
    // the four blocks (or points) below it: about 1.33 merges per point
    // instead of touching every level's last block on each one.
    const std::size_t n = i + 1;
    for (std::size_t k = 1; k <= kMaxLevels; ++k) {
        const unsigned shift = static_cast<unsigned>(k) * kFanOutBits;
        if ((n & ((std::size_t{1} << shift) - 1)) != 0) {
            break;
        }
        const std::size_t blockFirst = n - (std::size_t{1} << shift);
        const std::size_t childWidth = std::size_t{1} << (shift - kFanOutBits);
        Block b;
        // Children in position order, strictly better only: the earliest
        // of equal points stays.
        for (std::size_t c = 0; c < 4; ++c) {
            const std::size_t childFirst = blockFirst + c * childWidth;
            Block child;
            if (k == 1) {
                const std::int64_t v = at(childFirst).value;
                child = Block{childFirst, childFirst, v, v};
            } else {
                child = block(k - 1, childFirst >> (shift - kFanOutBits));
            }
            if (c == 0) {
                b = child;
                continue;
            }
            if (child.minValue < b.minValue) {
                b.minValue = child.minValue;
                b.minAt = child.minAt;
            }
            if (child.maxValue > b.maxValue) {
                b.maxValue = child.maxValue;
                b.maxAt = child.maxAt;
            }
        }
        if (m_levels.size() < k) {
            m_levels.emplace_back();
        }
        m_levels[k - 1].push_back(b);
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

std::size_t MinMaxSeries::firstAtOrAfter(TimeNs timeNs, std::size_t from, std::size_t end) const {
    // A column holds a few points: walk them with the deque's iterator
    // (stepping is a pointer bump; indexing divides), then, for a column
    // with many, gallop (1, 2, 4, ... points ahead) and binary-search only
    // the last step: O(log of the column's points) per column either way.
    constexpr std::size_t kWalk = 32;
    auto it = m_points.begin() + static_cast<std::ptrdiff_t>(from - m_first);
    std::size_t lo = from;  // every point before lo is earlier than timeNs
    for (const std::size_t walkEnd = std::min(end, from + kWalk); lo < walkEnd; ++lo, ++it) {
        if (it->timeNs >= timeNs) {
            return lo;
        }
    }
    std::size_t step = kWalk;
    while (lo < end && at(lo).timeNs < timeNs) {
        const std::size_t probe = std::min(end, lo + step);
        if (probe == end || at(probe).timeNs >= timeNs) {
            const auto base = m_points.begin() + static_cast<std::ptrdiff_t>(lo - m_first);
            const auto found =
                std::lower_bound(base + 1, base + static_cast<std::ptrdiff_t>(probe - lo), timeNs,
                                 [](const Point& p, TimeNs t) { return p.timeNs < t; });
            return m_first + static_cast<std::size_t>(found - m_points.begin());
        }
        lo = probe + 1;
        step *= 2;
    }
    return lo;
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
        const std::size_t last = firstAtOrAfter(columnEnd, first + 1, end);
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
