#include "widgets/CachedTextDelegate.h"

#include <QApplication>
#include <QPainter>

namespace ps {

CachedTextDelegate::CachedTextDelegate(QObject* parent, int maxEntries)
    : QStyledItemDelegate(parent), m_maxEntries(maxEntries) {}

const QStaticText& CachedTextDelegate::layoutFor(const QString& text, const QFont& font,
                                                 int width) const {
    const QString key = QString::number(width) + QChar(0x1f) + text;
    auto it = m_cache.find(key);
    if (it != m_cache.end()) {
        return *it;
    }
    if (m_cache.size() >= m_maxEntries) {
        m_cache.clear();
    }
    const QString elided = QFontMetrics(font).elidedText(text, Qt::ElideRight, width);
    QStaticText layout(elided);
    layout.setTextFormat(Qt::PlainText);
    layout.setPerformanceHint(QStaticText::AggressiveCaching);
    layout.prepare(QTransform(), font);
    return *m_cache.insert(key, layout);
}

void CachedTextDelegate::paint(QPainter* painter, const QStyleOptionViewItem& option,
                               const QModelIndex& index) const {
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    const QString text = opt.text;
    opt.text.clear();  // the style draws the cell without its text
    const QWidget* widget = opt.widget;
    QStyle* style = widget != nullptr ? widget->style() : QApplication::style();
    style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, widget);
    if (text.isEmpty()) {
        return;
    }
    opt.text = text;
    // The same text rectangle and margin the style would use.
    const int margin = style->pixelMetric(QStyle::PM_FocusFrameHMargin, nullptr, widget) + 1;
    const QRect rect = style->subElementRect(QStyle::SE_ItemViewItemText, &opt, widget)
                           .adjusted(margin, 0, -margin, 0);
    if (rect.width() <= 0) {
        return;
    }
    const QStaticText& layout = layoutFor(text, opt.font, rect.width());
    const QSizeF size = layout.size();
    qreal x = rect.left();
    if (opt.displayAlignment & Qt::AlignRight) {
        x = rect.right() + 1 - size.width();
    } else if (opt.displayAlignment & Qt::AlignHCenter) {
        x = rect.left() + (rect.width() - size.width()) / 2;
    }
    const qreal y = rect.top() + (rect.height() - size.height()) / 2;
    const QPalette::ColorGroup group = !(opt.state & QStyle::State_Enabled) ? QPalette::Disabled
                                       : (opt.state & QStyle::State_Active) ? QPalette::Normal
                                                                            : QPalette::Inactive;
    const QPalette::ColorRole role =
        (opt.state & QStyle::State_Selected) ? QPalette::HighlightedText : QPalette::Text;
    painter->save();
    painter->setPen(opt.palette.color(group, role));
    painter->setFont(opt.font);
    painter->setClipRect(rect);
    painter->drawStaticText(QPointF(x, y), layout);
    painter->restore();
}

}  // namespace ps
