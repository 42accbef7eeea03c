#include "widgets/EventLogWindowModel.h"

#include "widgets/EventLogModel.h"

#include <algorithm>

namespace ps {

EventLogWindowModel::EventLogWindowModel(EventLogModel* source, QObject* parent)
    : QAbstractTableModel(parent), m_source(source) {
    m_rows = wantedRows();
}

int EventLogWindowModel::maxTopRow() const {
    return std::max(0, m_source->rowCount() - m_capacity);
}

int EventLogWindowModel::wantedRows() const {
    return std::clamp(m_source->rowCount() - m_top, 0, m_capacity + 1);
}

void EventLogWindowModel::setTopRow(int row) {
    const int top = std::clamp(row, 0, maxTopRow());
    if (top == m_top)
        return;
    m_top = top;
    refresh();
}

void EventLogWindowModel::setCapacity(int rows) {
    const int capacity = std::max(rows, 1);
    if (capacity == m_capacity)
        return;
    m_capacity = capacity;
    m_top = std::clamp(m_top, 0, maxTopRow());
    refresh();
}

void EventLogWindowModel::sourceChanged(bool recordsChanged, bool showNewest) {
    const int top = showNewest ? maxTopRow() : std::clamp(m_top, 0, maxTopRow());
    const bool moved = top != m_top;
    m_top = top;
    refresh(recordsChanged || moved);
}

void EventLogWindowModel::rowsDroppedAtTop(int count) {
    if (count <= 0)
        return;
    const int shifted = m_top - count;
    const int top = std::clamp(shifted, 0, maxTopRow());
    m_top = top;
    refresh(top != shifted || count % 2 != 0);
}

int EventLogWindowModel::windowRow(int sourceRow) const {
    const int w = sourceRow - m_top;
    return w >= 0 && w < m_rows ? w : -1;
}

void EventLogWindowModel::refresh(bool all) {
    const int wanted = wantedRows();
    if (wanted > m_rows) {
        beginInsertRows(QModelIndex(), m_rows, wanted - 1);
        m_rows = wanted;
        endInsertRows();
    } else if (wanted < m_rows) {
        beginRemoveRows(QModelIndex(), wanted, m_rows - 1);
        m_rows = wanted;
        endRemoveRows();
    }
    if (all && m_rows > 0)
        emit dataChanged(index(0, 0), index(m_rows - 1, columnCount() - 1));
}

int EventLogWindowModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : m_rows;
}

int EventLogWindowModel::columnCount(const QModelIndex& parent) const {
    return m_source->columnCount(parent);
}

QVariant EventLogWindowModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= m_rows)
        return QVariant();
    if (role == SourceRowRole)
        return m_top + index.row();
    return m_source->data(m_source->index(m_top + index.row(), index.column()), role);
}

QVariant EventLogWindowModel::headerData(int section, Qt::Orientation orientation, int role) const {
    return m_source->headerData(section, orientation, role);
}

}  // namespace ps
