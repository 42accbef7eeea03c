#include "widgets/StackTreeModel.h"

namespace ps {

StackTreeModel::StackTreeModel(QObject* parent) : QAbstractItemModel(parent) {}

void StackTreeModel::flatten(const StackNode& node, int parent, int row, const QString& parentKey,
                             std::vector<Item>& out) const {
    Item item;
    item.kind = node.kind;
    item.name = QString::fromStdString(node.name);
    QStringList interfaces;
    for (const std::string& i : node.interfaces) {
        interfaces << QString::fromStdString(i);
    }
    item.interfaces = interfaces.join(QStringLiteral(", "));
    item.refs = node.refCount >= 0 ? QString::number(node.refCount) : QString();
    item.details = QString::fromStdString(node.detail);
    item.pathKey = parentKey.isEmpty() ? item.name : parentKey + QLatin1Char('/') + item.name;
    item.streamId = node.streamId;
    item.parent = parent;
    item.row = row;
    const int self = static_cast<int>(out.size());
    out.push_back(std::move(item));
    const QString key = out[self].pathKey;
    for (std::size_t i = 0; i < node.children.size(); ++i) {
        const int child = static_cast<int>(out.size());
        out[self].children.push_back(child);
        flatten(node.children[i], self, static_cast<int>(i), key, out);
    }
}

bool StackTreeModel::sameShape(const std::vector<Item>& a, const std::vector<Item>& b) {
    if (a.size() != b.size()) {
        return false;
    }
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (a[i].kind != b[i].kind || a[i].pathKey != b[i].pathKey || a[i].parent != b[i].parent) {
            return false;
        }
    }
    return true;
}

void StackTreeModel::setTree(const StackNode& root) {
    std::vector<Item> items;
    flatten(root, -1, 0, QString(), items);
    if (!m_items.empty() && sameShape(items, m_items)) {
        // Values only, and only rows whose values changed: a running stream
        // changes a few cells now and then, so most frames repaint nothing.
        for (std::size_t i = 0; i < items.size(); ++i) {
            Item& old = m_items[i];
            const Item& now = items[i];
            if (old.interfaces == now.interfaces && old.refs == now.refs &&
                old.details == now.details && old.streamId == now.streamId) {
                continue;
            }
            old.interfaces = now.interfaces;
            old.refs = now.refs;
            old.details = now.details;
            old.streamId = now.streamId;
            emit dataChanged(createIndex(old.row, 0, static_cast<quintptr>(i)),
                             createIndex(old.row, ColumnCount - 1, static_cast<quintptr>(i)));
        }
        return;
    }
    beginResetModel();
    m_items = std::move(items);
    ++m_resets;
    endResetModel();
}

QModelIndex StackTreeModel::index(int row, int column, const QModelIndex& parent) const {
    if (row < 0 || column < 0 || column >= ColumnCount || m_items.empty()) {
        return {};
    }
    if (!parent.isValid()) {
        return row == 0 ? createIndex(0, column, quintptr{0}) : QModelIndex();
    }
    const Item& p = m_items[parent.internalId()];
    if (row >= static_cast<int>(p.children.size())) {
        return {};
    }
    return createIndex(row, column, static_cast<quintptr>(p.children[row]));
}

QModelIndex StackTreeModel::parent(const QModelIndex& child) const {
    if (!child.isValid()) {
        return {};
    }
    const Item& it = m_items[child.internalId()];
    if (it.parent < 0) {
        return {};
    }
    return createIndex(m_items[it.parent].row, 0, static_cast<quintptr>(it.parent));
}

int StackTreeModel::rowCount(const QModelIndex& parent) const {
    if (!parent.isValid()) {
        return m_items.empty() ? 0 : 1;
    }
    if (parent.column() != 0) {
        return 0;
    }
    return static_cast<int>(m_items[parent.internalId()].children.size());
}

int StackTreeModel::columnCount(const QModelIndex&) const {
    return ColumnCount;
}

QVariant StackTreeModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid()) {
        return {};
    }
    const Item& it = m_items[index.internalId()];
    switch (role) {
        case Qt::DisplayRole:
        case Qt::AccessibleTextRole:
            switch (index.column()) {
                case ObjectColumn:
                    return it.name;
                case InterfacesColumn:
                    return it.interfaces;
                case RefsColumn:
                    return it.refs;
                case DetailsColumn:
                    return it.details;
            }
            return {};
        case Qt::ToolTipRole:
            if (index.column() == InterfacesColumn && !it.interfaces.isEmpty()) {
                return tr("Answers QueryInterface for %1").arg(it.interfaces);
            }
            return it.details.isEmpty() ? QVariant() : QVariant(it.details);
        case Qt::TextAlignmentRole:
            if (index.column() == RefsColumn) {
                return QVariant(Qt::AlignRight | Qt::AlignVCenter);
            }
            return {};
        case KindRole:
            return QString::fromLatin1(stackNodeKindName(it.kind));
        case PathKeyRole:
            return it.pathKey;
        case StreamIdRole:
            return it.streamId;
    }
    return {};
}

QVariant StackTreeModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) {
        return {};
    }
    switch (section) {
        case ObjectColumn:
            return tr("Object");
        case InterfacesColumn:
            return tr("Interfaces");
        case RefsColumn:
            return tr("Refs");
        case DetailsColumn:
            return tr("Details");
    }
    return {};
}

QModelIndex StackTreeModel::indexForKey(const QString& key) const {
    for (std::size_t i = 0; i < m_items.size(); ++i) {
        if (m_items[i].pathKey == key) {
            return createIndex(m_items[i].row, 0, static_cast<quintptr>(i));
        }
    }
    return {};
}

}  // namespace ps
