#include "widgets/CyclicBufferView.h"

#include "widgets/CachedTextDelegate.h"
#include "widgets/CyclicBufferCanvas.h"
#include "widgets/CyclicBufferModel.h"
#include "widgets/StreamSelector.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

namespace ps {

CyclicBufferView::CyclicBufferView(QWidget* parent)
    : QWidget(parent),
      m_selector(new StreamSelector(this)),
      m_canvas(new CyclicBufferCanvas(this)),
      m_model(new CyclicBufferModel(this)),
      m_table(new QTableView(this)) {
    setAccessibleName(tr("Cyclic buffer view"));
    m_table->setModel(m_model);
    m_table->setItemDelegate(new CachedTextDelegate(m_table));
    m_table->setAccessibleName(tr("Cyclic buffer numbers"));
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->verticalHeader()->setVisible(false);
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 4);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setColumnWidth(CyclicBufferModel::Item, 200);
    m_table->setWordWrap(false);

    auto* top = new QHBoxLayout;
    top->setContentsMargins(0, 0, 0, 0);
    top->addWidget(m_selector);
    top->addStretch(1);
    auto* split = new QSplitter(Qt::Vertical, this);
    split->addWidget(m_canvas);
    split->addWidget(m_table);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    split->setChildrenCollapsible(false);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(2, 2, 2, 2);
    layout->addLayout(top);
    layout->addWidget(split, 1);

    connect(m_selector, &StreamSelector::streamSelected, this, [this](int) { showSelected(); });
    showSelected();
}

void CyclicBufferView::showSnapshot(const SessionSnapshot& snapshot) {
    m_buffers = snapshot.cyclicBuffers;
    const bool same = !m_selector->offerStreamsOf(m_buffers, snapshot);
    showSelected(!same || tablesDue(snapshot, m_tableShown));
}

void CyclicBufferView::setAudibleLagNs(TimeNs lagNs) {
    m_canvas->setAudibleLagNs(lagNs);
}

void CyclicBufferView::showSelected(bool tables) {
    const CyclicBufferSnapshot* shown = itemOfStream(m_buffers, m_selector->selectedStream());
    if (tables) {
        m_model->setBuffer(shown);
    }
    m_canvas->setBuffer(shown);
}

}  // namespace ps
