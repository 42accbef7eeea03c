#include "widgets/MappingQueueView.h"

#include "widgets/TextLine.h"

#include "widgets/CachedTextDelegate.h"
#include "widgets/MappingQueueCanvas.h"
#include "widgets/MappingQueueModels.h"
#include "widgets/StreamSelector.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QPainter>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QVBoxLayout>

namespace ps {
namespace {

QString bitNames(unsigned value, std::initializer_list<std::pair<unsigned, const char*>> bits) {
    QString names;
    for (const auto& [bit, name] : bits) {
        if ((value & bit) != 0) {
            if (!names.isEmpty()) {
                names += QLatin1Char(' ');
            }
            names += QLatin1String(name);
        }
    }
    return names;
}

QTableView* makeTable(QAbstractItemModel* model, QWidget* parent) {
    auto* table = new QTableView(parent);
    table->setModel(model);
    table->setItemDelegate(new CachedTextDelegate(table));
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->setSelectionMode(QAbstractItemView::SingleSelection);
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->verticalHeader()->setVisible(false);
    table->verticalHeader()->setDefaultSectionSize(table->fontMetrics().height() + 4);
    table->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    table->horizontalHeader()->setStretchLastSection(true);
    table->setWordWrap(false);
    return table;
}

}  // namespace

QString ac97StatusText(std::uint16_t sr) {
    const QString names = bitNames(
        sr, {{0x01, "DCH"}, {0x02, "CELV"}, {0x04, "LVBCI"}, {0x08, "BCIS"}, {0x10, "FIFOE"}});
    return QStringLiteral("SR 0x%1 (%2)")
        .arg(sr, 4, 16, QLatin1Char('0'))
        .arg(names.isEmpty() ? QStringLiteral("none") : names);
}

QString ac97ControlText(std::uint8_t cr) {
    const QString names = bitNames(
        cr, {{0x01, "RPBM"}, {0x02, "RR"}, {0x04, "LVBIE"}, {0x08, "FEIE"}, {0x10, "IOCE"}});
    return QStringLiteral("CR 0x%1 (%2)")
        .arg(cr, 2, 16, QLatin1Char('0'))
        .arg(names.isEmpty() ? QStringLiteral("none") : names);
}

MappingQueueView::MappingQueueView(QWidget* parent)
    : QWidget(parent),
      m_selector(new StreamSelector(this)),
      m_registers(new TextLine(2, this)),
      m_canvas(new MappingQueueCanvas(this)),
      m_tabs(new QTabWidget(this)),
      m_mappings(new MappingTableModel(this)),
      m_slots(new DescriptorSlotModel(this)) {
    setAccessibleName(tr("Mapping queue view"));
    // The register line changes every frame: its size must not (a size
    // change relayouts the dock and repaints its neighbours).
    m_mappingTable = makeTable(m_mappings, m_tabs);
    m_slotTable = makeTable(m_slots, m_tabs);
    m_mappingTable->setAccessibleName(tr("Mappings"));
    m_slotTable->setAccessibleName(tr("Descriptor slots"));
    m_tabs->addTab(m_mappingTable, tr("Mappings"));
    m_tabs->addTab(m_slotTable, tr("Descriptor slots"));

    auto* top = new QHBoxLayout;
    top->setContentsMargins(0, 0, 0, 0);
    top->addWidget(m_selector);
    top->addStretch(1);
    auto* split = new QSplitter(Qt::Vertical, this);
    split->addWidget(m_canvas);
    split->addWidget(m_tabs);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    split->setChildrenCollapsible(false);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(2, 2, 2, 2);
    layout->addLayout(top);
    layout->addWidget(m_registers);
    layout->addWidget(split, 1);

    connect(m_selector, &StreamSelector::streamSelected, this,
            [this](int) { showSelected(false); });
    connect(m_canvas, &MappingQueueCanvas::entryClicked, this, [this](int index) {
        m_tabs->setCurrentWidget(m_mappingTable);
        m_mappingTable->selectRow(index);
    });
    showSelected(false);
}

void MappingQueueView::showSnapshot(const SessionSnapshot& snapshot) {
    m_queues = snapshot.mappingQueues;
    const int before = m_selector->selectedStream();
    const bool same = !m_selector->offerStreamsOf(m_queues, snapshot);
    // Animate only a step: the same stream, paused, a newer snapshot.
    const bool animate = snapshot.runState == SessionRunState::Paused &&
                         before == m_selector->selectedStream() && m_shownStream == before &&
                         snapshot.generation != m_shownGeneration;
    m_shownGeneration = snapshot.generation;
    showSelected(animate, !same || tablesDue(snapshot, m_tablesShown));
}

void MappingQueueView::showSelected(bool animate, bool tables) {
    const int stream = m_selector->selectedStream();
    const MappingQueueSnapshot* shown = itemOfStream(m_queues, stream);
    if (tables) {
        m_mappings->setQueue(shown);
        m_slots->setQueue(shown);
    }
    m_canvas->setQueue(shown, animate && shown != nullptr);
    m_shownStream = shown != nullptr ? stream : -1;
    QString text;
    if (shown != nullptr) {
        text = QStringLiteral(
                   "%1 %2 · CIV %3 · LVI %4 · PIV %5 · PICB %6 (%7 B) · %8 · %9 · "
                   "FIFO %10 B · ring head %11, %12 queued")
                   .arg(QString::fromStdString(shown->engineName),
                        QString::fromStdString(shown->dmaState))
                   .arg(shown->civ)
                   .arg(shown->lvi)
                   .arg(shown->piv)
                   .arg(shown->picbSamples)
                   .arg(shown->picbBytes)
                   .arg(ac97StatusText(shown->sr), ac97ControlText(shown->cr))
                   .arg(shown->fifoLevelBytes)
                   .arg(shown->ringHead)
                   .arg(shown->ringCount);
    } else {
        text = tr("No open WavePci stream");
    }
    m_registers->setText(text);
}

QString MappingQueueView::registerText() const {
    return m_registers->text();
}

}  // namespace ps
