// EventLogView: the event log of a run. A filter bar (stream, categories,
// text with a short debounce), a table of the trace records, a "Follow live"
// toggle and a count ("12,345 of 1,048,576 records").
//
// The table's model is an EventLogWindowModel: only the rows that fit in the
// viewport, taken from the EventLogModel that holds the whole log. The view
// keeps its own vertical scroll bar over the whole log (wheel, Up/Down,
// Page Up/Down, Home/End move it), and remembers the selected record by its
// trace index, so the selection survives the window moving, rows dropped at
// the top and filter changes that keep the record.
//
// GUI thread only. setTrace() is called with the newest TraceLogView on the
// display timer (about 60 Hz) while a run goes on; it costs what arrived
// since the previous call. Following live, the rows in view are refreshed at
// most every liveRefreshIntervalMs (default 50 ms, 20 Hz): a live run adds
// hundreds of rows a frame, nobody reads them at 60 Hz, and repainting the
// whole table is the dearest part of a display frame; setTrace() says
// whether it refreshed, so the caller can give that frame's time to others. Following live keeps
// the newest row in view; the user scrolling up or selecting a row freezes it (the toggle shows
// it). Selecting a row, by the user or through selectRecord(), emits recordSelected with the
// record's trace index and explain key.
#pragma once

#include "model/sim/TraceLog.h"
#include "widgets/EventLogFilter.h"

#include <QElapsedTimer>
#include <QString>
#include <QWidget>

#include <cstdint>
#include <vector>

class QComboBox;
class QEvent;
class QLabel;
class QScrollBar;
class QLineEdit;
class QMenu;
class QTableView;
class QTimer;
class QToolButton;
class QAction;

namespace ps {

class EventLogModel;
class EventLogWindowModel;

class EventLogView : public QWidget {
    Q_OBJECT
  public:
    explicit EventLogView(QWidget* parent = nullptr);

    // True when following live and the rows in view were refreshed by this
    // call (they then repaint).
    bool setTrace(const TraceLogView& view);
    // 0: refresh on every setTrace.
    void setLiveRefreshIntervalMs(int ms) { m_liveRefreshMs = ms; }
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
    // The table's model: the window of rows in view.
    EventLogWindowModel* windowModel() const { return m_window; }
    // The scroll bar over the whole log; its value is the first row in view.
    QScrollBar* scrollBar() const { return m_scroll; }
    // Rows of model() in the window: [firstShownRow, firstShownRow + window rows).
    int firstShownRow() const;
    QString countText() const;
    EventLogFilter filter() const;
    // Sets the bar's controls (the text applies at once, without the debounce).
    void setFilter(const EventLogFilter& filter);

  signals:
    void recordSelected(quint64 index, QString explainKey);

  protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

  private:
    // Moves the window so that row is its first row (clamped), and brings
    // the scroll bar and the table's selection along.
    void setTopRow(int row);
    // Adjusts the window to the source's new row count.
    void sourceChanged(bool recordsChanged);
    // Applies what setTrace() held back: window, scroll bar, count.
    void refreshWindow();
    void updateCapacity();
    void syncScrollBar();
    // Shows the selected record's row as the table's current row when it is
    // in the window, and no selection otherwise.
    void syncSelection();
    // Makes row visible: centred, or the nearest position that shows it.
    void revealRow(int row, bool centre);
    // Selects the record of row as the user does (stops following, emits).
    void selectRowAsUser(int row);
    bool handleKey(int key);
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
    EventLogWindowModel* m_window;
    QScrollBar* m_scroll;
    bool m_hasSelected = false;
    quint64 m_selected = 0;  // trace index of the selected record
    bool m_autoScrolling = false;
    bool m_selectingProgrammatically = false;
    int m_liveRefreshMs = 50;
    QElapsedTimer m_sinceRefresh;
    QTimer* m_refreshLater;  // refreshes when no further setTrace comes
};

}  // namespace ps
