#include "widgets/StreamResourcesView.h"

#include "widgets/TextLine.h"

#include "widgets/CachedTextDelegate.h"
#include "widgets/StreamResourcesModels.h"
#include "widgets/StreamSelector.h"

#include <QHeaderView>
#include <QLabel>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

namespace ps {

namespace {

void setUpTable(QTableView* table, const QString& name) {
    table->setItemDelegate(new CachedTextDelegate(table));
    table->setAccessibleName(name);
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->verticalHeader()->setVisible(false);
    table->verticalHeader()->setDefaultSectionSize(table->fontMetrics().height() + 4);
    table->horizontalHeader()->setStretchLastSection(true);
    table->setWordWrap(false);
}

void setIfChanged(QLabel* label, const QString& text) {
    if (label->text() != text) {
        label->setText(text);
    }
}

}  // namespace

QString offeredInterfacesText(const StreamResourcesSnapshot& resources) {
    QStringList offered;
    for (const std::string& s : resources.offeredInterfaces) {
        offered << QString::fromStdString(s);
    }
    return QObject::tr("OS %1 — PortCls offers: %2")
        .arg(QString::fromStdString(resources.osVersion),
             offered.isEmpty() ? QObject::tr("no stream resource manager")
                               : offered.join(QStringLiteral(", ")));
}

QString shieldingStateText(const StreamResourcesSnapshot& r) {
    const QString interference =
        r.interferenceEnabled ? QObject::tr("interference on") : QObject::tr("interference off");
    return QObject::tr(
               "%1; shielding %2 (%3 low-latency streams running); DPC delays %4, "
               "spared %5; thread delays %6, spared %7")
        .arg(interference, r.shieldingOn ? QObject::tr("ON") : QObject::tr("off"))
        .arg(r.lowLatencyStreamsRunning)
        .arg(r.dpcDelays)
        .arg(r.dpcShielded)
        .arg(r.threadDelays)
        .arg(r.threadShielded);
}

StreamResourcesView::StreamResourcesView(QWidget* parent)
    : QWidget(parent),
      m_os(new QLabel(this)),
      m_shielding(new TextLine(1, this)),
      m_power(new AdapterPowerModel(this)),
      m_registrations(new RegistrationModel(this)),
      m_powerTable(new QTableView(this)),
      m_registrationTable(new QTableView(this)) {
    setAccessibleName(tr("Stream resources view"));
    m_os->setAccessibleName(tr("OS version and offered interfaces"));
    m_shielding->setAccessibleName(tr("Interference shielding"));
    // Long lines wrap (the OS line) or are clipped (the counters) rather than
    // widen the dock area the view is tabbed in.
    m_os->setWordWrap(true);
    m_os->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_powerTable->setModel(m_power);
    m_registrationTable->setModel(m_registrations);
    setUpTable(m_powerTable, tr("Adapter power"));
    setUpTable(m_registrationTable, tr("Stream resource registrations"));

    auto* split = new QSplitter(Qt::Vertical, this);
    split->addWidget(m_powerTable);
    split->addWidget(m_registrationTable);
    split->setStretchFactor(0, 1);
    split->setStretchFactor(1, 3);
    split->setChildrenCollapsible(false);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(2, 2, 2, 2);
    layout->addWidget(m_os);
    layout->addWidget(m_shielding);
    layout->addWidget(split, 1);
}

QString StreamResourcesView::osText() const {
    return m_os->text();
}

QString StreamResourcesView::shieldingText() const {
    return m_shielding->text();
}

void StreamResourcesView::showSnapshot(const SessionSnapshot& snapshot) {
    const bool rowsChanged =
        m_power->rowCount() != static_cast<int>(snapshot.resources.adapters.size());
    if (!rowsChanged && !tablesDue(snapshot, m_tablesShown)) {
        return;
    }
    setIfChanged(m_os, offeredInterfacesText(snapshot.resources));
    m_shielding->setText(shieldingStateText(snapshot.resources));
    const int registrationRows = m_registrations->rowCount();
    m_power->setResources(snapshot.resources);
    m_registrations->setResources(snapshot.resources);
    // Column widths follow the contents only when rows come or go (rare;
    // measuring every cell each refresh would cost more than the refresh).
    if (rowsChanged) {
        m_powerTable->resizeColumnsToContents();
    }
    if (registrationRows != m_registrations->rowCount()) {
        m_registrationTable->resizeColumnsToContents();
    }
}

}  // namespace ps
