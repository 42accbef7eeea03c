#include "widgets/EventLogView.h"

#include "widgets/EventLogDelegate.h"
#include "widgets/EventLogModel.h"
#include "widgets/EventLogWindowModel.h"
#include "widgets/FixedSizeLabel.h"
#include "widgets/LiveLabel.h"

#include <QAction>
#include <QComboBox>
#include <QCoreApplication>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMenu>
#include <QScrollBar>
#include <QTableView>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

namespace ps {

namespace {

constexpr int kTextDebounceMs = 200;
constexpr std::uint32_t kNoStreamItem = kNoStream;

// Qt would size columns to their header text; these samples size them to
// typical content instead (measuring a million rows is not an option). The
// details column takes what is left.
const char* const kColumnSamples[EventLogModel::ColumnCount] = {
    "1048576",  "0:00:00.000 000", "rt-render",
    "resource", "client",          "IPortWavePciStream::GetMapping",
    nullptr,    "STATUS_NOT_FOUND"};

}  // namespace

EventLogView::EventLogView(QWidget* parent)
    : QWidget(parent),
      m_model(new EventLogModel(this)),
      m_stream(new QComboBox(this)),
      m_categories(new QToolButton(this)),
      m_categoryMenu(new QMenu(this)),
      m_text(new QLineEdit(this)),
      m_textDebounce(new QTimer(this)),
      m_follow(new QToolButton(this)),
      m_count(new LiveLabel(this)),
      m_table(new QTableView(this)),
      m_window(new EventLogWindowModel(m_model, this)),
      m_scroll(new QScrollBar(Qt::Vertical, this)),
      m_refreshLater(new QTimer(this)) {
    m_refreshLater->setSingleShot(true);
    connect(m_refreshLater, &QTimer::timeout, this, &EventLogView::refreshWindow);
    m_stream->setToolTip(tr("Show the records of one stream"));
    m_stream->addItem(tr("All streams"), EventLogFilter::kAllStreams);
    m_stream->setSizeAdjustPolicy(QComboBox::AdjustToContents);

    for (int c = 0; c < kTraceCategoryCount; ++c) {
        QAction* action = m_categoryMenu->addAction(
            QString::fromLatin1(traceCategoryName(static_cast<TraceCategory>(c))));
        action->setCheckable(true);
        action->setChecked(true);
        connect(action, &QAction::toggled, this, [this] {
            updateCategoryButton();
            applyFilter();
        });
        m_categoryActions[c] = action;
    }
    m_categoryMenu->addSeparator();
    connect(m_categoryMenu->addAction(tr("Show all categories")), &QAction::triggered, this,
            [this] {
                for (QAction* a : m_categoryActions) {
                    const QSignalBlocker block(a);
                    a->setChecked(true);
                }
                updateCategoryButton();
                applyFilter();
            });
    m_categories->setMenu(m_categoryMenu);
    m_categories->setPopupMode(QToolButton::InstantPopup);
    m_categories->setToolTip(tr("Show only some kinds of record"));
    updateCategoryButton();

    m_text->setPlaceholderText(tr("Filter: name, source or details"));
    m_text->setClearButtonEnabled(true);
    m_text->setToolTip(tr("Show records whose name, source or details contain this text"));
    m_textDebounce->setSingleShot(true);
    m_textDebounce->setInterval(kTextDebounceMs);
    connect(m_text, &QLineEdit::textChanged, m_textDebounce, qOverload<>(&QTimer::start));
    connect(m_textDebounce, &QTimer::timeout, this, &EventLogView::applyFilter);

    m_follow->setText(tr("Follow live"));
    m_follow->setCheckable(true);
    m_follow->setChecked(true);
    m_follow->setToolButtonStyle(Qt::ToolButtonTextOnly);
    m_follow->setToolTip(
        tr("Keep the newest record in view; scrolling up or selecting a row "
           "freezes the log"));
    connect(m_follow, &QToolButton::toggled, this, [this](bool on) {
        if (on)
            scrollToNewest();
    });

    // Not selectable: a selectable label lays its text out as a document on
    // every repaint, and the count changes with every live refresh.
    m_count->setAccessibleName(tr("Record count"));
    fixLabelSize(
        m_count,
        tr("%1 of %2 records").arg(QStringLiteral("1,048,576"), QStringLiteral("1,048,576")));
    m_table->setAccessibleName(tr("Event log"));
    m_stream->setAccessibleName(tr("Stream filter"));
    m_text->setAccessibleName(tr("Text filter"));

    m_table->setModel(m_window);
    m_table->setItemDelegate(new EventLogDelegate(m_table));
    m_table->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_table->installEventFilter(this);
    m_table->viewport()->installEventFilter(this);
    m_scroll->setAccessibleName(tr("Event log position"));
    m_scroll->setSingleStep(1);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    // Alternating colours follow the row in the whole log (the delegate
    // paints them), so they do not swap as the window moves.
    m_table->setAlternatingRowColors(false);
    m_table->setWordWrap(false);
    m_table->setShowGrid(false);
    m_table->setTextElideMode(Qt::ElideRight);
    m_table->setHorizontalScrollMode(QAbstractItemView::ScrollPerPixel);
    QHeaderView* vertical = m_table->verticalHeader();
    vertical->setVisible(false);
    vertical->setSectionResizeMode(QHeaderView::Fixed);
    vertical->setMinimumSectionSize(1);
    vertical->setDefaultSectionSize(m_table->fontMetrics().height() + 4);
    QHeaderView* horizontal = m_table->horizontalHeader();
    horizontal->setHighlightSections(false);
    horizontal->setStretchLastSection(false);
    const QFontMetrics metrics = m_table->fontMetrics();
    const int padding = metrics.horizontalAdvance(QLatin1Char('M'));
    for (int c = 0; c < EventLogModel::ColumnCount; ++c) {
        if (kColumnSamples[c] != nullptr) {
            horizontal->setSectionResizeMode(c, QHeaderView::Interactive);
            horizontal->resizeSection(
                c, metrics.horizontalAdvance(QLatin1String(kColumnSamples[c])) + padding);
        }
    }
    // Details is the widest text: shown last, it takes the rest of the width.
    horizontal->moveSection(horizontal->visualIndex(EventLogModel::Status),
                            horizontal->visualIndex(EventLogModel::Details));
    horizontal->setSectionResizeMode(EventLogModel::Details, QHeaderView::Stretch);
    horizontal->setMinimumSectionSize(metrics.horizontalAdvance(QLatin1Char('M')) * 3);

    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex& current) { onCurrentRowChanged(current.row()); });
    connect(m_scroll, &QScrollBar::valueChanged, this, [this](int value) {
        if (m_autoScrolling)
            return;
        if (value < m_scroll->maximum())
            setFollowing(false);
        setTopRow(value);
    });
    connect(m_model, &QAbstractItemModel::rowsRemoved, this,
            [this](const QModelIndex&, int first, int last) {
                // Rows dropped at the top: the same records stay in view.
                if (first == 0) {
                    m_selectingProgrammatically = true;
                    m_window->rowsDroppedAtTop(last + 1);
                    m_selectingProgrammatically = false;
                    syncScrollBar();
                    syncSelection();
                }
            });
    connect(m_model, &QAbstractItemModel::modelReset, this, [this] {
        m_hasSelected = false;
        sourceChanged(true);
        updateCount();
    });
    connect(m_model, &EventLogModel::streamsSeenChanged, this, &EventLogView::updateStreams);
    connect(m_stream, qOverload<int>(&QComboBox::currentIndexChanged), this,
            &EventLogView::applyFilter);

    auto* bar = new QHBoxLayout;
    bar->setContentsMargins(0, 0, 0, 0);
    bar->addWidget(m_stream);
    bar->addWidget(m_categories);
    bar->addWidget(m_text, 1);
    bar->addWidget(m_follow);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->setSpacing(4);
    layout->addLayout(bar);
    auto* tableRow = new QHBoxLayout;
    tableRow->setContentsMargins(0, 0, 0, 0);
    tableRow->setSpacing(0);
    tableRow->addWidget(m_table, 1);
    tableRow->addWidget(m_scroll);
    layout->addLayout(tableRow, 1);
    layout->addWidget(m_count);
    updateCount();
}

