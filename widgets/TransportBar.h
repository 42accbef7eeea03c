// TransportBar: the transport controls. Buttons for the TransportActions
// (run live, pause, fast-forward, stop, step back, step), a step-unit
// chooser, a speed chooser and the simulated time. It draws from snapshots
// (showSnapshot) and asks for changes through its signals; it never touches
// the session. timeText() and stateText() return what it shows, for tests
// and accessibility. GUI thread.
#pragma once

#include "model/session/StepUnit.h"
#include "model/snapshot/SessionSnapshot.h"

#include <QWidget>

class QComboBox;
class QLabel;

namespace ps {

class TransportActions;

class TransportBar : public QWidget {
    Q_OBJECT
  public:
    explicit TransportBar(QWidget* parent = nullptr);

    TransportActions* actions() const { return m_actions; }
    void showSnapshot(const SessionSnapshot& snapshot);

    QString timeText() const;
    QString stateText() const;
    StepUnit unit() const;
    double speed() const;
    void setSpeed(double speed);  // picks the nearest offered speed

    // The speeds offered (simulated seconds per second).
    static QList<double> speeds();

  signals:
    void runLiveRequested();
    void pauseRequested();
    void fastForwardRequested();
    void stopRequested();
    void stepRequested(ps::StepUnit unit);
    void stepBackRequested(ps::StepUnit unit);
    void speedChanged(double speed);

  private:
    void changeSpeedIndex(int delta);

    TransportActions* m_actions;
    QComboBox* m_unit;
    QComboBox* m_speed;
    QLabel* m_time;
    QLabel* m_state;
};

}  // namespace ps
