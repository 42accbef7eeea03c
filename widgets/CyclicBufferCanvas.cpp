#include "widgets/CyclicBufferCanvas.h"

#include "widgets/CyclicBufferModel.h"
#include "widgets/HoverToolTip.h"
#include "widgets/InspectorColors.h"

#include <QEvent>
#include <QPainter>
#include <QPainterPath>

#include <cmath>

namespace ps {
namespace {

constexpr double kMargin = 8;
constexpr double kBarHeight = 34;
constexpr double kPi = 3.14159265358979323846;

const QColor& kFetchColor = colors::kFetch;
const QColor& kPlayColor = colors::kPlay;
const QColor& kClientColor = colors::kClient;
const QColor& kNotifyColor = colors::kNotify;
const QColor& kGlitchColor = colors::kGlitch;
const QColor& kPaddingColor = colors::kPadding;
const QColor& kNegativeColor = colors::kNegative;

// The padding region: [from, from + length) in buffer bytes, length clamped
// to the buffer.
struct Region {
    std::uint32_t from = 0;
    std::uint64_t length = 0;
    bool negative = false;
};

Region paddingRegion(const CyclicBufferSnapshot& b) {
    Region r;
    if (b.bufferBytes == 0) {
        return r;
    }
    const std::uint64_t size = b.bufferBytes;
    if (b.paddingBytes < 0) {
        // Render underrun in progress: the device is past what was written.
        r.negative = true;
        r.from = b.clientOffsetBytes;
        r.length = std::min<std::uint64_t>(size, static_cast<std::uint64_t>(-b.paddingBytes));
        return r;
    }
    r.from = b.capture ? b.clientOffsetBytes : b.playOffsetBytes;
    r.length = std::min<std::uint64_t>(size, static_cast<std::uint64_t>(b.paddingBytes));
    return r;
}

}  // namespace

CyclicBufferCanvas::CyclicBufferCanvas(QWidget* parent) : QWidget(parent) {
    setAttribute(Qt::WA_OpaquePaintEvent);
    setAccessibleName(tr("Cyclic buffer"));
}

QSize CyclicBufferCanvas::sizeHint() const {
    return QSize(640, 260);
}

QSize CyclicBufferCanvas::minimumSizeHint() const {
    return QSize(360, 180);
}

void CyclicBufferCanvas::setBuffer(const CyclicBufferSnapshot* buffer) {
    m_buffer = buffer;
    const bool layoutChanged = buffer == nullptr || buffer->streamId != m_tickStream ||
                               buffer->bufferBytes != m_tickBufferBytes ||
                               buffer->bdl.size() != m_tickEntries ||
                               buffer->pages.size() != m_tickPages;
    if (layoutChanged) {
        rebuildTicks();
    }
    if (buffer != nullptr && buffer->notificationOffsets != m_layerNotifications) {
        m_layersValid = false;
    }
    update();
}

void CyclicBufferCanvas::resizeEvent(QResizeEvent* event) {
    QWidget::resizeEvent(event);
    relayout();
}

void CyclicBufferCanvas::changeEvent(QEvent* event) {
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::FontChange) {
        m_layersValid = false;
        update();
    }
}

void CyclicBufferCanvas::relayout() {
    const double side = std::max(40.0, std::min(height() - 2 * kMargin - 20, width() * 0.45));
    m_outer = side / 2;
    m_inner = m_outer * 0.62;
    m_center = QPointF(kMargin + m_outer, height() / 2.0);
    const double barLeft = kMargin * 3 + side;
    const double barWidth = std::max(40.0, width() - barLeft - kMargin * 2);
    m_bar = QRectF(barLeft, kMargin + 26, barWidth, kBarHeight);
    m_legend = QRectF(barLeft, m_bar.bottom() + 26, barWidth, height() - m_bar.bottom() - 30);
    rebuildTicks();
}

double CyclicBufferCanvas::angleOf(std::uint32_t offsetBytes) const {
    const double size =
        m_buffer != nullptr && m_buffer->bufferBytes != 0 ? m_buffer->bufferBytes : 1;
    return 90.0 - 360.0 * offsetBytes / size;
}

