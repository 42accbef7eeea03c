// The transport's QActions, with their keyboard shortcuts (shown in menus
// and in tooltips): run live, pause, fast-forward, stop, step, step back,
// faster, slower, and one checkable action per step unit. Owned by the
// TransportBar; the main window puts the same actions in its menus.
//
// Shortcuts: F5 run live, F6 pause, Shift+F5 fast-forward, Shift+F6 stop,
// F10 step, Shift+F10 step back, Ctrl+] faster, Ctrl+[ slower, Alt+1..Alt+5
// the step unit (event, DMA burst, descriptor, interrupt, DDI call).
#pragma once

#include "model/session/StepUnit.h"

#include <QObject>

#include <array>

class QAction;
class QActionGroup;

namespace ps {

class TransportActions : public QObject {
    Q_OBJECT
  public:
    explicit TransportActions(QObject* parent = nullptr);

    QAction* runLive() const { return m_runLive; }
    QAction* pause() const { return m_pause; }
    QAction* fastForward() const { return m_fastForward; }
    QAction* stop() const { return m_stop; }
    QAction* step() const { return m_step; }
    QAction* stepBack() const { return m_stepBack; }
    QAction* faster() const { return m_faster; }
    QAction* slower() const { return m_slower; }
    QAction* unitAction(StepUnit unit) const { return m_units[static_cast<int>(unit)]; }
    QList<QAction*> all() const;

    StepUnit unit() const { return m_unit; }
    void setUnit(StepUnit unit);

  signals:
    void unitChanged(ps::StepUnit unit);

  private:
    QAction* make(const QString& text, const QKeySequence& shortcut, const QString& help);

    QAction* m_runLive;
    QAction* m_pause;
    QAction* m_fastForward;
    QAction* m_stop;
    QAction* m_step;
    QAction* m_stepBack;
    QAction* m_faster;
    QAction* m_slower;
    std::array<QAction*, kStepUnitCount> m_units{};
    QActionGroup* m_unitGroup;
    StepUnit m_unit = StepUnit::Event;
};

// "Run live (F5)": the tooltip text of an action with its shortcut.
QString actionToolTip(const QAction* action);

}  // namespace ps
