// StackTreeModel: the stack tree of a SessionSnapshot (machine -> adapters
// -> port, miniport, filter -> pins -> streams -> miniport streams) as a Qt
// item model with four columns: Object, Refs (the current reference
// count), Details (state, format, device names) and Interfaces (what
// QueryInterface answers).
//
// setTree() brings the model to the new tree with the smallest change it
// can see: values that changed are dataChanged, children that appeared or
// went away (a stream opening or closing) are inserted or removed rows, so
// views keep expansion, selection and scroll position and repaint little.
// Children are matched by kind and name (with a count for repeated names);
// only when surviving children changed order is the model reset. Rows are
// also identified across resets by their path of names (PathKeyRole). GUI
// thread.
#pragma once

#include "model/snapshot/SessionSnapshot.h"

#include <QAbstractItemModel>
#include <QStringList>

#include <memory>
#include <vector>

namespace ps {

class StackTreeModel : public QAbstractItemModel {
    Q_OBJECT
  public:
    enum Column { ObjectColumn, RefsColumn, DetailsColumn, InterfacesColumn, ColumnCount };
    // Extra roles: the node's kind name ("port"), its path key, its stream.
    enum Role { KindRole = Qt::UserRole + 1, PathKeyRole, StreamIdRole };

    explicit StackTreeModel(QObject* parent = nullptr);
    ~StackTreeModel() override;

    void setTree(const StackNode& root);
    // How many resets setTree() has caused.
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
    struct Node;
    std::unique_ptr<Node> build(const StackNode& from, Node* parent,
                                const QString& parentKey) const;
    void sync(Node& node, const StackNode& now);
    bool setValues(Node& node, const StackNode& now) const;
    QModelIndex indexOf(const Node& node, int column = 0) const;
    static const Node* find(const Node& node, const QString& key);

    std::unique_ptr<Node> m_root;
    int m_resets = 0;
};

}  // namespace ps
