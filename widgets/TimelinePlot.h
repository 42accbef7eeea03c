// TimelinePlot: one strip of the timeline view, a QwtPlot of simulated time
// (seconds) against one quantity, with DecimatedCurves, TimeMarksItems and a
// cursor line (the moment of the record selected in the event log).
//
// Navigation (setNavigable, while paused or finished): drag a rectangle to
// zoom (right click: back), middle-drag to pan, wheel to zoom the time axis.
// Following live, the owner sets the time range every frame and navigation
// is off. Clicking near a sample or a mark (within kPickRadiusPx pixels;
// samples first) emits recordClicked with its record index, in either mode.
// Auto-replot is off: the owner replots once per display frame at most.
// GUI thread.
#pragma once

#include "model/sim/SimTime.h"

#include <qwt_plot.h>

#include <cstdint>
#include <vector>

class QwtPlotMarker;
class QwtPlotPanner;
class QwtPlotMagnifier;
class QwtPlotPicker;
class QwtPlotZoomer;

namespace ps {

class DecimatedCurve;
class TimeMarksItem;

class TimelinePlot : public QwtPlot {
    Q_OBJECT
  public:
    static constexpr int kPickRadiusPx = 8;

    explicit TimelinePlot(const QString& yTitle, QWidget* parent = nullptr);

    DecimatedCurve* addCurve(const QString& title, const QColor& color, double scale = 1.0);
    void addMarks(TimeMarksItem* marks);
    const std::vector<DecimatedCurve*>& curves() const { return m_curves; }
    const std::vector<TimeMarksItem*>& marks() const { return m_marks; }

    // The visible time range; re-decimates the curves for it and fits the
    // y axis to what they show (zero always in view; kept while the data
    // fits it and fills more than half of it).
    void showRange(TimeNs fromNs, TimeNs toNs);
    // replot() right after showRange(), which brought the axes up to date
    // already: lays out and repaints without working out every axis's scale
    // and label extents again (QwtPlot::replot() does, at about a third of
    // a strip's frame). Nothing may change a scale in between.
    void replotShownRange();
    TimeNs fromNs() const;
    TimeNs toNs() const;
    void setNavigable(bool navigable);
    bool isNavigable() const { return m_navigable; }
    void setCursorTime(TimeNs timeNs);
    void hideCursor();
    bool cursorShown() const;
    double cursorSeconds() const;

    // The trace record of the sample nearest to a canvas pixel, else of the
    // nearest mark, or false when none is within kPickRadiusPx.
    bool recordNear(const QPointF& canvasPos, std::uint64_t& recordIndex) const;
    QwtPlotPicker* picker() const { return m_picker; }

  signals:
    void recordClicked(quint64 recordIndex);
    // The user zoomed or panned the time axis (not emitted by showRange).
    void timeRangeChanged(qint64 fromNs, qint64 toNs);

  private:
    void fitY();
    int canvasColumns() const;

    std::vector<DecimatedCurve*> m_curves;
    std::vector<TimeMarksItem*> m_marks;
    QwtPlotMarker* m_cursor;
    QwtPlotZoomer* m_zoomer;
    QwtPlotPanner* m_panner;
    QwtPlotMagnifier* m_magnifier;
    QwtPlotPicker* m_picker;
    bool m_navigable = false;
    bool m_settingRange = false;
};

}  // namespace ps
