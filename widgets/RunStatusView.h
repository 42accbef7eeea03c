// A compact status display of a run: simulated time, events executed and trace
// records emitted, drawn from a RunStatus value (a snapshot; the widget never
// sees the model). The text of each field is readable through fieldText() for
// tests and accessibility.
#pragma once

#include "model/sim/SimTime.h"

#include <QWidget>

#include <cstdint>

class QLabel;

namespace ps {

struct RunStatus {
    TimeNs simTimeNs = 0;
    std::uint64_t eventsExecuted = 0;
    std::uint64_t traceRecords = 0;
    QString scenarioName;
};

class RunStatusView : public QWidget {
    Q_OBJECT
  public:
    enum class Field { Scenario, SimTime, Events, TraceRecords };

    explicit RunStatusView(QWidget* parent = nullptr);

    void showStatus(const RunStatus& status);
    QString fieldText(Field field) const;

  private:
    QLabel* m_scenario;
    QLabel* m_simTime;
    QLabel* m_events;
    QLabel* m_records;
};

}  // namespace ps
