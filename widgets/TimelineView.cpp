#include "widgets/TimelineView.h"

#include "widgets/CachedLegendItem.h"
#include "widgets/DecimatedCurve.h"
#include "widgets/InspectorColors.h"
#include "widgets/StreamSelector.h"
#include "widgets/TimeMarksItem.h"
#include "widgets/TimelinePlot.h"

#include <qwt_plot_legenditem.h>
#include <qwt_scale_draw.h>

#include <QDoubleSpinBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QVBoxLayout>

#include <algorithm>

namespace ps {
namespace {

constexpr double kDefaultWindowSeconds = 2.0;
// While live, the strips scroll at most this often (about 20 Hz).

// Interrupt vectors cycle through these (after the views' own colours).
const QColor kLatencyColors[] = {
    QColor(0x8c, 0x56, 0x4b), QColor(0x17, 0xbe, 0xcf), QColor(0xbc, 0xbd, 0x22),
    QColor(0xe3, 0x77, 0xc2), QColor(0x7f, 0x7f, 0x7f), QColor(0x1f, 0x77, 0xb4),
};

}  // namespace

TimelineView::TimelineView(QWidget* parent)
    : QWidget(parent),
      m_selector(new StreamSelector(this)),
      m_windowSeconds(new QDoubleSpinBox(this)) {
    setAccessibleName(tr("Timeline"));
    m_windowSeconds->setRange(0.001, 600.0);
    m_windowSeconds->setDecimals(3);
    m_windowSeconds->setSingleStep(0.5);
    m_windowSeconds->setSuffix(tr(" s"));
    m_windowSeconds->setValue(kDefaultWindowSeconds);
    m_windowSeconds->setToolTip(tr("Simulated time shown while the run goes on"));
    m_windowSeconds->setAccessibleName(tr("Timeline window"));

    auto* top = new QHBoxLayout;
    top->setContentsMargins(0, 0, 0, 0);
    top->addWidget(m_selector);
    top->addWidget(new QLabel(tr("Window"), this));
    top->addWidget(m_windowSeconds);
    top->addStretch(1);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(2, 2, 2, 2);
    layout->setSpacing(0);
    layout->addLayout(top);

    const QString titles[StripCount] = {tr("position (B)"), tr("padding (frames)"), tr("FIFO (B)"),
                                        tr("IRQ→DPC (µs)")};
    for (int s = 0; s < StripCount; ++s) {
        auto* plot = new TimelinePlot(titles[s], this);
        m_plots[s] = plot;
        layout->addWidget(plot, 1);
        connect(plot, &TimelinePlot::recordClicked, this, &TimelineView::recordClicked);
        connect(plot, &TimelinePlot::timeRangeChanged, this,
                [this, plot](qint64 from, qint64 to) { onUserRange(plot, from, to); });
        // Marks of the selected stream on every strip; labels on the top one.
        using Style = TimeMarksItem::Style;
        auto* states = new TimeMarksItem(tr("KSSTATE"), colors::kState,
                                         s == Positions ? Style::LabelledLine : Style::Line);
        auto* notifications = new TimeMarksItem(tr("notification"), colors::kNotify, Style::Tick);
        auto* glitches = new TimeMarksItem(tr("glitch"), colors::kGlitch, Style::Line);
        for (TimeMarksItem* m : {notifications, states, glitches}) {
            plot->addMarks(m);
            m_marks.push_back(m);
        }
        // One time scale, under the bottom strip (seconds of simulated time).
        // The hidden ones measure no labels (their range changes every
        // live frame).
        plot->enableAxis(QwtPlot::xBottom, s == Latency);
        plot->axisScaleDraw(QwtPlot::xBottom)
            ->enableComponent(QwtAbstractScaleDraw::Labels, s == Latency);
    }

    m_client = m_plots[Positions]->addCurve(tr("client"), colors::kClient);
    m_device = m_plots[Positions]->addCurve(tr("device"), colors::kPlay);
    m_dma = m_plots[Positions]->addCurve(tr("DMA"), colors::kFetch);
    m_padding = m_plots[Padding]->addCurve(tr("padding"), colors::kPaddingLine);
    m_fifo = m_plots[Fifo]->addCurve(tr("FIFO"), colors::kFetch);
    // Legends inside the canvas: a legend beside it would narrow that strip
    // and the strips' time axes would no longer line up.
    for (const Strip s : {Positions, Latency}) {
        // Laid out once, copied on every replot (CachedLegendItem).
        auto* legend = new CachedLegendItem;
        legend->setAlignment(Qt::AlignRight | Qt::AlignTop);
        legend->setMaxColumns(s == Positions ? 3 : 1);
        QColor background = palette().color(QPalette::Base);
        background.setAlpha(200);
        legend->setBackgroundBrush(background);
        legend->setBackgroundMode(QwtPlotLegendItem::LegendBackground);
        legend->setBorderPen(QPen(palette().color(QPalette::Mid)));
        legend->setMargin(1);
        legend->setSpacing(2);
        legend->setItemMargin(0);
        QFont small = font();
        small.setPointSizeF(small.pointSizeF() * 0.8);
        legend->setFont(small);
        legend->setZ(40);
        legend->attach(m_plots[s]);
    }

    connect(m_selector, &StreamSelector::streamSelected, this, [this](int) {
        bindSelectedStream();
        setRange(fromNs(), toNs());
        replotAll();
    });
    connect(m_windowSeconds, qOverload<double>(&QDoubleSpinBox::valueChanged), this, [this] {
        if (m_live) {
            const TimeNs to = std::max(m_simTimeNs, window());
            setRange(to - window(), to);
            replotAll();
        }
    });
    setRange(0, window());
}

void TimelineView::setWindow(TimeNs windowNs) {
    m_windowSeconds->setValue(nsToPlotSeconds(windowNs));
}

TimeNs TimelineView::window() const {
    return std::max<TimeNs>(1000, plotSecondsToNs(m_windowSeconds->value()));
}

TimeNs TimelineView::fromNs() const {
    return m_plots[Positions]->fromNs();
}

TimeNs TimelineView::toNs() const {
    return m_plots[Positions]->toNs();
}

void TimelineView::bindSelectedStream() {
    const int id = m_selector->selectedStream();
    const StreamTimeline* s = id >= 0 ? m_data.stream(static_cast<std::uint16_t>(id)) : nullptr;
    m_client->setSeries(s != nullptr ? &s->clientPosition : nullptr);
    m_device->setSeries(s != nullptr ? &s->devicePosition : nullptr);
    m_dma->setSeries(s != nullptr ? &s->dmaPosition : nullptr);
    m_padding->setSeries(s != nullptr ? &s->paddingFrames : nullptr);
    m_fifo->setSeries(s != nullptr ? &s->fifoBytes : nullptr);
    for (std::size_t i = 0; i < m_marks.size(); i += 3) {
        m_marks[i]->setMarks(s != nullptr ? &s->notifications : nullptr);
        m_marks[i + 1]->setMarks(s != nullptr ? &s->states : nullptr);
        m_marks[i + 2]->setMarks(s != nullptr ? &s->glitches : nullptr);
    }
    updateLatencyCurves();
}

void TimelineView::updateLatencyCurves() {
    // The interrupts' vector may have grown (and moved): rebind every curve.
    const std::vector<InterruptTimeline>& irqs = m_data.interrupts();
    TimelinePlot* plot = m_plots[Latency];
    while (m_latency.size() < irqs.size()) {
        const std::size_t n = m_latency.size();
        const QColor color =
            kLatencyColors[n % (sizeof(kLatencyColors) / sizeof(kLatencyColors[0]))];
        m_latency.push_back(
            plot->addCurve(QString::fromStdString(irqs[n].label), color, 1e-3));  // ns -> us
    }
    for (std::size_t i = 0; i < m_latency.size(); ++i) {
        const bool has = i < irqs.size();
        m_latency[i]->setSeries(has ? &irqs[i].latencyNs : nullptr);
        // Each of these tells the plot's legend, which lays itself out
        // again: only on a real change, not every frame.
        if (has) {
            const QString title = QString::fromStdString(irqs[i].label);
            if (m_latency[i]->title().text() != title) {
                m_latency[i]->setTitle(title);
            }
        }
        if (m_latency[i]->isVisible() != has) {
            m_latency[i]->setVisible(has);
        }
        if (m_latency[i]->testItemAttribute(QwtPlotItem::Legend) != has) {
            m_latency[i]->setItemAttribute(QwtPlotItem::Legend, has);
        }
    }
}

void TimelineView::showSnapshot(const SessionSnapshot& snapshot, bool replotLive) {
    m_frameBytes.assign(snapshot.streams.size(), 0);
    for (const StreamSnapshot& s : snapshot.streams) {
        if (s.streamId < m_frameBytes.size()) {
            m_frameBytes[s.streamId] = s.format.bytesPerFrame();
        }
    }
    const bool changed = m_data.update(snapshot.trace, m_frameBytes);
    const bool offered = m_selector->offerStreamsOf(snapshot.streams, snapshot);
    // Curves and marks point into the data: they are bound again only when
    // that storage may have moved (a rebuild, a new stream or interrupt
    // vector) or another stream is offered. New points alone need nothing:
    // every replot decimates again.
    const std::array<std::size_t, 3> shape{static_cast<std::size_t>(m_data.rebuilds()),
                                           m_data.streams().size(), m_data.interrupts().size()};
    if (offered || shape != m_boundShape) {
        m_boundShape = shape;
        bindSelectedStream();
    }
    const bool wasLive = m_live;
    m_live = snapshot.runState == SessionRunState::Live ||
             snapshot.runState == SessionRunState::FastForward;
    const bool moved = snapshot.simTimeNs != m_simTimeNs;
    m_simTimeNs = snapshot.simTimeNs;
    m_dirty = m_dirty || changed || offered || moved || wasLive != m_live;
    if (!m_dirty || !isVisible()) {
        return;  // drawn when shown (showEvent)
    }
    if (m_live && wasLive && !offered) {
        // Scrolling live: one strip this frame, the next one the next.
        if (!replotLive) {
            return;
        }
        TimelinePlot* strip = m_plots[m_nextLiveStrip];
        m_nextLiveStrip = (m_nextLiveStrip + 1) % StripCount;
        const TimeNs to = std::max(m_simTimeNs, window());
        m_syncing = true;
        strip->showRange(to - window(), to);
        m_syncing = false;
        strip->replotShownRange();
        ++m_replots;
        return;
    }
    if (!m_live && !wasLive && moved && m_userRange) {
        // Stepping in a range the user zoomed or panned to: it stays, and
        // slides only as far as it must to show the new time.
        const TimeNs from = fromNs();
        const TimeNs to = toNs();
        const TimeNs span = to - from;
        if (m_simTimeNs > to) {
            setRange(m_simTimeNs - span, m_simTimeNs);
        } else if (m_simTimeNs < from) {
            setRange(std::max<TimeNs>(0, m_simTimeNs - span / 2),
                     std::max<TimeNs>(0, m_simTimeNs - span / 2) + span);
        } else {
            setRange(from, to);
        }
    } else if (m_live || wasLive || moved) {
        // Following the run: live, and also stepping while paused.
        m_userRange = false;
        const TimeNs to = std::max(m_simTimeNs, window());
        setRange(to - window(), to);
    } else {
        setRange(fromNs(), toNs());
    }
    for (TimelinePlot* p : m_plots) {
        p->setNavigable(!m_live);
    }
    replotAll();
}

void TimelineView::showEvent(QShowEvent* event) {
    QWidget::showEvent(event);
    if (m_dirty) {
        const TimeNs to = std::max(m_simTimeNs, window());
        setRange(to - window(), to);
        replotAll();
    }
}

void TimelineView::setRange(TimeNs fromNs, TimeNs toNs) {
    m_syncing = true;
    for (TimelinePlot* p : m_plots) {
        p->showRange(fromNs, toNs);
    }
    m_syncing = false;
}

void TimelineView::replotAll() {
    for (TimelinePlot* p : m_plots) {
        p->replot();
    }
    m_dirty = false;
    ++m_replots;
}

void TimelineView::onUserRange(TimelinePlot* source, TimeNs fromNs, TimeNs toNs) {
    if (m_syncing) {
        return;
    }
    m_userRange = true;
    // One strip was zoomed or panned: the others follow its time range (each
    // keeps its own y range), and the source re-fits nothing: the user chose.
    m_syncing = true;
    for (TimelinePlot* p : m_plots) {
        if (p != source) {
            p->showRange(fromNs, toNs);
            p->replot();
        }
    }
    m_syncing = false;
}

void TimelineView::showRecordTime(TimeNs timeNs) {
    for (TimelinePlot* p : m_plots) {
        p->setCursorTime(timeNs);
    }
    if (!m_live && (timeNs < fromNs() || timeNs >= toNs())) {
        const TimeNs span = toNs() - fromNs();
        const TimeNs from = std::max<TimeNs>(0, timeNs - span / 2);
        setRange(from, from + span);
    }
    if (isVisible()) {
        replotAll();
    } else {
        m_dirty = true;
    }
}

}  // namespace ps
