#include "widgets/AsciiTextPainter.h"

#include <QFontMetricsF>
#include <QGlyphRun>
#include <QPainter>
#include <QRectF>
#include <QVector>

namespace ps {

AsciiTextPainter::AsciiTextPainter(const QFont& font) : m_font(font) {
    m_raw = QRawFont::fromFont(font);
    if (!m_raw.isValid()) {
        return;
    }
    QString printable;
    for (int c = kFirst; c < kFirst + kCount; ++c) {
        printable.append(QChar(c));
    }
    const QVector<quint32> glyphs = m_raw.glyphIndexesForString(printable);
    if (glyphs.size() != kCount) {
        return;
    }
    const QVector<QPointF> advances = m_raw.advancesForGlyphIndexes(glyphs);
    for (int i = 0; i < kCount; ++i) {
        // Glyph 0 is "missing": such a font would draw boxes, so the usual
        // path (with font fallback) must draw instead.
        if (glyphs[i] == 0 && i != 0) {
            return;
        }
        m_glyph[static_cast<std::size_t>(i)] = glyphs[i];
        m_advancePx[static_cast<std::size_t>(i)] = advances[i].x();
    }
    const QVector<quint32> ellipsis = m_raw.glyphIndexesForString(QString(QChar(0x2026)));
    if (ellipsis.size() != 1 || ellipsis[0] == 0) {
        return;
    }
    m_ellipsisGlyph = ellipsis[0];
    m_ellipsisAdvancePx = m_raw.advancesForGlyphIndexes(ellipsis).value(0).x();
    const QFontMetricsF metrics(font);
    m_ascentPx = metrics.ascent();
    m_heightPx = metrics.height();
    m_valid = true;
}

bool AsciiTextPainter::canDraw(const QString& text) {
    for (const QChar c : text) {
        if (c.unicode() < kFirst || c.unicode() >= kFirst + kCount) {
            return false;
        }
    }
    return true;
}

qreal AsciiTextPainter::widthOf(const QString& text) const {
    qreal width = 0;
    for (const QChar c : text) {
        width += m_advancePx[static_cast<std::size_t>(c.unicode() - kFirst)];
    }
    return width;
}

int AsciiTextPainter::charactersFitting(const QString& text, qreal widthPx) const {
    if (widthOf(text) <= widthPx) {
        return static_cast<int>(text.size());
    }
    const qreal room = widthPx - m_ellipsisAdvancePx;
    qreal width = 0;
    int n = 0;
    for (const QChar c : text) {
        width += m_advancePx[static_cast<std::size_t>(c.unicode() - kFirst)];
        if (width > room) {
            break;
        }
        ++n;
    }
    return n;
}

bool AsciiTextPainter::draw(QPainter* painter, const QRectF& rect, Qt::Alignment alignment,
                            const QString& text) const {
    if (!m_valid || !canDraw(text)) {
        return false;
    }
    if (text.isEmpty() || rect.width() <= 0) {
        return true;
    }
    const int shown = charactersFitting(text, rect.width());
    const bool elided = shown < text.size();
    QVector<quint32> glyphs;
    QVector<QPointF> positions;
    glyphs.reserve(shown + 1);
    positions.reserve(shown + 1);
    qreal x = 0;
    for (int i = 0; i < shown; ++i) {
        const auto slot = static_cast<std::size_t>(text[i].unicode() - kFirst);
        glyphs.append(m_glyph[slot]);
        positions.append(QPointF(x, 0));
        x += m_advancePx[slot];
    }
    if (elided) {
        glyphs.append(m_ellipsisGlyph);
        positions.append(QPointF(x, 0));
        x += m_ellipsisAdvancePx;
    }
    qreal left = rect.left();
    if (alignment & Qt::AlignRight) {
        left = rect.right() - x;
    } else if (alignment & Qt::AlignHCenter) {
        left = rect.left() + (rect.width() - x) / 2;
    }
    const qreal baseline = rect.top() + (rect.height() - m_heightPx) / 2 + m_ascentPx;
    QGlyphRun run;
    run.setRawFont(m_raw);
    run.setGlyphIndexes(glyphs);
    run.setPositions(positions);
    painter->drawGlyphRun(QPointF(left, baseline), run);
    return true;
}

}  // namespace ps
