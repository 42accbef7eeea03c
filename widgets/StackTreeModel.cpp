#include "widgets/StackTreeModel.h"

#include <QHash>

namespace ps {

struct StackTreeModel::Node {
    StackNode::Kind kind = StackNode::Kind::Machine;
    QString name;
    QString matchKey;  // kind, name and occurrence among its siblings
    QString pathKey;
    QString interfaces;
    QString refs;
    QString details;
    int streamId = -1;
    Node* parent = nullptr;
    std::vector<std::unique_ptr<Node>> children;

    int row() const {
        if (parent == nullptr) {
            return 0;
        }
        for (std::size_t i = 0; i < parent->children.size(); ++i) {
            if (parent->children[i].get() == this) {
                return static_cast<int>(i);
            }
        }
        return 0;
    }
};

namespace {

// Match keys of a node's children, in order: "kind|name#n".
QStringList childKeys(const StackNode& node) {
    QStringList keys;
    QHash<QString, int> seen;
    for (const StackNode& child : node.children) {
        const QString base = QString::number(static_cast<int>(child.kind)) + QLatin1Char('|') +
                             QString::fromStdString(child.name);
        keys << base + QLatin1Char('#') + QString::number(seen[base]++);
    }
    return keys;
}

}  // namespace

StackTreeModel::StackTreeModel(QObject* parent) : QAbstractItemModel(parent) {}

StackTreeModel::~StackTreeModel() = default;

bool StackTreeModel::setValues(Node& node, const StackNode& now) const {
    QStringList list;
    for (const std::string& i : now.interfaces) {
        list << QString::fromStdString(i);
    }
    const QString interfaces = list.join(QStringLiteral(", "));
    const QString refs = now.refCount >= 0 ? QString::number(now.refCount) : QString();
    const QString details = QString::fromStdString(now.detail);
    const bool changed = node.interfaces != interfaces || node.refs != refs ||
                         node.details != details || node.streamId != now.streamId;
    node.interfaces = interfaces;
    node.refs = refs;
    node.details = details;
    node.streamId = now.streamId;
    return changed;
}

std::unique_ptr<StackTreeModel::Node> StackTreeModel::build(const StackNode& from, Node* parent,
                                                            const QString& parentKey) const {
    auto node = std::make_unique<Node>();
    node->kind = from.kind;
    node->name = QString::fromStdString(from.name);
    node->pathKey = parentKey.isEmpty() ? node->name : parentKey + QLatin1Char('/') + node->name;
    node->parent = parent;
    setValues(*node, from);
    const QStringList keys = childKeys(from);
    for (std::size_t i = 0; i < from.children.size(); ++i) {
        node->children.push_back(build(from.children[i], node.get(), node->pathKey));
        node->children.back()->matchKey = keys[static_cast<int>(i)];
    }
    return node;
}

void StackTreeModel::sync(Node& node, const StackNode& now) {
    if (setValues(node, now)) {
        emit dataChanged(indexOf(node, 0), indexOf(node, ColumnCount - 1));
    }
    const QStringList keys = childKeys(now);
    const QModelIndex parentIndex = indexOf(node);
    // Children that went away.
    for (int i = static_cast<int>(node.children.size()) - 1; i >= 0; --i) {
        if (!keys.contains(node.children[i]->matchKey)) {
            beginRemoveRows(parentIndex, i, i);
            node.children.erase(node.children.begin() + i);
            endRemoveRows();
        }
    }
    // Children that appeared, at their places; the survivors keep theirs.
    for (int j = 0; j < keys.size(); ++j) {
        const bool here =
            j < static_cast<int>(node.children.size()) && node.children[j]->matchKey == keys[j];
        if (!here) {
            beginInsertRows(parentIndex, j, j);
            auto child = build(now.children[j], &node, node.pathKey);
            child->matchKey = keys[j];
            node.children.insert(node.children.begin() + j, std::move(child));
            endInsertRows();
            continue;
        }
        sync(*node.children[j], now.children[j]);
    }
}

void StackTreeModel::setTree(const StackNode& root) {
    // Survivors out of order (not a case the stack produces) cannot be
    // expressed as inserts and removals here: reset instead.
    const auto sameOrder = [](const Node& node, const StackNode& now, const auto& self) -> bool {
        const QStringList keys = childKeys(now);
        int last = -1;
        for (const auto& child : node.children) {
            const int at = keys.indexOf(child->matchKey);
            if (at < 0) {
                continue;
            }
            if (at < last) {
                return false;
            }
            last = at;
            if (!self(*child, now.children[at], self)) {
                return false;
            }
        }
        return true;
    };
    if (m_root && m_root->kind == root.kind && m_root->name == QString::fromStdString(root.name) &&
        sameOrder(*m_root, root, sameOrder)) {
        sync(*m_root, root);
        return;
    }
    beginResetModel();
    m_root = build(root, nullptr, QString());
    ++m_resets;
    endResetModel();
}

QModelIndex StackTreeModel::indexOf(const Node& node, int column) const {
    return createIndex(node.row(), column, const_cast<Node*>(&node));
}

QModelIndex StackTreeModel::index(int row, int column, const QModelIndex& parent) const {
    if (row < 0 || column < 0 || column >= ColumnCount || !m_root) {
        return {};
    }
    if (!parent.isValid()) {
        return row == 0 ? createIndex(0, column, m_root.get()) : QModelIndex();
    }
    const Node* p = static_cast<const Node*>(parent.internalPointer());
    if (row >= static_cast<int>(p->children.size())) {
        return {};
    }
    return createIndex(row, column, p->children[row].get());
}

QModelIndex StackTreeModel::parent(const QModelIndex& child) const {
    if (!child.isValid()) {
        return {};
    }
    const Node* node = static_cast<const Node*>(child.internalPointer());
    return node->parent != nullptr ? indexOf(*node->parent) : QModelIndex();
}

int StackTreeModel::rowCount(const QModelIndex& parent) const {
    if (!parent.isValid()) {
        return m_root ? 1 : 0;
    }
    if (parent.column() != 0) {
        return 0;
    }
    return static_cast<int>(static_cast<const Node*>(parent.internalPointer())->children.size());
}

int StackTreeModel::columnCount(const QModelIndex&) const {
    return ColumnCount;
}

QVariant StackTreeModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid()) {
        return {};
    }
    const Node& it = *static_cast<const Node*>(index.internalPointer());
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

const StackTreeModel::Node* StackTreeModel::find(const Node& node, const QString& key) {
    if (node.pathKey == key) {
        return &node;
    }
    for (const auto& child : node.children) {
        if (const Node* found = find(*child, key)) {
            return found;
        }
    }
    return nullptr;
}

QModelIndex StackTreeModel::indexForKey(const QString& key) const {
    const Node* node = m_root ? find(*m_root, key) : nullptr;
    return node != nullptr ? indexOf(*node) : QModelIndex();
}

}  // namespace ps
