#include "widgets/EventLogDelegate.h"

#include "widgets/EventLogWindowModel.h"

#include <QApplication>
#include <QPainter>

namespace ps {

EventLogDelegate::EventLogDelegate(QObject* parent) : QStyledItemDelegate(parent) {}

EventLogDelegate::~EventLogDelegate() = default;

const AsciiTextPainter& EventLogDelegate::painterFor(const QFont& font) const {
    if (!m_text || m_text->font() != font) {
        m_text = std::make_unique<AsciiTextPainter>(font);
    }
    return *m_text;
}

void EventLogDelegate::paint(QPainter* painter, const QStyleOptionViewItem& option,
                             const QModelIndex& index) const {
    const QPalette::ColorGroup group = !(option.state & QStyle::State_Enabled) ? QPalette::Disabled
                                       : (option.state & QStyle::State_Active) ? QPalette::Normal
                                                                               : QPalette::Inactive;
    const bool selected = (option.state & QStyle::State_Selected) != 0;
    if (!selected && (index.data(EventLogWindowModel::SourceRowRole).toInt() & 1) != 0) {
        painter->fillRect(option.rect, option.palette.brush(group, QPalette::AlternateBase));
    }
    const QString text = index.data(Qt::DisplayRole).toString();
    const AsciiTextPainter& ascii = painterFor(option.font);
    if (!ascii.isValid() || !AsciiTextPainter::canDraw(text)) {
        QStyledItemDelegate::paint(painter, option, index);
        return;
    }
    const QWidget* widget = option.widget;
    const QStyle* style = widget != nullptr ? widget->style() : QApplication::style();
    if (selected) {
        painter->fillRect(option.rect, option.palette.brush(group, QPalette::Highlight));
    }
    if (text.isEmpty()) {
        return;
    }
    QColor color =
        option.palette.color(group, selected ? QPalette::HighlightedText : QPalette::Text);
    if (!selected) {
        const QVariant foreground = index.data(Qt::ForegroundRole);
        if (foreground.canConvert<QBrush>()) {
            color = qvariant_cast<QBrush>(foreground).color();
        }
    }
    const QVariant alignment = index.data(Qt::TextAlignmentRole);
    const Qt::Alignment align = alignment.isValid()
                                    ? Qt::Alignment(alignment.toInt())
                                    : Qt::Alignment(Qt::AlignLeft | Qt::AlignVCenter);
    const int margin = style->pixelMetric(QStyle::PM_FocusFrameHMargin, nullptr, widget) + 1;
    const QRectF rect = QRectF(option.rect).adjusted(margin, 0, -margin, 0);
    painter->save();
    painter->setPen(color);
    ascii.draw(painter, rect, align, text);
    painter->restore();
}

}  // namespace ps
