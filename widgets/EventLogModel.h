// EventLogModel: the trace records of a run as a table, one row per record
// that passes the filter, drawn from immutable TraceLogViews (GUI thread
// only; the model never sees the simulation).
//
// Cost model (a run keeps up to a million records):
// - Nothing is stored per row. data() formats the cell it is asked for.
// - Without a filter a row is firstIndex + row. With one, the model keeps the
//   sorted indices of matching records and the index up to which it has
//   scanned; setTrace() scans only records it has not seen, so a live run
//   costs what arrived since the last frame. Changing the filter rescans the
//   held records once (a model reset).
// - New records are announced in one beginInsertRows per setTrace; records
//   the TraceLog dropped (whole old chunks) in one beginRemoveRows at the top.
// - A view that goes backwards (fewer records, or an earlier first index: a
//   new run or a replay) resets the model.
#pragma once

#include "model/sim/TraceLog.h"
#include "widgets/EventLogFilter.h"

#include <QAbstractTableModel>

#include <cstdint>
#include <string>
#include <vector>

namespace ps {

class EventLogModel : public QAbstractTableModel {
    Q_OBJECT
  public:
    enum Column { Index, Time, Stream, Category, Source, What, Details, Status, ColumnCount };
    enum Role {
        RecordIndexRole = Qt::UserRole + 1,  // quint64 trace index of the row
        ExplainKeyRole,                      // QString explain key of the row's record
        TimeNsRole,                          // qint64 simulated time of the record
    };

    explicit EventLogModel(QObject* parent = nullptr);

    void setTrace(const TraceLogView& view);
    const TraceLogView& trace() const { return m_view; }
    void setFilter(const EventLogFilter& filter);
    const EventLogFilter& filter() const { return m_filter; }

    // Records held by the current view (whatever the filter).
    std::uint64_t totalRecords() const { return m_view.size(); }
    // Row of the record with that trace index, or -1 when it is not shown.
    int rowOfRecord(std::uint64_t index) const;
    // Row of the first shown record at or after index (rowCount() if none).
    int rowAtOrAfter(std::uint64_t index) const;
    // Trace index of a row; precondition 0 <= row < rowCount().
    std::uint64_t recordIndexAt(int row) const;
    const TraceRecord& recordAt(int row) const { return m_view.at(recordIndexAt(row)); }

    // Stream ids seen in the records scanned so far (kNoStream included when
    // some record has no stream), ascending; grows as records arrive.
    const std::vector<std::uint16_t>& streamsSeen() const { return m_streams; }

    int rowCount(const QModelIndex& parent = QModelIndex()) const override;
    int columnCount(const QModelIndex& parent = QModelIndex()) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    // Names of the scenario's streams by stream id; the Stream column and
    // the stream filter show them (a stream without a name shows its id).
    void setStreamNames(std::vector<QString> names);
    QString streamName(std::uint16_t streamId) const;

    // The text of one cell, as data() shows it.
    QString cellText(const TraceRecord& record, int column) const;

  signals:
    void streamsSeenChanged();

  private:
    bool matches(const TraceRecord& record);
    void rescan();  // rebuilds m_matches and m_scannedEnd from m_view
    void scan(std::uint64_t from, std::uint64_t to, std::vector<std::uint64_t>& out);
    void noteStreams(std::uint64_t from, std::uint64_t to);
    int shownCount() const;
    std::size_t matchCount() const { return m_matches.size() - m_matchHead; }

    TraceLogView m_view;
    EventLogFilter m_filter;
    std::string m_needle;   // m_filter.text, lower case UTF-8
    std::string m_scratch;  // details text while scanning
    bool m_filtering = false;
    // Filtering: indices of matching records from m_matches[m_matchHead];
    // dropped records are skipped by advancing the head (compacted later).
    std::vector<std::uint64_t> m_matches;
    std::size_t m_matchHead = 0;
    std::uint64_t m_scannedEnd = 0;  // records [.., m_scannedEnd) have been tested
    std::uint64_t m_shownEnd = 0;    // records [.., m_shownEnd) are announced rows
    // Stream bookkeeping, independent of the filter.
    std::vector<std::uint16_t> m_streams;
    std::vector<bool> m_streamSeen;
    std::uint64_t m_streamsScannedEnd = 0;
    std::vector<QString> m_streamNames;
};

}  // namespace ps
