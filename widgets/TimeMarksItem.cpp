#include "widgets/TimeMarksItem.h"

#include "widgets/DecimatedCurve.h"

#include <qwt_scale_map.h>

#include <QFontMetrics>
#include <QPainter>

#include <algorithm>
#include <cmath>

namespace ps {

TimeMarksItem::TimeMarksItem(const QString& title, const QColor& color, Qt::PenStyle style,
                             bool labelled)
    : QwtPlotItem(QwtText(title)), m_pen(color, 1, style), m_labelled(labelled) {
    setItemAttribute(QwtPlotItem::AutoScale, false);
    setItemAttribute(QwtPlotItem::Legend, false);
    setZ(5);  // over the grid, under the curves
}

void TimeMarksItem::draw(QPainter* painter, const QwtScaleMap& xMap, const QwtScaleMap&,
                         const QRectF& canvasRect) const {
    m_shown.clear();
    if (m_marks == nullptr || m_marks->empty()) {
        return;
    }
    const TimeNs from = plotSecondsToNs(std::min(xMap.s1(), xMap.s2()));
    const TimeNs to = plotSecondsToNs(std::max(xMap.s1(), xMap.s2()));
    const int columns = std::max(1, static_cast<int>(std::ceil(canvasRect.width())));
    m_marks->decimate(from, to, columns, m_shown);
    painter->save();
    painter->setPen(m_pen);
    const QFontMetrics metrics(painter->font());
    double labelEnd = canvasRect.left() - 1;
    for (const std::size_t i : m_shown) {
        const TimeMarks::Mark& m = m_marks->at(i);
        const double x = std::round(xMap.transform(nsToPlotSeconds(m.timeNs))) + 0.5;
        painter->drawLine(QPointF(x, canvasRect.top()), QPointF(x, canvasRect.bottom()));
        if (m_labelled && x > labelEnd) {
            const QString label = QString::fromUtf8(m.label);
            painter->drawText(QPointF(x + 2, canvasRect.top() + metrics.ascent() + 1), label);
            labelEnd = x + 4 + metrics.horizontalAdvance(label);
        }
    }
    painter->restore();
}

}  // namespace ps