bool EventLogView::setTrace(const TraceLogView& view) {
    m_model->setTrace(view);
    if (isFollowing() && m_liveRefreshMs > 0 && m_sinceRefresh.isValid() &&
        m_sinceRefresh.elapsed() < m_liveRefreshMs) {
        // The next display frame after the interval refreshes; the timer
        // only covers a run that stops sending snapshots meanwhile.
        if (!m_refreshLater->isActive())
            m_refreshLater->start(2 * m_liveRefreshMs);
        return false;
    }
    refreshWindow();
    // Frozen, the rows in view stay (only the scroll bar's range grows).
    return isFollowing();
}

void EventLogView::refreshWindow() {
    m_refreshLater->stop();
    m_sinceRefresh.start();
    sourceChanged(false);
    updateCount();
}

int EventLogView::firstShownRow() const {
    return m_window->topRow();
}

void EventLogView::setTopRow(int row) {
    // Moving the window changes the table's rows under its current index;
    // what Qt does with that index is not the user selecting.
    m_selectingProgrammatically = true;
    m_window->setTopRow(row);
    m_selectingProgrammatically = false;
    syncScrollBar();
    syncSelection();
}

void EventLogView::sourceChanged(bool recordsChanged) {
    m_selectingProgrammatically = true;
    m_window->sourceChanged(recordsChanged, isFollowing());
    m_selectingProgrammatically = false;
    syncScrollBar();
    syncSelection();
}

