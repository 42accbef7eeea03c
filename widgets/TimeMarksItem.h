// TimeMarksItem: a plot item that draws TimeMarks (KSSTATE changes,
// notifications, glitches) as vertical lines across the canvas, at most one
// per pixel column of the visible range, so its cost is bounded by the width.
// With a label style it writes each shown mark's label ("RUN", "underrun")
// at the top of its line when there is room. The marks must outlive the item
// or be replaced with setMarks(). GUI thread.
#pragma once

#include "model/snapshot/TimeMarks.h"

#include <qwt_plot_item.h>

#include <QColor>
#include <QPen>

#include <vector>

namespace ps {

class TimeMarksItem : public QwtPlotItem {
  public:
    static constexpr int Rtti = QwtPlotItem::Rtti_PlotUserItem + 1;

    TimeMarksItem(const QString& title, const QColor& color, Qt::PenStyle style, bool labelled);
    int rtti() const override { return Rtti; }

    void setMarks(const TimeMarks* marks) { m_marks = marks; }
    const TimeMarks* marks() const { return m_marks; }
    QColor color() const { return m_pen.color(); }
    // The marks drawn by the last draw() (positions in marks()).
    const std::vector<std::size_t>& shown() const { return m_shown; }

    void draw(QPainter* painter, const QwtScaleMap& xMap, const QwtScaleMap& yMap,
              const QRectF& canvasRect) const override;

  private:
    const TimeMarks* m_marks = nullptr;
    QPen m_pen;
    bool m_labelled;
    mutable std::vector<std::size_t> m_shown;  // a cache of what is drawn
};

}  // namespace ps
