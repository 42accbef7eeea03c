#include "widgets/EventLogView.h"

#include "widgets/EventLogDelegate.h"
#include "widgets/EventLogModel.h"
#include "widgets/FixedSizeLabel.h"

#include <QAction>
#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
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
      m_count(new QLabel(this)),
      m_table(new QTableView(this)) {
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

    m_count->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_count->setAccessibleName(tr("Record count"));
    fixLabelSize(
        m_count,
        tr("%1 of %2 records").arg(QStringLiteral("1,048,576"), QStringLiteral("1,048,576")));
    m_table->setAccessibleName(tr("Event log"));
    m_stream->setAccessibleName(tr("Stream filter"));
    m_text->setAccessibleName(tr("Text filter"));

    m_table->setModel(m_model);
    m_table->setItemDelegate(new EventLogDelegate(m_table));
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setAlternatingRowColors(true);
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
    connect(m_table->verticalScrollBar(), &QScrollBar::valueChanged, this, [this](int value) {
        if (!m_autoScrolling && value < m_table->verticalScrollBar()->maximum())
            setFollowing(false);
    });
    connect(m_model, &QAbstractItemModel::rowsInserted, this, [this] {
        if (isFollowing())
            scrollToNewest();
    });
    connect(m_model, &QAbstractItemModel::modelReset, this, [this] {
        updateCount();
        if (isFollowing())
            scrollToNewest();
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
    layout->addWidget(m_table, 1);
    layout->addWidget(m_count);
    updateCount();
}

void EventLogView::setTrace(const TraceLogView& view) {
    // Scrolling while rows are removed at the top must not read as the user
    // scrolling up.
    m_autoScrolling = isFollowing();
    m_model->setTrace(view);
    m_autoScrolling = false;
    updateCount();
}

bool EventLogView::isFollowing() const {
    return m_follow->isChecked();
}

void EventLogView::setFollowing(bool follow) {
    m_follow->setChecked(follow);
}

void EventLogView::scrollToNewest() {
    m_autoScrolling = true;
    m_table->scrollToBottom();
    m_autoScrolling = false;
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
    const QModelIndex current = m_table->currentIndex();
    const bool hadSelection = current.isValid();
    const quint64 selected = hadSelection ? m_model->recordIndexAt(current.row()) : 0;
    m_autoScrolling = true;
    m_model->setFilter(f);
    m_autoScrolling = false;
    if (hadSelection) {
        const int row = m_model->rowOfRecord(selected);
        if (row >= 0) {
            m_selectingProgrammatically = true;
            m_table->setCurrentIndex(m_model->index(row, EventLogModel::What));
            m_selectingProgrammatically = false;
            m_autoScrolling = true;
            m_table->scrollTo(m_model->index(row, EventLogModel::What),
                              QAbstractItemView::PositionAtCenter);
            m_autoScrolling = false;
        }
    }
    updateCount();
}

void EventLogView::selectRecord(quint64 index) {
    if (m_model->rowCount() == 0)
        return;
    const int row = std::min(m_model->rowAtOrAfter(index), m_model->rowCount() - 1);
    setFollowing(false);
    const QModelIndex cell = m_model->index(row, EventLogModel::What);
    m_table->setCurrentIndex(cell);
    m_table->scrollTo(cell, QAbstractItemView::PositionAtCenter);
}

void EventLogView::onCurrentRowChanged(int row) {
    if (row < 0 || row >= m_model->rowCount())
        return;
    if (!m_selectingProgrammatically) {
        setFollowing(false);
        const QModelIndex cell = m_model->index(row, EventLogModel::What);
        emit recordSelected(m_model->recordIndexAt(row),
                            m_model->data(cell, EventLogModel::ExplainKeyRole).toString());
    }
}

}  // namespace ps
