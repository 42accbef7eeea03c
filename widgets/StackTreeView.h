// StackTreeView: the stack tree dock. A QTreeView on a StackTreeModel that
// keeps which rows are expanded and which is selected across snapshot
// updates: rows that appear (a stream opening) are inserted expanded, and
// after a model reset rows are found again by their path key. Everything is
// expanded the first time a tree is shown. GUI thread; draws only from
// snapshots.
#pragma once

#include "model/snapshot/SessionSnapshot.h"

#include <QSet>
#include <QString>
#include <QTreeView>

namespace ps {

class StackTreeModel;

class StackTreeView : public QTreeView {
    Q_OBJECT
  public:
    explicit StackTreeView(QWidget* parent = nullptr);

    void showSnapshot(const SessionSnapshot& snapshot);
    StackTreeModel* stackModel() const { return m_model; }

  private:
    void fitColumns();
    void rememberState();
    void restoreState();
    void restoreSelection();

    StackTreeModel* m_model;
    QSet<QString> m_expanded;
    QSet<QString> m_collapsed;  // rows with children that were not expanded
    QSet<QString> m_known;      // every row's key before a reset
    QString m_selected;
    bool m_firstTree = true;
    // The tree last shown: a snapshot with the same tree (most display
    // frames of a running scenario) changes nothing.
    StackNode m_shown;
    bool m_hasShown = false;
};

}  // namespace ps
