#include "widgets/TransportActions.h"

#include <QAction>
#include <QActionGroup>

namespace ps {

QString actionToolTip(const QAction* action) {
    QString text = action->text();
    text.remove(QLatin1Char('&'));
    const QKeySequence key = action->shortcut();
    return key.isEmpty()
               ? text
               : QStringLiteral("%1 (%2)").arg(text, key.toString(QKeySequence::NativeText));
}

QAction* TransportActions::make(const QString& text, const QKeySequence& shortcut,
                                const QString& help) {
    auto* a = new QAction(text, this);
    a->setShortcut(shortcut);
    a->setStatusTip(help);
    a->setToolTip(actionToolTip(a) + QStringLiteral(": ") + help);
    return a;
}

TransportActions::TransportActions(QObject* parent)
    : QObject(parent),
      m_runLive(make(tr("&Run live"), Qt::Key_F5, tr("simulated time follows the clock"))),
      m_pause(make(tr("&Pause"), Qt::Key_F6, tr("hold the simulation"))),
      m_fastForward(
          make(tr("&Fast-forward"), Qt::SHIFT | Qt::Key_F5, tr("run as fast as possible, silent"))),
      m_stop(make(tr("S&top"), Qt::SHIFT | Qt::Key_F6, tr("pause and go back to the start"))),
      m_step(make(tr("&Step"), Qt::Key_F10, tr("run until the next unit, then pause"))),
      m_stepBack(make(tr("Step &back"), Qt::SHIFT | Qt::Key_F10,
                      tr("go back one unit (replays the run to that event)"))),
      m_faster(make(tr("Fas&ter"), Qt::CTRL | Qt::Key_BracketRight, tr("double the live speed"))),
      m_slower(make(tr("S&lower"), Qt::CTRL | Qt::Key_BracketLeft, tr("halve the live speed"))),
      m_unitGroup(new QActionGroup(this)) {
    m_unitGroup->setExclusive(true);
    for (int i = 0; i < kStepUnitCount; ++i) {
        const StepUnit unit = static_cast<StepUnit>(i);
        QAction* a = make(
            tr("Step by %1").arg(QString::fromLatin1(stepUnitName(unit))),
            QKeySequence(Qt::ALT | (Qt::Key_1 + i)),
            tr("step and step back move by one %1").arg(QString::fromLatin1(stepUnitName(unit))));
        a->setCheckable(true);
        a->setChecked(i == 0);
        a->setData(i);
        m_unitGroup->addAction(a);
        m_units[i] = a;
        connect(a, &QAction::triggered, this, [this, unit] { setUnit(unit); });
    }
}

QList<QAction*> TransportActions::all() const {
    QList<QAction*> list{m_runLive, m_pause,    m_fastForward, m_stop,
                         m_step,    m_stepBack, m_faster,      m_slower};
    for (QAction* a : m_units) {
        list << a;
    }
    return list;
}

void TransportActions::setUnit(StepUnit unit) {
    m_units[static_cast<int>(unit)]->setChecked(true);
    if (unit != m_unit) {
        m_unit = unit;
        emit unitChanged(unit);
    }
}

}  // namespace ps
