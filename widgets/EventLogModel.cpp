#include "widgets/EventLogModel.h"

#include "model/kernel/NtStatus.h"
#include "widgets/ExplainCatalog.h"
#include "widgets/SimTimeFormat.h"
#include "widgets/TraceExplainKey.h"
#include "widgets/TraceRecordText.h"

#include <QBrush>
#include <QColor>

#include <algorithm>

namespace ps {

namespace {

// Compacting the match vector costs a move of what remains; doing it only
// when the dropped head is large and more than half keeps it amortised O(1).
constexpr std::size_t kCompactThreshold = 4096;

}  // namespace

EventLogModel::EventLogModel(QObject* parent) : QAbstractTableModel(parent) {}

int EventLogModel::shownCount() const {
    if (m_filtering)
        return static_cast<int>(matchCount());
    return static_cast<int>(m_shownEnd - m_view.firstIndex());
}

int EventLogModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : shownCount();
}

int EventLogModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

std::uint64_t EventLogModel::recordIndexAt(int row) const {
    const auto r = static_cast<std::size_t>(row);
    return m_filtering ? m_matches[m_matchHead + r] : m_view.firstIndex() + r;
}

int EventLogModel::rowOfRecord(std::uint64_t index) const {
    const int row = rowAtOrAfter(index);
    return row < shownCount() && recordIndexAt(row) == index ? row : -1;
}

int EventLogModel::rowAtOrAfter(std::uint64_t index) const {
    if (!m_filtering) {
        if (index <= m_view.firstIndex())
            return 0;
        return static_cast<int>(std::min(index, m_shownEnd) - m_view.firstIndex());
    }
    const auto begin = m_matches.begin() + static_cast<std::ptrdiff_t>(m_matchHead);
    return static_cast<int>(std::lower_bound(begin, m_matches.end(), index) - begin);
}

bool EventLogModel::matches(const TraceRecord& r) {
    if (m_filter.streamId != EventLogFilter::kAllStreams && r.streamId != m_filter.streamId)
        return false;
    if ((m_filter.categoryMask & EventLogFilter::bit(r.category)) == 0)
        return false;
    return recordMatchesText(r, m_needle, m_scratch);
}

void EventLogModel::scan(std::uint64_t from, std::uint64_t to, std::vector<std::uint64_t>& out) {
    for (std::uint64_t i = std::max(from, m_view.firstIndex()); i < to; ++i) {
        if (matches(m_view.at(i)))
            out.push_back(i);
    }
}

void EventLogModel::rescan() {
    m_matches.clear();
    m_matchHead = 0;
    m_filtering = !m_filter.showsEverything();
    m_needle = m_filter.text.toLower().toStdString();
    if (m_filtering)
        scan(m_view.firstIndex(), m_view.endIndex(), m_matches);
    m_scannedEnd = m_view.endIndex();
    m_shownEnd = m_view.endIndex();
}

void EventLogModel::noteStreams(std::uint64_t from, std::uint64_t to) {
    if (m_streamSeen.empty())
        m_streamSeen.assign(std::size_t{1} << 16, false);
    bool added = false;
    for (std::uint64_t i = std::max(from, m_view.firstIndex()); i < to; ++i) {
        const std::uint16_t s = m_view.at(i).streamId;
        if (!m_streamSeen[s]) {
            m_streamSeen[s] = true;
            m_streams.insert(std::lower_bound(m_streams.begin(), m_streams.end(), s), s);
            added = true;
        }
    }
    m_streamsScannedEnd = std::max(m_streamsScannedEnd, to);
    if (added)
        emit streamsSeenChanged();
}

void EventLogModel::setTrace(const TraceLogView& view) {
    // The same log goes on when the newest record we hold lives in the same
    // storage in the new view (chunks are shared, never copied).
    const std::uint64_t oldEnd = m_view.endIndex();
    const bool sameLog = !m_view.empty() && view.contains(oldEnd - 1) &&
                         &view.at(oldEnd - 1) == &m_view.at(oldEnd - 1) &&
                         view.firstIndex() >= m_view.firstIndex();
    if (!sameLog) {
        if (m_view.empty() && view.empty() && view.firstIndex() == m_view.firstIndex())
            return;
        beginResetModel();
        m_view = view;
        m_streams.clear();
        m_streamSeen.clear();
        m_streamsScannedEnd = 0;
        rescan();
        endResetModel();
        noteStreams(m_view.firstIndex(), m_view.endIndex());
        emit streamsSeenChanged();
        return;
    }

    // Dropped chunks: the rows of records before the new first index go.
    if (view.firstIndex() > m_view.firstIndex()) {
        int removed = 0;
        std::size_t newHead = m_matchHead;
        if (m_filtering) {
            const auto begin = m_matches.begin() + static_cast<std::ptrdiff_t>(m_matchHead);
            newHead = static_cast<std::size_t>(
                std::lower_bound(begin, m_matches.end(), view.firstIndex()) - m_matches.begin());
            removed = static_cast<int>(newHead - m_matchHead);
        } else {
            removed = static_cast<int>(view.firstIndex() - m_view.firstIndex());
        }
        if (removed > 0)
            beginRemoveRows(QModelIndex(), 0, removed - 1);
        m_view = view;
        m_matchHead = newHead;
        if (removed > 0)
            endRemoveRows();
        if (m_matchHead > kCompactThreshold && m_matchHead * 2 > m_matches.size()) {
            m_matches.erase(m_matches.begin(),
                            m_matches.begin() + static_cast<std::ptrdiff_t>(m_matchHead));
            m_matchHead = 0;
        }
    } else {
        m_view = view;
    }

    // New records: one insertion for everything that arrived.
    const std::uint64_t newEnd = view.endIndex();
    if (newEnd > oldEnd) {
        const int first = shownCount();
        if (m_filtering) {
            const std::size_t before = m_matches.size();
            scan(m_scannedEnd, newEnd, m_matches);
            const auto added = static_cast<int>(m_matches.size() - before);
            if (added > 0) {
                // The rows exist only once announced: hide them for the begin call.
                std::vector<std::uint64_t> fresh(
                    m_matches.begin() + static_cast<std::ptrdiff_t>(before), m_matches.end());
                m_matches.resize(before);
                beginInsertRows(QModelIndex(), first, first + added - 1);
                m_matches.insert(m_matches.end(), fresh.begin(), fresh.end());
                endInsertRows();
            }
            m_shownEnd = newEnd;
        } else {
            beginInsertRows(QModelIndex(), first, first + static_cast<int>(newEnd - oldEnd) - 1);
            m_shownEnd = newEnd;
            endInsertRows();
        }
        m_scannedEnd = newEnd;
        noteStreams(oldEnd, newEnd);
    }
}

