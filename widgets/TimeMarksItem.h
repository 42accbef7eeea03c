// TimeMarksItem: a plot item that draws TimeMarks (KSSTATE changes,
// notifications, glitches) as vertical lines across the canvas, at most one
// per pixel column of the visible range, so its cost is bounded by the width.
// LabelledLine writes the label ("RUN") of the newest mark of each shown
// column at the top of its line when there is room; Tick draws frequent
// marks (notifications) as short ticks at the bottom edge. The marks must outlive the item
// or be replaced with setMarks(). GUI thread.
#pragma once

#include "model/snapshot/TimeMarks.h"

#include <qwt_plot_item.h>

#include <QColor>
#include <QPen>

#include <cstdint>
#include <vector>

namespace ps {

class TimeMarksItem : public QwtPlotItem {
  public:
    static constexpr int Rtti = QwtPlotItem::Rtti_PlotUserItem + 1;

    enum class Style : std::uint8_t {
        Line,          // a line across the canvas
        LabelledLine,  // the same, with the label of the column's last mark
        Tick,          // a short tick at the bottom edge (frequent marks)
    };

    TimeMarksItem(const QString& title, const QColor& color, Style style);
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
    Style m_style;
    mutable std::vector<std::size_t> m_shown;  // a cache of what is drawn
};

}  // namespace ps
