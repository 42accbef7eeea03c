// SessionStatusView: the main window's status-bar line drawn from a
// SessionSnapshot: scenario, simulated time, each stream's KSSTATE (short
// form), the glitch count over all streams and the verifier's findings (the
// newest in the tooltip). fieldText() returns each field's text for tests
// and accessibility. GUI thread.
#pragma once

#include "model/snapshot/SessionSnapshot.h"

#include <QWidget>

class QLabel;

namespace ps {

class SessionStatusView : public QWidget {
    Q_OBJECT
  public:
    enum class Field { Scenario, SimTime, Streams, Glitches, Verifier };

    explicit SessionStatusView(QWidget* parent = nullptr);

    void showSnapshot(const SessionSnapshot& snapshot);
    QString fieldText(Field field) const;

  private:
    QLabel* m_scenario;
    QLabel* m_simTime;
    QLabel* m_streams;
    QLabel* m_glitches;
    QLabel* m_verifier;
};

// "KSSTATE_RUN" -> "RUN".
QString shortKsState(const std::string& state);

}  // namespace ps