void EventLogView::updateCapacity() {
    const int rowHeight = std::max(1, m_table->verticalHeader()->defaultSectionSize());
    m_selectingProgrammatically = true;
    m_window->setCapacity(m_table->viewport()->height() / rowHeight);
    m_selectingProgrammatically = false;
    sourceChanged(false);
}

void EventLogView::syncScrollBar() {
    m_autoScrolling = true;
    m_scroll->setRange(0, m_window->maxTopRow());
    m_scroll->setPageStep(m_window->capacity());
    m_scroll->setValue(m_window->topRow());
    m_autoScrolling = false;
}

void EventLogView::syncSelection() {
    const int row = m_hasSelected ? m_model->rowOfRecord(m_selected) : -1;
    const int windowRow = row >= 0 ? m_window->windowRow(row) : -1;
    QItemSelectionModel* selection = m_table->selectionModel();
    m_selectingProgrammatically = true;
    if (windowRow >= 0) {
        const QModelIndex cell = m_window->index(windowRow, EventLogModel::What);
        if (selection->currentIndex() != cell || !selection->isSelected(cell))
            selection->setCurrentIndex(
                cell, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    } else if (selection->hasSelection() || selection->currentIndex().isValid()) {
        selection->clear();
    }
    m_selectingProgrammatically = false;
}

void EventLogView::revealRow(int row, bool centre) {
    const int top = m_window->topRow();
    const int rows = m_window->capacity();
    if (centre)
        setTopRow(row - rows / 2);
    else if (row < top)
        setTopRow(row);
    else if (row >= top + rows)
        setTopRow(row - rows + 1);
    else
        syncSelection();
}

void EventLogView::selectRowAsUser(int row) {
    if (row < 0 || row >= m_model->rowCount())
        return;
    setFollowing(false);
    m_hasSelected = true;
    m_selected = m_model->recordIndexAt(row);
    revealRow(row, false);
    const QModelIndex cell = m_model->index(row, EventLogModel::What);
    emit recordSelected(m_selected, m_model->data(cell, EventLogModel::ExplainKeyRole).toString());
}

bool EventLogView::handleKey(int key) {
    const int rows = m_model->rowCount();
    if (rows == 0)
        return false;
    const int selectedRow = m_hasSelected ? m_model->rowOfRecord(m_selected) : -1;
    const int current = selectedRow >= 0 ? selectedRow : m_window->topRow();
    const int page = std::max(1, m_window->capacity() - 1);
    int target = current;
    switch (key) {
        case Qt::Key_Up:
            target = current - 1;
            break;
        case Qt::Key_Down:
            target = selectedRow >= 0 ? current + 1 : current;
            break;
        case Qt::Key_PageUp:
            target = current - page;
            break;
        case Qt::Key_PageDown:
            target = current + page;
            break;
        case Qt::Key_Home:
            target = 0;
            break;
        case Qt::Key_End:
            target = rows - 1;
            break;
        default:
            return false;
    }
    selectRowAsUser(std::clamp(target, 0, rows - 1));
    return true;
}

bool EventLogView::eventFilter(QObject* watched, QEvent* event) {
    if (watched == m_table->viewport()) {
        if (event->type() == QEvent::Wheel) {
            // Vertical wheel movement scrolls the whole log; the table has
            // only the window's rows to scroll.
            auto* wheel = static_cast<QWheelEvent*>(event);
            if (wheel->angleDelta().y() != 0) {
                QCoreApplication::sendEvent(m_scroll, event);
                return true;
            }
        } else if (event->type() == QEvent::Resize) {
            updateCapacity();
        }
    } else if (watched == m_table && event->type() == QEvent::KeyPress) {
        auto* key = static_cast<QKeyEvent*>(event);
        if ((key->modifiers() & ~(Qt::KeypadModifier | Qt::ControlModifier)) == 0 &&
            handleKey(key->key()))
            return true;
    }
    return QWidget::eventFilter(watched, event);
}

bool EventLogView::isFollowing() const {
    return m_follow->isChecked();
}

void EventLogView::setFollowing(bool follow) {
    m_follow->setChecked(follow);
}

void EventLogView::scrollToNewest() {
    setTopRow(m_window->maxTopRow());
}

QString EventLogView::countText() const {
    return m_count->text();
}

void EventLogView::updateCount() {
    const QLocale english(QLocale::English, QLocale::UnitedStates);
    const auto shown = static_cast<qulonglong>(m_model->rowCount());
    const auto total = static_cast<qulonglong>(m_model->totalRecords());
    m_count->setText(
        shown == total
            ? tr("%1 records").arg(english.toString(total))
            : tr("%1 of %2 records").arg(english.toString(shown), english.toString(total)));
}

void EventLogView::setStreamNames(std::vector<QString> names) {
    m_model->setStreamNames(std::move(names));
}

QString EventLogView::streamItemText(std::uint16_t streamId) const {
    const QString name = m_model->streamName(streamId);
    return name == QString::number(streamId) ? tr("Stream %1").arg(streamId)
                                             : tr("%1 (stream %2)").arg(name).arg(streamId);
}

void EventLogView::updateStreams() {
    const QVariant current = m_stream->currentData();
    const QSignalBlocker block(m_stream);
    while (m_stream->count() > 1)
        m_stream->removeItem(1);
    for (std::uint16_t s : m_model->streamsSeen()) {
        if (s == kNoStreamItem)
            m_stream->addItem(tr("No stream (system)"), static_cast<int>(s));
        else
            m_stream->addItem(streamItemText(s), static_cast<int>(s));
    }
    const int index = m_stream->findData(current);
    m_stream->setCurrentIndex(index >= 0 ? index : 0);
}

void EventLogView::updateCategoryButton() {
    int checked = 0;
    for (QAction* a : m_categoryActions)
        checked += a->isChecked() ? 1 : 0;
    m_categories->setText(checked == kTraceCategoryCount
                              ? tr("All categories")
                              : tr("%1 of %2 categories").arg(checked).arg(kTraceCategoryCount));
}

EventLogFilter EventLogView::filter() const {
    EventLogFilter f;
    f.streamId = m_stream->currentData().isValid() ? m_stream->currentData().toInt()
                                                   : EventLogFilter::kAllStreams;
    f.categoryMask = 0;
    for (int c = 0; c < kTraceCategoryCount; ++c) {
        if (m_categoryActions[c]->isChecked())
            f.categoryMask |= 1u << c;
    }
    f.text = m_text->text().trimmed();
    return f;
}

void EventLogView::setFilter(const EventLogFilter& f) {
    {
        const QSignalBlocker blockStream(m_stream);
        const QSignalBlocker blockText(m_text);
        int index = m_stream->findData(f.streamId);
        if (index < 0 && f.streamId != EventLogFilter::kAllStreams) {
            m_stream->addItem(f.streamId == kNoStream
                                  ? tr("No stream (system)")
                                  : streamItemText(static_cast<std::uint16_t>(f.streamId)),
                              f.streamId);
            index = m_stream->count() - 1;
        }
        m_stream->setCurrentIndex(std::max(index, 0));
        for (int c = 0; c < kTraceCategoryCount; ++c) {
            const QSignalBlocker block(m_categoryActions[c]);
            m_categoryActions[c]->setChecked((f.categoryMask & (1u << c)) != 0);
        }
        m_text->setText(f.text);
    }
    m_textDebounce->stop();
    updateCategoryButton();
    applyFilter();
}

void EventLogView::applyFilter() {
    m_textDebounce->stop();
    const EventLogFilter f = filter();
    if (f == m_model->filter())
        return;
    // Keep the selected record selected across the rescan when it still shows.
    const bool hadSelection = m_hasSelected;
    const quint64 selected = m_selected;
    m_model->setFilter(f);  // a reset: forgets the selection
    if (hadSelection) {
        const int row = m_model->rowOfRecord(selected);
        if (row >= 0) {
            m_hasSelected = true;
            m_selected = selected;
            revealRow(row, true);
        }
    }
    updateCount();
}

void EventLogView::selectRecord(quint64 index) {
    if (m_model->rowCount() == 0)
        return;
    const int row = std::min(m_model->rowAtOrAfter(index), m_model->rowCount() - 1);
    setFollowing(false);
    m_hasSelected = true;
    m_selected = m_model->recordIndexAt(row);
    revealRow(row, true);
    const QModelIndex cell = m_model->index(row, EventLogModel::What);
    emit recordSelected(m_selected, m_model->data(cell, EventLogModel::ExplainKeyRole).toString());
}

void EventLogView::onCurrentRowChanged(int windowRow) {
    // A click (or a key the table handled) on a row of the window.
    if (m_selectingProgrammatically || windowRow < 0 || windowRow >= m_window->rowCount())
        return;
    selectRowAsUser(m_window->sourceRow(windowRow));
}

}  // namespace ps
