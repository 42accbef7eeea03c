// EventLogView: the event log of a run. A filter bar (stream, categories,
// text with a short debounce), a table of the trace records (EventLogModel:
// only the visible rows are formatted), a "Follow live" toggle and a count
// ("12,345 of 1,048,576 records").
//
// GUI thread only. setTrace() is called with the newest TraceLogView on the
// display timer (about 60 Hz) while a run goes on; it costs what arrived
// since the previous call. Following live keeps the newest row in view; the
// user scrolling up or selecting a row freezes it (the toggle shows it).
// Selecting a row, by the user or through selectRecord(), emits
// recordSelected with the record's trace index and explain key.
#pragma once

#include "model/sim/TraceLog.h"
#include "widgets/EventLogFilter.h"

#include <QString>
#include <QWidget>

#include <cstdint>
#include <vector>

class QComboBox;
class QLabel;
class QLineEdit;
class QMenu;
class QTableView;
class QTimer;
class QToolButton;
class QAction;

namespace ps {

class EventLogModel;

class EventLogView : public QWidget {
    Q_OBJECT
  public:
    explicit EventLogView(QWidget* parent = nullptr);

    void setTrace(const TraceLogView& view);
    // Names of the scenario's streams by stream id, for the Stream column and
    // the stream filter ("pci-float (stream 2)").
    void setStreamNames(std::vector<QString> names);
    // Selects the row of that record (or the first shown row after it, when
    // the filter hides it), scrolls to it and stops following.
    void selectRecord(quint64 index);

    bool isFollowing() const;
    void setFollowing(bool follow);
    // For tests and accessibility: the model behind the table, the count
    // label's text, and the filter the bar currently applies.
    EventLogModel* model() const { return m_model; }
    QTableView* table() const { return m_table; }
    QString countText() const;
    EventLogFilter filter() const;
    // Sets the bar's controls (the text applies at once, without the debounce).
    void setFilter(const EventLogFilter& filter);

  signals:
    void recordSelected(quint64 index, QString explainKey);

  private:
    void applyFilter();
    void updateCount();
    void updateStreams();
    QString streamItemText(std::uint16_t streamId) const;
    void updateCategoryButton();
    void scrollToNewest();
    void onCurrentRowChanged(int row);

    EventLogModel* m_model;
    QComboBox* m_stream;
    QToolButton* m_categories;
    QMenu* m_categoryMenu;
    QAction* m_categoryActions[kTraceCategoryCount] = {};
    QLineEdit* m_text;
    QTimer* m_textDebounce;
    QToolButton* m_follow;
    QLabel* m_count;
    QTableView* m_table;
    bool m_autoScrolling = false;
    bool m_selectingProgrammatically = false;
};

}  // namespace ps