void EventLogModel::setFilter(const EventLogFilter& filter) {
    if (filter == m_filter)
        return;
    beginResetModel();
    m_filter = filter;
    rescan();
    endResetModel();
}

void EventLogModel::setStreamNames(std::vector<QString> names) {
    if (names == m_streamNames)
        return;
    m_streamNames = std::move(names);
    if (rowCount() > 0)
        emit dataChanged(index(0, Stream), index(rowCount() - 1, Stream), {Qt::DisplayRole});
    emit streamsSeenChanged();
}

QString EventLogModel::streamName(std::uint16_t streamId) const {
    if (streamId < m_streamNames.size() && !m_streamNames[streamId].isEmpty())
        return m_streamNames[streamId];
    return QString::number(streamId);
}

QString EventLogModel::cellText(const TraceRecord& r, int column) const {
    switch (column) {
        case Index:
            return QString::number(r.index);
        case Time:
            return formatSimTime(r.timeNs);
        case Stream:
            return r.streamId == kNoStream ? QString() : streamName(r.streamId);
        case Category:
            return QString::fromLatin1(traceCategoryName(r.category));
        case Source:
            return QString::fromUtf8(r.source);
        case What:
            return QString::fromUtf8(r.name);
        case Details:
            return QString::fromStdString(recordDetails(r));
        case Status:
            return r.hasStatus ? QString::fromLatin1(ntStatusName(r.status)) : QString();
        default:
            return QString();
    }
}

QVariant EventLogModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() < 0 || index.row() >= shownCount() || index.column() < 0 ||
        index.column() >= ColumnCount)
        return QVariant();
    const std::uint64_t recordIndex = recordIndexAt(index.row());
    const TraceRecord& r = m_view.at(recordIndex);
    switch (role) {
        case Qt::DisplayRole:
            return cellText(r, index.column());
        case Qt::ToolTipRole:
            if (index.column() == Details || index.column() == What)
                return cellText(r, What) + QLatin1Char('\n') + cellText(r, Details);
            if (index.column() == Stream && r.streamId != kNoStream)
                return tr("Stream %1: %2").arg(r.streamId).arg(streamName(r.streamId));
            return QVariant();
        case Qt::TextAlignmentRole:
            if (index.column() == Index || index.column() == Time)
                return QVariant(Qt::AlignRight | Qt::AlignVCenter);
            if (index.column() == Stream)
                return QVariant(Qt::AlignHCenter | Qt::AlignVCenter);
            return QVariant(Qt::AlignLeft | Qt::AlignVCenter);
        case Qt::ForegroundRole:
            if (index.column() == Status && r.hasStatus && r.status < 0)
                return QBrush(QColor(0xB0, 0x20, 0x20));
            if (r.category == TraceCategory::Glitch || r.category == TraceCategory::Verifier)
                return QBrush(QColor(0xB0, 0x20, 0x20));
            return QVariant();
        case RecordIndexRole:
            return QVariant::fromValue<quint64>(recordIndex);
        case ExplainKeyRole:
            return explainKeyFor(r, ExplainCatalog::instance());
        case TimeNsRole:
            return QVariant::fromValue<qint64>(r.timeNs);
        default:
            return QVariant();
    }
}

QVariant EventLogModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
        case Index:
            return QStringLiteral("#");
        case Time:
            return QStringLiteral("Time");
        case Stream:
            return QStringLiteral("Stream");
        case Category:
            return QStringLiteral("Category");
        case Source:
            return QStringLiteral("Source");
        case What:
            return QStringLiteral("What");
        case Details:
            return QStringLiteral("Details");
        case Status:
            return QStringLiteral("Status");
        default:
            return QVariant();
    }
}

}  // namespace ps
