#include "widgets/CachedLegendItem.h"

#include <QPaintDevice>
#include <QPainter>

namespace ps {

void CachedLegendItem::draw(QPainter* painter, const QwtScaleMap& xMap, const QwtScaleMap& yMap,
                            const QRectF& canvasRect) const {
    const QRect legend = geometry(canvasRect);
    if (legend.isEmpty()) {
        return;
    }
    // The border's pen reaches a pixel past the legend's rectangle (right
    // and bottom); a pixel of room on every side takes it whole.
    const QRect area = legend.adjusted(-1, -1, 1, 1);
    const qreal ratio = painter->device() != nullptr ? painter->device()->devicePixelRatioF() : 1.0;
    if (m_stale || area != m_imageArea || m_image.devicePixelRatio() != ratio) {
        // The entries' layout, icons and text are Qwt's; only where they
        // land changes: the image's origin is the legend's top left corner.
        m_image = QImage(area.size() * ratio, QImage::Format_ARGB32_Premultiplied);
        m_image.setDevicePixelRatio(ratio);
        m_image.fill(Qt::transparent);
        QPainter p(&m_image);
        p.setRenderHints(painter->renderHints());
        p.translate(-area.topLeft());
        QwtPlotLegendItem::draw(&p, xMap, yMap, canvasRect);
        m_imageArea = area;
        m_stale = false;
        ++m_renders;
    }
    painter->drawImage(area.topLeft(), m_image);
}

void CachedLegendItem::updateLegend(const QwtPlotItem* item, const QList<QwtLegendData>& data) {
    m_stale = true;
    QwtPlotLegendItem::updateLegend(item, data);
}

}  // namespace ps
