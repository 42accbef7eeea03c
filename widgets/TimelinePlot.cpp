#include "widgets/TimelinePlot.h"

#include "widgets/DecimatedCurve.h"
#include "widgets/TimeMarksItem.h"

#include <qwt_picker_machine.h>
#include <qwt_plot_canvas.h>
#include <qwt_plot_grid.h>
#include <qwt_plot_magnifier.h>
#include <qwt_plot_marker.h>
#include <qwt_plot_panner.h>
#include <qwt_plot_picker.h>
#include <qwt_plot_textlabel.h>
#include <qwt_plot_zoomer.h>
#include <qwt_scale_draw.h>
#include <qwt_scale_widget.h>

#include <QCoreApplication>

#include <algorithm>
#include <cmath>

namespace ps {

TimelinePlot::TimelinePlot(const QString& yTitle, QWidget* parent)
    : QwtPlot(parent), m_cursor(new QwtPlotMarker) {
    setAutoReplot(false);
    setCanvasBackground(palette().color(QPalette::Base));
    auto* canvas = qobject_cast<QwtPlotCanvas*>(this->canvas());
    if (canvas != nullptr) {
        canvas->setFrameStyle(QFrame::NoFrame);
        // Straight into the window's backing store: a live strip is redrawn
        // whole every time anyway, so a private pixmap only adds a copy.
        canvas->setPaintAttribute(QwtPlotCanvas::BackingStore, false);
    }
    QFont small = font();
    small.setPointSizeF(small.pointSizeF() * 0.85);
    // The strip's name inside its canvas, top left: a y axis title would not
    // fit a strip this low.
    QwtText title(yTitle);
    title.setFont(small);
    title.setColor(palette().color(QPalette::Text));
    title.setRenderFlags(Qt::AlignLeft | Qt::AlignTop);
    QColor background = palette().color(QPalette::Base);
    background.setAlpha(200);
    title.setBackgroundBrush(background);
    auto* label = new QwtPlotTextLabel;
    label->setText(title);
    label->setMargin(2);
    label->setZ(40);
    label->attach(this);
    setAxisFont(QwtPlot::yLeft, small);
    setAxisFont(QwtPlot::xBottom, small);
    setAxisMaxMajor(QwtPlot::yLeft, 4);
    // Every replot asks each axis, shown or not, how far its labels reach;
    // the two never shown have none to measure.
    for (const int axis : {QwtPlot::yRight, QwtPlot::xTop}) {
        axisScaleDraw(axis)->enableComponent(QwtAbstractScaleDraw::Labels, false);
    }
    // The same width of y scale on every strip keeps their time axes aligned.
    axisScaleDraw(QwtPlot::yLeft)->setMinimumExtent(52);
    setMinimumHeight(90);

    auto* grid = new QwtPlotGrid;
    grid->setMajorPen(palette().color(QPalette::Midlight), 0, Qt::DotLine);
    grid->attach(this);

    m_cursor->setLineStyle(QwtPlotMarker::VLine);
    m_cursor->setLinePen(palette().color(QPalette::Highlight), 2);
    m_cursor->setZ(30);
    m_cursor->setVisible(false);
    m_cursor->attach(this);

    m_zoomer = new QwtPlotZoomer(QwtPlot::xBottom, QwtPlot::yLeft, this->canvas());
    m_zoomer->setTrackerMode(QwtPicker::AlwaysOff);
    m_panner = new QwtPlotPanner(this->canvas());
    m_panner->setMouseButton(Qt::MiddleButton);
    m_panner->setAxisEnabled(QwtPlot::yLeft, false);
    m_magnifier = new QwtPlotMagnifier(this->canvas());
    m_magnifier->setAxisEnabled(QwtPlot::yLeft, false);
    m_magnifier->setMouseButton(Qt::NoButton);  // the wheel only

    m_picker = new QwtPlotPicker(QwtPlot::xBottom, QwtPlot::yLeft, QwtPicker::NoRubberBand,
                                 QwtPicker::AlwaysOff, this->canvas());
    m_picker->setStateMachine(new QwtPickerClickPointMachine);
    connect(m_picker, qOverload<const QPointF&>(&QwtPlotPicker::selected), this,
            [this](const QPointF& pos) {
                const QPointF pixel(transform(QwtPlot::xBottom, pos.x()),
                                    transform(QwtPlot::yLeft, pos.y()));
                std::uint64_t index = 0;
                if (recordNear(pixel, index)) {
                    emit recordClicked(index);
                }
            });
    connect(axisWidget(QwtPlot::xBottom), &QwtScaleWidget::scaleDivChanged, this, [this] {
        if (!m_settingRange && m_navigable) {
            emit timeRangeChanged(fromNs(), toNs());
        }
    });
    setNavigable(false);
}

DecimatedCurve* TimelinePlot::addCurve(const QString& title, const QColor& color, double scale) {
    auto* curve = new DecimatedCurve(title, scale);
    curve->setPen(color, 1.0);
    curve->setZ(20);
    curve->attach(this);
    m_curves.push_back(curve);
    return curve;
}

void TimelinePlot::addMarks(TimeMarksItem* marks) {
    marks->attach(this);
    m_marks.push_back(marks);
}

int TimelinePlot::canvasColumns() const {
    return std::max(1, canvas()->contentsRect().width());
}

TimeNs TimelinePlot::fromNs() const {
    return plotSecondsToNs(axisScaleDiv(QwtPlot::xBottom).lowerBound());
}

TimeNs TimelinePlot::toNs() const {
    return plotSecondsToNs(axisScaleDiv(QwtPlot::xBottom).upperBound());
}

void TimelinePlot::showRange(TimeNs fromNs, TimeNs toNs) {
    if (toNs <= fromNs) {
        toNs = fromNs + 1;
    }
    m_settingRange = true;
    setAxisScale(QwtPlot::xBottom, nsToPlotSeconds(fromNs), nsToPlotSeconds(toNs));
    const int columns = canvasColumns();
    for (DecimatedCurve* c : m_curves) {
        c->decimate(fromNs, toNs, columns);
    }
    fitY();
    updateAxes();
    m_settingRange = false;
    if (m_navigable) {
        m_zoomer->setZoomBase(false);
    }
}

void TimelinePlot::replotShownRange() {
    // QwtPlot::replot() without its updateAxes(): the layout requests the
    // axes posted, then the canvas.
    QCoreApplication::sendPostedEvents(this, QEvent::LayoutRequest);
    if (auto* plotCanvas = qobject_cast<QwtPlotCanvas*>(canvas())) {
        plotCanvas->replot();
    } else {
        canvas()->update(canvas()->contentsRect());
    }
}

void TimelinePlot::fitY() {
    bool any = false;
    double lo = 0;
    double hi = 0;
    for (const DecimatedCurve* c : m_curves) {
        double a = 0;
        double b = 0;
        if (c->isVisible() && c->visibleRange(a, b)) {
            lo = any ? std::min(lo, a) : a;
            hi = any ? std::max(hi, b) : b;
            any = true;
        }
    }
    if (!any) {
        lo = 0;
        hi = 1;
    }
    // Zero stays in view (levels and positions are read against it) and a
    // flat line gets some room above it.
    lo = std::min(lo, 0.0);
    hi = std::max(hi, 0.0);
    const double margin = std::max((hi - lo) * 0.08, 1.0);
    const double wantLo = lo < 0 ? lo - margin : 0.0;
    const double wantHi = hi + margin;
    // Keep the current range while the data fits it and fills more than
    // half of it: a y scale that changes every frame relayouts the strip.
    const QwtScaleDiv& current = axisScaleDiv(QwtPlot::yLeft);
    const double curLo = current.lowerBound();
    const double curHi = current.upperBound();
    const bool fits = curLo <= lo && hi <= curHi && curLo <= wantLo;
    const bool filled =
        (hi - lo) * 2 > (curHi - curLo) || (hi == lo && curHi - curLo <= wantHi - wantLo);
    if (!(fits && filled)) {
        setAxisScale(QwtPlot::yLeft, wantLo, wantHi);
    }
}

void TimelinePlot::setNavigable(bool navigable) {
    m_navigable = navigable;
    m_zoomer->setEnabled(navigable);
    m_panner->setEnabled(navigable);
    m_magnifier->setEnabled(navigable);
    if (navigable) {
        m_zoomer->setZoomBase(false);
    }
}

void TimelinePlot::setCursorTime(TimeNs timeNs) {
    m_cursor->setXValue(nsToPlotSeconds(timeNs));
    m_cursor->setVisible(true);
}

void TimelinePlot::hideCursor() {
    m_cursor->setVisible(false);
}

bool TimelinePlot::cursorShown() const {
    return m_cursor->isVisible();
}

double TimelinePlot::cursorSeconds() const {
    return m_cursor->xValue();
}

bool TimelinePlot::recordNear(const QPointF& canvasPos, std::uint64_t& recordIndex) const {
    const QwtScaleMap xMap = canvasMap(QwtPlot::xBottom);
    const QwtScaleMap yMap = canvasMap(QwtPlot::yLeft);
    double best = kPickRadiusPx * kPickRadiusPx + 1e-9;
    bool found = false;
    for (const DecimatedCurve* c : m_curves) {
        if (!c->isVisible()) {
            continue;
        }
        for (std::size_t i = 0; i < c->sampleCount(); ++i) {
            const QPointF s = c->sample(i);
            const double dx = xMap.transform(s.x()) - canvasPos.x();
            const double dy = yMap.transform(s.y()) - canvasPos.y();
            const double d = dx * dx + dy * dy;
            if (d < best) {
                best = d;
                recordIndex = c->recordIndexAt(i);
                found = true;
            }
        }
    }
    if (found) {
        return true;  // samples before marks: a mark's line crosses every sample
    }
    // A mark is a whole vertical line: only the horizontal distance counts.
    for (const TimeMarksItem* m : m_marks) {
        if (!m->isVisible() || m->marks() == nullptr) {
            continue;
        }
        for (const std::size_t i : m->shown()) {
            const TimeMarks::Mark& mark = m->marks()->at(i);
            const double dx = xMap.transform(nsToPlotSeconds(mark.timeNs)) - canvasPos.x();
            if (dx * dx < best) {
                best = dx * dx;
                recordIndex = mark.recordIndex;
                found = true;
            }
        }
    }
    return found;
}

}  // namespace ps
