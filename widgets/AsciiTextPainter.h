// AsciiTextPainter: draws one line of printable-ASCII text (0x20..0x7E) from
// glyph indexes and advances looked up once per font, without shaping, line
// breaking or kerning. An item view that shows new rows every display frame
// (the event log following a live run) would otherwise lay out every cell's
// text again on each repaint, which is what its frame time went to.
//
// Text is elided at the right with an ellipsis when it is wider than the
// rectangle. Text with any other character, or a font the raw-font path
// cannot read, is refused (draw() returns false) and the caller draws it
// the usual way. Widths are in device-independent pixels. GUI thread.
#pragma once

#include <QFont>
#include <QRawFont>
#include <QString>

#include <array>

class QPainter;
class QRectF;

namespace ps {

class AsciiTextPainter {
  public:
    explicit AsciiTextPainter(const QFont& font);

    const QFont& font() const { return m_font; }
    // False when the font's glyphs could not be read; draw() then refuses all.
    bool isValid() const { return m_valid; }

    static bool canDraw(const QString& text);

    // Unelided width of text; text must satisfy canDraw().
    qreal widthOf(const QString& text) const;

    // How many leading characters fit in widthPx with the ellipsis after
    // them; text.size() when the whole text fits without one.
    int charactersFitting(const QString& text, qreal widthPx) const;

    // Draws text in rect: horizontally by alignment (left, right or centre),
    // vertically centred, baseline from the font's ascent. Returns false and
    // draws nothing when the text or the font cannot be handled here.
    bool draw(QPainter* painter, const QRectF& rect, Qt::Alignment alignment,
              const QString& text) const;

  private:
    static constexpr int kFirst = 0x20;
    static constexpr int kCount = 0x7F - kFirst;

    QFont m_font;
    QRawFont m_raw;
    bool m_valid = false;
    std::array<quint32, kCount> m_glyph{};
    std::array<qreal, kCount> m_advancePx{};
    quint32 m_ellipsisGlyph = 0;
    qreal m_ellipsisAdvancePx = 0;
    qreal m_ascentPx = 0;
    qreal m_heightPx = 0;
};

}  // namespace ps