QPointF CyclicBufferCanvas::ringPoint(std::uint32_t offsetBytes, double radius) const {
    const double a = angleOf(offsetBytes) * kPi / 180.0;
    return QPointF(m_center.x() + radius * std::cos(a), m_center.y() - radius * std::sin(a));
}

double CyclicBufferCanvas::barX(std::uint32_t offsetBytes) const {
    const double size =
        m_buffer != nullptr && m_buffer->bufferBytes != 0 ? m_buffer->bufferBytes : 1;
    return m_bar.left() + m_bar.width() * offsetBytes / size;
}

void CyclicBufferCanvas::rebuildTicks() {
    m_layersValid = false;
    m_entryTicks.clear();
    m_pageTicks.clear();
    m_tickStream = m_buffer != nullptr ? m_buffer->streamId : -1;
    m_tickBufferBytes = m_buffer != nullptr ? m_buffer->bufferBytes : 0;
    m_tickEntries = m_buffer != nullptr ? m_buffer->bdl.size() : 0;
    m_tickPages = m_buffer != nullptr ? m_buffer->pages.size() : 0;
    if (m_buffer == nullptr || m_buffer->bufferBytes == 0) {
        return;
    }
    for (const CyclicBdlEntrySnapshot& e : m_buffer->bdl) {
        m_entryTicks << QLineF(ringPoint(e.offsetBytes, m_inner), ringPoint(e.offsetBytes, m_outer))
                     << QLineF(barX(e.offsetBytes), m_bar.top(), barX(e.offsetBytes),
                               m_bar.bottom());
    }
    // Page ticks only while they stay apart (a long buffer has hundreds).
    if (m_buffer->pages.size() <= 128) {
        for (const CyclicPageSnapshot& page : m_buffer->pages) {
            m_pageTicks << QLineF(ringPoint(page.offsetBytes, m_outer),
                                  ringPoint(page.offsetBytes, m_outer + 6))
                        << QLineF(barX(page.offsetBytes), m_bar.top() - 6, barX(page.offsetBytes),
                                  m_bar.top());
        }
    }
}

QFont CyclicBufferCanvas::smallFont() const {
    QFont small = font();
    small.setPointSizeF(std::max(6.0, font().pointSizeF() * 0.85));
    return small;
}

// Below the padding: the widget's base, the ring and the bar.
void CyclicBufferCanvas::paintUnder(QPainter& p) const {
    p.fillRect(rect(), palette().base());
    p.setRenderHint(QPainter::Antialiasing, true);
    const QRectF outerRect(m_center.x() - m_outer, m_center.y() - m_outer, 2 * m_outer,
                           2 * m_outer);
    const QRectF innerRect(m_center.x() - m_inner, m_center.y() - m_inner, 2 * m_inner,
                           2 * m_inner);
    QPainterPath ring;
    ring.addEllipse(outerRect);
    ring.addEllipse(innerRect);
    p.fillPath(ring, palette().color(QPalette::AlternateBase));
    p.fillRect(m_bar, palette().color(QPalette::AlternateBase));
}

// Above the padding: entry and page boundaries, outlines, notification
// points and the labels that only change with the buffer.
void CyclicBufferCanvas::paintOver(QPainter& p) const {
    const CyclicBufferSnapshot& b = *m_buffer;
    p.setRenderHint(QPainter::Antialiasing, true);
    p.setFont(smallFont());
    const QRectF outerRect(m_center.x() - m_outer, m_center.y() - m_outer, 2 * m_outer,
                           2 * m_outer);
    const QRectF innerRect(m_center.x() - m_inner, m_center.y() - m_inner, 2 * m_inner,
                           2 * m_inner);
    p.setPen(QPen(palette().color(QPalette::Dark), 1));
    p.drawLines(m_entryTicks);
    p.setPen(QPen(palette().color(QPalette::Mid), 1));
    p.drawLines(m_pageTicks);
    p.setPen(palette().color(QPalette::Dark));
    p.setBrush(Qt::NoBrush);
    p.drawEllipse(outerRect);
    p.drawEllipse(innerRect);
    p.drawRect(m_bar);

    p.setPen(Qt::NoPen);
    p.setBrush(kNotifyColor);
    for (std::uint32_t o : b.notificationOffsets) {
        const std::uint32_t at = o % b.bufferBytes;
        for (const QPointF c :
             {ringPoint(at, m_outer + 10), QPointF(barX(o), m_bar.bottom() + 7)}) {
            QPolygonF diamond;
            diamond << QPointF(c.x(), c.y() - 5) << QPointF(c.x() + 5, c.y())
                    << QPointF(c.x(), c.y() + 5) << QPointF(c.x() - 5, c.y());
            p.drawPolygon(diamond);
        }
    }

    p.setPen(palette().color(QPalette::Text));
    p.drawText(QRectF(m_center.x() - m_inner, m_center.y() - 20, 2 * m_inner, 40), Qt::AlignCenter,
               tr("%1 B\n%2").arg(b.bufferBytes).arg(b.capture ? tr("capture") : tr("render")));
    p.drawText(QRectF(m_bar.left(), m_bar.top() - 26, m_bar.width(), 14), Qt::AlignLeft,
               QStringLiteral("0"));
    p.drawText(QRectF(m_bar.left(), m_bar.top() - 26, m_bar.width(), 14), Qt::AlignRight,
               QString::number(b.bufferBytes));
}

