#include "widgets/TimeMarksItem.h"

#include "widgets/DecimatedCurve.h"

#include <qwt_scale_map.h>

#include <QFontMetrics>
#include <QPainter>

#include <algorithm>
#include <cmath>

namespace ps {

TimeMarksItem::TimeMarksItem(const QString& title, const QColor& color, Style style)
    : QwtPlotItem(QwtText(title)), m_pen(color, style == Style::Tick ? 2 : 1), m_style(style) {
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
    const std::size_t end = m_marks->lowerBound(to);
    constexpr double kTickPx = 7;
    for (std::size_t k = 0; k < m_shown.size(); ++k) {
        const TimeMarks::Mark& m = m_marks->at(m_shown[k]);
        const double x = std::round(xMap.transform(nsToPlotSeconds(m.timeNs))) + 0.5;
        if (m_style == Style::Tick) {
            painter->drawLine(QPointF(x, canvasRect.bottom() - kTickPx),
                              QPointF(x, canvasRect.bottom()));
            continue;
        }
        painter->drawLine(QPointF(x, canvasRect.top()), QPointF(x, canvasRect.bottom()));
        if (m_style == Style::LabelledLine && x > labelEnd) {
            // The marks up to the next shown one share this column: the
            // newest says what the state is now.
            const std::size_t last = (k + 1 < m_shown.size() ? m_shown[k + 1] : end) - 1;
            const QString label = QString::fromUtf8(m_marks->at(last).label);
            // Below the strip's own title (top left).
            painter->drawText(
                QPointF(x + 2, canvasRect.top() + metrics.height() + metrics.ascent() + 4), label);
            labelEnd = x + 4 + metrics.horizontalAdvance(label);
        }
    }
    painter->restore();
}

}  // namespace ps
