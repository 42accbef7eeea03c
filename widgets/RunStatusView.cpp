#include "widgets/RunStatusView.h"

#include "widgets/SimTimeFormat.h"

#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLabel>

namespace ps {

RunStatusView::RunStatusView(QWidget* parent)
    : QWidget(parent),
      m_scenario(new QLabel(this)),
      m_simTime(new QLabel(this)),
      m_events(new QLabel(this)),
      m_records(new QLabel(this)) {
    const QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    m_simTime->setFont(mono);
    m_simTime->setToolTip(tr("Simulated time (h:mm:ss.mmm µs)"));
    m_events->setToolTip(tr("Scheduler events executed"));
    m_records->setToolTip(tr("Trace records emitted"));
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    for (QLabel* l : {m_scenario, m_simTime, m_events, m_records}) {
        layout->addWidget(l);
    }
    layout->addStretch(1);
    showStatus(RunStatus{});
}

void RunStatusView::showStatus(const RunStatus& status) {
    m_scenario->setText(status.scenarioName.isEmpty() ? tr("no scenario") : status.scenarioName);
    m_simTime->setText(formatSimTime(status.simTimeNs));
    m_events->setText(tr("%1 events").arg(QString::number(status.eventsExecuted)));
    m_records->setText(tr("%1 trace records").arg(QString::number(status.traceRecords)));
    m_simTime->setAccessibleName(m_simTime->text());
}

QString RunStatusView::fieldText(Field field) const {
    switch (field) {
        case Field::Scenario:
            return m_scenario->text();
        case Field::SimTime:
            return m_simTime->text();
        case Field::Events:
            return m_events->text();
        case Field::TraceRecords:
            return m_records->text();
    }
    return {};
}

}  // namespace ps
