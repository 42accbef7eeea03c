#include "model/snapshot/TimeMarks.h"

#include "model/snapshot/MinMaxSeries.h"

#include <algorithm>

namespace ps {

void TimeMarks::append(TimeNs timeNs, std::uint64_t recordIndex, const char* label) {
    if (!m_marks.empty() && timeNs < m_marks.back().timeNs) {
        timeNs = m_marks.back().timeNs;
    }
    m_marks.push_back(Mark{timeNs, recordIndex, label != nullptr ? label : ""});
}

void TimeMarks::dropBeforeRecord(std::uint64_t recordIndex) {
    constexpr std::size_t kDropAtLeast = 4096;
    if (m_marks.size() < kDropAtLeast || m_marks[kDropAtLeast - 1].recordIndex >= recordIndex) {
        return;
    }
    const auto it =
        std::lower_bound(m_marks.begin(), m_marks.end(), recordIndex,
                         [](const Mark& m, std::uint64_t r) { return m.recordIndex < r; });
    m_marks.erase(m_marks.begin(), it);
}

std::size_t TimeMarks::lowerBound(TimeNs timeNs) const {
    const auto it = std::lower_bound(m_marks.begin(), m_marks.end(), timeNs,
                                     [](const Mark& m, TimeNs t) { return m.timeNs < t; });
    return static_cast<std::size_t>(it - m_marks.begin());
}

void TimeMarks::decimate(TimeNs fromNs, TimeNs toNs, int columns,
                         std::vector<std::size_t>& out) const {
    out.clear();
    if (columns <= 0 || toNs <= fromNs) {
        return;
    }
    std::size_t at = lowerBound(fromNs);
    const std::size_t end = lowerBound(toNs);
    while (at < end) {
        const int c = MinMaxSeries::columnOf(fromNs, toNs, columns, m_marks[at].timeNs);
        out.push_back(at);
        const TimeNs columnEnd = MinMaxSeries::columnEdge(fromNs, toNs, columns, c + 1);
        const auto it =
            std::lower_bound(m_marks.begin() + static_cast<std::ptrdiff_t>(at),
                             m_marks.begin() + static_cast<std::ptrdiff_t>(end), columnEnd,
                             [](const Mark& m, TimeNs t) { return m.timeNs < t; });
        at = static_cast<std::size_t>(it - m_marks.begin());
    }
}

}  // namespace ps
