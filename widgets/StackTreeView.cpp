#include "widgets/StackTreeView.h"

#include "widgets/StackTreeModel.h"

#include <QHeaderView>

#include <functional>

namespace ps {

StackTreeView::StackTreeView(QWidget* parent)
    : QTreeView(parent), m_model(new StackTreeModel(this)) {
    setModel(m_model);
    setUniformRowHeights(true);  // cheap layout for wide trees
    setAlternatingRowColors(true);
    setSelectionBehavior(QAbstractItemView::SelectRows);
    setSelectionMode(QAbstractItemView::SingleSelection);
    setAccessibleName(tr("Stack tree"));
    header()->setStretchLastSection(true);
    header()->setSectionResizeMode(StackTreeModel::RefsColumn, QHeaderView::ResizeToContents);
    connect(m_model, &QAbstractItemModel::modelAboutToBeReset, this, &StackTreeView::rememberState);
    connect(m_model, &QAbstractItemModel::modelReset, this, &StackTreeView::restoreState);
}

void StackTreeView::showSnapshot(const SessionSnapshot& snapshot) {
    m_model->setTree(snapshot.stack);
    if (m_firstTree && m_model->rowCount() > 0) {
        m_firstTree = false;
        expandAll();
        fitColumns();
    }
}

void StackTreeView::fitColumns() {
    // Whole names and interface lists; the details column takes the rest
    // and the view scrolls sideways when a tree is wider than the dock.
    resizeColumnToContents(StackTreeModel::ObjectColumn);
    resizeColumnToContents(StackTreeModel::InterfacesColumn);
}

void StackTreeView::rememberState() {
    m_expanded.clear();
    m_known.clear();
    const std::function<void(const QModelIndex&)> walk = [&](const QModelIndex& parent) {
        for (int r = 0; r < m_model->rowCount(parent); ++r) {
            const QModelIndex i = m_model->index(r, 0, parent);
            const QString key = i.data(StackTreeModel::PathKeyRole).toString();
            m_known.insert(key);
            if (isExpanded(i)) {
                m_expanded.insert(key);
            }
            walk(i);
        }
    };
    walk({});
    const QModelIndex current = currentIndex();
    m_selected = current.isValid() ? m_model->index(current.row(), 0, current.parent())
                                         .data(StackTreeModel::PathKeyRole)
                                         .toString()
                                   : QString();
}

void StackTreeView::restoreState() {
    if (m_firstTree) {
        return;  // showSnapshot expands everything the first time
    }
    const std::function<void(const QModelIndex&)> walk = [&](const QModelIndex& parent) {
        for (int r = 0; r < m_model->rowCount(parent); ++r) {
            const QModelIndex i = m_model->index(r, 0, parent);
            const QString key = i.data(StackTreeModel::PathKeyRole).toString();
            // Rows that were not there before open: a stream that just
            // appeared should be visible.
            if (m_expanded.contains(key) || !m_known.contains(key)) {
                expand(i);
            }
            walk(i);
        }
    };
    walk({});
    fitColumns();
    if (!m_selected.isEmpty()) {
        const QModelIndex sel = m_model->indexForKey(m_selected);
        if (sel.isValid()) {
            setCurrentIndex(sel);
        }
    }
}

}  // namespace ps
