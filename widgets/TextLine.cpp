#include "widgets/TextLine.h"

#include <QPainter>

namespace ps {

TextLine::TextLine(int lines, QWidget* parent) : QWidget(parent) {
    setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Fixed);
    setFixedHeight(lines * fontMetrics().lineSpacing() + 2);
}

void TextLine::setText(const QString& text) {
    if (text == m_text) {
        return;
    }
    m_text = text;
    setAccessibleName(text);
    setToolTip(text);
    update();
}

void TextLine::paintEvent(QPaintEvent* /*event*/) {
    QPainter painter(this);
    painter.setPen(palette().color(QPalette::WindowText));
    painter.drawText(rect().adjusted(2, 0, -2, 0), Qt::AlignLeft | Qt::AlignTop | Qt::TextWordWrap,
                     m_text);
}

}  // namespace ps