void CyclicBufferCanvas::rebuildLayers() {
    const qreal ratio = devicePixelRatioF();
    const QSize pixels = size() * ratio;
    m_under = QImage(pixels, QImage::Format_ARGB32_Premultiplied);
    m_under.setDevicePixelRatio(ratio);
    {
        QPainter p(&m_under);
        paintUnder(p);
    }
    m_over = QImage(pixels, QImage::Format_ARGB32_Premultiplied);
    m_over.setDevicePixelRatio(ratio);
    m_over.fill(Qt::transparent);
    {
        QPainter p(&m_over);
        paintOver(p);
    }
    findOverTiles();
    m_layerNotifications = m_buffer->notificationOffsets;
    m_layersValid = true;
}

void CyclicBufferCanvas::findOverTiles() {
    m_overTiles.clear();
    const int width = m_over.width();
    const int height = m_over.height();
    for (int y0 = 0; y0 < height; y0 += kOverTilePx) {
        const int rows = std::min(kOverTilePx, height - y0);
        int runStart = -1;
        for (int x0 = 0; x0 <= width; x0 += kOverTilePx) {
            bool used = false;
            if (x0 < width) {
                const int columns = std::min(kOverTilePx, width - x0);
                for (int y = y0; y < y0 + rows && !used; ++y) {
                    const auto* line = reinterpret_cast<const QRgb*>(m_over.constScanLine(y)) + x0;
                    for (int x = 0; x < columns; ++x) {
                        if (qAlpha(line[x]) != 0) {
                            used = true;
                            break;
                        }
                    }
                }
            }
            if (used && runStart < 0) {
                runStart = x0;
            } else if (!used && runStart >= 0) {
                m_overTiles.emplace_back(runStart, y0, std::min(x0, width) - runStart, rows);
                runStart = -1;
            }
        }
    }
}

void CyclicBufferCanvas::drawLegendText(QPainter& p, const QRectF& rect, const QString& text) {
    const QFont font = p.font();
    if (!m_legendText || m_legendText->font() != font) {
        m_legendText = std::make_unique<AsciiTextPainter>(font);
    }
    if (!m_legendText->draw(&p, rect, Qt::AlignLeft | Qt::AlignVCenter, text)) {
        p.drawText(rect, Qt::AlignLeft | Qt::AlignVCenter, text);
    }
}

