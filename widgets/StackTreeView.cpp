#include "widgets/StackTreeView.h"

#include "widgets/CachedTextDelegate.h"
#include "widgets/StackTreeModel.h"

#include <QHeaderView>

#include <algorithm>
#include <functional>

namespace ps {

namespace {
constexpr int kMaxDetailsWidth = 320;
}

StackTreeView::StackTreeView(QWidget* parent)
    : QTreeView(parent), m_model(new StackTreeModel(this)) {
    setModel(m_model);
    setUniformRowHeights(true);  // cheap layout for wide trees
    setItemDelegate(new CachedTextDelegate(this));
    setAlternatingRowColors(true);
    setSelectionBehavior(QAbstractItemView::SelectRows);
    setSelectionMode(QAbstractItemView::SingleSelection);
    setAccessibleName(tr("Stack tree"));
    header()->setStretchLastSection(true);
    connect(m_model, &QAbstractItemModel::modelAboutToBeReset, this, &StackTreeView::rememberState);
    connect(m_model, &QAbstractItemModel::modelReset, this, &StackTreeView::restoreState);
    // A stream that just opened shows its objects.
    connect(m_model, &QAbstractItemModel::rowsInserted, this,
            [this](const QModelIndex& parent, int first, int last) {
                for (int r = first; r <= last; ++r) {
                    expandRecursively(m_model->index(r, 0, parent));
                }
            });
}

void StackTreeView::showSnapshot(const SessionSnapshot& snapshot) {
    if (m_hasShown && snapshot.stack == m_shown) {
        return;
    }
    m_shown = snapshot.stack;
    m_hasShown = true;
    m_model->setTree(snapshot.stack);
    if (m_firstTree && m_model->rowCount() > 0) {
        m_firstTree = false;
        expandAll();
        fitColumns();
    }
}

void StackTreeView::fitColumns() {
    // Whole names and counts first; long details are cut (the tooltip has
    // them) and the interface lists take the rest, scrolling sideways when
    // the tree is wider than the dock.
    resizeColumnToContents(StackTreeModel::ObjectColumn);
    resizeColumnToContents(StackTreeModel::RefsColumn);
    resizeColumnToContents(StackTreeModel::DetailsColumn);
    setColumnWidth(StackTreeModel::DetailsColumn,
                   std::min(columnWidth(StackTreeModel::DetailsColumn), kMaxDetailsWidth));
}

void StackTreeView::rememberState() {
    m_expanded.clear();
    m_collapsed.clear();
    m_known.clear();
    const std::function<void(const QModelIndex&)> walk = [&](const QModelIndex& parent) {
        for (int r = 0; r < m_model->rowCount(parent); ++r) {
            const QModelIndex i = m_model->index(r, 0, parent);
            const QString key = i.data(StackTreeModel::PathKeyRole).toString();
            m_known.insert(key);
            if (isExpanded(i)) {
                m_expanded.insert(key);
            } else if (m_model->hasChildren(i)) {
                m_collapsed.insert(key);
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
    if (m_collapsed.isEmpty()) {
        // Nothing was collapsed (the usual case): one pass instead of a
        // layout per expanded row.
        expandAll();
        fitColumns();
        restoreSelection();
        return;
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
    restoreSelection();
}

void StackTreeView::restoreSelection() {
    if (!m_selected.isEmpty()) {
        const QModelIndex sel = m_model->indexForKey(m_selected);
        if (sel.isValid()) {
            setCurrentIndex(sel);
        }
    }
}

}  // namespace ps
