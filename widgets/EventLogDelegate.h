// EventLogDelegate: paints the event log's cells for little cost, since a
// log following a live run shows a viewport of new rows on every display
// frame. Per cell it asks the model for three roles (display text, text
// alignment, foreground), fills the selection highlight, and draws the text
// with AsciiTextPainter; a cell with other characters goes through
// QStyledItemDelegate. Rows whose EventLogWindowModel::SourceRowRole is odd
// get the alternate base colour (the table's own alternation would follow
// the window's rows and swap colours as it moves). Text sits inside the
// same margins the style uses. GUI thread.
#pragma once

#include "widgets/AsciiTextPainter.h"

#include <QStyledItemDelegate>

#include <memory>

namespace ps {

class EventLogDelegate : public QStyledItemDelegate {
    Q_OBJECT
  public:
    explicit EventLogDelegate(QObject* parent = nullptr);
    ~EventLogDelegate() override;

    void paint(QPainter* painter, const QStyleOptionViewItem& option,
               const QModelIndex& index) const override;

  private:
    const AsciiTextPainter& painterFor(const QFont& font) const;

    mutable std::unique_ptr<AsciiTextPainter> m_text;
};

}  // namespace ps