void CyclicBufferCanvas::paintEvent(QPaintEvent*) {
    QPainter p(this);
    const QColor text = palette().color(QPalette::Text);
    if (m_buffer == nullptr || m_buffer->bufferBytes == 0) {
        p.fillRect(rect(), palette().base());
        p.setPen(text);
        p.drawText(rect(), Qt::AlignCenter,
                   m_buffer == nullptr ? tr("No WaveRT stream open") : tr("No buffer allocated"));
        return;
    }
    const CyclicBufferSnapshot& b = *m_buffer;
    if (!m_layersValid || m_under.size() != size() * devicePixelRatioF()) {
        rebuildLayers();
    }
    p.setCompositionMode(QPainter::CompositionMode_Source);
    p.drawImage(0, 0, m_under);
    p.setCompositionMode(QPainter::CompositionMode_SourceOver);
    p.setRenderHint(QPainter::Antialiasing, true);
    const QFont small = smallFont();
    p.setFont(small);
    const QRectF outerRect(m_center.x() - m_outer, m_center.y() - m_outer, 2 * m_outer,
                           2 * m_outer);
    const QRectF innerRect(m_center.x() - m_inner, m_center.y() - m_inner, 2 * m_inner,
                           2 * m_inner);

    // ---- padding
    const Region pad = paddingRegion(b);
    if (pad.length > 0) {
        const QColor color = pad.negative ? kNegativeColor : kPaddingColor;
        const double start = angleOf(pad.from);
        const double span = -360.0 * double(pad.length) / b.bufferBytes;
        QPainterPath segment;
        segment.arcMoveTo(outerRect, start);
        segment.arcTo(outerRect, start, span);
        segment.arcTo(innerRect, start + span, -span);
        segment.closeSubpath();
        // Filled without antialiasing (with it, the fill cost as much as
        // everything else on the canvas): the ring's outlines, drawn over
        // it, smooth its arcs, and thin antialiased lines its two ends.
        p.setRenderHint(QPainter::Antialiasing, false);
        p.fillPath(segment, color);
        p.setRenderHint(QPainter::Antialiasing, true);
        p.setPen(QPen(color, 1));
        p.drawLine(ringPoint(pad.from, m_inner), ringPoint(pad.from, m_outer));
        const auto padEnd =
            static_cast<std::uint32_t>((std::uint64_t(pad.from) + pad.length) % b.bufferBytes);
        p.drawLine(ringPoint(padEnd, m_inner), ringPoint(padEnd, m_outer));
        // The bar: one or two pieces (the region may wrap).
        const double from = pad.from;
        const double end = from + double(pad.length);
        const double size = b.bufferBytes;
        const auto x = [&](double offset) { return m_bar.left() + m_bar.width() * offset / size; };
        p.fillRect(
            QRectF(QPointF(x(from), m_bar.top()), QPointF(x(std::min(end, size)), m_bar.bottom())),
            color);
        if (end > size) {
            p.fillRect(QRectF(QPointF(x(0), m_bar.top()), QPointF(x(end - size), m_bar.bottom())),
                       color);
        }
    }
    // Only where the layer has something: blending the whole transparent
    // canvas each frame cost more than everything drawn on it.
    const qreal ratio = m_over.devicePixelRatio();
    for (const QRect& tile : m_overTiles) {
        p.drawImage(
            QRectF(tile.x() / ratio, tile.y() / ratio, tile.width() / ratio, tile.height() / ratio),
            m_over, QRectF(tile));
    }

    // ---- glitches
    p.setPen(QPen(kGlitchColor, 2));
    p.setBrush(Qt::NoBrush);
    for (const CyclicUnderrunSnapshot& u : b.underruns) {
        for (const QPointF c : {ringPoint(u.offsetBytes, (m_inner + m_outer) / 2),
                                QPointF(barX(u.offsetBytes), m_bar.center().y())}) {
            p.drawLine(QPointF(c.x() - 4, c.y() - 4), QPointF(c.x() + 4, c.y() + 4));
            p.drawLine(QPointF(c.x() - 4, c.y() + 4), QPointF(c.x() + 4, c.y() - 4));
        }
    }

    // Hardware glitch runs: a filled triangle at LPIB where each began,
    // pointing into the ring and down onto the bar.
    p.setPen(Qt::NoPen);
    p.setBrush(kGlitchColor);
    for (const CyclicHardwareGlitchSnapshot& g : b.hardwareGlitches) {
        const QPointF tip = ringPoint(g.offsetBytes, m_outer);
        const QPointF base = ringPoint(g.offsetBytes, m_outer + 9);
        const QPointF side(-(base - tip).y() * 0.6, (base - tip).x() * 0.6);
        p.drawPolygon(QPolygonF({tip, base + side, base - side}));
        const double x = barX(g.offsetBytes);
        p.drawPolygon(QPolygonF({QPointF(x, m_bar.top()), QPointF(x - 5, m_bar.top() - 9),
                                 QPointF(x + 5, m_bar.top() - 9)}));
    }
    p.setBrush(Qt::NoBrush);

    // ---- needles (client first, so the device's are on top)
    // On the ring, antialiased lines with flat ends (round caps cost a
    // curve each); on the bar, upright and so exact without antialiasing:
    // whole-pixel rectangles.
    const auto needle = [&](std::uint32_t offset, const QColor& color, double inner, double outer,
                            double barTop, double barBottom) {
        p.setPen(QPen(color, 2.5, Qt::SolidLine, Qt::FlatCap));
        p.drawLine(ringPoint(offset, inner), ringPoint(offset, outer));
        const int x = static_cast<int>(std::lround(barX(offset)));
        p.fillRect(QRect(QPoint(x - 1, static_cast<int>(std::lround(barTop))),
                         QPoint(x + 1, static_cast<int>(std::lround(barBottom)))),
                   color);
    };
    needle(b.clientOffsetBytes, kClientColor, m_inner * 0.35, m_outer, m_bar.top() - 14,
           m_bar.bottom());
    const std::int64_t audible = audibleOffsetBytes();
    if (audible >= 0) {
        const auto offset = static_cast<std::uint32_t>(audible);
        p.setPen(QPen(kPlayColor, 2, Qt::DashLine, Qt::FlatCap));
        p.drawLine(ringPoint(offset, m_inner * 0.45), ringPoint(offset, m_outer + 6));
        p.drawLine(QPointF(barX(offset), m_bar.top() - 2),
                   QPointF(barX(offset), m_bar.bottom() + 6));
    }
    needle(b.playOffsetBytes, kPlayColor, m_inner * 0.55, m_outer, m_bar.top() - 8, m_bar.bottom());
    needle(b.lpibBytes, kFetchColor, m_inner * 0.75, m_outer, m_bar.top() - 4, m_bar.bottom());
    p.setBrush(text);
    p.setPen(Qt::NoPen);
    p.drawEllipse(m_center, 2.5, 2.5);

    // ---- legend
    p.setRenderHint(QPainter::Antialiasing, false);
    const QString clientName = b.capture ? tr("read") : tr("write");
    const QString playName = b.capture ? tr("ADC") : tr("DAC");
    const double line = QFontMetricsF(small).height() + 2;
    double y = m_legend.top();
    const auto legend = [&](const QColor& color, const QString& label) {
        p.fillRect(QRectF(m_legend.left(), y + 3, 10, line - 6), color);
        p.setPen(text);
        drawLegendText(p, QRectF(m_legend.left() + 16, y, m_legend.width() - 16, line), label);
        y += line;
    };
    legend(kFetchColor, tr("LPIB %1 B (FIFO %2 B)").arg(b.lpibBytes).arg(b.fifoLevelBytes));
    legend(kPlayColor, tr("%1 %2 B").arg(playName).arg(b.playOffsetBytes));
    if (audible >= 0) {
        legend(kPlayColor, tr("heard %1 B (%2 ms behind the DAC)")
                               .arg(audible)
                               .arg(double(m_audibleLagNs) / 1e6, 0, 'f', 1));
    }
    legend(kClientColor, tr("%1 %2 B").arg(clientName).arg(b.clientOffsetBytes));
    const double paddingMs = b.bytesPerFrame != 0 && b.rateHz != 0
                                 ? double(b.paddingBytes) / b.bytesPerFrame * 1000.0 / b.rateHz
                                 : 0.0;
    legend(pad.negative ? kNegativeColor : kPaddingColor,
           tr("padding %1 B (%2 ms)").arg(b.paddingBytes).arg(paddingMs, 0, 'f', 2));
    legend(kNotifyColor, b.notificationOffsets.empty()
                             ? tr("no notifications")
                             : tr("%1 notification points").arg(b.notificationOffsets.size()));
    legend(palette().color(QPalette::Dark),
           tr("%1 BDL entries, %2 pages").arg(b.bdl.size()).arg(b.pages.size()));
    QString glitches =
        tr("%1 %2").arg(b.clientGlitches).arg(b.capture ? tr("overflows") : tr("underruns"));
    if (!b.hardwareGlitches.empty() || b.underrunFrames > 0) {
        glitches += tr(", FIFO %1 frames").arg(b.underrunFrames);
    }
    legend(kGlitchColor, glitches);
}

