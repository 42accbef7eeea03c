// StackTreeModel: the stack tree of a SessionSnapshot (machine -> adapters
// -> port, miniport, filter -> pins -> streams -> miniport streams) as a Qt
// item model with four columns: Object, Refs (the current reference
// count), Details (state, format, device names) and Interfaces (what
// QueryInterface answers).
//
// setTree() with a tree of the same shape (same kinds and names at the same
// places) only updates values (dataChanged), so views keep their expansion
// and selection; a tree of another shape resets the model. Rows are
// identified by their path of names (pathKey) across resets. GUI thread.
#pragma once

#include "model/snapshot/SessionSnapshot.h"

#include <QAbstractItemModel>
#include <QStringList>

#include <vector>

namespace ps {

class StackTreeModel : public QAbstractItemModel {
    Q_OBJECT
  public:
    enum Column { ObjectColumn, RefsColumn, DetailsColumn, InterfacesColumn, ColumnCount };
    // Extra roles: the node's kind name ("port") and its path key.
    enum Role { KindRole = Qt::UserRole + 1, PathKeyRole, StreamIdRole };

    explicit StackTreeModel(QObject* parent = nullptr);

    void setTree(const StackNode& root);
    // How many resets setTree() has caused (structure changes).
    int resetCount() const { return m_resets; }

    QModelIndex index(int row, int column, const QModelIndex& parent = {}) const override;
    QModelIndex parent(const QModelIndex& child) const override;
    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    // The index whose path key is `key` (column 0), or invalid.
    QModelIndex indexForKey(const QString& key) const;

  private:
    struct Item {
        StackNode::Kind kind = StackNode::Kind::Machine;
        QString name;
        QString interfaces;
        QString refs;
        QString details;
        QString pathKey;
        int streamId = -1;
        int parent = -1;  // item index, -1 for the root
        int row = 0;      // row under its parent
        std::vector<int> children;
    };
    void flatten(const StackNode& node, int parent, int row, const QString& parentKey,
                 std::vector<Item>& out) const;
    static bool sameShape(const std::vector<Item>& a, const std::vector<Item>& b);

    std::vector<Item> m_items;  // m_items[0] is the root (shown as the top row)
    int m_resets = 0;
};

}  // namespace ps
