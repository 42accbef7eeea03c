// CachedTextDelegate: an item delegate that paints a cell's text from a
// cache of laid-out text (QStaticText, keyed by the text and the width it
// was elided to), and everything else (background, selection, focus) as
// QStyledItemDelegate does. Item views repaint whole viewports when rows
// appear or scroll; shaping every cell's text again each time is what made
// such a repaint cost milliseconds. The cache holds at most maxEntries
// layouts and starts over when full. GUI thread.
#pragma once

#include <QHash>
#include <QStaticText>
#include <QStyledItemDelegate>

namespace ps {

class CachedTextDelegate : public QStyledItemDelegate {
    Q_OBJECT
  public:
    explicit CachedTextDelegate(QObject* parent = nullptr, int maxEntries = 4096);

    void paint(QPainter* painter, const QStyleOptionViewItem& option,
               const QModelIndex& index) const override;

    int cachedEntries() const { return m_cache.size(); }

  private:
    const QStaticText& layoutFor(const QString& text, const QFont& font, int width) const;

    int m_maxEntries;
    mutable QHash<QString, QStaticText> m_cache;  // key: width + '\x1f' + text
};

}  // namespace ps