void CyclicBufferCanvas::setAudibleLagNs(TimeNs lagNs) {
    if (lagNs != m_audibleLagNs) {
        m_audibleLagNs = lagNs;
        update();
    }
}

std::int64_t CyclicBufferCanvas::audibleOffsetBytes() const {
    if (m_buffer == nullptr || m_audibleLagNs < 0 || m_buffer->capture ||
        m_buffer->bufferBytes == 0 || m_buffer->bytesPerFrame == 0) {
        return -1;
    }
    const CyclicBufferSnapshot& b = *m_buffer;
    const auto lagFrames =
        static_cast<std::uint64_t>(static_cast<double>(m_audibleLagNs) * b.rateHz / 1e9 + 0.5);
    const std::uint64_t lagBytes = lagFrames * b.bytesPerFrame;
    if (lagBytes > b.playPositionBytes) {
        return -1;  // what is heard now was played before this stream started
    }
    return static_cast<std::int64_t>((b.playPositionBytes - lagBytes) % b.bufferBytes);
}

QString CyclicBufferCanvas::toolTipAt(const QPointF& point) const {
    if (m_buffer == nullptr || m_buffer->bufferBytes == 0) {
        return {};
    }
    const CyclicBufferSnapshot& b = *m_buffer;
    std::int64_t offset = -1;
    const QLineF fromCenter(m_center, point);
    if (fromCenter.length() <= m_outer + 12 && fromCenter.length() >= m_inner * 0.3) {
        // Clockwise from twelve o'clock.
        double turn = std::fmod(90.0 - fromCenter.angle() + 360.0, 360.0) / 360.0;
        offset = static_cast<std::int64_t>(turn * b.bufferBytes);
    } else if (m_bar.adjusted(0, -14, 0, 10).contains(point)) {
        offset =
            static_cast<std::int64_t>((point.x() - m_bar.left()) / m_bar.width() * b.bufferBytes);
    }
    if (offset < 0 || offset >= b.bufferBytes) {
        return {};
    }
    QString s = tr("Offset %1 B").arg(offset);
    for (std::size_t i = 0; i < b.bdl.size(); ++i) {
        const CyclicBdlEntrySnapshot& e = b.bdl[i];
        if (offset >= e.offsetBytes && offset < std::int64_t(e.offsetBytes) + e.lengthBytes) {
            s += tr("\nBDL entry %1: offset %2, %3 B at 0x%4%5")
                     .arg(i)
                     .arg(e.offsetBytes)
                     .arg(e.lengthBytes)
                     .arg(e.address, 8, 16, QLatin1Char('0'))
                     .arg(e.ioc ? tr(", IOC") : QString());
        }
    }
    s += tr("\nFetch (LPIB) %1 B, stream %2").arg(b.lpibBytes).arg(b.fetchPositionBytes);
    s += tr("\n%1 %2 B, stream %3")
             .arg(b.capture ? tr("Record") : tr("Play"))
             .arg(b.playOffsetBytes)
             .arg(b.playPositionBytes);
    s += tr("\nClient %1 B, stream %2").arg(b.clientOffsetBytes).arg(b.clientPositionBytes);
    s += tr("\nPadding %1").arg(bytesWithTime(b.paddingBytes, b));
    for (const CyclicUnderrunSnapshot& u : b.underruns) {
        const std::int64_t d = std::abs(std::int64_t(u.offsetBytes) - offset);
        if (d * 40 < b.bufferBytes) {
            s += tr("\nGlitch at %1 µs: %2 B").arg(u.atNs / 1000).arg(u.bytesAffected);
        }
    }
    for (const CyclicHardwareGlitchSnapshot& g : b.hardwareGlitches) {
        const std::int64_t d = std::abs(std::int64_t(g.offsetBytes) - offset);
        if (d * 40 < b.bufferBytes) {
            s += tr("\nFIFO %1 at %2 µs: %3 frames")
                     .arg(g.underrun ? tr("underrun") : tr("overrun"))
                     .arg(g.atNs / 1000)
                     .arg(g.frames);
        }
    }
    return s;
}

bool CyclicBufferCanvas::event(QEvent* event) {
    return answerToolTip(this, event, [this](const QPoint& at) { return toolTipAt(at); }) ||
           QWidget::event(event);
}

}  // namespace ps
