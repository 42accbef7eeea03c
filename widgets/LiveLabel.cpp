#include "widgets/LiveLabel.h"

#include <QPainter>
#include <QTextDocument>

namespace ps {

LiveLabel::LiveLabel(QWidget* parent) : QLabel(parent) {
    setAttribute(Qt::WA_OpaquePaintEvent);
}

void LiveLabel::paintEvent(QPaintEvent* event) {
    {
        QPainter p(this);
        p.fillRect(rect(), palette().brush(backgroundRole()));
        const QString& shown = text();
        m_lastPaintFast = false;
        const bool rich = textFormat() == Qt::RichText ||
                          (textFormat() == Qt::AutoText && Qt::mightBeRichText(shown));
        if (!rich && !shown.contains(QLatin1Char('\n')) && AsciiTextPainter::canDraw(shown)) {
            if (!m_painter || m_painter->font() != font()) {
                m_painter = std::make_unique<AsciiTextPainter>(font());
            }
            const int m = margin();
            const QRectF area = QRectF(contentsRect()).adjusted(m, m, -m, -m);
            p.setPen(palette().color(foregroundRole()));
            m_lastPaintFast = m_painter->draw(&p, area, alignment(), shown);
        }
        if (m_lastPaintFast) {
            return;
        }
    }
    QLabel::paintEvent(event);
}

}  // namespace ps
