#include "widgets/DecimatedCurve.h"

#include <qwt_scale_map.h>

#include <algorithm>
#include <cmath>

namespace ps {

double nsToPlotSeconds(TimeNs ns) {
    return static_cast<double>(ns) * 1e-9;
}

TimeNs plotSecondsToNs(double seconds) {
    return static_cast<TimeNs>(std::llround(seconds * 1e9));
}

DecimatedCurve::DecimatedCurve(const QString& title, double scale)
    : QwtPlotCurve(title), m_scale(scale) {
    setRenderHint(QwtPlotItem::RenderAntialiased, false);
    setPaintAttribute(QwtPlotCurve::ClipPolygons, false);
    setItemAttribute(QwtPlotItem::AutoScale, false);
}

void DecimatedCurve::setSeries(const MinMaxSeries* series) {
    m_series = series;
    m_seriesSize = 0;
    m_columnCount = 0;
}

void DecimatedCurve::addSample(std::size_t point, bool inside) {
    const MinMaxSeries::Point& p = m_series->at(point);
    const double y = static_cast<double>(p.value) * m_scale;
    m_samples.push_back(QPointF(nsToPlotSeconds(p.timeNs), y));
    m_records.push_back(p.recordIndex);
    if (inside) {
        m_minY = m_hasInside ? std::min(m_minY, y) : y;
        m_maxY = m_hasInside ? std::max(m_maxY, y) : y;
        m_hasInside = true;
    }
}

void DecimatedCurve::decimate(TimeNs fromNs, TimeNs toNs, int columns) {
    ++m_decimations;
    m_fromNs = fromNs;
    m_toNs = toNs;
    m_columnCount = columns;
    m_seriesSize = m_series != nullptr ? m_series->size() : 0;
    m_samples.clear();
    m_records.clear();
    m_hasInside = false;
    if (m_series != nullptr && !m_series->empty() && columns > 0 && toNs > fromNs) {
        const std::size_t first = m_series->lowerBound(fromNs);
        if (first > m_series->firstIndex()) {
            addSample(first - 1, false);
        }
        m_series->decimate(fromNs, toNs, columns, m_columns);
        for (const MinMaxSeries::Column& c : m_columns) {
            const std::size_t a = std::min(c.minAt, c.maxAt);
            const std::size_t b = std::max(c.minAt, c.maxAt);
            addSample(a, true);
            if (b != a) {
                addSample(b, true);
            }
        }
        const std::size_t after = m_series->lowerBound(toNs);
        if (after < m_series->size()) {
            addSample(after, false);
        }
    }
    setSamples(m_samples);
}

bool DecimatedCurve::visibleRange(double& minY, double& maxY) const {
    if (!m_hasInside) {
        return false;
    }
    minY = m_minY;
    maxY = m_maxY;
    return true;
}

void DecimatedCurve::draw(QPainter* painter, const QwtScaleMap& xMap, const QwtScaleMap& yMap,
                          const QRectF& canvasRect) const {
    const TimeNs from = plotSecondsToNs(std::min(xMap.s1(), xMap.s2()));
    const TimeNs to = plotSecondsToNs(std::max(xMap.s1(), xMap.s2()));
    const int columns = std::max(1, static_cast<int>(std::ceil(canvasRect.width())));
    const std::size_t size = m_series != nullptr ? m_series->size() : 0;
    if (from != m_fromNs || to != m_toNs || columns != m_columnCount || size != m_seriesSize) {
        // Zoomed, panned or resized since the samples were made: drawing
        // stays within the pixel budget only with samples for these pixels.
        // Samples are a cache of what is drawn, hence the const_cast.
        const_cast<DecimatedCurve*>(this)->decimate(from, to, columns);
    }
    QwtPlotCurve::draw(painter, xMap, yMap, canvasRect);
}

}  // namespace ps
